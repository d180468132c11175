"""Errors core raises for users, and the four kinds of remote failure (sinks and providers)."""


class LightboxError(Exception):
    """A problem the user can act on; its message is shown to them as is."""


class BadInput(LightboxError):
    """The user's input is not acceptable; nothing was changed."""


class NotFound(LightboxError):
    """The thing the user named does not exist (or is not visible to them)."""


class Forbidden(LightboxError):
    """The acting user's role does not allow this action."""


class RemoteError(Exception):
    """A platform or provider refused or failed; the subclass says what to do about it.

    Every sink and provider error is one of: `Permanent` (give up, tell the user once, record
    why) with its kind `LostAccess` (the bot may no longer post in the chat: tell the owner
    once), `RetryLater` (with the server's delay), `Gone` (the thing no longer exists: done) or
    `Moved` (re-key to `new_target` and retry). Callers catch by type, never by attribute.
    """


class Permanent(RemoteError):
    """Retrying cannot help (refused input, lost access, quota exhausted)."""


class LostAccess(Permanent):
    """The bot may no longer post in the chat: kicked, blocked by the user, missing access or
    permissions, the channel deleted. Never retried; the project's owner is told once per chat
    and `reason` (a short stable name such as "kicked" or "missing access")."""

    def __init__(self, message: str, reason: str = "lost access"):
        super().__init__(message)
        self.reason = reason


class RetryLater(RemoteError):
    """Try again after `delay` seconds (the server's own delay when it gave one)."""

    def __init__(self, message: str, delay: float | None = None):
        super().__init__(message)
        self.delay = delay


class Busy(RetryLater):
    """Every slot of a self-hosted backend is taken: nothing was sent; try again after `delay`.

    Waiting for a slot is not a failure, so it does not use up one of the job's retries.
    """


class Gone(RemoteError):
    """The remote thing (message, topic, thread) no longer exists: treat the work as done."""


class Moved(RemoteError):
    """The remote place has a new id (a group became a supergroup): re-key and retry."""

    def __init__(self, message: str, new_target: str):
        super().__init__(message)
        self.new_target = new_target
