"""Typed, expected errors. Anything else that escapes a service is a bug.

Every error carries a ``msg_id`` and params; the Chinese text comes from ``messages.py`` so
the CLI and the GUI say exactly the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping

from app.domain.messages import render


class CreditDeskError(Exception):
    """An expected failure with a translated message (shown gently, not as a crash)."""

    def __init__(self, msg_id: str, /, **params: object) -> None:
        self.msg_id = msg_id
        self.params = params
        rendered = render(msg_id, params)
        self.title = rendered.title
        self.text = rendered.text
        self.resolution = rendered.resolution
        super().__init__(self.text)

    def as_dict(self) -> dict[str, object]:
        return {
            "error": self.msg_id,
            "title": self.title,
            "message": self.text,
            "resolution": self.resolution,
        }


class ValidationFailed(CreditDeskError):
    """One or more fields are wrong; ``field_errors`` maps field name → list of messages."""

    def __init__(
        self,
        msg_id: str = "validation.failed",
        /,
        *,
        field_errors: Mapping[str, list[str]] | None = None,
        **params: object,
    ) -> None:
        self.field_errors: dict[str, list[str]] = {
            k: list(v) for k, v in (field_errors or {}).items()
        }
        if msg_id == "validation.failed" and "summary" not in params:
            params["summary"] = "；".join(m for msgs in self.field_errors.values() for m in msgs)
        super().__init__(msg_id, **params)


class InvalidCode(ValidationFailed):
    """A USCC or ID number fails its format or check character; names position and fault."""

    def __init__(self, msg_id: str, /, *, field: str = "code", **params: object) -> None:
        super().__init__(msg_id, **params)
        self.field_errors = {field: [self.text]}


class InvalidDate(ValidationFailed):
    def __init__(self, field: str, value: object) -> None:
        super().__init__("date.invalid", field=field, value=value)
        self.field_errors = {field: [self.text]}


class PermissionDenied(CreditDeskError):
    def __init__(self, msg_id: str = "permission.denied", /, **params: object) -> None:
        super().__init__(msg_id, **params)


class InvalidTransition(CreditDeskError):
    def __init__(self, msg_id: str = "transition.invalid", /, **params: object) -> None:
        super().__init__(msg_id, **params)


class ConcurrencyConflict(CreditDeskError):
    def __init__(self, msg_id: str = "db.concurrency_conflict", /, **params: object) -> None:
        super().__init__(msg_id, **params)


class NotFound(CreditDeskError):
    def __init__(self, msg_id: str = "not_found", /, **params: object) -> None:
        super().__init__(msg_id, **params)


class DatabaseUnavailable(CreditDeskError):
    def __init__(self, msg_id: str = "db.unavailable", /, **params: object) -> None:
        super().__init__(msg_id, **params)


class NeedsConfirmation(CreditDeskError):
    """The service needs the user to confirm ``key``; re-run with ``confirmed={key}``."""

    def __init__(self, msg_id: str, /, *, key: str, **params: object) -> None:
        self.key = key
        super().__init__(msg_id, **params)


class DeadlineOutsideCalendar(CreditDeskError):
    """A working-day computation reached a year the calendar does not cover."""
