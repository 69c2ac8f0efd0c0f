"""Issuing, reprinting and verifying documents through the services, on SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import json
import re
import threading
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select, update

from app.cli import main as cli
from app.db.models import AuditEvent, DocumentReprint, IssuedDocument
from app.domain.enums import DocumentType, Role
from app.domain.errors import CreditDeskError, NeedsConfirmation, PermissionDenied
from app.services import documents, signing
from app.services.database import Database
from app.services.settings import SettingKey, save_settings
from reports import samples
from reports.dto import IssueInfo
from reports.verify import verify_pdf

NOW = datetime(2026, 11, 24, 2, 31, 5, tzinfo=UTC)
CENTER = "威海市公共信用信息中心"


def _text(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages))


@pytest.fixture
def configured(db: Database, staff):
    save_settings(
        db,
        {SettingKey.JURISDICTION_PROFILE: "weihai", SettingKey.CENTER_NAME: CENTER},
        actor=staff[Role.ADMIN],
    )
    return staff


def _draft(data):
    """What the caller hands in: the issue block is filled by the service."""
    return dataclasses.replace(data, issue=IssueInfo(center_name=""))


def _issue(db, staff, data=None, **kw):
    data = data or samples.person_report()
    return documents.issue_document(
        db,
        doc_type=data.doc_type,
        payload_dto=_draft(data),
        actor=staff[Role.CLERK],
        now=kw.pop("now", NOW),
        **kw,
    )


def test_issue_numbers_signs_records_and_audits(db: Database, configured) -> None:
    result = _issue(db, configured, workstation="WIN-CHUANGKOU-01")
    assert result.number == "3710002026000001"
    assert result.doc_type is DocumentType.CREDIT_REPORT
    assert result.warnings == ()
    text = _text(result.pdf_bytes)
    assert "报告编号：3710002026000001" in text and "出具人员工号C001" in text
    assert CENTER in text

    with db.uow() as uow:
        row = uow.session.scalar(
            select(IssuedDocument).where(IssuedDocument.number == result.number)
        )
        assert row is not None
        assert row.doc_type is DocumentType.CREDIT_REPORT
        assert row.content_sha256 == result.sha256 and row.key_id == result.key_id
        assert row.issued_by_user_id == configured[Role.CLERK].user_id
        assert row.issued_at == NOW and row.signature
        assert row.payload["data"]["subject"]["code"] == "370102********123X"
        event = uow.session.scalar(select(AuditEvent).where(AuditEvent.action == "document.issued"))
        assert event is not None and event.entity_id == result.number
        assert event.details["sha256"] == result.sha256
        assert event.details["workstation"] == "WIN-CHUANGKOU-01"

    keys = signing.load_public_keys(db)
    verified = verify_pdf(result.pdf_bytes, keys)
    assert verified.ok, verified.summary
    assert verified.workstation == "WIN-CHUANGKOU-01"


def test_numbers_are_gap_free_and_a_failed_issue_returns_its_number(
    db: Database, configured, monkeypatch
) -> None:
    assert _issue(db, configured).number.endswith("000001")
    assert _issue(db, configured).number.endswith("000002")

    def broken(*_args, **_kwargs):
        raise RuntimeError("printer driver exploded")

    monkeypatch.setattr(documents, "build_document", broken)
    with pytest.raises(RuntimeError):
        _issue(db, configured)
    monkeypatch.undo()
    assert _issue(db, configured).number.endswith("000003")
    with db.uow() as uow:
        numbers = uow.session.scalars(select(IssuedDocument.number)).all()
    assert sorted(numbers) == [f"3710002026{n:06d}" for n in (1, 2, 3)]


def test_each_letter_is_issued_with_its_own_series(db: Database, configured) -> None:
    for name, data in samples.letters().items():
        if name == "commitment_blank":
            continue
        result = _issue(db, configured, data)
        assert re.fullmatch(r"[A-Z]{2}3710002026000001", result.number), result.number
        assert verify_pdf(result.pdf_bytes, signing.load_public_keys(db)).ok


def test_permissions_first(db: Database, configured) -> None:
    data = _draft(samples.person_report())
    for role in (Role.ADMIN, Role.AUDITOR):
        with pytest.raises(PermissionDenied):
            documents.issue_document(
                db, doc_type=DocumentType.CREDIT_REPORT, payload_dto=data, actor=configured[role]
            )
    result = _issue(db, configured)
    with pytest.raises(PermissionDenied):
        documents.reprint(db, result.number, actor=configured[Role.AUDITOR])
    with pytest.raises(PermissionDenied):
        documents.verify_by_number(db, result.number, actor=configured[Role.ADMIN])
    assert documents.verify_by_number(db, result.number, actor=configured[Role.AUDITOR]).ok


def test_type_must_match_the_content(db: Database, configured) -> None:
    with pytest.raises(CreditDeskError) as err:
        documents.issue_document(
            db,
            doc_type=DocumentType.REPAIR_DECISION,
            payload_dto=_draft(samples.person_report()),
            actor=configured[Role.CLERK],
        )
    assert err.value.msg_id == "documents.type_mismatch"


def test_unconfigured_installation_cannot_issue(db: Database, staff) -> None:
    with pytest.raises(CreditDeskError) as err:
        _issue(db, staff)
    assert err.value.msg_id == "settings.not_configured"


def test_missing_glyphs_need_confirmation_then_are_reported(db: Database, configured) -> None:
    data = samples.person_report()
    rare = dataclasses.replace(data, subject=dataclasses.replace(data.subject, name="王䶮"))
    with pytest.raises(NeedsConfirmation) as err:
        _issue(db, configured, rare)
    assert err.value.key == documents.MISSING_GLYPHS
    assert "U+4DAE" in err.value.text and "subject.name" in err.value.text
    with db.uow() as uow:  # nothing issued, no number taken
        assert uow.session.scalars(select(IssuedDocument)).all() == []

    result = _issue(db, configured, rare, confirmed={documents.MISSING_GLYPHS})
    assert result.number.endswith("000001")
    assert [m.codepoint for m in result.missing_characters] == ["U+4DAE"]
    assert result.warnings and "U+4DAE" in result.warnings[0]
    assert "王〓" in _text(result.pdf_bytes) and "缺字说明" in _text(result.pdf_bytes)
    with db.uow() as uow:
        row = uow.session.scalar(select(IssuedDocument))
        assert row.payload["data"]["subject"]["name"] == "王䶮"


def test_reprint_same_number_marked_and_logged(db: Database, configured) -> None:
    original = _issue(db, configured)
    later = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    again = documents.reprint(
        db, original.number, actor=configured[Role.SUPERVISOR], copies=2, now=later
    )
    assert again.number == original.number and again.reprint
    assert again.sha256 == original.sha256
    assert again.file_name.endswith("-补打.pdf")
    text = _text(again.pdf_bytes)
    assert "补打" in text and "补打时间2026-11-3016:00" in text

    # same QR as the original
    def qr(pdf: bytes) -> str:
        return json.loads(PdfReader(BytesIO(pdf)).attachments["creditdesk-verification.json"][0])[
            "qr"
        ]

    assert qr(again.pdf_bytes) == qr(original.pdf_bytes)
    verified = verify_pdf(again.pdf_bytes, signing.load_public_keys(db))
    assert verified.ok and verified.reprint
    with db.uow() as uow:
        row = uow.session.scalar(select(IssuedDocument))
        assert row.reprint_count == 1
        reprint = uow.session.scalar(select(DocumentReprint))
        assert reprint.document_id == row.id and reprint.copies == 2
        assert reprint.reprinted_by_user_id == configured[Role.SUPERVISOR].user_id
        assert (
            uow.session.scalar(select(AuditEvent).where(AuditEvent.action == "document.reprinted"))
            is not None
        )
    check = documents.verify_by_number(db, original.number, actor=configured[Role.CLERK])
    assert len(check.reprints) == 1


def test_reprint_refuses_an_altered_archive(db: Database, configured) -> None:
    result = _issue(db, configured)
    with db.uow() as uow:
        row = uow.session.scalar(select(IssuedDocument))
        payload = json.loads(json.dumps(row.payload))
        payload["data"]["purpose"] = "其他用途"
        uow.session.execute(update(IssuedDocument).values(payload=payload))
        uow.commit()
    with pytest.raises(CreditDeskError) as err:
        documents.reprint(db, result.number, actor=configured[Role.CLERK])
    assert err.value.msg_id == "documents.payload_altered"
    check = documents.verify_by_number(db, result.number, actor=configured[Role.CLERK])
    assert check.found and not check.ok and "存档内容" in check.summary


def test_verify_by_number_scanned_qr_and_unknown(db: Database, configured) -> None:
    result = _issue(db, configured)
    clerk = configured[Role.CLERK]
    check = documents.verify_by_number(db, result.number, actor=clerk)
    assert check.ok and check.found
    assert check.subject_name == "王小明" and check.clerk_staff_no == "C001"
    assert check.issuer == CENTER and check.doc_type is DocumentType.CREDIT_REPORT

    qr = json.loads(
        PdfReader(BytesIO(result.pdf_bytes)).attachments["creditdesk-verification.json"][0]
    )["qr"]
    assert documents.verify_scanned(db, qr, actor=clerk).ok
    assert documents.verify_scanned(db, f"  {result.number} ", actor=clerk).ok
    forged = qr.replace(result.sha256, "0" * 64)
    scanned = documents.verify_scanned(db, forged, actor=clerk)
    assert not scanned.ok and "二维码" in scanned.summary

    unknown = documents.verify_by_number(db, "3710002026999999", actor=clerk)
    assert not unknown.found and not unknown.ok and "不是本中心出具" in unknown.summary
    with pytest.raises(CreditDeskError):
        documents.verify_scanned(db, "CDR1|garbage", actor=clerk)


def test_verify_file_uses_the_database_keys(db: Database, configured) -> None:
    result = _issue(db, configured)
    checked, record = documents.verify_file(db, result.pdf_bytes, actor=configured[Role.CLERK])
    assert checked.ok and record is not None and record.ok
    damaged = bytearray(result.pdf_bytes)
    damaged[len(damaged) // 3] ^= 0x20
    checked, _ = documents.verify_file(db, bytes(damaged), actor=configured[Role.CLERK])
    assert not checked.ok


def test_blank_commitment_form(db: Database, configured) -> None:
    pdf = documents.blank_commitment_form(db, actor=configured[Role.CLERK])
    assert "信用承诺书（信用修复）" in _text(pdf) and CENTER in _text(pdf)
    with db.uow() as uow:
        assert uow.session.scalars(select(IssuedDocument)).all() == []


def test_concurrent_clerks_issue_distinct_consecutive_numbers(db: Database, configured) -> None:
    signing.ensure_workstation_key(db, actor=configured[Role.ADMIN], workstation="shared")
    numbers: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work() -> None:
        try:
            for _ in range(3):
                r = documents.issue_document(
                    db,
                    doc_type=DocumentType.OBJECTION_RECEIPT,
                    payload_dto=_draft(samples.letters()["objection_receipt"]),
                    actor=configured[Role.CLERK],
                    workstation="shared",
                    now=NOW,
                )
                with lock:
                    numbers.append(r.number)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert sorted(numbers) == [f"SL3710002026{n:06d}" for n in range(1, 13)]


# --- the command line -----------------------------------------------------------------------------


def test_cli_verify_offline_with_exported_keys(
    db: Database, db_url: str, configured, tmp_path: Path, capsys
) -> None:
    result = _issue(db, configured)
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(result.pdf_bytes)
    keys = tmp_path / "keys.json"
    assert cli(["report", "export-keys", "--db", db_url, "-o", str(keys)]) == 0
    capsys.readouterr()
    assert cli(["report", "verify", str(pdf), "--keys", str(keys)]) == 0
    assert "核验通过" in capsys.readouterr().out
    damaged = tmp_path / "damaged.pdf"
    data = bytearray(result.pdf_bytes)
    data[1000] ^= 0x01
    damaged.write_bytes(bytes(data))
    assert cli(["report", "verify", str(damaged), "--keys", str(keys), "--json"]) == 1
    failed = json.loads(capsys.readouterr().out)
    assert not failed["ok"] and failed["checks"][0]["ok"] is False
    assert cli(["report", "verify", str(pdf), "--db", db_url, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] and report["number"] == result.number


def test_cli_check_and_reprint(
    db: Database, db_url: str, configured, tmp_path: Path, capsys
) -> None:
    result = _issue(db, configured)
    url = db_url
    assert cli(["report", "check", result.number, "--clerk", "clerk", "--db", url]) == 0
    assert "核验通过" in capsys.readouterr().out
    out = tmp_path / "again.pdf"
    assert (
        cli(["report", "reprint", result.number, "--clerk", "clerk", "--db", url, "-o", str(out)])
        == 0
    )
    assert "补打" in _text(out.read_bytes())
