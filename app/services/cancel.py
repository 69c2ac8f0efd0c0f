"""Cooperative cancellation: long services check the token between batches."""

from __future__ import annotations

import threading

from app.domain.errors import CreditDeskError


class OperationCancelled(CreditDeskError):
    def __init__(self) -> None:
        super().__init__("operation.cancelled")


class CancelToken:
    """Set by the GUI (the busy overlay's 取消 button), read by the worker thread."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def raise_if_cancelled(self) -> None:
        if self._event.is_set():
            raise OperationCancelled()


class _NeverCancelled(CancelToken):
    def cancel(self) -> None:  # a shared default must never flip
        pass


NEVER_CANCELLED: CancelToken = _NeverCancelled()
