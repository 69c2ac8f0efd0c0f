"""The work queue: open cases with next step, working days left, lights, filters, counts."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.caseflow import CaseKind, DueLight, ObjectionState, RepairState
from app.domain.enums import Role
from app.domain.errors import PermissionDenied, ValidationFailed
from app.services import dashboard
from app.services.dashboard import EVERYONE, MINE, UNASSIGNED, WorkQueueFilter
from app.services.settings import SettingKey, save_settings

TODAY = date(2026, 11, 25)  # a Wednesday; 2027 is not in the official calendar yet


def _all(db, actor, flt=None, limit=200):
    items, after = [], None
    while True:
        page = dashboard.list_work_queue(
            db, actor=actor, flt=flt, after=after, limit=limit, today=TODAY
        )
        items.extend(page.rows)
        if page.next_key is None:
            return items
        after = page.next_key


def _key(kind, cases, *args, **kwargs):
    return (kind, cases.add(kind, *args, **kwargs))


@pytest.fixture
def seeded(db, staff, cases):
    clerk = staff[Role.CLERK].user_id
    raw = {
        "overdue": _key("objection", cases, "received", date(2026, 11, 24), assignee=clerk),
        "today": _key(
            "objection",
            cases,
            "forwarded",
            date(2026, 11, 25),
            next_step="objection.provider_reply",
        ),
        "tomorrow": _key("repair", cases, "accepted", date(2026, 11, 26), assignee=clerk),
        "friday": _key("repair", cases, "registered", date(2026, 11, 27)),
        "next_year": _key("objection", cases, "received", date(2027, 1, 5)),
        "no_due": _key("repair", cases, "supplement_requested", None),
        "other_clerk": _key(
            "objection",
            cases,
            "received",
            date(2026, 11, 30),
            assignee=staff[Role.SUPERVISOR].user_id,
        ),
        "closed": _key("objection", cases, "closed", date(2026, 11, 1)),
        "repaired": _key("repair", cases, "repaired", date(2026, 11, 1)),
        "returned": _key("intake", cases, "returned", assignee=staff[Role.ADMIN].user_id),
        "committed": _key("intake", cases, "committed"),
    }
    return {name: key for name, key in raw.items()}


def test_given_open_cases_then_the_clerk_sees_them_most_urgent_first_with_lights(
    db, staff, seeded
) -> None:
    items = _all(db, staff[Role.CLERK])

    assert [i.key for i in items] == [
        seeded["overdue"],
        seeded["today"],
        seeded["tomorrow"],
        seeded["friday"],
        seeded["next_year"],
        seeded["no_due"],
    ]
    by_id = {i.key: i for i in items}
    overdue = by_id[seeded["overdue"]]
    assert (overdue.working_days_left, overdue.light) == (-1, DueLight.RED)
    assert overdue.next_step_label == "核查比对"
    assert overdue.state_label == "已受理"
    assert overdue.assignee_name == "王窗口"
    assert (by_id[seeded["today"]].working_days_left, by_id[seeded["today"]].light) == (
        0,
        DueLight.YELLOW,
    )
    assert by_id[seeded["today"]].next_step_label == "等待提供单位答复"
    assert by_id[seeded["tomorrow"]].light is DueLight.YELLOW
    assert (by_id[seeded["friday"]].working_days_left, by_id[seeded["friday"]].light) == (
        2,
        DueLight.GREEN,
    )
    next_year = by_id[seeded["next_year"]]
    assert next_year.light is DueLight.NONE and next_year.working_days_left is None
    assert "2027" in (next_year.calendar_gap or "")
    assert by_id[seeded["no_due"]].light is DueLight.NONE
    # closed cases, intake batches (not the clerk's work) and other people's cases are absent
    assert seeded["closed"] not in by_id and seeded["other_clerk"] not in by_id


def test_working_days_skip_the_weekend(db, staff, cases) -> None:
    monday = _key("objection", cases, "received", date(2026, 11, 30))
    (item,) = _all(db, staff[Role.CLERK])
    assert item.key == monday and item.working_days_left == 3  # Thu, Fri, Mon


def test_thresholds_come_from_the_settings(db, staff, seeded) -> None:
    save_settings(
        db,
        {SettingKey.LIGHT_RED_BELOW: 1, SettingKey.LIGHT_YELLOW_WITHIN: 2},
        actor=staff[Role.ADMIN],
    )
    lights = {i.key: i.light for i in _all(db, staff[Role.CLERK])}
    assert lights[seeded["today"]] is DueLight.RED  # 0 left < 1
    assert lights[seeded["tomorrow"]] is DueLight.YELLOW
    assert lights[seeded["friday"]] is DueLight.YELLOW  # 2 left ≤ 2


def test_filters_by_kind_state_and_assignee(db, staff, seeded) -> None:
    clerk = staff[Role.CLERK]
    repairs = _all(db, clerk, WorkQueueFilter(kind=CaseKind.REPAIR, assignee=EVERYONE))
    assert {i.key for i in repairs} == {seeded["tomorrow"], seeded["friday"], seeded["no_due"]}
    received = _all(
        db,
        clerk,
        WorkQueueFilter(kind=CaseKind.OBJECTION, state=ObjectionState.RECEIVED, assignee=EVERYONE),
    )
    assert {i.key for i in received} == {
        seeded["overdue"],
        seeded["next_year"],
        seeded["other_clerk"],
    }
    mine = _all(db, clerk, WorkQueueFilter(assignee=MINE))
    assert {i.key for i in mine} == {seeded["overdue"], seeded["tomorrow"]}
    nobody = _all(db, clerk, WorkQueueFilter(assignee=UNASSIGNED))
    assert seeded["overdue"] not in {i.key for i in nobody}
    supervisor_id = staff[Role.SUPERVISOR].user_id
    theirs = _all(db, clerk, WorkQueueFilter(assignee=supervisor_id))
    assert [i.key for i in theirs] == [seeded["other_clerk"]]
    with pytest.raises(ValidationFailed):
        _all(db, clerk, WorkQueueFilter(kind=CaseKind.REPAIR, state="closed"))


def test_keyset_pages_of_one_return_the_same_order(db, staff, seeded) -> None:
    clerk = staff[Role.CLERK]
    flt = WorkQueueFilter(assignee=EVERYONE)
    assert [i.key for i in _all(db, clerk, flt, limit=1)] == [i.key for i in _all(db, clerk, flt)]
    supervisor = staff[Role.SUPERVISOR]
    assert [i.key for i in _all(db, supervisor, flt, limit=2)] == [
        i.key for i in _all(db, supervisor, flt)
    ]


def test_the_summary_counts_states_and_lights_and_warns_about_next_year(db, staff, seeded) -> None:
    summary = dashboard.dashboard_summary(
        db, actor=staff[Role.CLERK], flt=WorkQueueFilter(assignee=EVERYONE), today=TODAY
    )
    counts = {(c.kind, c.state): c.count for c in summary.counts}
    assert counts[(CaseKind.OBJECTION, ObjectionState.RECEIVED)] == 3
    assert counts[(CaseKind.OBJECTION, ObjectionState.FORWARDED)] == 1
    assert counts[(CaseKind.REPAIR, RepairState.ACCEPTED)] == 1
    assert (CaseKind.OBJECTION, "closed") not in counts
    assert summary.total == 7
    assert summary.light_count(DueLight.RED) == 1
    assert summary.light_count(DueLight.YELLOW) == 2
    assert summary.light_count(DueLight.GREEN) == 2  # Friday and the other clerk's Monday
    assert summary.light_count(DueLight.NONE) == 2  # no due date; due in uncovered 2027
    assert summary.coverage_warning is not None and "2027" in summary.coverage_warning
    assert summary.visible_kinds == (CaseKind.OBJECTION, CaseKind.REPAIR, CaseKind.WITHDRAWAL)


def test_light_counts_match_the_rows(db, staff, seeded) -> None:
    clerk = staff[Role.CLERK]
    for red, yellow in [(0, 1), (1, 2), (0, 0), (2, 5)]:
        save_settings(
            db,
            {SettingKey.LIGHT_RED_BELOW: red, SettingKey.LIGHT_YELLOW_WITHIN: yellow},
            actor=staff[Role.ADMIN],
        )
        flt = WorkQueueFilter(assignee=EVERYONE)
        rows = _all(db, clerk, flt)
        summary = dashboard.dashboard_summary(db, actor=clerk, flt=flt, today=TODAY)
        for light in DueLight:
            assert summary.light_count(light) == sum(1 for r in rows if r.light is light), (
                red,
                yellow,
                light,
            )


def test_no_warning_before_november(db, staff) -> None:
    summary = dashboard.dashboard_summary(db, actor=staff[Role.CLERK], today=date(2026, 10, 31))
    assert summary.coverage_warning is None


def test_kinds_follow_the_role(db, staff, seeded) -> None:
    admin_items = _all(db, staff[Role.ADMIN], WorkQueueFilter(assignee=EVERYONE))
    assert [i.key for i in admin_items] == [seeded["returned"]]
    assert admin_items[0].party == "威海市市场监督管理局"
    assert admin_items[0].next_step_label == "等待提供单位重新报送"
    supervisor_kinds = {
        i.kind for i in _all(db, staff[Role.SUPERVISOR], WorkQueueFilter(assignee=EVERYONE))
    }
    assert supervisor_kinds == {CaseKind.OBJECTION, CaseKind.REPAIR, CaseKind.INTAKE}
    with pytest.raises(PermissionDenied):
        _all(db, staff[Role.CLERK], WorkQueueFilter(kind=CaseKind.INTAKE))
    with pytest.raises(PermissionDenied):
        _all(db, staff[Role.ADMIN], WorkQueueFilter(kind=CaseKind.OBJECTION))


def test_auditors_have_no_work_queue(db, staff) -> None:
    auditor = staff[Role.AUDITOR]
    for call in (
        lambda: dashboard.list_work_queue(db, actor=auditor, today=TODAY),
        lambda: dashboard.dashboard_summary(db, actor=auditor, today=TODAY),
        lambda: dashboard.list_assignees(db, actor=auditor),
    ):
        with pytest.raises(PermissionDenied) as err:
            call()
        assert "使用工作台" in err.value.text


def test_assignee_options_list_staff_names(db, staff) -> None:
    names = [o.display_name for o in dashboard.list_assignees(db, actor=staff[Role.CLERK])]
    assert set(names) == {"王窗口", "李主管", "张管理", "赵审计"}


def test_a_case_is_found_by_its_number_typed_or_scanned(db, staff, seeded) -> None:
    from app.domain.errors import NotFound

    item = dashboard.find_case(db, " yy2026 00001 ", actor=staff[Role.CLERK], today=TODAY)
    assert item.key == seeded["overdue"] and item.light is DueLight.RED
    closed = dashboard.find_case(db, "YY202600008", actor=staff[Role.CLERK], today=TODAY)
    assert closed.state_label == "已办结"
    with pytest.raises(NotFound):
        dashboard.find_case(db, "YY209900001", actor=staff[Role.CLERK], today=TODAY)
    with pytest.raises(NotFound):  # admins see no objections
        dashboard.find_case(db, "YY202600001", actor=staff[Role.ADMIN], today=TODAY)


def test_supervisors_and_admins_get_summaries_of_their_kinds(db, staff, seeded) -> None:
    everyone = WorkQueueFilter(assignee=EVERYONE)
    admin = dashboard.dashboard_summary(db, actor=staff[Role.ADMIN], flt=everyone, today=TODAY)
    assert admin.visible_kinds == (CaseKind.INTAKE,)
    assert [(c.state, c.count) for c in admin.counts] == [("received", 0), ("returned", 1)]
    assert admin.light_count(DueLight.NONE) == 1
    supervisor = dashboard.dashboard_summary(
        db, actor=staff[Role.SUPERVISOR], flt=everyone, today=TODAY
    )
    assert supervisor.total == 8


def test_repairs_awaiting_a_decision_are_the_supervisors_queue(db, staff, cases) -> None:
    # Given a repair the clerk pre-reviewed (unassigned: it waits for a supervisor)
    waiting = _key("repair", cases, "prereviewed", date(2026, 11, 26))
    accepted = _key("repair", cases, "accepted", date(2026, 11, 27))
    # Then the supervisor's queue has it and the clerk's does not
    supervisor = [i.key for i in _all(db, staff[Role.SUPERVISOR])]
    clerk = [i.key for i in _all(db, staff[Role.CLERK])]
    assert waiting in supervisor and accepted in supervisor
    assert waiting not in clerk and accepted in clerk
