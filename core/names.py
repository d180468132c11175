"""Validation of the short names users give to projects, cards, directions and refs."""

from core.errors import BadInput


def clean_name(text: str, *, what: str, max_length: int) -> str:
    """A stripped single-line name, or BadInput naming `what` and the allowed length."""
    name = " ".join((text or "").split())
    if not name:
        raise BadInput(f"the {what} name is empty; give 1 to {max_length} characters")
    if len(name) > max_length:
        raise BadInput(
            f"the {what} name is {len(name)} characters long; at most {max_length} are allowed"
        )
    if any(ord(ch) < 32 for ch in name):
        raise BadInput(f"the {what} name contains control characters; use plain text")
    return name
