"""The `lightbox` command line as a user runs it: help, migrate, doctor, run and bad settings."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def lightbox(
    *args: str, cwd: Path, stdin: str = "", **settings: str
) -> subprocess.CompletedProcess[str]:
    """`python -m bot ARGS` with only the given LIGHTBOX_* settings (no .env: cwd is empty)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIGHTBOX_")}
    env.update({f"LIGHTBOX_{k.upper()}": v for k, v in settings.items()})
    env.update(PYTHONPATH=str(REPO), PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=cwd,
        timeout=120,
    )


def marks(out: str) -> list[str]:
    return [line[0] for line in out.splitlines() if line[:1] in ("✓", "✗")]


def test_help_lists_every_command(tmp_path: Path) -> None:
    run = lightbox("--help", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    for command in ("console", "run", "worker", "migrate", "doctor"):
        assert command in run.stdout
    console_help = lightbox("console", "--help", cwd=tmp_path)
    assert console_help.returncode == 0 and "--user" in console_help.stdout
    missing = lightbox(cwd=tmp_path)
    assert missing.returncode == 2 and "required" in missing.stderr


def test_migrate_then_doctor_on_the_default_sqlite_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    before = lightbox("doctor", cwd=tmp_path, data_dir=str(data))
    assert before.returncode == 1, before.stdout
    database = next(line for line in before.stdout.splitlines() if "database" in line)
    assert database.startswith("✗") and "lightbox migrate" in database
    assert "1 problem(s) found" in before.stdout

    migrate = lightbox("migrate", cwd=tmp_path, data_dir=str(data))
    assert migrate.returncode == 0, migrate.stderr
    assert "database is up to date" in migrate.stdout
    assert (data / "lightbox.db").is_file()

    after = lightbox("doctor", cwd=tmp_path, data_dir=str(data))
    assert after.returncode == 0, after.stdout
    assert marks(after.stdout) == ["✓"] * 5
    for part in ("database", "redis", "storage", "chat tokens", "providers"):
        assert any(line.startswith(f"✓ {part}:") for line in after.stdout.splitlines()), part
    assert str((data / "lightbox.db").resolve()) in after.stdout
    assert after.stdout.rstrip().endswith("all good")


def test_doctor_on_each_database_and_an_unreachable_redis(db_url: str, tmp_path: Path) -> None:
    good = lightbox("doctor", cwd=tmp_path, data_dir=str(tmp_path), database_url=db_url)
    assert good.returncode == 0, good.stdout
    assert marks(good.stdout) == ["✓"] * 5
    dialect = "sqlite" if db_url.startswith("sqlite") else "postgresql"
    assert f"✓ database: {dialect}" in good.stdout

    again = lightbox("migrate", cwd=tmp_path, data_dir=str(tmp_path), database_url=db_url)
    assert again.returncode == 0 and "database is up to date" in again.stdout

    bad = lightbox(
        "doctor",
        cwd=tmp_path,
        data_dir=str(tmp_path),
        database_url=db_url,
        redis_url="redis://127.0.0.1:1/0",
    )
    assert bad.returncode == 1, bad.stdout
    failed = [line for line in bad.stdout.splitlines() if line.startswith("✗")]
    assert len(failed) == 1 and "redis" in failed[0] and "127.0.0.1:1" in failed[0]
    assert "1 problem(s) found" in bad.stdout


def test_run_without_tokens_says_no_adapter_is_configured(tmp_path: Path) -> None:
    run = lightbox("run", cwd=tmp_path, data_dir=str(tmp_path))
    assert run.returncode == 2
    assert "no chat adapter is configured" in run.stderr
    assert "LIGHTBOX_DISCORD_TOKEN" in run.stderr and "lightbox console" in run.stderr


def test_worker_without_redis_explains_the_embedded_default(tmp_path: Path) -> None:
    run = lightbox("worker", cwd=tmp_path, data_dir=str(tmp_path))
    assert run.returncode == 2
    assert "LIGHTBOX_REDIS_URL" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.parametrize(
    ("command", "setting", "value"),
    [
        ("doctor", "worker_threads", "0"),
        ("console", "worker_threads", "65"),
        ("console", "worker_threads", "four"),
        ("console", "database_url", "mysql://x"),
        ("migrate", "database_url", "mysql://x"),
        ("doctor", "redis_url", "http://127.0.0.1:6379"),
        ("console", "default_model", "dall-e-9"),
    ],
)
def test_an_invalid_setting_stops_the_start_naming_it(
    tmp_path: Path, command: str, setting: str, value: str
) -> None:
    run = lightbox(
        command,
        cwd=tmp_path,
        stdin="/project new Demo\n",
        data_dir=str(tmp_path),
        **{setting: value},
    )
    assert run.returncode == 2, run.stdout + run.stderr
    assert f"LIGHTBOX_{setting.upper()}" in run.stderr
    assert "Traceback" not in run.stderr
    assert "Lightbox console" not in run.stdout and "✓" not in run.stdout
    assert not (tmp_path / "lightbox.db").exists()


def test_console_with_an_unreachable_database_exits_with_a_message(tmp_path: Path) -> None:
    url = "postgresql://ann:secret@127.0.0.1:1/lightbox"
    run = lightbox(
        "console",
        cwd=tmp_path,
        stdin="/project new Demo\n",
        data_dir=str(tmp_path),
        database_url=url,
    )
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr
    assert "LIGHTBOX_DATABASE_URL" in run.stderr and "127.0.0.1:1" in run.stderr
    assert "secret" not in run.stderr


@pytest.mark.parametrize(
    ("setting", "value", "words"),
    [
        ("job_stale_seconds", "-1", "from 0.1 to 86400"),
        ("job_max_retries", "-1", "from 0 to 100"),
        ("max_upload_mb", "-5", "from 0.01 to 1024"),
        ("max_upload_mb", "nan", "megabytes"),
        ("database_url", "postgresql://ann:secret@127.0.0.1:abc/lightbox", "port"),
        ("database_url", "postgresql://", "must name the host and the database"),
        (
            "database_url",
            "postgresql://ann:secret@127.0.0.1",
            "must name the host and the database",
        ),
        ("redis_url", "redis://:secret@127.0.0.1:x/0", "port"),
    ],
)
def test_a_setting_out_of_range_or_malformed_is_named_without_a_traceback(
    tmp_path: Path, setting: str, value: str, words: str
) -> None:
    run = lightbox(
        "console",
        cwd=tmp_path,
        stdin="/project new Demo\n",
        data_dir=str(tmp_path / "d"),
        **{setting: value},
    )
    assert run.returncode == 2, run.stdout + run.stderr
    assert f"LIGHTBOX_{setting.upper()}" in run.stderr and words in run.stderr, run.stderr
    assert "Traceback" not in run.stderr and "secret" not in run.stderr
    assert not (tmp_path / "d").exists()


def test_files_in_the_wrong_place_stop_the_start_with_a_message(tmp_path: Path) -> None:
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("x")
    models = tmp_path / "models.toml"
    models.write_bytes(b"\xff\xfe[[models]]\n")
    cases = [
        ({"storage_dir": str(a_file)}, "LIGHTBOX_STORAGE_DIR", "is a file, not a folder"),
        ({"data_dir": str(a_file)}, "LIGHTBOX_DATA_DIR", "is a file, not a folder"),
        ({"models_file": str(models)}, "LIGHTBOX_MODELS_FILE", "not UTF-8"),
    ]
    for settings, name, words in cases:
        settings.setdefault("data_dir", str(tmp_path / "d"))
        for command in ("console", "migrate", "doctor"):
            run = lightbox(command, cwd=tmp_path, stdin="/project new Demo\n", **settings)
            assert run.returncode in (1, 2), (command, run.stdout, run.stderr)
            assert "Traceback" not in run.stderr, (command, run.stderr)
            assert words in run.stdout + run.stderr, (command, run.stdout, run.stderr)
            if command != "doctor":
                assert name in run.stderr


def test_console_with_redis_down_fails_in_seconds_and_masks_its_password(tmp_path: Path) -> None:
    started = time.monotonic()
    run = lightbox(
        "console",
        cwd=tmp_path,
        stdin="/project new Demo\n/imagine a fox\n",
        data_dir=str(tmp_path),
        redis_url="redis://:hunter2@127.0.0.1:1/0",
    )
    assert time.monotonic() - started < 15
    assert run.returncode == 2, run.stdout + run.stderr
    assert "LIGHTBOX_REDIS_URL" in run.stderr and "does not answer" in run.stderr
    assert "hunter2" not in run.stderr and "Traceback" not in run.stderr


def test_doctor_masks_every_password_it_prints(tmp_path: Path) -> None:
    lightbox("migrate", cwd=tmp_path, data_dir=str(tmp_path))
    for redis_url in ("redis://:hunter2@127.0.0.1:6379/15", "redis://:hunter2@127.0.0.1:1/0"):
        run = lightbox("doctor", cwd=tmp_path, data_dir=str(tmp_path), redis_url=redis_url)
        assert "hunter2" not in run.stdout + run.stderr
        assert "redis://:***@127.0.0.1" in run.stdout
    pg = "postgresql://ann:hunter2@127.0.0.1:1/lightbox"
    run = lightbox("doctor", cwd=tmp_path, data_dir=str(tmp_path), database_url=pg)
    assert run.returncode == 1 and "hunter2" not in run.stdout + run.stderr
