"""The console chat loop: reads lines from a terminal or a script, prints replies and deliveries."""

from __future__ import annotations

import getpass
import logging
import shlex
import threading
from pathlib import Path
from typing import TextIO

from bot.console.render import outcome_text
from bot.router import CommandRouter
from core.errors import BadInput, LightboxError
from core.identity import Actor, Place
from workers.runtime import Runtime

PLACE = Place(platform="console", chat_id="console", private=True)
log = logging.getLogger(__name__)


class ConsoleChat:
    """One person at a terminal. In script mode each command waits for the jobs it started."""

    def __init__(
        self,
        runtime: Runtime,
        out: TextIO,
        lock: threading.Lock,
        *,
        wait_each: bool,
        user: str | None = None,
    ):
        self.runtime = runtime
        self.router = CommandRouter(runtime.studio)
        self.out = out
        self.lock = lock
        self.wait_each = wait_each
        name = user or getpass.getuser() or "you"
        self.actor = Actor(platform="console", user_id=name, name=name)

    def say(self, text: str) -> None:
        with self.lock:
            self.out.write(text + "\n")
            self.out.flush()

    def run(self, lines: TextIO, prompt: bool = False) -> int:
        """Handle every line until end of input; returns the number of errors shown."""
        self.say("Lightbox console — /help lists commands; end of input quits.")
        errors = 0
        while True:
            if prompt:
                self.say("›")
            line = lines.readline()
            if not line:
                break
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line == "/wait":
                self.wait()
                continue
            if line in ("/quit", "/exit"):
                break
            errors += not self.handle(line)
        self.wait()
        return errors

    def handle(self, line: str) -> bool:
        try:
            text, attachment = self._attachment(line)
            outcome = self.router.handle(self.actor, PLACE, text, attachment)
        except LightboxError as exc:
            self.say(f"⚠️  {exc}")
            return False
        except Exception as exc:  # one failing command must not end the whole session
            log.exception("command failed: %s", line)
            self.say(f"⚠️  internal error ({type(exc).__name__}); the command was not completed")
            return False
        self.say(outcome_text(outcome, self.runtime.storage.locate))
        if self.wait_each and outcome.job_ids:
            self.wait()
        return True

    def wait(self) -> None:
        if not self.runtime.wait_idle(platforms=["console"]):
            self.say("⚠️  some jobs are still running; see /queue")

    def _attachment(self, line: str) -> tuple[str, bytes | None]:
        """The console names files by path: `/upload PATH`, `/ref add NAME PATH` and an edit's
        mask as the last word of `/edit … PATH`."""
        lower = line.lower()
        if lower.startswith("/edit") and line.split()[-1:] and Path(line.split()[-1]).is_file():
            words = line.split()  # `/edit inpaint mask a red door PATH`: the mask image
            return " ".join(words[:-1]), Path(words[-1]).read_bytes()
        if not (lower.startswith("/upload") or lower.startswith("/ref add")):
            return line, None
        try:
            words = shlex.split(line)
        except ValueError as exc:
            raise BadInput(f"could not read the command: {exc}") from None
        if len(words) < (2 if lower.startswith("/upload") else 4):
            return line, None
        path = Path(words[-1]).expanduser()
        if not path.is_file():
            raise BadInput(f"no file at {path}; give the path of a PNG, JPEG, WebP or GIF image")
        text = " ".join(words[:-1])
        return text, path.read_bytes()
