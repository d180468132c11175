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


MAX_ID = 2**31 - 1


def parse_number(text: str, *, what: str) -> int:
    """A positive whole number that fits an id column, or BadInput naming `what`."""
    key = text.strip()
    if not key.isdigit() or not 1 <= int(key) <= MAX_ID:
        raise BadInput(f'"{key}" is not a valid {what}; use a whole number from 1 to {MAX_ID}')
    return int(key)
