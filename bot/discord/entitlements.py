"""Discord app purchases: an entitlement (gateway event or on an interaction) goes to core."""

from __future__ import annotations

import asyncio
import logging

import discord

from core.identity import Actor
from core.studio import Studio

log = logging.getLogger(__name__)


async def on_entitlement(studio: Studio, entitlement: discord.Entitlement) -> None:
    """Credit it once (core decides by entitlement id), then consume a consumable pack."""
    if entitlement.user_id is None or entitlement.deleted:
        return  # a guild subscription or a revoked test entitlement grants nobody credits
    actor = Actor("discord", str(entitlement.user_id))
    granted = await asyncio.to_thread(
        studio.entitled, actor, str(entitlement.id), str(entitlement.sku_id)
    )
    if granted.message:
        log.info("entitlement %s of user %s: %s", entitlement.id, actor.user_id, granted.message)
    if granted.consume and not entitlement.consumed:
        await entitlement.consume()


async def on_interaction_entitlements(studio: Studio, interaction: discord.Interaction) -> None:
    """The entitlements an interaction carries (a purchase whose gateway event was missed)."""
    for entitlement in interaction.entitlements:
        await on_entitlement(studio, entitlement)
