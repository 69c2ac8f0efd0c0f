"""Verification of issued documents: canonical content, QR payload, file seal, offline check.

What "genuine and unaltered" means for a CreditDesk PDF (``verify_pdf`` checks all of it):

1. **Content** — the document's data (``reports.dto.to_payload``) serialised canonically
   (JSON, keys sorted, no whitespace, UTF-8) is embedded in the PDF as
   ``creditdesk-content.json``; its SHA-256 is the document's digest.
2. **Signature (the QR)** — page 1 carries ``CDR1|number|YYYYMMDD|sha256|key_id|signature``:
   an Ed25519 signature, by the issuing workstation's key, over ``CDR1|number|date|sha256|
   key_id``. The same text is embedded as ``creditdesk-verification.json``. A paper copy is
   checked by scanning the QR (signature + the issued-document record, ``verify_by_number``).
3. **File seal** — the file's last line is ``%CreditDesk-Seal CDS1 <key_id> <signature>``: an
   Ed25519 signature over ``CDS1|key_id|SHA-256 of every byte before that line``. Any change of
   any byte before it (text, fonts, QR drawing, embedded content, metadata) or of the seal
   itself fails. Re-saving the file in another program breaks the seal: such a file is not the
   file that was issued, even if it looks the same; the original or a 补打 copy is needed.
4. **Visible text** — every value of the content (names, codes, document numbers, dates, as
   printed) appears in the text of the pages, and every page carries the document number and
   "第 x 页 共 y 页" with the right total. With an intact seal this cannot fail; it states
   what the reader sees is what was signed, and names what differs in a file that fails.

A document is verified only when all checks pass and the keys are known and were not revoked
before the document was issued. Offline, the keys come from ``creditdesk report export-keys``
(``keys_to_json`` / ``load_public_keys``); in the app, from the database.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from io import BytesIO
from typing import Any, NamedTuple

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from reports import styles as st
from reports.documents import CONTENT_FILE, VERIFICATION_FILE, page_setup_for, printed_values
from reports.dto import from_payload
from reports.template import running_texts

QR_PREFIX = "CDR1"
SEAL_PREFIX = "CDS1"
SEAL_MARKER = b"%CreditDesk-Seal "
KEYS_FORMAT = "creditdesk.signing-keys/1"

_HEX64 = re.compile(r"^[0-9a-f]{64}$")
_KEY_ID = re.compile(r"^[0-9a-f]{16}$")
_WS = re.compile(r"\s+")

# --- canonical content ----------------------------------------------------------------------------


def canonical_json(payload: Mapping[str, Any]) -> bytes:
    """The canonical bytes of a payload: what is hashed, signed and embedded."""
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )


def content_sha256(payload: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical_json(payload)).hexdigest()


def key_id_of(public_key: bytes) -> str:
    """A key's id: the first 16 hex digits of the SHA-256 of its raw 32-byte public key."""
    return hashlib.sha256(public_key).hexdigest()[:16]


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


# --- the QR payload -------------------------------------------------------------------------------


@dataclass(frozen=True)
class QrPayload:
    number: str
    issued_on: date
    sha256: str
    key_id: str
    signature: bytes

    @property
    def message(self) -> str:
        return qr_message(self.number, self.issued_on, self.sha256, self.key_id)

    @property
    def text(self) -> str:
        return encode_qr(self.message, self.signature)


def qr_message(number: str, issued_on: date, sha256: str, key_id: str) -> str:
    """What the issuing key signs: ``CDR1|number|YYYYMMDD|sha256|key_id``."""
    return "|".join([QR_PREFIX, number, issued_on.strftime("%Y%m%d"), sha256, key_id])


def encode_qr(message: str, signature: bytes) -> str:
    return f"{message}|{b64url(signature)}"


def parse_qr(text: str) -> QrPayload:
    """The fields of a scanned QR text; ``ValueError`` (in Chinese) when it is not ours."""
    parts = text.strip().split("|")
    if len(parts) != 6 or parts[0] != QR_PREFIX:
        raise ValueError("不是本系统出具文书的核验码")
    _, number, day, sha, key_id, sig = parts
    try:
        issued_on = datetime.strptime(day, "%Y%m%d").date()
        signature = b64url_decode(sig)
    except (ValueError, binascii.Error) as exc:
        raise ValueError("核验码格式错误") from exc
    if not number or not _HEX64.match(sha) or not _KEY_ID.match(key_id) or len(signature) != 64:
        raise ValueError("核验码格式错误")
    return QrPayload(number, issued_on, sha, key_id, signature)


