"""Tests for core.prompt_params: the shared --flag parser for prompt text."""

from __future__ import annotations

import pytest

from core.errors import BadInput
from core.prompt_params import (
    MAX_COUNT,
    MAX_NEGATIVE_CHARS,
    MAX_PROMPT_CHARS,
    PromptParams,
    format_flags,
    parse_prompt,
)

MODELS = ("local", "Flux-Pro", "sdxl")
ALLOWED_FLAGS = "allowed flags: --ar, --res, --n, --seed, --no, --model, --scene, --with"
ALLOWED_RATIO = "W:H with whole numbers from 1 to 64 and a ratio between 1:4 and 4:1"


def parse(text: str) -> PromptParams:
    return parse_prompt(text, models=MODELS)


def test_constants() -> None:
    assert MAX_PROMPT_CHARS == 4000
    assert MAX_COUNT == 5


def test_full_example() -> None:
    params = parse(
        "a red fox in snow --ar 16:9 --res 2K --n 3 --seed 42 --no text, watermark --model local"
    )
    assert params == PromptParams(
        prompt="a red fox in snow",
        negative_prompt="text, watermark",
        aspect_ratio="16:9",
        resolution="2K",
        count=3,
        seed=42,
        model="local",
    )


def test_plain_prompt_has_no_settings() -> None:
    assert parse("  a   red\tfox \n in snow ") == PromptParams(
        prompt="a red fox in snow",
        negative_prompt=None,
        aspect_ratio=None,
        resolution=None,
        count=None,
        seed=None,
        model=None,
    )


@pytest.mark.parametrize(
    ("flags", "field", "expected"),
    [
        ("--ar 16:9", "aspect_ratio", "16:9"),
        ("--aspect 9:16", "aspect_ratio", "9:16"),
        ("--res 4K", "resolution", "4K"),
        ("--resolution 1k", "resolution", "1K"),
        ("--n 2", "count", 2),
        ("--count 5", "count", 5),
        ("--seed 0", "seed", 0),
        ("--seed 4294967295", "seed", 2**32 - 1),
        ("--no blur", "negative_prompt", "blur"),
        ("--model sdxl", "model", "sdxl"),
        ("--m local", "model", "local"),
        ("--AR 2:3", "aspect_ratio", "2:3"),
        ("--Aspect 32:18", "aspect_ratio", "32:18"),
        ("--RES 2k", "resolution", "2K"),
        ("--Count 1", "count", 1),
        ("--NO hands", "negative_prompt", "hands"),
        ("--M LOCAL", "model", "local"),
        ("--model flux-pro", "model", "Flux-Pro"),
        ("\u2014ar 21:9", "aspect_ratio", "21:9"),
        ("\u2014n 4", "count", 4),
        ("\u2014no  text,   logos ", "negative_prompt", "text, logos"),
        ("\u2014model Flux-Pro", "model", "Flux-Pro"),
    ],
)
def test_each_flag_and_alias(flags: str, field: str, expected: object) -> None:
    params = parse(f"a cat {flags}")
    assert params.prompt == "a cat"
    assert getattr(params, field) == expected


@pytest.mark.parametrize(
    "text",
    [
        "a fox --seed 7 --n 2 --ar 3:2 --no blur, noise --res 1K --model sdxl",
        "a fox --no blur, noise --model sdxl --ar 3:2 --res 1K --seed 7 --n 2",
        "a fox --model sdxl --res 1K --no blur, noise --n 2 --seed 7 --ar 3:2",
        "a fox \u2014res 1k \u2014n 2 \u2014seed 7 \u2014ar 3:2 \u2014m SDXL \u2014no blur,  noise",
        "  a   fox\n--ASPECT 3:2 --Resolution 1K --COUNT 2 --Seed 7 --NO blur, noise --M sdxl ",
    ],
)
def test_flags_in_any_order(text: str) -> None:
    assert parse(text) == PromptParams(
        prompt="a fox",
        negative_prompt="blur, noise",
        aspect_ratio="3:2",
        resolution="1K",
        count=2,
        seed=7,
        model="sdxl",
    )


@pytest.mark.parametrize(
    ("text", "prompt"),
    [
        ("a poster -- bold", "a poster -- bold"),
        ("a cat \u2014 watercolor", "a cat \u2014 watercolor"),
        ("years 1990\u20142000", "years 1990\u20142000"),
        ("a well-lit room, over-the-top", "a well-lit room, over-the-top"),
        ("a number -5 sign", "a number -5 sign"),
    ],
)
def test_dashes_that_are_not_flags(text: str, prompt: str) -> None:
    assert parse(text).prompt == prompt


def test_no_value_ends_at_next_flag() -> None:
    params = parse("a fox --no text, watermark, blurry hands --seed 1")
    assert params.negative_prompt == "text, watermark, blurry hands"
    assert params.seed == 1


def test_prompt_at_the_length_limit_is_accepted() -> None:
    text = "x" * MAX_PROMPT_CHARS
    assert parse(f"{text} --n 1").prompt == text


