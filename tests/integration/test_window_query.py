"""Window-service queries (issue 5): who may see what, and every query logged.

Seeds: Weihai arts. 20–23, Zhangdian arts. 21–22, Wuhan arts. 19, 21–23, 28, Nantong
arts. 19–22, Xiamen arts. 10, 17–18. Run on SQLite and, with CREDITDESK_TEST_PG_URL, PostgreSQL.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from query_world import (
    COMPANY,
    GOV_UNIT,
    OTHER,
    PASSPORT,
    PERSON,
    THIRD,
    TODAY,
    add_objection,
    build_world,
    grant_for,
    log_entries,
    org,
    person,
    request,
    shown_labels,
)
from sqlalchemy import select

from app.db.models import AuditEvent, AuthorizationGrant
from app.domain.enums import Audience, IdDocType, InfoClass, QueryMethod, QueryOutcome, Role
from app.domain.errors import InvalidCode, PermissionDenied, ValidationFailed
from app.services.attachments import Upload
from app.services.grants import GrantInput, revoke_grant
from app.services.window_query import (
    QueryRefused,
    RequesterInput,
    preview_disclosure,
    run_query,
)

PUBLIC_COMPANY = {"c_basic_public", "c_licence_public", "c_good_public", "c_dishonest_public"}
AUTHORIZED_COMPANY = PUBLIC_COMPANY | {"c_dishonest_authorized"}
GOVERNMENT_COMPANY = AUTHORIZED_COMPANY | {"c_other_government"}
HIDDEN = {
    "c_hidden_repaired",
    "c_hidden_archived",
    "c_hidden_deleted",
    "c_hidden_revoked",
    "c_hidden_withdrawn",
    "c_hidden_expired",
}


@pytest.fixture
def world(db, staff):
    return build_world(db, "weihai")


@pytest.fixture
def clerk(staff):
    return staff[Role.CLERK]


# --- the audience × grant-state matrix ------------------------------------------------------

GRANT_STATES = [
    "valid",
    "expired",
    "not_yet_valid",
    "wrong_grantee",
    "out_of_scope",
    "revoked",
    "none",
]

REFUSAL = {
    "expired": ("query.grant_expired", "授权已过期（授权 {g} 有效期至 2026-11-20）"),
    "not_yet_valid": ("query.grant_not_yet_valid", "授权尚未生效"),
    "wrong_grantee": ("query.grant_wrong_grantee", "被授权人与查询人不一致"),
    "out_of_scope": ("query.grant_scope", "授权范围不含失信信息"),
    "revoked": ("query.grant_revoked", "授权已撤销"),
    "none": ("query.grant_missing", "未提供授权"),
}


def _grant_in_state(world, clerk, state: str) -> int | None:
    if state == "none":
        return None
    if state == "expired":
        return grant_for(
            world,
            clerk,
            valid_from=TODAY - timedelta(days=60),
            valid_to=TODAY - timedelta(days=5),
            today=TODAY - timedelta(days=30),
        )
    if state == "not_yet_valid":
        return grant_for(world, clerk, valid_from=TODAY + timedelta(days=3))
    if state == "wrong_grantee":
        return grant_for(world, clerk, grantee=OTHER, grantee_name="王五")
    if state == "out_of_scope":
        return grant_for(world, clerk, scope=("good",))
    grant_id = grant_for(world, clerk)
    if state == "revoked":
        revoke_grant(world.db, grant_id, "信息主体书面撤回授权", actor=clerk)
    return grant_id


def _request_for(audience: Audience, grant_id: int | None):
    if audience is Audience.SELF:
        return request(audience, org(), grant_id=grant_id)
    if audience is Audience.GOVERNMENT:
        return request(
            audience,
            org(GOV_UNIT, "某市市场监督管理局", mandate=False),
            purpose="1",
            application_no="济市监函〔2026〕8号",
            grant_id=grant_id,
        )
    classes = frozenset({InfoClass.DISHONEST}) if audience is Audience.AUTHORIZED else None
    return request(audience, person(), grant_id=grant_id, requested_classes=classes)


EXPECTED = {
    Audience.PUBLIC: PUBLIC_COMPANY,
    Audience.SELF: AUTHORIZED_COMPANY,
    Audience.AUTHORIZED: AUTHORIZED_COMPANY
    - {"c_basic_public", "c_licence_public", "c_good_public"},
    Audience.GOVERNMENT: GOVERNMENT_COMPANY,
}


@pytest.mark.parametrize("state", GRANT_STATES)
@pytest.mark.parametrize("audience", list(Audience))
def test_audience_by_grant_state_matrix(world, clerk, audience, state) -> None:
    """Given a grant in ``state``, when the audience queries the company, then only an
    authorised query depends on the grant: refused with the exact reason, and logged."""
    grant_id = _grant_in_state(world, clerk, state)
    req = _request_for(audience, grant_id)
    refused = audience is Audience.AUTHORIZED and state != "valid"
    if refused:
        msg_id, reason = REFUSAL[state]
        with pytest.raises(QueryRefused) as caught:
            run_query(world.db, req, actor=clerk, today=TODAY)
        assert caught.value.msg_id == msg_id
        assert caught.value.text.startswith(reason.format(g=grant_id))
        last = log_entries(world.db)[-1]
        assert last.seq == caught.value.log_seq
        assert last.outcome is QueryOutcome.REFUSED
        assert last.refusal_reason == caught.value.text
        assert last.record_count == 0 and last.categories == []
        assert last.subject_id == world.company_id
        return
    result = run_query(world.db, req, actor=clerk, today=TODAY)
    assert shown_labels(world, result) == EXPECTED[audience]
    assert not shown_labels(world, result) & HIDDEN
    last = log_entries(world.db)[-1]
    assert last.outcome is QueryOutcome.SHOWN and last.refusal_reason is None
    assert last.record_count == result.record_count
    assert last.categories == list(result.categories)
    assert last.grant_id == (grant_id if audience is Audience.AUTHORIZED else None)
    assert last.method is (
        QueryMethod.GOVERNMENT if audience is Audience.GOVERNMENT else QueryMethod.WINDOW
    )


def test_authorized_query_shows_only_items_within_the_grant_scope(world, clerk) -> None:
    grant_id = grant_for(world, clerk, scope=("good",))
    result = run_query(
        world.db, request(Audience.AUTHORIZED, grant_id=grant_id), actor=clerk, today=TODAY
    )
    # public items are public anyway; the authorised-only dishonest item is out of scope
    assert shown_labels(world, result) == PUBLIC_COMPANY
    grant_id = grant_for(world, clerk, scope=("QJ001",))
    result = run_query(
        world.db, request(Audience.AUTHORIZED, grant_id=grant_id), actor=clerk, today=TODAY
    )
    assert shown_labels(world, result) == AUTHORIZED_COMPANY
    assert result.grant is not None and result.grant.id == grant_id


def test_a_grant_of_another_subject_is_refused(world, clerk) -> None:
    grant_id = grant_for(world, clerk, subject_id=world.person_id)
    with pytest.raises(QueryRefused, match="授权人不是被查询的信息主体"):
        run_query(
            world.db, request(Audience.AUTHORIZED, grant_id=grant_id), actor=clerk, today=TODAY
        )


def test_a_new_grant_registered_in_the_same_flow_is_used(world, clerk) -> None:
    new = GrantInput(
        grantor_subject_id=world.company_id,
        grantee_doc_type=IdDocType.RESIDENT_ID,
        grantee_doc_number=THIRD,
        grantee_name="李四",
        scope=["dishonest"],
        purpose="招标投标资格审查",
        valid_from=TODAY,
        valid_to=TODAY + timedelta(days=30),
        document=Upload(b"\xff\xd8\xff\xe0scan", "授权书.jpg"),
    )
    result = run_query(
        world.db, request(Audience.AUTHORIZED, new_grant=new), actor=clerk, today=TODAY
    )
    assert result.grant is not None and result.grant.document is not None
    assert result.grant.document.media_type == "image/jpeg"
    assert log_entries(world.db)[-1].grant_id == result.grant.id


# --- self queries -------------------------------------------------------------------------------


def test_self_query_by_someone_else_is_refused_and_logged(world, clerk) -> None:
    with pytest.raises(QueryRefused) as caught:
        run_query(
            world.db,
            request(Audience.SELF, person(THIRD), subject_code=PERSON),
            actor=clerk,
            today=TODAY,
        )
    assert caught.value.text.startswith("本人查询须查询人即信息主体")
    last = log_entries(world.db)[-1]
    assert last.outcome is QueryOutcome.REFUSED and last.audience is Audience.SELF
    assert last.requester_doc_number == THIRD and last.subject_id == world.person_id


def test_self_query_by_the_person_or_a_linked_passport(world, clerk) -> None:
    mine = {"p_dishonest_public", "p_basic_authorized", "p_good_authorized"}
    result = run_query(
        world.db,
        request(Audience.SELF, person(PERSON, "张三"), subject_code=PERSON),
        actor=clerk,
        today=TODAY,
    )
    assert shown_labels(world, result) == mine
    assert result.subject.display_code == "370102********1237"
    passport = RequesterInput(IdDocType.PASSPORT, PASSPORT, "张三")
    result = run_query(
        world.db, request(Audience.SELF, passport, subject_code=PERSON), actor=clerk, today=TODAY
    )
    assert shown_labels(world, result) == mine


def test_an_organisation_needs_its_letter_of_authorisation(world, clerk) -> None:
    with pytest.raises(QueryRefused, match="委托书"):
        run_query(world.db, request(Audience.SELF, org(mandate=False)), actor=clerk, today=TODAY)
    result = run_query(world.db, request(Audience.SELF, org()), actor=clerk, today=TODAY)
    entry = log_entries(world.db)[-1]
    assert entry.requester_org_code == COMPANY and entry.requester_doc_number == OTHER
    assert entry.requester_name == "济南某某科技有限公司（经办人：王五）"
    with world.db.uow() as uow:
        stored = uow.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "query.mandate_stored")
        ).all()
    assert [e.details["seq"] for e in stored] == [result.log_seq]


# --- purposes and government queries -------------------------------------------------------------


def test_a_non_public_query_without_purpose_is_refused_and_logged(world, clerk) -> None:
    with pytest.raises(QueryRefused) as caught:
        run_query(world.db, request(Audience.SELF, org(), purpose=""), actor=clerk, today=TODAY)
    assert caught.value.text.startswith("查询目的不能为空")
    assert log_entries(world.db)[-1].outcome is QueryOutcome.REFUSED


def test_a_public_query_needs_no_purpose(world, clerk) -> None:
    result = run_query(world.db, request(Audience.PUBLIC, purpose=""), actor=clerk, today=TODAY)
    assert shown_labels(world, result) == PUBLIC_COMPANY


def test_free_text_purpose_is_kept_as_other(world, clerk) -> None:
    result = run_query(
        world.db, request(Audience.SELF, org(), purpose="办理出口退税"), actor=clerk, today=TODAY
    )
    assert result.purpose == "其他：办理出口退税"


@pytest.mark.parametrize(
    ("kw", "msg_id"),
    [
        ({"application_no": ""}, "query.application_required"),
        ({"purpose": ""}, "query.purpose_required"),
        ({"purpose": "商务合作"}, "query.government_purpose_invalid"),
    ],
    ids=["no-application", "no-purpose", "unlawful-purpose"],
)
def test_government_query_needs_application_and_lawful_purpose(world, clerk, kw, msg_id) -> None:
    args = {"purpose": "1", "application_no": "济市监函〔2026〕8号", **kw}
    req = request(Audience.GOVERNMENT, org(GOV_UNIT, "某市市场监督管理局", mandate=False), **args)
    with pytest.raises(QueryRefused) as caught:
        run_query(world.db, req, actor=clerk, today=TODAY)
    assert caught.value.msg_id == msg_id
    last = log_entries(world.db)[-1]
    assert last.outcome is QueryOutcome.REFUSED and last.method is QueryMethod.GOVERNMENT


def test_government_purposes_come_from_the_profile_xiamen_art18(db, staff) -> None:
    world = build_world(db, "xiamen")
    clerk = staff[Role.CLERK]
    req = request(
        Audience.GOVERNMENT,
        org(GOV_UNIT, "某市财政局", mandate=False),
        purpose="表彰奖励",
        application_no="厦财函〔2026〕3号",
    )
    result = run_query(db, req, actor=clerk, today=TODAY)
    assert result.purpose == "表彰奖励（书面申请：厦财函〔2026〕3号）"
    # Xiamen art. 28 sets periods for its lists only: the unlisted old penalty has none here
    assert shown_labels(world, result) - {"c_hidden_expired"} == GOVERNMENT_COMPANY


def test_the_document_must_have_been_seen(world, clerk) -> None:
    with pytest.raises(QueryRefused, match="身份证件"):
        run_query(
            world.db, request(Audience.SELF, org(), document_seen=False), actor=clerk, today=TODAY
        )


# --- what is shown -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("profile", "public"),
    [("weihai", False), ("wuhan", False), ("nantong", True)],
    ids=["weihai-art20", "wuhan-art19", "nantong-art19"],
)
def test_natural_persons_public_items_follow_the_profile(db, staff, profile, public) -> None:
    world = build_world(db, profile)
    result = run_query(
        db, request(Audience.PUBLIC, subject_code=PERSON), actor=staff[Role.CLERK], today=TODAY
    )
    assert shown_labels(world, result) == ({"p_dishonest_public"} if public else set())


def test_hidden_records_are_never_shown_to_any_audience(world, clerk) -> None:
    preview = preview_disclosure(world.db, world.company_id, actor=clerk, today=TODAY)
    for row in preview.rows:
        if world.record_label(row.record_id) in HIDDEN:
            assert not any(cell.shown for cell in row.cells.values())
    reasons = {
        world.record_label(r.record_id): r.cells[Audience.GOVERNMENT].reason for r in preview.rows
    }
    assert reasons["c_hidden_repaired"] == "repaired"
    assert reasons["c_hidden_withdrawn"] == "withdrawn"
    assert reasons["c_hidden_expired"] == "expired"
    assert reasons["c_hidden_revoked"] == "deleted"


def test_an_open_objection_is_annotated(world, clerk) -> None:
    add_objection(world.db, world.records["c_dishonest_public"], world.company_id)
    result = run_query(world.db, request(Audience.PUBLIC), actor=clerk, today=TODAY)
    marks = {
        world.record_label(r.record_id): r.annotation_labels
        for g in result.groups
        for r in g.records
    }
    assert marks["c_dishonest_public"] == ("异议处理中",)
    assert marks["c_basic_public"] == ()


def test_an_overdue_provider_reply_suspends_public_queries_weihai_art29(world, clerk) -> None:
    add_objection(
        world.db,
        world.records["c_dishonest_public"],
        world.company_id,
        state="forwarded",
        next_step="objection.provider_reply",
        due=TODAY - timedelta(days=1),
    )
    public = run_query(world.db, request(Audience.PUBLIC), actor=clerk, today=TODAY)
    assert "c_dishonest_public" not in shown_labels(world, public)
    gov = run_query(
        world.db,
        request(
            Audience.GOVERNMENT,
            org(GOV_UNIT, "某局", mandate=False),
            purpose="1",
            application_no="函1",
        ),
        actor=clerk,
        today=TODAY,
    )
    assert "c_dishonest_public" in shown_labels(world, gov)


def test_results_are_grouped_by_class_in_order(world, clerk) -> None:
    result = run_query(world.db, request(Audience.PUBLIC), actor=clerk, today=TODAY)
    assert [g.info_class for g in result.groups] == list(InfoClass)
    assert [g.label for g in result.groups][:3] == ["基础信息", "良好信息", "失信信息"]
    assert result.groups[3].records == ()


# --- the times-queried count (Wuhan art. 28) ------------------------------------------------------


def test_times_requester_queried_subject_counts_every_logged_query(world, clerk) -> None:
    counts = []
    for _ in range(2):
        counts.append(
            run_query(
                world.db, request(Audience.PUBLIC), actor=clerk, today=TODAY
            ).times_requester_queried_subject
        )
    with pytest.raises(QueryRefused):
        run_query(world.db, request(Audience.AUTHORIZED), actor=clerk, today=TODAY)
    counts.append(
        run_query(
            world.db, request(Audience.PUBLIC), actor=clerk, today=TODAY
        ).times_requester_queried_subject
    )
    assert counts == [1, 2, 4]
    assert [e.times_requester_queried_subject for e in log_entries(world.db)] == [1, 2, 3, 4]
    other = run_query(
        world.db, request(Audience.PUBLIC, person(OTHER, "王五")), actor=clerk, today=TODAY
    )
    assert other.times_requester_queried_subject == 1
    elsewhere = run_query(
        world.db, request(Audience.PUBLIC, subject_code=PERSON), actor=clerk, today=TODAY
    )
    assert elsewhere.times_requester_queried_subject == 1


# --- typing faults, permissions, preview ------------------------------------------------------


def test_a_wrong_check_digit_is_a_form_error_and_nothing_is_logged(world, clerk) -> None:
    with pytest.raises(ValidationFailed) as caught:
        run_query(
            world.db,
            request(Audience.PUBLIC, person("110105194912310021")),
            actor=clerk,
            today=TODAY,
        )
    assert caught.value.field_errors == {
        "doc_number": ["居民身份证号码第18位校验码应为 X，实际为 1。"]
    }
    with pytest.raises(InvalidCode):
        run_query(
            world.db,
            request(Audience.PUBLIC, subject_code="91370100MA3C00001A"),
            actor=clerk,
            today=TODAY,
        )
    assert log_entries(world.db) == []


def test_an_unknown_subject_is_refused_and_logged(world, clerk) -> None:
    with pytest.raises(QueryRefused, match="平台未归集"):
        run_query(world.db, request(Audience.PUBLIC, subject_code=OTHER), actor=clerk, today=TODAY)
    entry = log_entries(world.db)[-1]
    assert entry.subject_id is None and OTHER in (entry.refusal_reason or "")


@pytest.mark.parametrize("role", [Role.AUDITOR, Role.ADMIN])
def test_only_clerks_and_supervisors_query(world, staff, role) -> None:
    with pytest.raises(PermissionDenied):
        run_query(world.db, request(Audience.PUBLIC), actor=staff[role], today=TODAY)
    with pytest.raises(PermissionDenied):
        preview_disclosure(world.db, world.company_id, actor=staff[role], today=TODAY)
    assert log_entries(world.db) == []
    with world.db.uow() as uow:
        denied = uow.session.scalars(
            select(AuditEvent).where(AuditEvent.action == "query.permission_denied")
        ).all()
    assert len(denied) == 2 and denied[0].actor_user_id == staff[role].user_id
    run_query(world.db, request(Audience.PUBLIC), actor=staff[Role.SUPERVISOR], today=TODAY)


def test_the_staff_preview_is_logged_as_such(world, clerk) -> None:
    preview = preview_disclosure(world.db, world.company_id, actor=clerk, today=TODAY)
    entry = log_entries(world.db)[-1]
    assert entry.seq == preview.log_seq
    assert entry.purpose == "工作人员披露预览"
    assert entry.method is QueryMethod.WINDOW and entry.audience is Audience.GOVERNMENT
    assert entry.requester_doc_number is None and entry.clerk_user_id == clerk.user_id
    assert entry.record_count == len(GOVERNMENT_COMPANY)
    sees = {
        a: {world.record_label(r.record_id) for g in d.groups for r in g.records}
        for a, d in preview.by_audience.items()
    }
    assert sees[Audience.PUBLIC] == PUBLIC_COMPANY
    assert sees[Audience.AUTHORIZED] == AUTHORIZED_COMPANY
    assert sees[Audience.GOVERNMENT] == GOVERNMENT_COMPANY


def test_no_update_or_delete_path_exists_for_the_query_log() -> None:
    import app.services.query_log as module

    public = [n for n in dir(module) if not n.startswith("_") and callable(getattr(module, n))]
    assert not [n for n in public if n.startswith(("update", "delete", "remove", "edit"))]


def test_grant_rows_are_kept_when_revoked(world, clerk) -> None:
    grant_id = grant_for(world, clerk)
    revoke_grant(world.db, grant_id, "撤回", actor=clerk)
    with world.db.uow() as uow:
        grant = uow.session.get(AuthorizationGrant, grant_id)
        assert grant is not None and grant.revoked_at is not None