class SignedContent(NamedTuple):
    data: Any  # the document with its QR text filled in
    payload: dict[str, Any]  # its canonical content (what is embedded and recorded)
    digest: str  # SHA-256 of the canonical content, hex
    signature: bytes  # Ed25519 over the QR message


def sign_content(data: Any, key_id: str, sign: Callable[[bytes], bytes]) -> SignedContent:
    """Sign a document whose number and issue time are filled in (the QR's date is the issue
    date in China time)."""
    from reports.dto import to_payload

    issued_at = data.issue.issued_at
    if not data.issue.number or issued_at is None:
        raise ValueError("a document is signed once it has a number and an issue time")
    payload = to_payload(data)
    digest = content_sha256(payload)
    message = qr_message(data.issue.number, st.local_date(issued_at), digest, key_id)
    signature = sign(message.encode("utf-8"))
    issue = dataclasses.replace(data.issue, qr_payload=encode_qr(message, signature))
    return SignedContent(dataclasses.replace(data, issue=issue), payload, digest, signature)


# --- public keys ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicKeyInfo:
    key_id: str
    public_key: bytes  # raw 32 bytes
    workstation: str = ""
    created_at: datetime | None = None
    revoked_at: datetime | None = None

    def verifies(self, signature: bytes, message: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.public_key).verify(signature, message)
        except (InvalidSignature, ValueError):
            return False
        return True

    def valid_at(self, moment: datetime | None) -> bool:
        return self.revoked_at is None or (moment is not None and moment < self.revoked_at)


def keys_to_json(keys: Iterable[PublicKeyInfo], *, exported_at: datetime, issuer: str) -> bytes:
    """The public-key bundle handed to third parties (JSON, with PEM for other tools)."""
    from cryptography.hazmat.primitives import serialization

    items = []
    for key in sorted(keys, key=lambda k: k.key_id):
        pem = (
            Ed25519PublicKey.from_public_bytes(key.public_key)
            .public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            .decode("ascii")
        )
        items.append(
            {
                "key_id": key.key_id,
                "algorithm": "Ed25519",
                "public_key": base64.b64encode(key.public_key).decode("ascii"),
                "public_key_pem": pem,
                "workstation": key.workstation,
                "created_at": _iso(key.created_at),
                "revoked_at": _iso(key.revoked_at),
            }
        )
    bundle = {
        "format": KEYS_FORMAT,
        "issuer": issuer,
        "exported_at": _iso(exported_at),
        "how_to_verify": "creditdesk report verify 报告.pdf --keys 本文件",
        "keys": items,
    }
    return json.dumps(bundle, ensure_ascii=False, indent=2).encode("utf-8")


def load_public_keys(data: bytes) -> dict[str, PublicKeyInfo]:
    """Read a bundle made by ``keys_to_json``; ``ValueError`` when it is not one."""
    try:
        bundle = json.loads(data.decode("utf-8"))
        if bundle.get("format") != KEYS_FORMAT:
            raise ValueError
        keys = {}
        for item in bundle["keys"]:
            raw = base64.b64decode(item["public_key"], validate=True)
            if len(raw) != 32 or key_id_of(raw) != item["key_id"]:
                raise ValueError
            keys[item["key_id"]] = PublicKeyInfo(
                item["key_id"],
                raw,
                item.get("workstation", ""),
                _parse_iso(item.get("created_at")),
                _parse_iso(item.get("revoked_at")),
            )
    except (ValueError, KeyError, TypeError, AttributeError, binascii.Error) as exc:
        raise ValueError("不是本系统导出的公钥文件") from exc
    return keys


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()


def _parse_iso(value: str | None) -> datetime | None:
    return None if not value else datetime.fromisoformat(value)


# --- the file seal --------------------------------------------------------------------------------


def seal_message(prefix: bytes, key_id: str) -> bytes:
    return f"{SEAL_PREFIX}|{key_id}|{hashlib.sha256(prefix).hexdigest()}".encode("ascii")


def apply_seal(pdf: bytes, key_id: str, sign: Callable[[bytes], bytes]) -> bytes:
    """Append the seal line after ``%%EOF`` (a PDF comment: viewers and printers ignore it)."""
    if not pdf.endswith(b"\n"):
        pdf += b"\n"
    signature = sign(seal_message(pdf, key_id))
    return pdf + SEAL_MARKER + f"{SEAL_PREFIX} {key_id} {b64url(signature)}\n".encode("ascii")


