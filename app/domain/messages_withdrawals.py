"""Message templates of the record lifecycle (issue 10): withdrawals. Registered on import."""

from __future__ import annotations

from app.domain.messages import Message, register

register(
    {
    }
)

__all__ = ["Message"]
