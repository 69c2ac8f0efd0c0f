"""Case states of the workflows, their open/terminal sets and the due-date light.

States are participles (what has happened to the case), stored as their lowercase values in
``objections.state``, ``repair_applications.state``, ``intake_batches.state`` and
``withdrawal_requests.state``. The
``(state, event) → state`` transition tables are added here by the objection and repair
issues; nobody assigns ``.state`` outside those functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class _Labelled(StrEnum):
    @property
    def label(self) -> str:
        # keyed by class too: equal values of different enums ("forwarded") are equal strings
        return _LABELS[(type(self), self.value)]


class CaseKind(_Labelled):
    """The kinds of open work that appear in the dashboard's work queue."""

    OBJECTION = "objection"
    REPAIR = "repair"
    INTAKE = "intake"
    WITHDRAWAL = "withdrawal"  # good-information withdrawal (issue 10)


class ObjectionState(_Labelled):
    RECEIVED = "received"  # 已受理, to be checked against the provider's data
    CHECKED = "checked"  # compared; to be corrected on the platform or forwarded
    CORRECTED = "corrected"  # platform differed and was corrected; applicant to be notified
    FORWARDED = "forwarded"  # forwarded to the provider, waiting for its reply
    ANSWERED = "answered"  # the provider replied; applicant to be notified of the result
    APPEALED = "appealed"  # Nantong art. 33: appeal to the credit authority pending
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"  # the applicant withdrew the objection


class RepairState(_Labelled):
    REGISTERED = "registered"  # 已登记
    SUPPLEMENT_REQUESTED = "supplement_requested"  # 待补正 (missing materials listed once)
    ACCEPTED = "accepted"  # 已受理
    DECLINED = "declined"  # 不予受理
    FORWARDED = "forwarded"  # 审核中: with the provider for its confirmation or opinion
    PREREVIEWED = "prereviewed"  # 待主管审批
    APPROVED = "approved"  # 准予修复, not yet effective
    REJECTED = "rejected"  # 不予修复
    PUBLICIZED = "publicized"  # 公示中 (Nantong)
    REPAIRED = "repaired"  # 已生效
    REVOKED = "revoked"  # 撤销修复 (false materials), record restored


class WithdrawalState(_Labelled):
    """A request to withdraw good information (表彰奖励、志愿服务、慈善捐赠) from disclosure."""

    RECEIVED = "received"  # 已受理: to be withdrawn within the profile's period
    COMPLETED = "completed"  # 已撤回 (deleted or archived as the profile says)
    REFUSED = "refused"  # 不予撤回


class IntakeBatchState(_Labelled):
    RECEIVED = "received"
    COMMITTED = "committed"
    RETURNED = "returned"  # sent back to the provider for correction: open work
    FAILED = "failed"


OPEN_OBJECTION_STATES: frozenset[ObjectionState] = frozenset(
    {
        ObjectionState.RECEIVED,
        ObjectionState.CHECKED,
        ObjectionState.CORRECTED,
        ObjectionState.FORWARDED,
        ObjectionState.ANSWERED,
        ObjectionState.APPEALED,
    }
)
TERMINAL_OBJECTION_STATES: frozenset[ObjectionState] = frozenset(ObjectionState) - (
    OPEN_OBJECTION_STATES
)

OPEN_REPAIR_STATES: frozenset[RepairState] = frozenset(
    {
        RepairState.REGISTERED,
        RepairState.SUPPLEMENT_REQUESTED,
        RepairState.ACCEPTED,
        RepairState.FORWARDED,
        RepairState.PREREVIEWED,
        RepairState.APPROVED,
        RepairState.PUBLICIZED,
    }
)
TERMINAL_REPAIR_STATES: frozenset[RepairState] = frozenset(RepairState) - OPEN_REPAIR_STATES

# received (登记收件) and not yet loaded: the center's clock runs (Zhangdian art. 19); returned:
# waiting for the provider to resubmit
OPEN_INTAKE_STATES: frozenset[IntakeBatchState] = frozenset(
    {IntakeBatchState.RECEIVED, IntakeBatchState.RETURNED}
)

OPEN_WITHDRAWAL_STATES: frozenset[WithdrawalState] = frozenset({WithdrawalState.RECEIVED})
TERMINAL_WITHDRAWAL_STATES: frozenset[WithdrawalState] = (
    frozenset(WithdrawalState) - OPEN_WITHDRAWAL_STATES
)

