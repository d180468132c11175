"""A model edit costs a generation's price times its operation's `cost_ops` multiplier: held when
queued, charged once it is done; an edit the wallet cannot pay for is refused with nothing queued
(naming the operation's price); Lightbox's own edits are free."""

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


def test_model_edits_hold_and_charge_their_operation_price(runtime: Runtime) -> None:
    runtime.catalog.profiles["paid"] = replace(
        LOCAL_PREVIEW,
        id="paid",
        label="Paid",
        cost={"1K": 2.0, "2K": 3.0, "4K": 5.0},
        cost_ops={"upscale": 0.5},
    )
    say(runtime, "/project new Billed")
    say(runtime, "/imagine a cottage in a meadow --res 1K")
    say(runtime, "/prompt a cottage in a meadow --model paid")
    before = counts(runtime)
    with pytest.raises(BadInput) as refused:
        say(runtime, "/edit upscale 2", ANN)
    assert "upscale with Paid at 2K costs 1.5," in str(refused.value)
    assert "Nothing was queued" in str(refused.value)
    assert counts(runtime) == before
    with runtime.db.session() as session:
        credits.grant(session, "console:ann", "10")
    outcome = say(runtime, "/edit upscale 2")
    assert len(outcome.job_ids) == 1
    after = figures(runtime)
    assert after.held == 0 and after.available == ledger.to_milli(10 - 1.5)
    say(runtime, "/edit crop 16:9")  # Lightbox's own edit: free
    assert figures(runtime).available == ledger.to_milli(10 - 1.5)
    say(runtime, "/edit vary subtle")  # not in cost_ops: × 1 at 2K
    assert figures(runtime).available == ledger.to_milli(10 - 1.5 - 3.0)
