"""`lightbox run` as a real process: Telegram long polling, generation and delivery end to end."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from tests.telegram import fake_updates as tg
from tests.telegram.fake_api import TOKEN, FakeBotApi
from tests.telegram.helpers import ALICE, GROUP, texts
from tests.waiting import wait_until

REPO = Path(__file__).resolve().parents[2]


def until(condition: Callable[[], bool], proc: subprocess.Popen[str], timeout: float = 60) -> None:
    def settled() -> bool:
        assert proc.poll() is None, f"lightbox run exited early: {proc.communicate()}"
        return condition()

    wait_until(settled, "lightbox run to answer", timeout)


def test_run_serves_telegram_and_delivers_versions(db_url: str, tmp_path: Path) -> None:
    fake = FakeBotApi().start()
    fake.add_chat(GROUP, "group")
    env = {k: v for k, v in os.environ.items() if not k.startswith("LIGHTBOX_")}
    env.update(
        LIGHTBOX_DATABASE_URL=db_url,
        LIGHTBOX_DATA_DIR=str(tmp_path),
        LIGHTBOX_TELEGRAM_TOKEN=TOKEN,
        LIGHTBOX_TELEGRAM_BASE_URL=fake.url,
        PYTHONPATH=str(REPO),
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        fake.push_update(tg.message(fake, GROUP, ALICE, "/project new Team art"))
        until(lambda: any("Team art" in t for t in texts(fake)), proc)
        fake.push_update(tg.message(fake, GROUP, ALICE, "/imagine a paper boat --n 2"))
        until(lambda: len(fake.calls_of("sendPhoto")) == 2, proc)
        captions = sorted(call.params.get("caption", "") for call in fake.calls_of("sendPhoto"))
        assert captions[0].startswith("v1 of 2") or "v1 of 2" in captions[0]
        proc.send_signal(signal.SIGTERM)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == 0, err
        assert "serving telegram" in out
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
        fake.stop()
