"""Media profiles in the models file: who can make what, clip lengths and voices, refused at
start-up with the field named; the media commands appear only where such a profile exists."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.commands import help_text
from bot.discord.slash_media import commands_for
from bot.media_commands import media_specs
from bot.telegram.app import menu
from core.catalog import LOCAL_PREVIEW, ModelCatalog
from core.errors import BadInput
from core.media_choice import duration_for, voice_for
from core.media_requests import from_image
from core.model_profiles import ModelsFileError, load_catalog
from core.models import Version

X = '[[models]]\nid = "x"\n'
FAL = X + 'provider = "fal"\n'
FAL_VIDEO = FAL + 'category = "video"\n'
OPENAI_VOICE = X + 'provider = "openai"\ncategory = "voice"\n'
MEDIA = """
[[models]]
id = "kling"
label = "Kling"
provider = "fal"
category = "video"
operations = ["animate"]
durations = [5, 10]
cost = 4

[[models]]
id = "tts"
provider = "openai"
category = "voice"
voices = ["alloy", "nova"]

[[models]]
id = "song"
provider = "fal"
category = "music"
durations = [30]

[[models]]
id = "mesh"
provider = "fal"
category = "3d"
operations = ["to3d"]
"""


def load(tmp_path: Path, text: str):  # noqa: ANN201
    path = tmp_path / "models.toml"
    path.write_text(text, encoding="utf-8")
    return load_catalog(path)


def test_media_profiles_are_read_with_lengths_voices_and_a_flat_price(tmp_path: Path) -> None:
    catalog = load(
        tmp_path, "include_local = false\n" + '[[models]]\nid = "x"\nprovider = "fal"\n' + MEDIA
    )
    kling = catalog.get("kling")
    assert (kling.category, kling.durations, kling.operations) == (
        "video",
        (5.0, 10.0),
        ("generate", "animate"),
    )
    assert kling.cost_of("1K") == 4 and kling.can("animate") and not kling.can("to3d")
    assert catalog.get("tts").voices == ("alloy", "nova")
    assert kling.describe() == (
        "Kling (kling) · video · durations 5/10 s · from an image: animate · "
        "credits per generation: 4"
    )
    assert duration_for(kling, None) == 5.0 and duration_for(kling, "10s") == 10.0
    assert (
        voice_for(catalog.get("tts"), None) == "alloy"
        and voice_for(catalog.get("tts"), "NOVA") == "nova"
    )
    with pytest.raises(BadInput, match="makes clips of 5, 10 seconds, not 7"):
        duration_for(kling, "7")
    with pytest.raises(BadInput, match="has no duration choice"):
        duration_for(catalog.get("mesh"), "5")
    with pytest.raises(BadInput, match="has no voice choice"):
        voice_for(kling, "nova")


X = '[[models]]\nid = "x"\n'
FAL = FAL + ""
FAL_VIDEO = FAL + 'category = "video"\n'
OPENAI_VOICE = OPENAI_VOICE + ""


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (X + 'provider = "openai"\ncategory = "video"\n',
         "category: openai cannot make video; openai makes: image, voice "
         "(video is made by: local, fal)"),
        (X + 'provider = "gemini"\ncategory = "voice"\n', "gemini cannot make voice"),
        (FAL + 'category = "voice"\n', "fal cannot make voice"),
        (X + 'provider = "a1111"\ncategory = "3d"\n', "a1111 cannot make 3d"),
        (FAL + 'durations = [5]\n', "durations: only video and music profiles"),
        (FAL_VIDEO + 'durations = []\n', "durations: must be a list"),
        (FAL_VIDEO + 'durations = ["5"]\n', "durations: must be a list"),
        (FAL_VIDEO + 'durations = [0]\n', "above 0 and at most 600"),
        (FAL + 'category = "music"\ndurations = [5, 5]\n', "listed twice"),
        (FAL_VIDEO + 'voices = ["a"]\n', "voices: only voice profiles"),
        (OPENAI_VOICE + 'voices = ["a b"]\n', 'voices: "a b": use'),
        (OPENAI_VOICE + 'voices = ["a", "A"]\n', "listed twice"),
        (FAL + 'operations = ["animate"]\n', '"animate" is for video profiles'),
        (FAL_VIDEO + 'operations = ["to3d"]\n', '"to3d" is for 3d'),
        (FAL_VIDEO + 'operations = ["vary"]\n', '"vary" edits images'),
        (FAL + 'category = "music"\ncost = -1\n', "cost: must be a number"),
    ],
)  # fmt: skip
def test_bad_media_profiles_stop_the_start_naming_the_field(
    tmp_path: Path, text: str, words: str
) -> None:
    with pytest.raises(ModelsFileError) as refused:
        load(tmp_path, text)
    assert 'model "x": ' in str(refused.value) and words in str(refused.value)


def test_media_commands_appear_only_with_a_profile_of_their_kind(tmp_path: Path) -> None:
    images = ModelCatalog(profiles={"local": LOCAL_PREVIEW})
    assert media_specs(images) == [] and commands_for(images) == []
    assert "/video" not in help_text(media_specs(images))
    assert not {"video", "animate", "music", "voice", "3d"} & {c.command for c in menu(images)}
    everything = ModelCatalog()  # the embedded default: one local preview per kind
    assert [s.name for s in media_specs(everything)] == ["video", "animate", "music", "voice", "3d"]
    assert [c.name for c in commands_for(everything)] == [
        "video",
        "animate",
        "music",
        "voice",
        "3d",
    ]
    assert "/voice <line>" in help_text(media_specs(everything))
    only_voice = load(tmp_path, "include_local = false\n" + OPENAI_VOICE + ''
                      + '[[models]]\nid = "i"\nprovider = "openai"\n')  # fmt: skip
    assert [s.name for s in media_specs(only_voice)] == ["voice"]
    assert {c.command for c in menu(only_voice)} >= {"voice", "imagine"}


BASE = {"card_id": 1, "number": 3, "prompt": "p", "model": "m", "resolution": "1K"}
BASE |= {"aspect_ratio": "1:1", "width": 8, "height": 8, "seed": 1, "created_by": 1}


def test_only_a_finished_image_version_can_be_animated() -> None:
    def made(**fields: object) -> Version:
        return Version.model_validate(BASE | fields)

    with pytest.raises(BadInput, match="v3 is queued; 🎬 Animate works on a finished image"):
        from_image(made(status="queued"), "🎬 Animate")
    with pytest.raises(BadInput, match="v3 is an audio clip; 🎬 Animate works on images"):
        from_image(made(status="done", image_sha="a" * 64, media_kind="audio"), "🎬 Animate")
    from_image(made(status="done", image_sha="a" * 64), "🎬 Animate")