def read_seal(pdf: bytes) -> tuple[bytes, str, bytes] | None:
    """(sealed prefix, key id, signature), or None when the file carries no well-formed seal."""
    at = pdf.rfind(SEAL_MARKER)
    if at < 0:
        return None
    line = pdf[at + len(SEAL_MARKER) :]
    match = re.fullmatch(rb"CDS1 ([0-9a-f]{16}) ([A-Za-z0-9_-]{86})\n", line)
    if match is None:
        return None
    return pdf[:at], match.group(1).decode(), b64url_decode(match.group(2).decode())


# --- verification ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    name: str  # Chinese: what was checked
    ok: bool
    detail: str = ""


@dataclass(frozen=True)
class VerificationResult:
    ok: bool
    checks: tuple[Check, ...]
    number: str | None = None
    doc_type: str | None = None
    doc_title: str | None = None
    issued_at: datetime | None = None
    issuer: str | None = None
    subject_name: str | None = None
    key_id: str | None = None
    workstation: str | None = None
    reprint: bool = False
    pages: int = 0
    payload: dict[str, Any] | None = None

    @property
    def problems(self) -> list[str]:
        return [f"{c.name}：{c.detail}" for c in self.checks if not c.ok]

    @property
    def summary(self) -> str:
        if self.ok:
            kind = "（补打件）" if self.reprint else ""
            title = self.doc_title or "文书"
            return f"核验通过：{title} {self.number}{kind} 为本系统出具，内容未被改动。"
        return "核验未通过：" + "；".join(self.problems)

    def as_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "summary": self.summary,
            "number": self.number,
            "doc_type": self.doc_type,
            "doc_title": self.doc_title,
            "issued_at": _iso(self.issued_at),
            "issuer": self.issuer,
            "subject_name": self.subject_name,
            "key_id": self.key_id,
            "workstation": self.workstation,
            "reprint": self.reprint,
            "pages": self.pages,
            "checks": [dataclasses.asdict(c) for c in self.checks],
        }


CHECK_SEAL = "电子封印（文件逐字节未改动）"
CHECK_CONTENT = "内容摘要"
CHECK_SIGNATURE = "出具签名"
CHECK_KEY = "签名密钥"
CHECK_TEXT = "页面文字与签名内容一致"


