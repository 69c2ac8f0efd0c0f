"""Verification: an untouched file passes; any changed byte, content or signature fails."""

from __future__ import annotations

import base64
import dataclasses
import json
import random
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from doc_helpers import Signer, with_issue

from reports import samples
from reports import template as tp
from reports.documents import CONTENT_FILE, VERIFICATION_FILE, build_document, with_attachments
from reports.dto import from_payload, to_payload
from reports.verify import (
    SEAL_MARKER,
    PublicKeyInfo,
    apply_seal,
    canonical_json,
    encode_qr,
    keys_to_json,
    load_public_keys,
    parse_qr,
    qr_message,
    read_seal,
    verify_pdf,
)


@pytest.fixture(scope="module")
def issued(signer: Signer) -> bytes:
    return signer.issue(samples.person_report())


def test_untouched_file_passes(issued: bytes, signer: Signer) -> None:
    result = verify_pdf(issued, signer.keys)
    assert result.ok, result.summary
    assert result.number == "3710002026000123"
    assert result.doc_title == "公共信用信息报告"
    assert result.pages == 3
    assert [c.ok for c in result.checks] == [True] * 5
    assert "核验通过" in result.summary


def test_flipping_any_byte_fails(issued: bytes, signer: Signer) -> None:
    rng = random.Random(8)
    positions = sorted(rng.sample(range(len(issued)), 60))
    positions += [0, len(issued) // 2, len(issued) - 2, len(issued) - 40]
    for pos in positions:
        damaged = bytearray(issued)
        damaged[pos] ^= 0x01
        result = verify_pdf(bytes(damaged), signer.keys)
        assert not result.ok, f"flipping byte {pos} went unnoticed"


def test_changing_the_embedded_content_fails(issued: bytes, signer: Signer) -> None:
    at = issued.index("王小明".encode())  # in the embedded content JSON (uncompressed)
    damaged = issued[:at] + "王大明".encode() + issued[at + len("王小明".encode()) :]
    result = verify_pdf(damaged, signer.keys)
    assert not result.ok


def test_changing_the_signature_fails(issued: bytes, signer: Signer) -> None:
    seal = read_seal(issued)
    assert seal is not None
    # the QR signature inside the embedded verification file
    qr_at = issued.index(b"CDR1|")
    end = issued.index(b'"', qr_at)
    qr = issued[qr_at:end].decode()
    sig = qr.rsplit("|", 1)[1]
    forged_sig = ("A" if sig[0] != "A" else "B") + sig[1:]
    forged = issued.replace(sig.encode(), forged_sig.encode())
    assert not verify_pdf(forged, signer.keys).ok
    # the seal's own signature
    line_at = issued.rindex(SEAL_MARKER)
    tail = bytearray(issued[line_at:])
    tail[-5] = ord("A") if tail[-5] != ord("A") else ord("B")
    assert not verify_pdf(issued[:line_at] + bytes(tail), signer.keys).ok


def test_a_removed_or_appended_seal_fails(issued: bytes, signer: Signer) -> None:
    without = issued[: issued.rindex(SEAL_MARKER)]
    result = verify_pdf(without, signer.keys)
    assert not result.ok and "电子封印" in result.summary
    assert not verify_pdf(issued + b"%extra\n", signer.keys).ok


def test_unknown_or_revoked_key_fails(issued: bytes, signer: Signer) -> None:
    assert not verify_pdf(issued, {}).ok
    other = Signer()
    assert not verify_pdf(issued, other.keys).ok
    revoked = dataclasses.replace(
        signer.info, revoked_at=datetime(2026, 11, 1, tzinfo=UTC)
    )  # before the issue date
    result = verify_pdf(issued, {signer.key_id: revoked})
    assert not result.ok and "停用" in result.summary
    later = dataclasses.replace(signer.info, revoked_at=datetime(2027, 1, 1, tzinfo=UTC))
    assert verify_pdf(issued, {signer.key_id: later}).ok


def test_a_resigned_forgery_with_another_key_fails(signer: Signer) -> None:
    forger = Signer()
    data = samples.person_report()
    forged = forger.issue(dataclasses.replace(data, purpose="伪造用途"))
    assert not verify_pdf(forged, signer.keys).ok


def test_visible_text_must_match_the_signed_content(signer: Signer) -> None:
    """Even with valid signatures, a page that says something else than the content fails."""
    shown = samples.person_report()
    signed = signer.signed(dataclasses.replace(shown, purpose="银行贷款审批"))
    # render the *shown* data but embed the *signed* content and QR, then seal properly
    setup = with_attachments(tp.PageSetup(title="x", issuer="x"), signed, False, None)
    from reports.credit_report import page_setup, story

    real_setup = dataclasses.replace(page_setup(signed), attachments=setup.attachments)
    pdf = tp.render(real_setup, story(with_issue(shown, qr_payload=signed.issue.qr_payload)))
    pdf = apply_seal(pdf, signer.key_id, signer.sign)
    result = verify_pdf(pdf, signer.keys)
    assert not result.ok
    failed = [c.name for c in result.checks if not c.ok]
    assert failed == ["页面文字与签名内容一致"], result.summary


def test_embedded_content_is_the_canonical_payload(issued: bytes) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    files = PdfReader(BytesIO(issued)).attachments
    content = files[CONTENT_FILE][0]
    payload = json.loads(content)
    assert content == canonical_json(payload)
    assert from_payload(payload) == samples.person_report()  # the QR text is not content
    meta = json.loads(files[VERIFICATION_FILE][0])
    qr = parse_qr(meta["qr"])
    assert qr.number == "3710002026000123" and qr.issued_on.isoformat() == "2026-11-24"


def test_payload_round_trip_for_every_document() -> None:
    for data in [samples.person_report(), samples.company_report(20), *samples.letters().values()]:
        payload = to_payload(data)
        again = from_payload(json.loads(json.dumps(payload)))
        assert again == data
        assert canonical_json(to_payload(again)) == canonical_json(payload)


def test_qr_text_round_trip_and_rejects() -> None:
    message = qr_message("3710002026000001", datetime(2026, 11, 24).date(), "a" * 64, "0" * 16)
    text = encode_qr(message, b"\x01" * 64)
    assert parse_qr(text).text == text
    assert len(text) < 220
    for bad in ("", "CDR1|x", text.replace("CDR1", "CDR2"), text + "|more", text[:-3]):
        with pytest.raises(ValueError):
            parse_qr(bad)


def test_public_key_bundle_round_trip(signer: Signer) -> None:
    info = dataclasses.replace(
        signer.info, created_at=datetime(2026, 11, 1, tzinfo=UTC), revoked_at=None
    )
    bundle = keys_to_json([info], exported_at=datetime.now(UTC), issuer="威海市公共信用信息中心")
    loaded = load_public_keys(bundle)
    assert loaded[signer.key_id].public_key == signer.info.public_key
    assert "BEGIN PUBLIC KEY" in json.loads(bundle)["keys"][0]["public_key_pem"]
    tampered = json.loads(bundle)
    tampered["keys"][0]["public_key"] = base64.b64encode(Signer().info.public_key).decode()
    with pytest.raises(ValueError):
        load_public_keys(json.dumps(tampered).encode())
    with pytest.raises(ValueError):
        load_public_keys(b"not json")


def test_key_valid_at_issue_time() -> None:
    now = datetime(2026, 11, 24, tzinfo=UTC)
    key = PublicKeyInfo("0" * 16, b"\x00" * 32, revoked_at=now)
    assert key.valid_at(now - timedelta(seconds=1))
    assert not key.valid_at(now)


@pytest.mark.skipif(
    shutil.which("zbarimg") is None or shutil.which("pdftoppm") is None,
    reason="zbar-tools or poppler-utils not installed",
)
def test_the_printed_qr_scans_to_the_embedded_text(issued: bytes, tmp_path: Path) -> None:
    path = tmp_path / "r.pdf"
    path.write_bytes(issued)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-f", "1", "-l", "1", "-png", str(path), str(tmp_path / "p")],
        check=True,
    )
    png = next(tmp_path.glob("p*.png"))
    # Only QR symbols: zbar's 1-D decoders can read stray digits out of table rules and text.
    out = subprocess.run(
        ["zbarimg", "-q", "--raw", "-Sdisable", "-Sqrcode.enable", str(png)],
        capture_output=True,
        text=True,
    )
    scanned = out.stdout.strip()
    assert scanned.startswith("CDR1|3710002026000123|20261124|")
    start = issued.index(b"CDR1|")
    assert scanned == issued[start : issued.index(b'"', start)].decode()


def test_build_is_deterministic_so_reprints_match(signer: Signer) -> None:
    data = signer.signed(samples.person_report())
    assert build_document(data) == build_document(data)
