"""Worldbuilding elements: kinds, descriptions, structured data, an image, context toggles."""

from __future__ import annotations

from sqlmodel import Session, col, func, select

from core.access import Role, require_role
from core.archive import hidden
from core.errors import BadInput
from core.models import Element
from core.models.base import row_id
from core.names import clean_name, clean_text
from core.ports import StoredImage
from core.projects import Context
from core.suggest import unknown

KINDS = ("character", "location", "item", "faction", "lore")
PARTS = ("image", "description", "data")
MAX_DESCRIPTION = 1000
MAX_FIELDS = 20
MAX_FIELD = 200


def list_elements(session: Session, ctx: Context) -> list[Element]:
    return list(
        session.exec(
            select(Element)
            .where(Element.project_id == ctx.project.id, col(Element.id).not_in(hidden("element")))
            .order_by(col(Element.kind), col(Element.name))
        ).all()
    )


def find_element(session: Session, ctx: Context, name: str) -> Element:
    found = lookup(session, ctx, name)
    if found is None:
        known = [e.name for e in list_elements(session, ctx)]
        raise unknown("element", name, known, ctx.project.name, "/element new <kind> <name>")
    return found


def lookup(session: Session, ctx: Context, name: str) -> Element | None:
    return session.exec(
        select(Element).where(
            Element.project_id == ctx.project.id,
            func.lower(Element.name) == name.strip().lower(),
            col(Element.id).not_in(hidden("element")),
        )
    ).first()


def create(session: Session, ctx: Context, kind: str, name: str, description: str = "") -> Element:
    """A new element (editors); a name is unique in the project."""
    require_role(session, ctx.project, ctx.user, Role.editor)
    key = kind.strip().lower()
    if key not in KINDS:
        raise BadInput(f'unknown element kind "{kind.strip()[:20]}"; allowed: {", ".join(KINDS)}')
    name = clean_name(name, what="element", max_length=60)
    clash = session.exec(
        select(Element).where(
            Element.project_id == ctx.project.id, func.lower(Element.name) == name.lower()
        )
    ).first()
    if clash is not None:  # archived ones too: a name stays taken until it is restored
        raise BadInput(f'project "{ctx.project.name}" already has an element "{clash.name}"')
    element = Element(
        project_id=row_id(ctx.project),
        kind=key,
        name=name,
        description=clean_text(
            description, what="description", max_length=MAX_DESCRIPTION, allow_empty=True
        ),
        use_data=False,
        created_by=row_id(ctx.user),
    )
    session.add(element)
    session.flush()
    return element


def set_image(session: Session, ctx: Context, element: Element, image: StoredImage) -> Element:
    require_role(session, ctx.project, ctx.user, Role.editor)
    element.image_sha = image.sha256
    return _save(session, element)


def set_data(session: Session, ctx: Context, element: Element, text: str) -> Element:
    """Structured data from "key: value; key: value" (an empty value removes the key)."""
    require_role(session, ctx.project, ctx.user, Role.editor)
    data = dict(element.data)
    for pair in text.split(";"):
        if not pair.strip():
            continue
        key, sep, value = pair.partition(":")
        if not sep or not key.strip():
            raise BadInput(f'data is "key: value; key: value"; got "{pair.strip()[:40]}"')
        key = clean_text(key, what="data key", max_length=40)
        if value.strip():
            data[key] = clean_text(value, what=f"value of {key}", max_length=MAX_FIELD)
        else:
            data.pop(key, None)
    if len(data) > MAX_FIELDS:
        raise BadInput(f"an element holds at most {MAX_FIELDS} data fields")
    element.data = data
    return _save(session, element)


def toggle(session: Session, ctx: Context, element: Element, part: str, on: bool) -> Element:
    """Whether the element's image, description or data goes into generation context."""
    require_role(session, ctx.project, ctx.user, Role.editor)
    key = part.strip().lower()
    if key not in PARTS:
        raise BadInput(f'toggle one of {", ".join(PARTS)}; got "{part.strip()[:20]}"')
    setattr(element, f"use_{key}", on)
    return _save(session, element)


def sent_parts(element: Element) -> list[str]:
    """What of the element goes into context now: "image", "description", "data"."""
    parts = []
    if element.use_image and element.image_sha:
        parts.append("image")
    if element.use_description and element.description:
        parts.append("description")
    if element.use_data and element.data:
        parts.append("data")
    return parts


def describe(element: Element) -> list[str]:
    on = {p: getattr(element, f"use_{p}") for p in PARTS}
    toggles = " · ".join(f"{p} {'on' if on[p] else 'off'}" for p in PARTS)
    data = "; ".join(f"{k}: {v}" for k, v in element.data.items()) or "(none)"
    return [
        f"{element.name} [{element.kind}]",
        f"description: {element.description or '(none)'}",
        f"data: {data}",
        f"image: {'yes' if element.image_sha else 'none'}",
        f"in context: {toggles}",
    ]


def _save(session: Session, element: Element) -> Element:
    session.add(element)
    session.flush()
    return element
