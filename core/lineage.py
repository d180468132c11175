"""Where a version came from: "inpaint of v3", the chain back to its first image, its recipe."""

from __future__ import annotations

from sqlmodel import Session

from core.models import Ref, Version

MAX_CHAIN = 50


def parent_of(session: Session, version: Version) -> Version | None:
    if version.parent_version_id is None:
        return None
    return session.get(Version, version.parent_version_id)


def origin(session: Session, version: Version) -> str:
    """ "inpaint of v3" for an edit, "collage of v1, v3, v5", "" for a generation or upload."""
    if version.op_params.get("reproduces"):
        return f"reproduce of {version.op_params['reproduces']}"
    if version.operation == "generate":
        return ""
    if version.op_params.get("of"):
        return f"{version.operation} of {version.op_params['of']}"
    parent = parent_of(session, version)
    return f"{version.operation} of v{parent.number}" if parent else version.operation


def chain(session: Session, version: Version) -> list[Version]:
    """The version, its parent, the parent's parent … back to the first image (bounded)."""
    found = [version]
    while len(found) < MAX_CHAIN:
        parent = parent_of(session, found[-1])
        if parent is None or parent.id in {v.id for v in found}:
            break
        found.append(parent)
    return found


def chain_text(session: Session, version: Version) -> str:
    """ "v5 = removebg of v4 ← v4 = upscale of v3 ← … ← v1 generated"."""
    steps = []
    for step in chain(session, version):
        made = origin(session, step) or ("uploaded" if step.source == "uploaded" else "generated")
        steps.append(
            f"v{step.number} = {made}"
            if step.operation != "generate" or "reproduces" in step.op_params
            else f"v{step.number} {made}"
        )
    return " ← ".join(steps)


def recipe_root(session: Session, version: Version) -> Version:
    """The generation (or upload) whose prompt and settings an edited version carries on."""
    for step in chain(session, version):
        if step.operation == "generate":
            return step
    return version


def ref_names(session: Session, version: Version) -> list[str]:
    return [ref.name for ref_id in version.ref_ids if (ref := session.get(Ref, ref_id))]
