"""The idle lock: after N minutes without keyboard or mouse input the session locks.

``IdleTracker`` is the policy, free of Qt and of real time (the clock is injected), so the GUI
only feeds it input events and asks ``should_lock()`` on a timer; tests move the clock.
Unlocking asks the same user's password again (``app.services.auth.unlock_session``): another
user cannot unlock someone else's session, only sign it out.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from app.services.auth import unlock_session

__all__ = ["DEFAULT_IDLE_MINUTES", "IdleTracker", "unlock_session"]

DEFAULT_IDLE_MINUTES = 10


class IdleTracker:
    def __init__(
        self,
        idle_minutes: int = DEFAULT_IDLE_MINUTES,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._clock = clock
        self.idle_minutes = idle_minutes
        self._last_activity = clock()

    def touch(self) -> None:
        """Input happened."""
        self._last_activity = self._clock()

    @property
    def idle_seconds(self) -> float:
        return max(0.0, self._clock() - self._last_activity)

    def should_lock(self) -> bool:
        return self.idle_minutes > 0 and self.idle_seconds >= self.idle_minutes * 60
