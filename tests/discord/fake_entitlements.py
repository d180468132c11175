"""Discord's side of app purchases: entitlement payloads and the consume endpoint's answers.

Shapes from discord.com/developers/docs/resources/entitlement (Entitlement Object, Consume an
Entitlement: 204 No Content; an unknown id is 404 "Unknown Entitlement", code 10029).
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from tests.discord import payloads as p
from tests.discord.fake_refusals import json_response

PURCHASE = 1  # entitlement type: bought by the user
APPLICATION_SUBSCRIPTION = 8
UNKNOWN_ENTITLEMENT = {"message": "Unknown Entitlement", "code": 10029}


def entitlement(
    entitlement_id: int, sku_id: int, user_id: int, kind: int = PURCHASE
) -> dict[str, Any]:
    """An entitlement as ENTITLEMENT_CREATE and an interaction's `entitlements` carry it."""
    return {
        "id": str(entitlement_id),
        "sku_id": str(sku_id),
        "application_id": str(p.APP),
        "user_id": str(user_id),
        "promotion_id": None,
        "type": kind,
        "deleted": False,
        "gift_code_flags": 0,
        "consumed": False,
        "starts_at": None,
        "ends_at": None,
    }


class Entitlements:
    """The entitlements Discord knows for the app, and which were consumed."""

    def __init__(self) -> None:
        self.known: dict[str, dict[str, Any]] = {}

    def grant(self, payload: dict[str, Any]) -> dict[str, Any]:
        self.known[payload["id"]] = payload
        return payload

    async def consume(
        self, _body: Any, _files: Any, app_id: str, entitlement_id: str
    ) -> web.Response:
        found = self.known.get(entitlement_id)
        if app_id != str(p.APP) or found is None:
            return json_response(UNKNOWN_ENTITLEMENT, 404)
        found["consumed"] = True
        return web.Response(status=204)
