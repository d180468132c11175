"""Errors that core raises to tell a user what went wrong and what is allowed."""


class LightboxError(Exception):
    """A problem the user can act on; its message is shown to them as is."""


class BadInput(LightboxError):
    """The user's input is not acceptable; nothing was changed."""


class NotFound(LightboxError):
    """The thing the user named does not exist (or is not visible to them)."""


class Forbidden(LightboxError):
    """The acting user's role does not allow this action."""


class ProviderError(Exception):
    """An image provider failed; `transient` tells whether a retry may help."""

    def __init__(self, message: str, *, transient: bool, retry_after: float | None = None):
        super().__init__(message)
        self.transient = transient
        self.retry_after = retry_after
