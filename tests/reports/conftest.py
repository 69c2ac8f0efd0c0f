"""Fixtures of the document tests (helpers: ``doc_helpers``)."""

from __future__ import annotations

import pytest
from doc_helpers import Signer


@pytest.fixture(scope="session")
def signer() -> Signer:
    return Signer()
