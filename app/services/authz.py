"""The one place a service asks whether the actor may act."""

from __future__ import annotations

from app.domain.errors import PermissionDenied
from app.domain.permissions import PERMISSION_LABELS, Actor, Permission


def require(actor: Actor, permission: Permission) -> None:
    if not actor.may(permission):
        raise PermissionDenied(
            role=actor.role.label, action=PERMISSION_LABELS.get(permission, str(permission))
        )
