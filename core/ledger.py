"""The credit ledger: wallets, balances derived from entries, holds settled exactly once per job."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, func, select

from core.errors import BadInput
from core.models import LedgerEntry, Wallet
from core.models.base import row_id, utcnow

MILLI = 1000
"""Entries count thousandths of a credit, so sums are exact."""
CREDIT_KINDS = ("grant", "purchase", "allowance", "refund", "adjustment")
KINDS = (*CREDIT_KINDS, "hold", "charge", "release", "transfer")
HOW_TO_GET_MORE = (
    "ask an admin for credits (lightbox credits grant) or buy some with /buy on Telegram"
)


def to_milli(credits: float) -> int:
    """Credits as the ledger's whole thousandths."""
    return round(credits * MILLI)


def show(milli: int) -> str:
    """Thousandths of a credit as a short number of credits ("4", "0.5")."""
    return f"{milli / MILLI:g}"


class InsufficientCredits(BadInput):
    """The wallet cannot pay for what was asked; nothing was queued."""


@dataclass(frozen=True)
class Balance:
    """A wallet's credits: the balance, what queued generations hold, and what is left."""

    balance: int
    held: int

    @property
    def available(self) -> int:
        return self.balance - self.held


def _added(session: Session, model: type[LedgerEntry] | type[Wallet], **values: object) -> bool:
    """INSERT unless a row with the same unique key exists (ON CONFLICT DO NOTHING)."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    added = session.execute(
        insert(model).values(**values).on_conflict_do_nothing().returning(col(model.id))
    ).first()
    return added is not None


def wallet_of(session: Session, owner_kind: str, owner_id: int) -> Wallet:
    """The wallet of a user or project, created on first use (two racing creators get one)."""
    found = select(Wallet).where(Wallet.owner_kind == owner_kind, Wallet.owner_id == owner_id)
    wallet = session.exec(found).first()
    if wallet is None:
        now = utcnow()
        _added(
            session,
            Wallet,
            owner_kind=owner_kind,
            owner_id=owner_id,
            created_at=now,
            touched_at=now,
        )
        wallet = session.exec(found).one()
    return wallet


def lock(session: Session, wallet: Wallet) -> None:
    """Hold the wallet's row lock until the transaction ends, so spenders queue one by one.

    PostgreSQL: SELECT … FOR NO KEY UPDATE — it excludes other spenders but not the key-share
    lock a finishing job's ledger row takes through its foreign key, so a worker settling a
    charge never deadlocks with a request that holds the card. SQLite: the UPDATE takes the
    database's write lock, which serialises every other writer until this transaction commits.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(
            select(Wallet.id).where(Wallet.id == wallet.id).with_for_update(key_share=True)
        )
    else:
        session.execute(
            update(Wallet).where(col(Wallet.id) == wallet.id).values(touched_at=utcnow())
        )


def balance_of(session: Session, wallet: Wallet) -> Balance:
    """The balance and the held credits, summed from the wallet's entries."""
    total, held = session.exec(
        select(
            func.coalesce(func.sum(LedgerEntry.amount), 0),
            func.coalesce(func.sum(LedgerEntry.held), 0),
        ).where(LedgerEntry.wallet_id == wallet.id)
    ).one()
    return Balance(balance=int(total), held=int(held))


def credit(
    session: Session,
    wallet: Wallet,
    kind: str,
    amount: int,
    *,
    reference: str | None = None,
    user_id: int | None = None,
    note: str = "",
) -> bool:
    """Add a grant, purchase, allowance, refund or adjustment; False when `reference` was
    already booked for this wallet and kind (a repeated payment update, a second allowance)."""
    if kind not in CREDIT_KINDS:
        raise ValueError(f"{kind} is not one of {CREDIT_KINDS}")
    return _added(
        session,
        LedgerEntry,
        wallet_id=row_id(wallet),
        kind=kind,
        amount=amount,
        held=0,
        reference=reference,
        user_id=user_id,
        note=note[:200],
        created_at=utcnow(),
    )


def hold(
    session: Session, wallet: Wallet, job_id: int, price: int, *, user_id: int, note: str = ""
) -> None:
    """Reserve `price` for a queued job. The caller has locked the wallet and checked that the
    credits are available (see `require`)."""
    _added(
        session,
        LedgerEntry,
        wallet_id=row_id(wallet),
        kind="hold",
        amount=0,
        held=price,
        job_id=job_id,
        stage="hold",
        user_id=user_id,
        note=note[:200],
        created_at=utcnow(),
    )


def require(session: Session, wallet: Wallet, price: int, what: str) -> Balance:
    """Lock the wallet and check it can pay `price`; InsufficientCredits names price and balance."""
    lock(session, wallet)
    balance = balance_of(session, wallet)
    if balance.available < price:
        held = f" ({show(balance.held)} held by queued generations)" if balance.held else ""
        raise InsufficientCredits(
            f"not enough credits: {what} costs {show(price)}, the {wallet.owner_kind} wallet has "
            f"{show(balance.available)} available{held}; {HOW_TO_GET_MORE}. Nothing was queued"
        )
    return balance


def settle(session: Session, job_id: int, succeeded: bool) -> str | None:
    """Charge a finished job's hold (success) or release it (failure, cancel); exactly once.

    Returns "charge" or "release" when this call settled it, None when the job held nothing
    (a free model) or was settled already: the unique (job_id, stage) makes repeats no-ops.
    """
    held = session.exec(
        select(LedgerEntry).where(LedgerEntry.job_id == job_id, LedgerEntry.stage == "hold")
    ).first()
    if held is None:
        return None
    kind = "charge" if succeeded else "release"
    added = _added(
        session,
        LedgerEntry,
        wallet_id=held.wallet_id,
        kind=kind,
        amount=-held.held if succeeded else 0,
        held=-held.held,
        job_id=job_id,
        stage="settle",
        user_id=held.user_id,
        note=held.note,
        created_at=utcnow(),
    )
    return kind if added else None


def transfer(
    session: Session, source: Wallet, target: Wallet, amount: int, *, user_id: int, note: str
) -> None:
    """Move `amount` from `source` to `target`: two entries in one transaction, so the sum over
    both wallets never changes. The caller has locked both and checked what is available."""
    for wallet, signed in ((source, -amount), (target, amount)):
        _added(
            session,
            LedgerEntry,
            wallet_id=row_id(wallet),
            kind="transfer",
            amount=signed,
            held=0,
            user_id=user_id,
            note=note[:200],
            created_at=utcnow(),
        )
