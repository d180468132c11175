"""`lightbox credits grant|revoke|refund|statement` and `lightbox plan set` for admins."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the database side loads when a credits command runs: `lightbox` starts fast
    from core.db import Database
    from core.settings import Settings


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The admin's credit and plan commands on the `lightbox` parser."""
    wallet_help = "project:<id> or <platform>:<user id>, e.g. telegram:12345"
    credit = sub.add_parser("credits", help="grant, revoke or list a wallet's credits")
    actions = credit.add_subparsers(dest="action", required=True)
    for name, text in (("grant", "add credits"), ("revoke", "take credits back")):
        one = actions.add_parser(name, help=text)
        one.add_argument("wallet", help=wallet_help)
        one.add_argument("amount", help="a number of credits, e.g. 100 or 2.5")
        one.add_argument("--note", default="", help="why (shown in the statement)")
    refund = actions.add_parser(
        "refund", help="refund a Telegram Stars purchase and take its credits back"
    )
    refund.add_argument("charge", help="the telegram_payment_charge_id of the purchase")
    statement = actions.add_parser("statement", help="balance, holds and the latest entries")
    statement.add_argument("wallet", help=wallet_help)
    statement.add_argument("--limit", type=int, default=20)
    plan = sub.add_parser("plan", help="assign a plan to a user, project or Telegram chat")
    plan_actions = plan.add_subparsers(dest="action", required=True)
    assign = plan_actions.add_parser("set", help="assign a plan from the plans file")
    assign.add_argument(
        "scope", help="who the plan is for: user, project, telegram_chat or discord_role"
    )
    assign.add_argument("subject", help="telegram:12345, a project id, a chat id or a role id")
    assign.add_argument("plan", help="a plan id from LIGHTBOX_PLANS_FILE")


def run(settings: Settings, args: argparse.Namespace) -> int:
    """Run one admin command against the configured database; prints what changed."""
    from core import credits
    from core.db import Database
    from core.plans import plans_for

    db = Database.from_url(settings.resolved_database_url)
    try:
        if args.command == "credits" and args.action == "refund":
            print(refund_stars(settings, db, args.charge))
            return 0
        with db.session() as session:
            if args.command == "plan":
                book = plans_for(settings.plans_file)
                print(credits.set_plan(session, book, args.scope, args.subject, args.plan))
            elif args.action in ("grant", "revoke"):
                print(credits.grant(session, args.wallet, args.amount, args.note, args.action))
            else:
                kind, owner_id = credits.find_owner(session, args.wallet)
                found = credits.statement(session, kind, owner_id, args.limit)
                figures = found.balance
                print(
                    f"{args.wallet}: balance {credits.show(figures.balance)}, "
                    f"held {credits.show(figures.held)}, "
                    f"available {credits.show(figures.available)}"
                )
                for line in found.lines():
                    print(f"  {line}")
    finally:
        db.dispose()
    return 0


def refund_stars(settings: Settings, db: Database, charge_id: str) -> str:
    """Check the purchase, refund the Stars at Telegram, then take its credits back once."""
    from bot.telegram.refunds import refund_star_payment
    from core import payments
    from core.errors import LightboxError
    from core.ledger import show

    token = settings.telegram_token or settings.telegram.token
    if not token:
        raise LightboxError("LIGHTBOX_TELEGRAM_TOKEN is not set; the refund needs the bot token")
    with db.session() as session:
        planned = payments.plan_refund(session, "telegram", charge_id)
    note = refund_star_payment(
        token, settings.telegram.base_url, int(planned.platform_user_id), charge_id
    )
    with db.session() as session:
        payments.book_refund(session, "telegram", planned)
    done = f"refunded charge {charge_id}: {show(planned.credits)} credits taken back"
    return done + (f" ({note})" if note else "")
