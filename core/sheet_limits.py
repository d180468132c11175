"""What a chat platform accepts as a photo: bytes, width + height and aspect ratio."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SheetLimits:
    """A platform's photo limits (None: no such limit)."""

    name: str
    max_bytes: int
    max_side_sum: int | None = None
    max_ratio: float | None = None

    def fits(self, width: int, height: int) -> bool:
        """Whether an image of this size may be sent (a height of 0 checks the width alone)."""
        if self.max_side_sum is not None and width + height > self.max_side_sum:
            return False
        if self.max_ratio is not None and height and width:
            if max(width, height) / min(width, height) > self.max_ratio:
                return False
        return True

    def allows(self, width: int, height: int, size_bytes: int) -> bool:
        return size_bytes <= self.max_bytes and self.fits(width, height)


TELEGRAM = SheetLimits("telegram", max_bytes=10_000_000, max_side_sum=10_000, max_ratio=20)
"""sendPhoto: at most 10 MB, width + height at most 10000, ratio at most 20 (Bot API)."""
DISCORD = SheetLimits("discord", max_bytes=10 * 1024 * 1024)
"""A bot's attachment: 10 MiB per file by default (unboosted guilds, since January 2025)."""
ANY_CHAT = SheetLimits(
    "any", max_bytes=min(TELEGRAM.max_bytes, DISCORD.max_bytes), max_side_sum=10_000, max_ratio=20
)
"""Within every platform's limits at once: one sheet serves console, Discord and Telegram."""
PLATFORMS = {"telegram": TELEGRAM, "discord": DISCORD}
