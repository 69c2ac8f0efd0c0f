"""Registering, revoking and listing authorisations (授权书)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from query_world import PDF, PERSON, THIRD, TODAY, build_world, grant_for
from sqlalchemy import select

from app.db.models import Attachment, AuditEvent
from app.domain.enums import GrantMethod, IdDocType, Role
from app.domain.errors import CreditDeskError, PermissionDenied, ValidationFailed
from app.services.attachments import Upload
from app.services.grants import (
    GrantInput,
    get_grant,
    grant_document,
    list_grants,
    register_grant,
    revoke_grant,
)


@pytest.fixture
def world(db, staff):
    return build_world(db, "weihai")


def _input(world, **kw) -> GrantInput:
    args = {
        "grantor_subject_id": world.company_id,
        "grantee_doc_type": IdDocType.RESIDENT_ID,
        "grantee_doc_number": THIRD,
        "grantee_name": "李四",
        "scope": ["dishonest", "XK001"],
        "purpose": "办理银行贷款",
        "valid_from": TODAY,
        "valid_to": TODAY + timedelta(days=90),
        "document": Upload(PDF, "授权书.pdf"),
        **kw,
    }
    return GrantInput(**args)


def test_given_a_written_grant_then_it_is_stored_with_its_document(world, staff) -> None:
    clerk = staff[Role.CLERK]
    row = register_grant(world.db, _input(world), actor=clerk, today=TODAY)
    assert row.state == "valid" and row.state_label == "有效"
    assert row.scope_labels == ("失信信息", "行政许可信息（XK001）")
    assert row.grantee_display_number == "110105********002X"
    assert row.document is not None and row.document.media_type == "application/pdf"
    info, content = grant_document(world.db, row.id, actor=clerk)
    assert content == PDF and info.sha256 == row.document.sha256
    with world.db.uow() as uow:
        assert uow.session.scalar(select(Attachment.display_name)) == "授权书.pdf"
        event = uow.session.scalar(
            select(AuditEvent).where(AuditEvent.action == "grant.registered")
        )
        assert event is not None and event.entity_id == str(row.id)


@pytest.mark.parametrize(
    ("kw", "field", "fragment"),
    [
        ({"valid_to": TODAY - timedelta(days=1)}, "valid_to", "早于起始日"),
        ({"valid_to": TODAY + timedelta(days=366)}, "valid_to", "超过本系统允许的 366 天"),
        (
            {"valid_from": TODAY - timedelta(days=40), "valid_to": TODAY - timedelta(days=1)},
            "valid_to",
            "已于 2026-11-24 届满",
        ),
        ({"scope": []}, "scope", "授权范围不能为空"),
        ({"scope": ["ZZ999"]}, "scope", "ZZ999 不在公共信用信息目录中"),
        ({"purpose": " "}, "purpose", "约定的查询用途不能为空"),
        ({"document": None}, "document", "须附授权书扫描件"),
        ({"document": Upload(b"GIF89a", "授权书.gif")}, "file", "不是 PDF、JPEG、PNG"),
        ({"grantee_doc_number": "110105194912310021"}, "grantee_doc_number", "校验码应为 X"),
        (
            {"grantee_doc_number": PERSON, "grantor_subject_id": None},
            "grantee_doc_number",
            "被授权人就是信息主体本人",
        ),
        (
            {"method": GrantMethod.SMS, "document": None, "sms_reference": "SMS-1"},
            "method",
            "不接受“短信验证授权”",
        ),
    ],
    ids=[
        "reversed",
        "too-long",
        "expired",
        "scope-empty",
        "scope-unknown",
        "no-purpose",
        "no-document",
        "gif",
        "check-digit",
        "grantee-is-grantor",
        "weihai-art22-no-sms",
    ],
)
def test_given_a_faulty_grant_then_the_field_is_named(world, staff, kw, field, fragment) -> None:
    if kw.get("grantor_subject_id", 0) is None:
        kw = {**kw, "grantor_subject_id": world.person_id}
    with pytest.raises(ValidationFailed) as caught:
        register_grant(world.db, _input(world, **kw), actor=staff[Role.CLERK], today=TODAY)
    assert any(fragment in m for m in caught.value.field_errors[field]), caught.value.field_errors
    with world.db.uow() as uow:
        assert uow.session.scalar(select(Attachment.id)) is None


def test_one_year_is_the_longest_validity(world, staff) -> None:
    row = register_grant(
        world.db,
        _input(world, valid_to=TODAY + timedelta(days=365)),
        actor=staff[Role.CLERK],
        today=TODAY,
    )
    assert (row.valid_to - row.valid_from).days == 365


def test_sms_verified_grants_only_where_the_profile_allows_nantong_art22(db, staff) -> None:
    world = build_world(db, "nantong")
    row = register_grant(
        db,
        _input(world, method=GrantMethod.SMS, document=None, sms_reference="DX20261125001"),
        actor=staff[Role.CLERK],
        today=TODAY,
    )
    assert row.method is GrantMethod.SMS and row.extra == {"sms_reference": "DX20261125001"}
    with pytest.raises(ValidationFailed, match="短信验证记录编号"):
        register_grant(
            db,
            _input(world, method=GrantMethod.SMS, document=None),
            actor=staff[Role.CLERK],
            today=TODAY,
        )


def test_revoke_and_list(world, staff) -> None:
    clerk = staff[Role.CLERK]
    first = grant_for(world, clerk)
    second = grant_for(world, clerk, valid_from=TODAY + timedelta(days=5))
    revoked = revoke_grant(world.db, first, "信息主体书面撤回", actor=clerk, today=TODAY)
    assert revoked.state == "revoked" and revoked.revoked_reason == "信息主体书面撤回"
    with pytest.raises(CreditDeskError, match="已于"):
        revoke_grant(world.db, first, "again", actor=clerk)
    with pytest.raises(ValidationFailed, match="撤销原因不能为空"):
        revoke_grant(world.db, second, "  ", actor=clerk)
    rows = list_grants(world.db, world.company_id, actor=clerk, today=TODAY)
    assert [(r.id, r.state) for r in rows] == [(second, "not_yet_valid"), (first, "revoked")]
    assert list_grants(world.db, world.company_id, actor=clerk, today=TODAY, only_valid=True) == []
    assert (
        get_grant(world.db, second, actor=clerk, today=TODAY + timedelta(days=5)).state == "valid"
    )


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.ADMIN])
def test_only_window_staff_handle_grants(world, staff, role) -> None:
    with pytest.raises(PermissionDenied):
        register_grant(world.db, _input(world), actor=staff[role], today=TODAY)
    with pytest.raises(PermissionDenied):
        list_grants(world.db, world.company_id, actor=staff[role])
    register_grant(world.db, _input(world), actor=staff[Role.SUPERVISOR], today=TODAY)
