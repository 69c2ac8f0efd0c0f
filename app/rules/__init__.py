"""Rules engine: jurisdiction profiles as data, the working-day calendar, deadlines,
disclosure periods and per-audience visibility. Pure Python: no SQL, no Qt, no file writes."""

from app.domain.messages import MESSAGES
from app.rules.messages import RULES_MESSAGES

MESSAGES.update(RULES_MESSAGES)
