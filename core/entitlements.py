"""Discord app purchases (SKUs → plans or credit packs): credited once per entitlement id."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from core import credits, ledger
from core.identity import Actor, ensure_user
from core.ledger import show
from core.models.base import row_id
from core.plans import PlanBook


@dataclass(frozen=True)
class Granted:
    """What an entitlement gave: the message for the buyer (None: already credited) and
    whether it is a consumable to consume on Discord now."""

    message: str | None
    consume: bool


def record_entitlement(
    session: Session, book: PlanBook, actor: Actor, entitlement_id: str, sku_id: str
) -> Granted:
    """Credit a pack or assign a plan for one entitlement, once per entitlement id (a repeated
    gateway event or interaction adds nothing). An unmapped SKU changes nothing."""
    sku = book.skus.get(sku_id)
    if sku is None:
        return Granted(None, False)
    user = ensure_user(session, actor)
    wallet = ledger.wallet_of(session, "user", row_id(user))
    pack = book.packs.get(sku.pack) if sku.pack else None
    booked = ledger.credit(
        session,
        wallet,
        "purchase",
        pack.credits if pack else 0,
        reference=f"discord-entitlement:{entitlement_id}",
        user_id=user.id,
        note=f"Discord SKU {sku_id} · " + (pack.name if pack else f"plan {sku.plan}"),
    )
    if pack is not None:
        if not booked:
            return Granted(None, True)  # credited before; consuming again is harmless
        available = ledger.balance_of(session, wallet).available
        return Granted(
            f"✅ {show(pack.credits)} credits added; you have {show(available)} available", True
        )
    if not booked or sku.plan is None:
        return Granted(None, False)  # a subscription seen before: an admin's later change stands
    credits.set_plan(session, book, "user", f"{actor.platform}:{actor.user_id}", sku.plan)
    return Granted(f"✅ your plan is now {book.get(sku.plan).name}", False)
