"""One small dialog per workflow action of an objection case (the frame:
``ui.cases.action_dialog``). A ``ConcurrencyConflict`` (someone else acted first) closes the
dialog and is handed to the case view, which shows it and reloads the case."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.caseflow import ObjectionEvent
from app.domain.enums import PenaltyClass, Severity
from app.rules.objection_flow import CheckResult, ReplyOutcome
from app.services import objections
from app.services.objections import CaseDetail, ForwardMethod, RecordChange
from ui.cases.action_dialog import ActionDialog as CaseActionDialog
from ui.cases.action_dialog import Call
from ui.cases.common import ScanPicker, pydate
from ui.context import AppContext
from ui.widgets.forms import ERROR_STYLE, INFO_STYLE

# The enumerated fields a correction may set: shown by label, sent by value.
ENUM_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "severity": tuple((m.label, m.value) for m in Severity),
    "penalty_class": tuple((m.label, m.value) for m in PenaltyClass),
}

# Alt+letter for each action button (and shown in its tooltip).
MNEMONICS: dict[ObjectionEvent, str] = {
    ObjectionEvent.CHECK: "H",
    ObjectionEvent.CORRECT: "G",
    ObjectionEvent.FORWARD: "Z",
    ObjectionEvent.REPLY: "D",
    ObjectionEvent.NOTIFY: "B",
    ObjectionEvent.WITHDRAW: "C",
    ObjectionEvent.DISPUTE: "Y",
    ObjectionEvent.APPEAL: "S",
    ObjectionEvent.DECIDE_APPEAL: "J",
}


class ActionDialog(CaseActionDialog):
    """An objection action: its title is the action; notes are one line."""

    case: CaseDetail
    event: ObjectionEvent = ObjectionEvent.CHECK

    def note_row(self) -> QLineEdit:
        note = QLineEdit(self)
        note.setObjectName("actionNote")
        note.setPlaceholderText(QCoreApplication.translate("ObjectionActions", "可选"))
        self.add_row(QCoreApplication.translate("ObjectionActions", "办理意见"), note, "note")
        return note

    def scan_row(self, label: str, dialog_title: str) -> ScanPicker:
        picker = ScanPicker(
            QCoreApplication.translate("ObjectionActions", "选择扫描件…"),
            dialog_title,
            "document",
            self,
        )
        self.add_row(label, picker, "document")
        return picker


class CheckDialog(ActionDialog):
    event = ObjectionEvent.CHECK

    def build(self) -> None:
        differing = sum(1 for r in self.case.records for c in r.comparison if c.differs)
        computed = CheckResult.DIFFERS if differing else CheckResult.MATCHES
        if differing:
            self.intro.setText(
                QCoreApplication.translate(
                    "ObjectionActions",
                    "经系统比对，平台记载与信息提供单位报送的内容<b>不一致</b>（共 {0} 项，"
                    "已在“异议信息与比对”中标出）。",
                ).format(differing)
            )
        else:
            self.intro.setText(
                QCoreApplication.translate(
                    "ObjectionActions", "经系统比对，平台记载与信息提供单位报送的内容<b>一致</b>。"
                )
            )
        box = QWidget(self)
        rows = QVBoxLayout(box)
        rows.setContentsMargins(0, 0, 0, 0)
        self.result_group = QButtonGroup(self)
        self.result_buttons: dict[CheckResult, QRadioButton] = {}
        for result in (CheckResult.DIFFERS, CheckResult.MATCHES):
            button = QRadioButton(result.label, box)
            button.setObjectName(f"check_{result.value}")
            self.result_group.addButton(button)
            self.result_buttons[result] = button
            rows.addWidget(button)
        self.result_buttons[computed].setChecked(True)
        self.add_row(QCoreApplication.translate("ObjectionActions", "核查结果"), box, "result")
        self.note = self.note_row()
        self.on = self.date_row(QCoreApplication.translate("ObjectionActions", "办理日期"), "on")

    def chosen(self) -> CheckResult:
        return next(r for r, b in self.result_buttons.items() if b.isChecked())

    def call(self) -> Call:
        return self.case_call(
            objections.check,
            result=self.chosen(),
            note=self.note.text(),
            on=pydate(self.on.date()),
        )


class CorrectDialog(ActionDialog):
    event = ObjectionEvent.CORRECT

    def build(self) -> None:
        empty = QCoreApplication.translate("ObjectionActions", "（空）")
        lines = [
            escape(
                QCoreApplication.translate("ObjectionActions", "{0}　{1}：{2} → {3}").format(
                    r.document_number, c.label, c.platform or empty, c.submitted or empty
                )
            )
            for r in self.case.records
            for c in r.comparison
            if c.differs
        ]
        self.intro.setText(
            QCoreApplication.translate(
                "ObjectionActions",
                "将按信息提供单位报送的内容更正平台记载（生成新版本，原信息保留在变更记录中）：",
            )
            + "<br>"
            + "<br>".join(lines)
        )
        self.note = self.note_row()
        self.on = self.date_row(QCoreApplication.translate("ObjectionActions", "更正日期"), "on")

    def call(self) -> Call:
        return self.case_call(objections.correct, note=self.note.text(), on=pydate(self.on.date()))


class ForwardDialog(ActionDialog):
    event = ObjectionEvent.FORWARD

    def ok_text(self) -> str:
        return QCoreApplication.translate("ObjectionActions", "转办并打印转办单")

    def build(self) -> None:
        self.intro.setText(
            QCoreApplication.translate(
                "ObjectionActions", "将本案转 <b>{0}</b> 核查，并出具异议核查转办单（预览后打印）。"
            ).format(self.provider_html())
        )
        self.method = QComboBox(self)
        self.method.setObjectName("forwardMethod")
        for method in ForwardMethod:
            self.method.addItem(method.label, method.value)
        self.add_row(
            QCoreApplication.translate("ObjectionActions", "转办方式(&F)"), self.method, "method"
        )
        self.sent_on = self.date_row(
            QCoreApplication.translate("ObjectionActions", "发出日期"), "sent_on"
        )
        self.note = self.note_row()

    def call(self) -> Call:
        return self.case_call(
            objections.forward,
            method=ForwardMethod(self.method.currentData()),
            sent_on=pydate(self.sent_on.date()),
            note=self.note.text(),
        )


class ChangesTable(QTableWidget):
    """What the provider corrected: one row per field of each record; only the 更正为 column is
    editable, prefilled with the current value; changed cells are what is sent."""

    def __init__(self, case: CaseDetail, parent: QWidget) -> None:
        super().__init__(0, 4, parent)
        self.setObjectName("changesTable")
        self.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("ObjectionActions", "信息"),
                QCoreApplication.translate("ObjectionActions", "信息项"),
                QCoreApplication.translate("ObjectionActions", "当前值"),
                QCoreApplication.translate("ObjectionActions", "更正为"),
            ]
        )
        self.verticalHeader().hide()
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.rows: list[tuple[int, str, str]] = []  # record id, field, current value
        self.combos: dict[int, QComboBox] = {}
        for record in case.records:
            for comparison in record.comparison:
                r = self.rowCount()
                self.insertRow(r)
                self.rows.append((record.id, comparison.field, comparison.platform))
                for c, text in enumerate(
                    (record.document_number, comparison.label, comparison.platform)
                ):
                    item = QTableWidgetItem(text)
                    item.setFlags(Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled)
                    self.setItem(r, c, item)
                if comparison.field in ENUM_FIELDS:
                    combo = QComboBox(self)
                    for label, value in ENUM_FIELDS[comparison.field]:
                        combo.addItem(label, value)
                    index = combo.findText(comparison.platform)
                    if index < 0:
                        combo.insertItem(0, comparison.platform, None)
                        index = 0
                    combo.setCurrentIndex(index)
                    self.combos[r] = combo
                    self.setItem(r, 3, QTableWidgetItem(""))
                    self.setCellWidget(r, 3, combo)
                else:
                    self.setItem(r, 3, QTableWidgetItem(comparison.platform))
        self.setColumnWidth(0, 130)
        self.setColumnWidth(1, 130)
        self.setColumnWidth(2, 200)
        self.setColumnHidden(0, len(case.records) < 2)  # one record: its number is in the intro
        self.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.itemChanged.connect(self._mark)

    def set_new_value(self, row: int, text: str) -> None:
        combo = self.combos.get(row)
        if combo is not None:
            combo.setCurrentIndex(max(0, combo.findText(text)))
        else:
            self.item(row, 3).setText(text)

    def _mark(self, item: QTableWidgetItem) -> None:
        if item.column() != 3 or item.row() >= len(self.rows):
            return
        changed = item.text() != self.rows[item.row()][2]
        item.setBackground(QBrush(QColor("#fef7e0")) if changed else QBrush())

    def changes(self) -> tuple[RecordChange, ...]:
        values: dict[int, dict[str, str]] = {}
        for r, (record_id, field, current) in enumerate(self.rows):
            combo = self.combos.get(r)
            if combo is not None:
                if combo.currentData() is None or combo.currentText() == current:
                    continue
                new = str(combo.currentData())
            else:
                new = self.item(r, 3).text()
                if new == current:
                    continue
            values.setdefault(record_id, {})[field] = new
        return tuple(RecordChange(record_id, v) for record_id, v in values.items())


class ReplyDialog(ActionDialog):
    """登记核查答复: the provider's written reply."""

    event = ObjectionEvent.REPLY
    appeal = False
    MIN_WIDTH = 760

    def __init__(
        self, ctx: AppContext, case: CaseDetail, *, today: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(ctx, case, today=today, parent=parent)
        self._on_outcome_changed()

    def outcomes(self) -> tuple[ReplyOutcome, ...]:
        if self.appeal:  # the credit authority decides on the merits (service: no 无法确认)
            return tuple(o for o in self.case.reply_outcomes if o is not ReplyOutcome.UNVERIFIABLE)
        return self.case.reply_outcomes

    def build(self) -> None:
        if self.appeal:
            intro = QCoreApplication.translate(
                "ObjectionActions", "登记 {0} 对申诉作出的决定。"
            ).format(
                escape(
                    self.case.appeal_to
                    or QCoreApplication.translate("ObjectionActions", "申诉机关")
                )
            )
        else:
            intro = QCoreApplication.translate(
                "ObjectionActions", "按 <b>{0}</b> 的书面答复登记核查结果。"
            ).format(self.provider_html())
        records = "<br>".join(
            escape(f"{r.catalogue_item}　{r.document_number}") for r in self.case.records
        )
        self.intro.setText(f"{intro}<br>{records}")
        self.outcome = QComboBox(self)
        self.outcome.setObjectName("replyOutcome")
        for outcome in self.outcomes():
            self.outcome.addItem(outcome.label, outcome.value)
        self.outcome.setCurrentIndex(max(0, self.outcome.findData(ReplyOutcome.NOT_UPHELD.value)))
        self.add_row(
            QCoreApplication.translate("ObjectionActions", "核查结果(&O)")
            if not self.appeal
            else QCoreApplication.translate("ObjectionActions", "申诉结果(&O)"),
            self.outcome,
            "outcome",
        )
        self.effect = QLabel(self)
        self.effect.setObjectName("outcomeEffect")
        self.effect.setWordWrap(True)
        self.form.addRow("", self.effect)
        self.reasons = self.multiline(
            QCoreApplication.translate(
                "ObjectionActions", "异议不成立或无法确认的理由（Ctrl+Enter 提交）"
            ),
        )
        self.reasons.setObjectName("replyReasons")
        self.reasons.setMaximumHeight(120)
        self.reasons_label = self.add_row(
            QCoreApplication.translate("ObjectionActions", "理由"), self.reasons, "reasons"
        )
        self.document_number = QLineEdit(self)
        self.document_number.setObjectName("replyDocumentNumber")
        self.document_number.setPlaceholderText(
            QCoreApplication.translate("ObjectionActions", "可选")
        )
        self.add_row(
            QCoreApplication.translate("ObjectionActions", "决定文号")
            if self.appeal
            else QCoreApplication.translate("ObjectionActions", "答复文号"),
            self.document_number,
            "document_number",
        )
        self.day = self.date_row(
            QCoreApplication.translate("ObjectionActions", "决定日期")
            if self.appeal
            else QCoreApplication.translate("ObjectionActions", "答复日期"),
            "decided_on" if self.appeal else "replied_on",
        )
        self.changes = ChangesTable(self.case, self)
        self.changes.setMinimumHeight(280)
        self.changes_label = self.add_row(
            QCoreApplication.translate("ObjectionActions", "更正内容"), self.changes, "changes"
        )
        self.document = self.scan_row(
            QCoreApplication.translate("ObjectionActions", "申诉决定扫描件")
            if self.appeal
            else QCoreApplication.translate("ObjectionActions", "书面答复扫描件"),
            QCoreApplication.translate("ObjectionActions", "选择书面答复扫描件")
            if not self.appeal
            else QCoreApplication.translate("ObjectionActions", "选择申诉决定扫描件"),
        )
        self.outcome.currentIndexChanged.connect(self._on_outcome_changed)

    @property
    def chosen(self) -> ReplyOutcome:
        return ReplyOutcome(self.outcome.currentData())

    def _on_outcome_changed(self, *_: object) -> None:
        outcome = self.chosen
        corrected = outcome is ReplyOutcome.UPHELD_CORRECTED
        self.changes_label.setVisible(corrected)
        self.changes.setVisible(corrected)
        required = (
            outcome is ReplyOutcome.NOT_UPHELD and self.case.reasons_required and not self.appeal
        )
        self.mark_required(
            self.reasons_label,
            self.reasons,
            required,
            (
                QCoreApplication.translate("ObjectionActions", "理由"),
                QCoreApplication.translate("ObjectionActions", "理由 *"),
            ),
            QCoreApplication.translate(
                "ObjectionActions", "本辖区规定：异议不成立的，须写明信息提供单位的理由。"
            ),
        )
        if outcome.deletes:
            self.effect.setText(
                QCoreApplication.translate(
                    "ObjectionActions", "所涉信息将被删除，不再对外提供（原信息保留在变更记录中）。"
                )
            )
            self.effect.setStyleSheet(ERROR_STYLE)
        elif corrected:
            self.effect.setText(
                QCoreApplication.translate(
                    "ObjectionActions",
                    "在下表“更正为”一列填写信息提供单位确认的内容（双击或直接输入修改）。",
                )
            )
            self.effect.setStyleSheet(INFO_STYLE)
        else:
            self.effect.setText(
                QCoreApplication.translate(
                    "ObjectionActions", "维持原信息。告知申请人时将写明理由。"
                )
            )
            self.effect.setStyleSheet(INFO_STYLE)
        self.resize(max(self.width(), self.MIN_WIDTH), self.sizeHint().height())

    def call(self) -> Call:
        outcome = self.chosen
        day = pydate(self.day.date())
        values = {
            "outcome": outcome,
            "reasons": self.reasons.toPlainText(),
            "document_number": self.document_number.text(),
            "changes": self.changes.changes() if outcome is ReplyOutcome.UPHELD_CORRECTED else (),
            "document": self.document.upload,
        }
        if self.appeal:
            return self.case_call(objections.decide_appeal, decided_on=day, **values)
        return self.case_call(objections.reply, replied_on=day, **values)


class NotifyDialog(ActionDialog):
    event = ObjectionEvent.NOTIFY

    def ok_text(self) -> str:
        return QCoreApplication.translate("ObjectionActions", "办结并打印告知书")

    def build(self) -> None:
        self.intro.setText(
            QCoreApplication.translate(
                "ObjectionActions",
                "处理结果：<b>{0}</b>。<br>将出具异议处理结果告知书（预览后打印）并办结本案。",
            ).format(
                escape(
                    self.case.outcome_label
                    or QCoreApplication.translate("ObjectionActions", "已办理")
                )
            )
        )
        self.note = self.note_row()
        self.on = self.date_row(QCoreApplication.translate("ObjectionActions", "告知日期"), "on")

    def call(self) -> Call:
        return self.case_call(objections.notify, note=self.note.text(), on=pydate(self.on.date()))


class WithdrawDialog(ActionDialog):
    event = ObjectionEvent.WITHDRAW

    def build(self) -> None:
        self.intro.setText(
            QCoreApplication.translate(
                "ObjectionActions", "申请人书面撤回异议后，本案终结，所涉信息不再标注“异议处理中”。"
            )
        )
        self.reason = self.multiline(
            QCoreApplication.translate("ObjectionActions", "申请人撤回的理由（必填）")
        )
        self.reason.setObjectName("withdrawReason")
        self.add_row(
            QCoreApplication.translate("ObjectionActions", "撤回理由 *"), self.reason, "reason"
        )

    def call(self) -> Call:
        return self.case_call(objections.withdraw, reason=self.reason.toPlainText())


class DisputeDialog(ActionDialog):
    event = ObjectionEvent.DISPUTE

    def build(self) -> None:
        self.intro.setText(
            QCoreApplication.translate(
                "ObjectionActions",
                "申请人对处理结果仍有异议：登记其意见（按本辖区规定对信息予以标注）。",
            )
        )
        self.statement = self.multiline(
            QCoreApplication.translate("ObjectionActions", "申请人的意见（必填）")
        )
        self.statement.setObjectName("disputeStatement")
        self.add_row(
            QCoreApplication.translate("ObjectionActions", "申请人意见 *"),
            self.statement,
            "statement",
        )

    def call(self) -> Call:
        return self.case_call(objections.dispute, statement=self.statement.toPlainText())


class AppealDialog(ActionDialog):
    event = ObjectionEvent.APPEAL

    def build(self) -> None:
        self.intro.setText(
            QCoreApplication.translate(
                "ObjectionActions",
                "申请人向 <b>{0}</b> 申诉：登记申诉请求，跟踪至申诉机关作出决定。",
            ).format(
                escape(
                    self.case.appeal_to
                    or QCoreApplication.translate("ObjectionActions", "申诉机关")
                )
            )
        )
        self.statement = self.multiline(
            QCoreApplication.translate("ObjectionActions", "申诉请求（必填）")
        )
        self.statement.setObjectName("appealStatement")
        self.add_row(
            QCoreApplication.translate("ObjectionActions", "申诉请求 *"),
            self.statement,
            "statement",
        )
        self.lodged_on = self.date_row(
            QCoreApplication.translate("ObjectionActions", "申诉日期"), "lodged_on"
        )
        self.document = self.scan_row(
            QCoreApplication.translate("ObjectionActions", "申诉材料"),
            QCoreApplication.translate("ObjectionActions", "选择申诉材料扫描件"),
        )

    def call(self) -> Call:
        return self.case_call(
            objections.appeal,
            statement=self.statement.toPlainText(),
            lodged_on=pydate(self.lodged_on.date()),
            document=self.document.upload,
        )


class DecideAppealDialog(ReplyDialog):
    """登记申诉结果: the credit authority's decision, entered like a reply."""

    event = ObjectionEvent.DECIDE_APPEAL
    appeal = True


DIALOGS: dict[ObjectionEvent, type[ActionDialog]] = {
    ObjectionEvent.CHECK: CheckDialog,
    ObjectionEvent.CORRECT: CorrectDialog,
    ObjectionEvent.FORWARD: ForwardDialog,
    ObjectionEvent.REPLY: ReplyDialog,
    ObjectionEvent.NOTIFY: NotifyDialog,
    ObjectionEvent.WITHDRAW: WithdrawDialog,
    ObjectionEvent.DISPUTE: DisputeDialog,
    ObjectionEvent.APPEAL: AppealDialog,
    ObjectionEvent.DECIDE_APPEAL: DecideAppealDialog,
}


def dialog_for(
    event: ObjectionEvent,
    ctx: AppContext,
    case: CaseDetail,
    *,
    today: date,
    parent: QWidget | None = None,
) -> ActionDialog:
    return DIALOGS[event](ctx, case, today=today, parent=parent)
