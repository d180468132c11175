"""Plans and spend controls through the console router: gates, allowances, budgets, the CLI."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import func, select

from bot.cli import main
from core import credits
from core.errors import BadInput, Forbidden
from core.identity import Actor
from core.models import LedgerEntry
from core.plans import PlansFileError, load_plans
from tests.core.credit_fixtures import ALICE, BOB, HERE, Desk, make_desk
from tests.reliability.studio_state import rows

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "deploy" / "plans.example.toml"


@pytest.fixture
def desk(db_url: str, tmp_path: Path) -> Iterator[Desk]:
    desk = make_desk(db_url, tmp_path / "images", load_plans(EXAMPLE))
    desk.router.handle(ALICE, HERE, "/project new Plans")
    yield desk
    desk.db.dispose()


def test_gated_model_is_refused_naming_the_plan_until_an_admin_assigns_it(desk: Desk) -> None:
    before = rows(desk.db)
    with pytest.raises(BadInput) as refused:
        desk.router.handle(ALICE, HERE, "/imagine a fox --model proonly")
    assert "available on plans: pro" in str(refused.value)
    assert "your plan: free" in str(refused.value)
    assert rows(desk.db) == before
    with pytest.raises(BadInput, match=r"allows up to 1K, not 2K"):
        desk.router.handle(ALICE, HERE, "/imagine a fox --model paid --res 2K")
    with desk.db.session() as session:
        credits.set_plan(session, desk.studio.billing.plans, "user", "console:alice", "pro")
    outcome = desk.router.handle(ALICE, HERE, "/imagine a fox --model proonly")
    assert len(outcome.job_ids) == 1
    balance = desk.router.handle(ALICE, HERE, "/balance").text
    assert "295 available" in balance and "5 held" in balance and "plan: Pro" in balance


def test_a_plan_assigned_to_a_discord_role_applies_to_members_with_that_role(desk: Desk) -> None:
    with desk.db.session() as session:
        credits.set_plan(session, desk.studio.billing.plans, "discord_role", "777", "premium")
        credits.set_plan(session, desk.studio.billing.plans, "discord_role", "778", "pro")
    member = Actor("console", "alice", "Alice", roles=("778", "777", "1"))
    assert "plan: Premium" in desk.router.handle(member, HERE, "/balance").text
    assert "plan: Free" in desk.router.handle(ALICE, HERE, "/balance").text


def test_monthly_allowance_is_booked_once_per_month(desk: Desk) -> None:
    for _ in range(3):
        desk.router.handle(ALICE, HERE, "/imagine a fox --model paid")
    desk.router.handle(ALICE, HERE, "/balance")
    with desk.db.session() as session:
        allowances = session.exec(select(func.count()).where(LedgerEntry.kind == "allowance")).one()
    assert allowances == 1
    assert "14 available" in desk.router.handle(ALICE, HERE, "/balance").text  # 20 − 3 × 2


def test_project_budget_and_member_daily_limit(desk: Desk) -> None:
    desk.router.handle(BOB, HERE, "/project members")  # Bob joins as an editor
    with pytest.raises(Forbidden):
        desk.router.handle(BOB, HERE, "/budget month 10 day 4")
    with pytest.raises(BadInput, match="usage: /budget month"):
        desk.router.handle(ALICE, HERE, "/budget monthly 10")
    answer = desk.router.handle(ALICE, HERE, "/budget month 10 day 4").text
    assert "monthly budget: 10" in answer and "daily limit: 4" in answer
    desk.grant("project:1", "100")
    desk.router.handle(BOB, HERE, "/imagine a fox --model paid --n 2")  # 4: Bob's day is used
    with pytest.raises(BadInput, match="your daily limit in this project is 4"):
        desk.router.handle(BOB, HERE, "/imagine a fox --model paid")
    desk.router.handle(ALICE, HERE, "/imagine a fox --model paid --n 2")
    with pytest.raises(BadInput, match="monthly budget is 10 credits and 8 are spent or held"):
        desk.router.handle(ALICE, HERE, "/imagine a fox --model paid --n 2")
    usage = desk.router.handle(BOB, HERE, "/usage")
    assert usage.text.startswith("project wallet: balance 100, held 8, available 92")
    assert sum("hold held 2" in line for line in usage.items) == 4


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("[[plans]]\nid = 'Free'\n", "plan #1: id: use 1–64 lower-case"),
        ("[[plans]]\nid = 'a'\nmax_resolution = '8K'\n", 'plan "a": max_resolution: "8K"'),
        ("[[plans]]\nid = 'a'\npriority = 0\n", "priority: must be a whole number from 1"),
        ("[[plans]]\nid = 'a'\nspeed = 1\n", "speed: unknown field"),
        ("default = 'x'\n[[plans]]\nid = 'a'\n", 'default: "x" is not a plan'),
    ],
)
def test_bad_plans_file_names_file_plan_and_field(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "plans.toml"
    path.write_text(text)
    with pytest.raises(PlansFileError, match=words.replace("[", r"\[")):
        load_plans(path)


def test_admin_cli_grants_revokes_lists_and_sets_plans(
    desk: Desk,
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in [k for k in os.environ if k.startswith("LIGHTBOX_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("LIGHTBOX_DATABASE_URL", db_url.replace("+psycopg", ""))
    monkeypatch.setenv("LIGHTBOX_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("LIGHTBOX_PLANS_FILE", str(EXAMPLE))

    def lightbox(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    code, out, err = lightbox("credits", "grant", "console:alice", "50", "--note", "launch")
    assert code == 0 and "granted 50" in out, err
    assert "revoked 5; balance 45" in lightbox("credits", "revoke", "console:alice", "5")[1]
    code, out, _ = lightbox("plan", "set", "user", "console:alice", "premium")
    assert "console:alice is now on plan Premium" in out
    code, _, err = lightbox("plan", "set", "user", "console:alice", "gold")
    assert code == 2 and 'unknown plan "gold"' in err
    code, _, err = lightbox("credits", "grant", "console:zed", "5")
    assert code == 2 and "no user console:zed has used Lightbox yet" in err
    out = lightbox("credits", "statement", "console:alice")[1]
    assert "balance 45, held 0, available 45" in out and "grant +50 · launch" in out


def test_models_list_locks_what_the_plan_does_not_include(desk: Desk) -> None:
    listed = desk.router.handle(ALICE, HERE, "/models")
    assert "your plan (Free)" in listed.text
    [locked] = [item for item in listed.items if "(proonly)" in item]
    assert locked.startswith("🔒 needs plan Pro ")
    assert not any(item.startswith("🔒") for item in listed.items if "(paid)" in item)
    with desk.db.session() as session:
        credits.set_plan(session, desk.studio.billing.plans, "user", "console:alice", "pro")
    listed = desk.router.handle(ALICE, HERE, "/models")
    assert "your plan (Pro)" in listed.text
    assert not any(item.startswith("🔒") for item in listed.items)


def test_discord_skus_in_the_plans_file_are_checked(tmp_path: Path) -> None:
    assert {s.pack or s.plan for s in load_plans(EXAMPLE).skus.values()} == {"small", "pro"}
    path = tmp_path / "plans.toml"
    path.write_text('[[plans]]\nid = "free"\n[[discord_skus]]\nsku = "123"\nplan = "gold"\n')
    with pytest.raises(PlansFileError, match='discord SKU #1: plan: "gold" is not a plan'):
        load_plans(path)
