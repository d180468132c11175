"""One person, one balance: what the accounts linked into a person (/link) have available moves
to the person's wallet, at the link and again whenever the person's wallet is used (a hold of
the old account that is released later is swept then). Nothing is counted twice: each move is
a pair of entries written under both wallets' locks."""

from __future__ import annotations

from sqlmodel import Session, and_, col, or_, select

from core import ledger
from core.models import AccountLink, User, Wallet
from core.models.base import row_id


def linked_accounts(session: Session, person: User) -> list[User]:
    """The other platforms' user rows that now act as `person`."""
    links = session.exec(select(AccountLink).where(AccountLink.user_id == person.id)).all()
    if not links:
        return []
    keys = [
        and_(
            col(User.platform) == link.platform, col(User.platform_user_id) == link.platform_user_id
        )
        for link in links
    ]
    found = session.exec(select(User).where(or_(*keys))).all()
    return [user for user in found if user.id != person.id]


def sweep(session: Session, person: User) -> int:
    """Move every linked account's available credits to the person's wallet; the amount moved."""
    olds = linked_accounts(session, person)
    if not olds:
        return 0
    target = ledger.wallet_of(session, "user", row_id(person))
    moved = 0
    for old in olds:
        wallet = session.exec(
            select(Wallet).where(Wallet.owner_kind == "user", Wallet.owner_id == old.id)
        ).first()
        if wallet is None:
            continue
        for locked in sorted((wallet, target), key=lambda w: row_id(w)):
            ledger.lock(session, locked)  # in id order: two sweeps never wait on each other
        available = ledger.balance_of(session, wallet).available
        if available <= 0:
            continue
        note = f"linked account {old.platform}:{old.platform_user_id}"
        ledger.transfer(session, wallet, target, available, user_id=row_id(person), note=note)
        moved += available
    return moved