def verify_pdf(pdf: bytes, public_keys: Mapping[str, PublicKeyInfo]) -> VerificationResult:
    """Check a PDF issued by CreditDesk offline (see the module docstring for what is checked)."""
    checks: list[Check] = []
    info: dict[str, Any] = {}

    seal = read_seal(pdf)
    if seal is None:
        checks.append(
            Check(
                CHECK_SEAL, False, "文件末尾没有完整的电子封印（文件被改动、另存或不是本系统出具）"
            )
        )
    else:
        prefix, seal_key_id, seal_sig = seal
        key = public_keys.get(seal_key_id)
        if key is None:
            checks.append(Check(CHECK_SEAL, False, f"封印密钥 {seal_key_id} 不在公钥清单中"))
        elif not key.verifies(seal_sig, seal_message(prefix, seal_key_id)):
            checks.append(Check(CHECK_SEAL, False, "封印与文件内容不符（文件在出具后被改动）"))
        else:
            checks.append(Check(CHECK_SEAL, True, f"封印密钥 {seal_key_id}"))

    try:
        pages_text, files = _read_pdf(pdf)
    except Exception as exc:  # a damaged file is a failed verification, never a crash
        checks.append(Check(CHECK_CONTENT, False, f"无法读取 PDF（{type(exc).__name__}）"))
        return VerificationResult(False, tuple(checks))
    info["pages"] = len(pages_text)

    content = files.get(CONTENT_FILE)
    verification = files.get(VERIFICATION_FILE)
    if content is None or verification is None:
        checks.append(Check(CHECK_CONTENT, False, "PDF 中没有内嵌的签名内容"))
        return VerificationResult(False, tuple(checks), pages=info["pages"])
    try:
        payload = json.loads(content.decode("utf-8"))
        meta = json.loads(verification.decode("utf-8"))
        qr = parse_qr(str(meta["qr"]))
        data = from_payload(payload)
    except Exception as exc:  # malformed embedded data
        checks.append(Check(CHECK_CONTENT, False, f"内嵌内容无法解析（{type(exc).__name__}）"))
        return VerificationResult(False, tuple(checks), pages=info["pages"])

    issued_at = data.issue.issued_at
    info.update(
        number=data.issue.number,
        doc_type=payload.get("doc_type"),
        doc_title=data.doc_type.label,
        issued_at=issued_at,
        issuer=data.issue.center_name,
        subject_name=data.subject.name,
        key_id=qr.key_id,
        reprint=bool(meta.get("reprint")),
        payload=payload,
    )

    digest = hashlib.sha256(content).hexdigest()
    if content != canonical_json(payload):
        checks.append(Check(CHECK_CONTENT, False, "内嵌内容不是规范格式（被改写）"))
    elif digest != qr.sha256:
        checks.append(Check(CHECK_CONTENT, False, "内容摘要与二维码中的摘要不符（内容被改动）"))
    elif (
        qr.number != data.issue.number
        or issued_at is None
        or qr.issued_on != st.local_date(issued_at)
    ):
        checks.append(Check(CHECK_CONTENT, False, "二维码中的编号或日期与内容不符"))
    else:
        checks.append(Check(CHECK_CONTENT, True, f"SHA-256 {digest}"))

    key = public_keys.get(qr.key_id)
    if key is None:
        checks.append(Check(CHECK_KEY, False, f"签名密钥 {qr.key_id} 不在公钥清单中"))
        checks.append(Check(CHECK_SIGNATURE, False, "无法验证：缺少公钥"))
    else:
        info["workstation"] = key.workstation
        if key.valid_at(issued_at):
            checks.append(Check(CHECK_KEY, True, f"{qr.key_id}（{key.workstation}）"))
        else:
            checks.append(
                Check(
                    CHECK_KEY,
                    False,
                    f"密钥 {qr.key_id} 已于 {st.fmt_datetime(key.revoked_at)} 停用，早于出具时间",
                )
            )
        if key.verifies(qr.signature, qr.message.encode("utf-8")):
            checks.append(Check(CHECK_SIGNATURE, True, "Ed25519 签名有效"))
        else:
            checks.append(
                Check(
                    CHECK_SIGNATURE, False, "签名无效（编号、日期或摘要被改动，或签名不属于该密钥）"
                )
            )

    checks.append(_check_text(data, pages_text, reprint=info["reprint"]))
    ok = all(c.ok for c in checks) and any(c.name == CHECK_SEAL for c in checks)
    return VerificationResult(ok, tuple(checks), **info)


def _read_pdf(pdf: bytes) -> tuple[list[str], dict[str, bytes]]:
    from pypdf import PdfReader

    reader = PdfReader(BytesIO(pdf), strict=False)
    files: dict[str, bytes] = {}
    for name, contents in reader.attachments.items():
        if len(contents) != 1:
            raise ValueError(f"duplicate attachment {name}")
        files[name] = contents[0]
    return [page.extract_text() or "" for page in reader.pages], files


def _squash(text: str) -> str:
    return _WS.sub("", text)


def _check_text(data: Any, pages_text: list[str], *, reprint: bool) -> Check:
    total = len(pages_text)
    setup = page_setup_for(data, reprint=reprint)
    body = []
    for index, text in enumerate(pages_text, start=1):
        page = _squash(text)
        for running in reversed(running_texts(setup, index, total)):
            tail = _squash(st.printable(running))
            if not page.endswith(tail):
                return Check(
                    CHECK_TEXT,
                    False,
                    f"第 {index} 页的页眉页脚（编号、页码“第 {index} 页 共 {total} 页”）与内容不符",
                )
            page = page[: -len(tail)] if tail else page
        body.append(page)
    text = "".join(body)
    for label, alternatives in printed_values(data):
        if not any(_squash(st.printable(a)) in text for a in alternatives):
            return Check(CHECK_TEXT, False, f"页面中找不到“{label}”的内容“{alternatives[0]}”")
    return Check(CHECK_TEXT, True, f"{total} 页")


__all__ = [
    "CONTENT_FILE",
    "VERIFICATION_FILE",
    "Check",
    "PublicKeyInfo",
    "QrPayload",
    "VerificationResult",
    "apply_seal",
    "canonical_json",
    "content_sha256",
    "encode_qr",
    "key_id_of",
    "keys_to_json",
    "load_public_keys",
    "parse_qr",
    "qr_message",
    "read_seal",
    "verify_pdf",
]
