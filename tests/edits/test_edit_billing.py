"""A model edit costs what a generation costs: its price is held when queued, charged once it is
done, and an edit the wallet cannot pay for is refused with nothing queued."""

from __future__ import annotations

from dataclasses import replace

import pytest

from core import credits, ledger
from core.catalog import LOCAL_PREVIEW
from core.errors import BadInput
from tests.edits.test_edit_refusals import ANN, counts, say
from workers.runtime import Runtime


def figures(runtime: Runtime) -> ledger.Balance:
    with runtime.db.session() as session:
        owner_kind, owner_id = credits.find_owner(session, "console:ann")
        return ledger.balance_of(session, ledger.wallet_of(session, owner_kind, owner_id))


def test_model_edits_hold_and_charge_like_generations(runtime: Runtime) -> None:
    runtime.catalog.profiles["paid"] = replace(
        LOCAL_PREVIEW, id="paid", label="Paid", cost={"1K": 2.0, "2K": 3.0, "4K": 5.0}
    )
    say(runtime, "/project new Billed")
    say(runtime, "/imagine a cottage in a meadow --res 1K")
    say(runtime, "/prompt a cottage in a meadow --model paid")
    before = counts(runtime)
    with pytest.raises(BadInput) as refused:
        say(runtime, "/edit upscale 2", ANN)
    assert "costs" in str(refused.value) and "Nothing was queued" in str(refused.value)
    assert counts(runtime) == before
    with runtime.db.session() as session:
        credits.grant(session, "console:ann", "10")
    outcome = say(runtime, "/edit upscale 2")
    assert len(outcome.job_ids) == 1
    after = figures(runtime)
    assert after.held == 0 and after.available == ledger.to_milli(10 - 3.0)
    say(runtime, "/edit vary subtle")
    assert figures(runtime).available == ledger.to_milli(10 - 3.0 - 3.0)
