"""Real `lightbox run` and `lightbox worker` processes, each on its own data dir; reaped."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from PIL import Image, UnidentifiedImageError

from tests.waiting import wait_until

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Member:
    """One process of the fleet: its name, its own data dir and its log."""

    name: str
    proc: subprocess.Popen[bytes]
    data_dir: Path
    log_path: Path
    log: IO[bytes]

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")


class Fleet:
    """Starts Lightbox processes sharing only the database, Redis and the bucket (`env`)."""

    def __init__(self, env: dict[str, str], root: Path):
        self.env = env
        self.root = root
        self.members: list[Member] = []

    def start(self, name: str, command: list[str]) -> Member:
        data_dir = self.root / name / "data"
        data_dir.mkdir(parents=True)  # empty: nothing of anyone else's is on it
        env = {k: v for k, v in os.environ.items() if not k.startswith("LIGHTBOX_")}
        env.update(self.env, LIGHTBOX_DATA_DIR=str(data_dir), PYTHONPATH=str(ROOT))
        log_path = self.root / name / "output.log"
        log = open(log_path, "wb")  # noqa: SIM115 - closed in stop_all
        proc = subprocess.Popen(
            [sys.executable, "-m", "bot", *command],
            cwd=data_dir,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        member = Member(name, proc, data_dir, log_path, log)
        self.members.append(member)
        return member

    def wait_ready(self, member: Member, ready: str) -> None:
        wait_until(
            lambda: ready in member.output() or member.proc.poll() is not None,
            f"{member.name} to start",
            timeout=90,
        )
        assert member.proc.poll() is None, member.output()

    def watch(
        self,
        condition: Callable[[], object],
        what: str,
        timeout: float,
        state: Callable[[], str] = str,
    ) -> None:
        """`wait_until`, failing with `state()` and every member's output."""
        try:
            wait_until(condition, what, timeout=timeout)
        except AssertionError as exc:
            raise AssertionError(f"{exc}\n{state()}\n{self.output()}") from None

    def alive(self) -> None:
        """Every member not deliberately killed is still running."""
        for member in self.members:
            if member.proc.returncode is None:
                assert member.proc.poll() is None, f"{member.name} died:\n{member.output()}"

    def output(self) -> str:
        return "\n".join(f"--- {m.name}\n{m.output()[-3000:]}" for m in self.members)

    def images_on_disk(self) -> list[Path]:
        """Image files in any member's own data dir (with object storage: none)."""
        found = []
        for member in self.members:
            for path in member.data_dir.rglob("*"):
                if path.is_file() and _is_image(path):
                    found.append(path)
        return found

    def stop_all(self) -> None:
        for member in self.members:
            if member.proc.poll() is None:
                member.proc.kill()
        for member in self.members:
            member.proc.wait()
            member.log.close()


def _is_image(path: Path) -> bool:
    try:
        with Image.open(path):
            return True
    except (UnidentifiedImageError, OSError):
        return False


@contextmanager
def fleet(env: dict[str, str], root: Path) -> Iterator[Fleet]:
    running = Fleet(env, root)
    try:
        yield running
    finally:
        running.stop_all()