OPEN_STATES: dict[CaseKind, frozenset[StrEnum]] = {
    CaseKind.OBJECTION: frozenset(OPEN_OBJECTION_STATES),
    CaseKind.REPAIR: frozenset(OPEN_REPAIR_STATES),
    CaseKind.INTAKE: frozenset(OPEN_INTAKE_STATES),
    CaseKind.WITHDRAWAL: frozenset(OPEN_WITHDRAWAL_STATES),
}

STATE_ENUMS: dict[CaseKind, type[_Labelled]] = {
    CaseKind.OBJECTION: ObjectionState,
    CaseKind.REPAIR: RepairState,
    CaseKind.INTAKE: IntakeBatchState,
    CaseKind.WITHDRAWAL: WithdrawalState,
}


def state_label(kind: CaseKind, value: str) -> str:
    """The Chinese label of a stored state; an unknown value is shown as stored."""
    try:
        return STATE_ENUMS[kind](value).label
    except ValueError:
        return value


# --- objection transitions ------------------------------------------------------------------


class ObjectionEvent(_Labelled):
    """What a clerk or supervisor does to an objection case (the CLI verbs mirror these)."""

    CHECK = "check"  # the comparison is recorded: platform differs from / matches the provider
    CORRECT = "correct"  # the center corrects the platform's record
    FORWARD = "forward"  # sent to the provider for verification (异议核查转办单)
    REPLY = "reply"  # the provider's written reply is entered
    NOTIFY = "notify"  # the applicant is told the result (告知书); the case closes
    WITHDRAW = "withdraw"  # the applicant withdraws the objection
    DISPUTE = "dispute"  # after closing, the applicant still disagrees
    APPEAL = "appeal"  # Nantong art. 33: appeal to the credit authority
    DECIDE_APPEAL = "decide_appeal"  # the credit authority's decision is entered


S, E = ObjectionState, ObjectionEvent
OBJECTION_TRANSITIONS: dict[tuple[ObjectionState, ObjectionEvent], ObjectionState] = {
    (S.RECEIVED, E.CHECK): S.CHECKED,
    (S.CHECKED, E.CORRECT): S.CORRECTED,
    (S.CHECKED, E.FORWARD): S.FORWARDED,
    (S.FORWARDED, E.REPLY): S.ANSWERED,
    (S.CORRECTED, E.NOTIFY): S.CLOSED,
    (S.ANSWERED, E.NOTIFY): S.CLOSED,
    (S.RECEIVED, E.WITHDRAW): S.WITHDRAWN,
    (S.CHECKED, E.WITHDRAW): S.WITHDRAWN,
    (S.FORWARDED, E.WITHDRAW): S.WITHDRAWN,
    (S.CLOSED, E.DISPUTE): S.CLOSED,
    (S.CLOSED, E.APPEAL): S.APPEALED,
    (S.APPEALED, E.DECIDE_APPEAL): S.CLOSED,
}
del S, E


def objection_transition(state: ObjectionState, event: ObjectionEvent) -> ObjectionState | None:
    """The state after ``event``, or None when the event is not allowed in ``state``."""
    return OBJECTION_TRANSITIONS.get((state, event))


def objection_events_from(state: ObjectionState) -> tuple[ObjectionEvent, ...]:
    return tuple(e for (s, e) in OBJECTION_TRANSITIONS if s is state)


# --- repair transitions ---------------------------------------------------------------------


class RepairEvent(_Labelled):
    """What a clerk or supervisor does to a credit-repair case."""

    SUPPLEMENT = "supplement"  # the missing materials (listed once) are handed in
    ACCEPT = "accept"  # 受理
    DECLINE = "decline"  # 不予受理
    FORWARD = "forward"  # to the provider for its written confirmation / opinion
    CONFIRM_PROVIDER = "confirm_provider"  # the provider's written confirmation is recorded
    PREREVIEW = "prereview"  # the clerk's pre-review, for the supervisor
    APPROVE = "approve"  # supervisor: 准予修复 (four eyes)
    REJECT = "reject"  # supervisor: 不予修复
    START_PUBLICITY = "start_publicity"  # Nantong 第三十五条: 5 WD public notice
    PUBLICITY_OBJECTION = "publicity_objection"  # an objection during the notice period
    RESOLVE_OBJECTION = "resolve_objection"  # the provider verified it
    TAKE_EFFECT = "take_effect"  # the repair takes effect: the record leaves the queries
    REVOKE = "revoke"  # obtained with false materials: 撤销修复, the record restored


