"""Chinese message templates: window-service queries, grants, query log, batch queries (issue 5)."""

from __future__ import annotations

from app.domain.messages import Message, register

register(
    {
        # "query.example": Message("标题", "正文，可含 {param}。", "解决办法。"),
    }
)

__all__ = ["Message"]
