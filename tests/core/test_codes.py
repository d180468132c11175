"""One project on both platforms: invite codes bind a Telegram group to a Discord project, link
codes make two accounts one person; codes expire and work once (checked in core)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from bot.router import CommandRouter
from core.errors import BadInput, Forbidden
from core.identity import Actor, Place
from core.models import AccessCode, Membership, User, Version
from core.models.base import utcnow
from workers.runtime import Runtime

DANA = Actor("discord", "501", "Dana")
TOM = Actor("telegram", "1001", "Tom")
UMA = Actor("telegram", "1002", "Uma")
DANA_ON_TELEGRAM = Actor("telegram", "1003", "Dana T")
CHANNEL = Place("discord", "700")
GROUP = Place("telegram", "-200")
OTHER_GROUP = Place("telegram", "-300")


def code_in(text: str) -> str:
    return text.split(" code ", 1)[1].split()[0].rstrip(":")


def test_invite_binds_a_telegram_group_and_a_link_makes_one_person(runtime: Runtime) -> None:
    router = CommandRouter(runtime.studio)

    def say(actor: Actor, place: Place, text: str):  # noqa: ANN202
        outcome = router.handle(actor, place, text)
        if outcome.job_ids:
            assert runtime.wait_idle(platforms=["console"], timeout=60)
        return outcome

    say(DANA, CHANNEL, "/project new Harbour Tales")
    with pytest.raises(Forbidden, match="at least owner"):
        say(TOM, CHANNEL, "/project invite")  # Tom joined as an editor: owners invite
    invite = code_in(say(DANA, CHANNEL, "/project invite editor").text)
    joined = say(TOM, GROUP, f"/project join {invite.lower()}")
    assert 'works in project "Harbour Tales"' in joined.text
    with pytest.raises(Forbidden, match="already used"):
        say(UMA, OTHER_GROUP, f"/project join {invite}")
    made = say(TOM, GROUP, "/imagine a lighthouse made on Telegram")
    assert made.card is not None
    feed = say(DANA, CHANNEL, "/feed")
    assert feed.items == [f"1. #{made.card.card_id} v1 a lighthouse made on Telegram"]

    viewer_invite = code_in(say(DANA, CHANNEL, "/project invite viewer").text)
    say(DANA, OTHER_GROUP, f"/project join {viewer_invite}")
    with pytest.raises(Forbidden, match="viewer"):
        say(UMA, OTHER_GROUP, "/imagine anything")  # joined through the viewer invite

    link = code_in(say(DANA, CHANNEL, "/link").text)
    with pytest.raises(BadInput, match="other platform"):
        say(Actor("discord", "502", "Dee"), CHANNEL, f"/link {link}")
    linked = say(DANA_ON_TELEGRAM, GROUP, f"/link {link}")
    assert "acts as Dana (discord)" in linked.text
    say(DANA_ON_TELEGRAM, GROUP, "/open 1")
    say(DANA_ON_TELEGRAM, GROUP, "/approve")
    members = say(DANA, CHANNEL, "/project members").items
    assert sum("Dana" in m for m in members) == 1 and "Dana — owner" in members
    with runtime.db.session() as session:
        dana = session.exec(select(User).where(User.platform_user_id == "501")).one()
        version = session.exec(select(Version)).one()
        assert version.reviewed_by == dana.id  # the approval on Telegram is Dana's
        assert session.exec(select(Membership).where(Membership.user_id == dana.id)).all()
    with pytest.raises(BadInput, match="not a valid link code"):
        say(UMA, GROUP, "/link NOPE2345")


def test_expired_codes_are_refused_and_change_nothing(runtime: Runtime) -> None:
    router = CommandRouter(runtime.studio)
    router.handle(DANA, CHANNEL, "/project new Demo")
    invite = code_in(router.handle(DANA, CHANNEL, "/project invite").text)
    with runtime.db.session() as session:
        row = session.get(AccessCode, invite)
        assert row is not None
        row.expires_at = utcnow() - timedelta(minutes=1)
        session.add(row)
    with pytest.raises(BadInput, match="expired"):
        router.handle(TOM, GROUP, f"/project join {invite}")
    with pytest.raises(BadInput, match="no project is selected"):
        router.handle(TOM, GROUP, "/cards")
