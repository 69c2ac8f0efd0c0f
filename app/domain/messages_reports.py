"""Chinese message templates for credit reports, letters, signing and verification (issue 8)."""

from __future__ import annotations

from app.domain.messages import Message, register

register(
    {
        # "reports.example": Message("标题", "正文，可含 {param}。", "解决办法。"),
    }
)

__all__ = ["Message"]
