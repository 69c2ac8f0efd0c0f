"""Helpers for the document tests: a signing key, issuing without a database, reading PDFs."""

from __future__ import annotations

import dataclasses
import re
from io import BytesIO
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pypdf import PdfReader

from reports.documents import build_document
from reports.verify import PublicKeyInfo, apply_seal, key_id_of, sign_content


class Signer:
    def __init__(self) -> None:
        self.private = Ed25519PrivateKey.generate()
        raw = self.private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.key_id = key_id_of(raw)
        self.info = PublicKeyInfo(self.key_id, raw, "test-workstation")

    def sign(self, message: bytes) -> bytes:
        return self.private.sign(message)

    @property
    def keys(self) -> dict[str, PublicKeyInfo]:
        return {self.key_id: self.info}

    def issue(self, data: Any, *, reprint: bool = False) -> bytes:
        """What ``issue_document`` does once number and time are set: sign, render, seal."""
        signed = sign_content(data, self.key_id, self.sign).data
        return apply_seal(build_document(signed, reprint=reprint), self.key_id, self.sign)

    def signed(self, data: Any) -> Any:
        return sign_content(data, self.key_id, self.sign).data


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(BytesIO(pdf)).pages]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def with_issue(data: Any, **changes: Any) -> Any:
    return dataclasses.replace(data, issue=dataclasses.replace(data.issue, **changes))