@pytest.mark.parametrize(
    ("text", "expected_parts"),
    [
        ("a cat --foo 1", ["unknown flag --foo", ALLOWED_FLAGS]),
        ("a cat \u2014style raw", ["unknown flag --style", ALLOWED_FLAGS]),
        ("a cat --ar=16:9", ["unknown flag --ar=16:9", ALLOWED_FLAGS]),
        ("a cat --ar", ["--ar needs a value", "--ar 16:9"]),
        ("a cat --n --seed 3", ["--n needs a value", "--n 3"]),
        ("a cat --no --n 2", ["--no needs a value"]),
        ("a cat --model", ["--model needs a value"]),
        ("a cat --ar 1:1 --ar 2:3", ["--ar was given twice", "give each flag once"]),
        ("a cat --ar 1:1 --aspect 2:3", ["--ar was given twice", "--aspect"]),
        ("a cat --n 1 --count 2", ["--n was given twice", "--count"]),
        ("a cat --m local --model sdxl", ["--model was given twice", "--m "]),
        ("a cat --ar 1:100", ["--ar: ", '"1:100" is too extreme', ALLOWED_RATIO]),
        ("a cat --ar 0:1", ["--ar: ", '"0:1"', ALLOWED_RATIO]),
        ("a cat --ar 16/9", ["--ar: ", '"16/9"', ALLOWED_RATIO]),
        ("a cat --ar ab:cd", ["--ar: ", ALLOWED_RATIO]),
        ("a cat --ar 1:1:1", ["--ar: ", ALLOWED_RATIO]),
        ("a cat --ar 16:9 wide", ["--ar: ", '"16:9 wide"', ALLOWED_RATIO]),
        ("a cat --n 9", ['--n must be a whole number from 1 to 5, got "9"']),
        ("a cat --n 0", ['--n must be a whole number from 1 to 5, got "0"']),
        ("a cat --count two", ['--n must be a whole number from 1 to 5, got "two"']),
        ("a cat --n 2.5", ['--n must be a whole number from 1 to 5, got "2.5"']),
        ("a cat --n -1", ['--n must be a whole number from 1 to 5, got "-1"']),
        ("a cat --seed -1", ['--seed must be a whole number from 0 to 4294967295, got "-1"']),
        ("a cat --seed 4294967296", ["--seed must be a whole number from 0 to 4294967295"]),
        ("a cat --seed abc", ['--seed must be a whole number from 0 to 4294967295, got "abc"']),
        ("a cat --res 8K", ["--res: ", 'unknown resolution "8K"', "allowed: 1K, 2K, 4K"]),
        ("a cat --resolution hd", ["--res: ", '"hd"', "allowed: 1K, 2K, 4K"]),
        ("a cat --model foo", ['unknown model "foo" for --model; available: Flux-Pro, local']),
        ("a cat --m dalle", ['unknown model "dalle" for --model', "Flux-Pro, local, sdxl"]),
        ("--ar 16:9 --n 2", ["the prompt is empty; describe the image before any --flags"]),
        ("   ", ["the prompt is empty; describe the image before any --flags"]),
        ("", ["the prompt is empty"]),
        (
            "x" * (MAX_PROMPT_CHARS + 1),
            ["the prompt is 4001 characters long", "the limit is 4000 characters"],
        ),
        (
            "a cat --no " + "y" * (MAX_NEGATIVE_CHARS + 5),
            ["--no text is 1005 characters long", "the limit is 1000 characters"],
        ),
    ],
)
def test_bad_input(text: str, expected_parts: list[str]) -> None:
    with pytest.raises(BadInput) as caught:
        parse(text)
    message = str(caught.value)
    for part in expected_parts:
        assert part in message


def test_unknown_flag_message_matches_spec() -> None:
    with pytest.raises(BadInput) as caught:
        parse("a cat --foo")
    assert str(caught.value) == (
        "unknown flag --foo; allowed flags: "
        "--ar, --res, --n, --seed, --no, --model, --scene, --with, --lora, --duration, --voice"
    )


def test_unknown_model_lists_sorted_models() -> None:
    with pytest.raises(BadInput) as caught:
        parse_prompt("a cat --model foo", models=["zeta", "local", "alpha"])
    assert str(caught.value) == 'unknown model "foo" for --model; available: alpha, local, zeta'


def test_unknown_model_with_no_models() -> None:
    with pytest.raises(BadInput, match="available: none"):
        parse_prompt("a cat --model local", models=[])


def test_format_flags_full() -> None:
    params = PromptParams(
        prompt="a red fox in snow",
        negative_prompt="text, watermark",
        aspect_ratio="16:9",
        resolution="2K",
        count=3,
        seed=42,
        model="local",
    )
    assert format_flags(params) == (
        "--ar 16:9 --res 2K --n 3 --seed 42 --no text, watermark --model local"
    )


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        (PromptParams(prompt="a"), ""),
        (PromptParams(prompt="a", seed=0), "--seed 0"),
        (PromptParams(prompt="a", count=2, model="sdxl"), "--n 2 --model sdxl"),
    ],
)
def test_format_flags_skips_unset(params: PromptParams, expected: str) -> None:
    assert format_flags(params) == expected


@pytest.mark.parametrize(
    "text",
    [
        "a red fox --ar 16:9 --res 2K --n 3 --seed 42 --no text, watermark --model local",
        "a fox --seed 0",
        "a fox",
    ],
)
def test_format_flags_round_trips(text: str) -> None:
    params = parse(text)
    assert parse(f"{params.prompt} {format_flags(params)}") == params