_R, _RE = RepairState, RepairEvent
REPAIR_TRANSITIONS: dict[tuple[RepairState, RepairEvent], RepairState] = {
    (_R.SUPPLEMENT_REQUESTED, _RE.SUPPLEMENT): _R.REGISTERED,
    (_R.REGISTERED, _RE.ACCEPT): _R.ACCEPTED,
    (_R.REGISTERED, _RE.DECLINE): _R.DECLINED,
    (_R.SUPPLEMENT_REQUESTED, _RE.DECLINE): _R.DECLINED,
    (_R.ACCEPTED, _RE.FORWARD): _R.FORWARDED,
    (_R.FORWARDED, _RE.CONFIRM_PROVIDER): _R.FORWARDED,
    (_R.ACCEPTED, _RE.PREREVIEW): _R.PREREVIEWED,
    (_R.FORWARDED, _RE.PREREVIEW): _R.PREREVIEWED,
    (_R.PREREVIEWED, _RE.APPROVE): _R.APPROVED,
    (_R.PREREVIEWED, _RE.REJECT): _R.REJECTED,
    (_R.APPROVED, _RE.START_PUBLICITY): _R.PUBLICIZED,
    (_R.APPROVED, _RE.TAKE_EFFECT): _R.REPAIRED,
    (_R.PUBLICIZED, _RE.PUBLICITY_OBJECTION): _R.PUBLICIZED,
    (_R.PUBLICIZED, _RE.RESOLVE_OBJECTION): _R.PUBLICIZED,
    (_R.PUBLICIZED, _RE.REJECT): _R.REJECTED,
    (_R.PUBLICIZED, _RE.TAKE_EFFECT): _R.REPAIRED,
    (_R.REPAIRED, _RE.REVOKE): _R.REVOKED,
}
del _R, _RE


def repair_transition(state: RepairState, event: RepairEvent) -> RepairState | None:
    return REPAIR_TRANSITIONS.get((state, event))


def repair_events_from(state: RepairState) -> tuple[RepairEvent, ...]:
    return tuple(e for (s, e) in REPAIR_TRANSITIONS if s is state)


# --- withdrawal transitions -----------------------------------------------------------------


class WithdrawalEvent(_Labelled):
    """What a clerk does to a good-information withdrawal request."""

    COMPLETE = "complete"  # withdrawn (or the provider confirmed its deletion); provider told
    REFUSE = "refuse"  # 不予撤回, with the reason


_W, _WE = WithdrawalState, WithdrawalEvent
WITHDRAWAL_TRANSITIONS: dict[tuple[WithdrawalState, WithdrawalEvent], WithdrawalState] = {
    (_W.RECEIVED, _WE.COMPLETE): _W.COMPLETED,
    (_W.RECEIVED, _WE.REFUSE): _W.REFUSED,
}
del _W, _WE


def withdrawal_transition(state: WithdrawalState, event: WithdrawalEvent) -> WithdrawalState | None:
    return WITHDRAWAL_TRANSITIONS.get((state, event))


def withdrawal_events_from(state: WithdrawalState) -> tuple[WithdrawalEvent, ...]:
    return tuple(e for (s, e) in WITHDRAWAL_TRANSITIONS if s is state)


# --- next steps ------------------------------------------------------------------------------

# Display names of the step identifiers stored in ``next_step`` (app.rules.profiles.Step).
STEP_LABELS: dict[str, str] = {
    "objection.check": "核查比对",
    "objection.check_assisted": "协助核查",
    "objection.forward": "转提供单位核查",
    "objection.notify_correction": "告知更正结果",
    "objection.provider_reply": "等待提供单位答复",
    "objection.notify_result": "告知处理结果",
    "objection.correct": "更正信息",
    "objection.appeal": "申诉处理",
    "repair.supplement": "等待补正材料",
    "repair.accept": "受理审查",
    "repair.prereview": "初审",
    "repair.forward": "送提供单位确认",
    "repair.provider_confirmation": "等待提供单位确认",
    "repair.decide": "主管审批",
    "repair.publicity": "修复公示",
    "repair.take_effect": "修复生效",
    "withdrawal.good_info": "良好信息撤回",
    "correction.provider_report": "提供单位报送更正",
    "correction.platform_apply": "平台执行更正",
    "intake.provider_report": "提供单位报送",
    "intake.integrate": "归集入库",
    "intake.resubmit": "等待提供单位重新报送",
}


def step_label(step: str | None) -> str:
    if not step:
        return ""
    return STEP_LABELS.get(step, step)


# --- due lights ------------------------------------------------------------------------------


