"""Whose LoRAs a picker offers: the typed model, else the card's, else the default."""

from __future__ import annotations

from core.catalog import ModelCatalog, ModelProfile
from core.lora_choices import offered_profile
from core.loras import LoraStyle

FLUX = ModelProfile(
    id="flux", label="Flux", provider="fal", lora=True, loras=(LoraStyle("ink", "Ink", "u"),)
)
PONY = ModelProfile(
    id="pony", label="Pony", provider="fal", lora=True, loras=(LoraStyle("anime", "Anime", "u"),)
)
CATALOG = ModelCatalog(profiles={"flux": FLUX, "pony": PONY}, default="flux")


def test_the_typed_model_wins_then_the_cards_then_the_default() -> None:
    assert offered_profile(CATALOG, "pony", "flux") is PONY
    assert offered_profile(CATALOG, None, "pony") is PONY
    assert offered_profile(CATALOG, None, None) is FLUX


def test_a_half_typed_or_retired_model_offers_nothing() -> None:
    assert offered_profile(CATALOG, "pon", None) is None
    assert offered_profile(CATALOG, None, "retired-model") is None
