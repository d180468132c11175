"""Settings are read once, in one root object with a section per adapter and the assistant."""

from __future__ import annotations

import pytest

from core.errors import LightboxError
from core.settings import load_settings


def test_sections_are_read_with_the_root_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LIGHTBOX_DISCORD_UPLOAD_LIMIT", "26214400")
    monkeypatch.setenv("LIGHTBOX_TELEGRAM_ANSWER_BUDGET_SECONDS", "0.5")
    monkeypatch.setenv("LIGHTBOX_ASSISTANT_MODEL", "small-model")
    settings = load_settings(_env_file=None)
    assert settings.discord.upload_limit == 26_214_400
    assert settings.telegram.answer_budget_seconds == 0.5
    assert settings.assistant.model == "small-model" and settings.assistant.base_url is None


def test_a_bad_section_setting_is_named_with_its_own_prefix(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("LIGHTBOX_ASSISTANT_TIMEOUT", "9000")
    with pytest.raises(LightboxError, match="LIGHTBOX_ASSISTANT_TIMEOUT: must be more than 0"):
        load_settings(_env_file=None)