class DueLight(_Labelled):
    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"
    NONE = "none"  # no due date, or the calendar does not cover it


@dataclass(frozen=True)
class LightThresholds:
    """Red when fewer than ``red_below`` working days are left (0: overdue only); yellow when
    at most ``yellow_within`` working days are left (1: due today or the next working day)."""

    red_below: int = 0
    yellow_within: int = 1


def due_light(working_days_left: int | None, thresholds: LightThresholds) -> DueLight:
    if working_days_left is None:
        return DueLight.NONE
    if working_days_left < thresholds.red_below:
        return DueLight.RED
    if working_days_left <= thresholds.yellow_within:
        return DueLight.YELLOW
    return DueLight.GREEN


_LABEL_LIST: list[tuple[StrEnum, str]] = [
    (CaseKind.OBJECTION, "异议"),
    (CaseKind.REPAIR, "信用修复"),
    (CaseKind.INTAKE, "数据归集"),
    (CaseKind.WITHDRAWAL, "良好信息撤回"),
    (WithdrawalState.RECEIVED, "已受理待撤回"),
    (WithdrawalState.COMPLETED, "已撤回"),
    (WithdrawalState.REFUSED, "不予撤回"),
    (WithdrawalEvent.COMPLETE, "办结撤回"),
    (WithdrawalEvent.REFUSE, "不予撤回"),
    (ObjectionState.RECEIVED, "已受理"),
    (ObjectionState.CHECKED, "已核查"),
    (ObjectionState.CORRECTED, "已更正待告知"),
    (ObjectionState.FORWARDED, "已转办待答复"),
    (ObjectionState.ANSWERED, "已答复待告知"),
    (ObjectionState.APPEALED, "申诉中"),
    (ObjectionState.CLOSED, "已办结"),
    (ObjectionState.WITHDRAWN, "已撤回"),
    (RepairState.REGISTERED, "已登记"),
    (RepairState.SUPPLEMENT_REQUESTED, "待补正"),
    (RepairState.ACCEPTED, "已受理"),
    (RepairState.DECLINED, "不予受理"),
    (RepairState.FORWARDED, "审核中"),
    (RepairState.PREREVIEWED, "待主管审批"),
    (RepairState.APPROVED, "准予修复"),
    (RepairState.REJECTED, "不予修复"),
    (RepairState.PUBLICIZED, "公示中"),
    (RepairState.REPAIRED, "已生效"),
    (RepairState.REVOKED, "已撤销修复"),
    (IntakeBatchState.RECEIVED, "已收件待入库"),
    (IntakeBatchState.COMMITTED, "已入库"),
    (IntakeBatchState.RETURNED, "已退回"),
    (IntakeBatchState.FAILED, "导入失败"),
    (ObjectionEvent.CHECK, "核查比对"),
    (ObjectionEvent.CORRECT, "更正信息"),
    (ObjectionEvent.FORWARD, "转提供单位核查"),
    (ObjectionEvent.REPLY, "登记核查答复"),
    (ObjectionEvent.NOTIFY, "告知结果并办结"),
    (ObjectionEvent.WITHDRAW, "撤回异议"),
    (ObjectionEvent.DISPUTE, "登记仍有异议"),
    (ObjectionEvent.APPEAL, "登记申诉"),
    (ObjectionEvent.DECIDE_APPEAL, "登记申诉结果"),
    (RepairEvent.SUPPLEMENT, "补正材料"),
    (RepairEvent.ACCEPT, "受理"),
    (RepairEvent.DECLINE, "不予受理"),
    (RepairEvent.FORWARD, "送提供单位确认"),
    (RepairEvent.CONFIRM_PROVIDER, "登记提供单位意见"),
    (RepairEvent.PREREVIEW, "初审"),
    (RepairEvent.APPROVE, "准予修复"),
    (RepairEvent.REJECT, "不予修复"),
    (RepairEvent.START_PUBLICITY, "开始公示"),
    (RepairEvent.PUBLICITY_OBJECTION, "登记公示异议"),
    (RepairEvent.RESOLVE_OBJECTION, "登记异议核实结果"),
    (RepairEvent.TAKE_EFFECT, "修复生效"),
    (RepairEvent.REVOKE, "撤销修复"),
    (DueLight.RED, "红灯"),
    (DueLight.YELLOW, "黄灯"),
    (DueLight.GREEN, "绿灯"),
    (DueLight.NONE, "无期限"),
]
_LABELS: dict[tuple[type, str], str] = {(type(m), m.value): text for m, text in _LABEL_LIST}
