"""Buying credit packs in chat: the order, its pre-checkout test, crediting once, refunds."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from core import ledger
from core.errors import BadInput, NotFound
from core.identity import Actor, ensure_user
from core.ledger import show
from core.models import LedgerEntry, User, Wallet
from core.models.base import row_id
from core.plans import Pack, PlanBook

STARS = "XTR"
PREFIX = "lightbox"


@dataclass(frozen=True)
class Order:
    """What the platform's invoice shows and sends back: the pack, its price and a payload."""

    pack: Pack
    payload: str
    title: str
    description: str


def order_for(book: PlanBook, actor: Actor, pack_id: str) -> Order:
    """The invoice for one pack, bound to the buyer (the payload names pack and person)."""
    if not book.packs:
        raise BadInput("the admin has not set up credit packs; ask them for credits instead")
    pack = book.packs.get(pack_id.strip().lower())
    if pack is None:
        raise BadInput(f'unknown pack "{pack_id}"; packs: {offer_list(book)}')
    return Order(
        pack=pack,
        payload=f"{PREFIX}:{pack.id}:{actor.platform}:{actor.user_id}",
        title=pack.name[:32],
        description=f"{show(pack.credits)} Lightbox credits for generating images"[:255],
    )


def offer_list(book: PlanBook) -> str:
    """The packs as "small (100 credits for 50 ⭐)", for a /buy answer."""
    return ", ".join(
        f"{p.id} ({show(p.credits)} credits for {p.stars} ⭐)" for p in book.packs.values()
    )


def check_order(
    book: PlanBook, actor: Actor, payload: str, currency: str, total: int
) -> str | None:
    """None when the order may be paid; otherwise why not (shown to the buyer by Telegram)."""
    parts = payload.split(":")
    if len(parts) != 4 or parts[0] != PREFIX:
        return "this invoice is not a Lightbox order"
    _, pack_id, platform, user_id = parts
    pack = book.packs.get(pack_id)
    if pack is None:
        return "this pack is no longer sold; send /buy for the current packs"
    if (platform, user_id) != (actor.platform, actor.user_id):
        return "this invoice was made for another person; send /buy to get your own"
    if currency != STARS or total != pack.stars:
        return f"the price of {pack.name} is now {pack.stars} ⭐; send /buy for a new invoice"
    return None


def record_purchase(
    session: Session,
    book: PlanBook,
    actor: Actor,
    *,
    payload: str,
    currency: str,
    total: int,
    charge_id: str,
) -> str | None:
    """Credit a successful payment once per charge id; the message, or None for a repeat."""
    problem = check_order(book, actor, payload, currency, total)
    pack = book.packs.get(payload.split(":")[1]) if problem is None else None
    user = ensure_user(session, actor)
    wallet = ledger.wallet_of(session, "user", row_id(user))
    credits = pack.credits if pack is not None else 0
    # A paid order whose pack changed since is still honoured at what was paid: kept as a
    # purchase of 0 credits with the reason, for an admin to settle (never silently dropped).
    note = f"{total} {currency} · " + (pack.name if pack else f"unmatched order: {problem}")
    if not ledger.credit(
        session,
        wallet,
        "purchase",
        credits,
        reference=f"{actor.platform}:{charge_id}",
        user_id=user.id,
        note=note[:200],
    ):
        return None
    if pack is None:
        return f"payment received, but {problem}; an admin will settle it (charge {charge_id})"
    available = ledger.balance_of(session, wallet).available
    return f"✅ {show(credits)} credits added; you have {show(available)} available"


@dataclass(frozen=True)
class Refund:
    """A refunded purchase: who paid (platform user id), the charge, the credits taken back."""

    platform_user_id: str
    charge_id: str
    credits: int


def plan_refund(session: Session, platform: str, charge_id: str) -> Refund:
    """Check a purchase can be refunded: it exists, is not refunded, its credits are unspent."""
    reference = f"{platform}:{charge_id}"
    purchase = session.exec(
        select(LedgerEntry).where(
            LedgerEntry.kind == "purchase", LedgerEntry.reference == reference
        )
    ).first()
    if purchase is None:
        raise NotFound(f"no purchase with charge id {charge_id} on {platform}")
    wallet = session.get(Wallet, purchase.wallet_id)
    user = session.get(User, wallet.owner_id) if wallet else None
    if wallet is None or user is None:
        raise NotFound(f"the wallet of charge {charge_id} is gone")
    refunded = session.exec(
        select(LedgerEntry).where(
            LedgerEntry.wallet_id == wallet.id,
            LedgerEntry.kind == "refund",
            LedgerEntry.reference == reference,
        )
    ).first()
    if refunded is not None:
        raise BadInput(f"charge {charge_id} was refunded already")
    ledger.lock(session, wallet)
    available = ledger.balance_of(session, wallet).available
    if available < purchase.amount:
        raise BadInput(
            f"charge {charge_id} bought {show(purchase.amount)} credits but only "
            f"{show(available)} are unspent; grant or revoke by hand instead"
        )
    return Refund(user.platform_user_id, charge_id, purchase.amount)


def book_refund(session: Session, platform: str, refund: Refund) -> None:
    """Take the refunded credits back (once per charge id)."""
    reference = f"{platform}:{refund.charge_id}"
    purchase = session.exec(
        select(LedgerEntry).where(
            LedgerEntry.kind == "purchase", LedgerEntry.reference == reference
        )
    ).one()
    wallet = session.get(Wallet, purchase.wallet_id)
    assert wallet is not None
    ledger.credit(
        session,
        wallet,
        "refund",
        -refund.credits,
        reference=reference,
        note=f"refund of {refund.charge_id}",
    )
