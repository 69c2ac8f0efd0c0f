"""The intake's frame, four steps in one dialog, keyboard first: ① the subject and its records,
② the applicant, ③ what the screen asks for (the objection's grounds, the repair's materials),
④ what will be recorded.

Enter is the default button (查找 / 下一步 / the confirming button), Ctrl+Enter too (also inside
multi-line fields), Alt+← goes back, Esc cancels (asking first once a subject was looked up). The
service validates everything when the case is opened; its field errors are shown next to the
fields and the dialog jumps to the first step holding one. Nothing is stored until then (reading
the records is logged, as the law wants: the command lane).

A screen's intake subclasses ``IntakeWizard``: its steps, its texts, the service it calls."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from html import escape
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import IdDocType
from app.domain.errors import CreditDeskError, DatabaseUnavailable, ValidationFailed
from app.services.applicants import ApplicantInput
from ui.cases.applicant_step import APPLICANT_FIELDS, ApplicantStep
from ui.cases.common import RED_TEXT, date_edit
from ui.cases.subject_step import SubjectStep
from ui.context import AppContext
from ui.errors import ask, show_error
from ui.widgets.code_line_edit import CodeLineEdit
from ui.widgets.forms import INFO_STYLE, FieldErrors, StatusLine

SUBJECT, APPLICANT, DETAILS, CONFIRM = range(4)
Rows = list[tuple[str, str]]  # (label, value as HTML) for the confirmation page


def grouped(errors: Mapping[str, list[str]]) -> dict[str, list[str]]:
    """``evidence[2]`` → ``evidence``: one message line for the whole list."""
    out: dict[str, list[str]] = {}
    for name, messages in errors.items():
        out.setdefault(name.split("[", 1)[0], []).extend(messages)
    return out


class DetailsStep(QWidget):
    """Step ③: what the screen asks for. Subclasses say which service fields are theirs."""

    FIELDS: tuple[str, ...] = ()

    def owns(self, field: str) -> bool:
        return field in self.FIELDS

    def add_statement(
        self,
        form: QFormLayout,
        errors: FieldErrors,
        *,
        label: str,
        placeholder: str,
        heights: tuple[int, int],
        name: str,
    ) -> QPlainTextEdit:
        """The applicant's statement (field ``statement``); Tab leaves it, Ctrl+Enter goes on."""
        parent = form.parentWidget()
        edit = QPlainTextEdit(parent)
        edit.setObjectName(name)
        edit.setTabChangesFocus(True)
        edit.setPlaceholderText(placeholder)
        edit.setMinimumHeight(heights[0])
        edit.setMaximumHeight(heights[1])
        caption = QLabel(label, parent)
        caption.setBuddy(edit)
        form.addRow(caption, edit)
        errors.add("statement", edit)
        return edit

    def add_received_on(
        self, form: QFormLayout, errors: FieldErrors, today: date, *, name: str
    ) -> QDateEdit:
        """The day the application was received (field ``received_on``), today at most."""
        parent = form.parentWidget()
        edit = date_edit(parent, today, latest=today)
        edit.setObjectName(name)
        caption = QLabel(self.tr("收到日期(&D)"), parent)
        caption.setBuddy(edit)
        form.addRow(caption, edit)
        errors.add("received_on", edit)
        return edit

    def show_errors(self, errors: Mapping[str, list[str]]) -> None:
        raise NotImplementedError

    def clear_errors(self) -> None:
        raise NotImplementedError


class ConfirmStep(QWidget):
    """Step ④: the summary to read out to the applicant, and a note on what follows."""

    def __init__(self, parent: QWidget, *, prefix: str, note: str) -> None:
        super().__init__(parent)
        self.setObjectName(f"{prefix}ConfirmStep")
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("请与申请人核对以下内容，确认无误后受理："), self)
        layout.addWidget(intro)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        self.summary = QLabel(scroll)
        self.summary.setObjectName(f"{prefix}Summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setMargin(8)
        scroll.setWidget(self.summary)
        layout.addWidget(scroll, 1)
        self.note = QLabel(note, self)
        self.note.setWordWrap(True)
        self.note.setStyleSheet(INFO_STYLE)
        layout.addWidget(self.note)

    def show_rows(self, rows: Rows) -> None:
        body = "".join(
            f'<tr><td style="color:#5f6368; padding:3px 12px 3px 0; white-space:nowrap;">'
            f"{escape(label)}</td><td style='padding:3px 0;'>{value}</td></tr>"
            for label, value in rows
        )
        self.summary.setText(f"<table>{body}</table>")


class IntakeWizard(QDialog):
    """Opens a case; ``opened`` carries the service's detail of it."""

    opened = Signal(object)  # the case detail

    DIALOG_NAME = "intakeDialog"
    PREFIX = "intake"  # object names: intakeBackButton, intakeNextButton …
    SIZE = (1100, 660)
    SUBJECT_STEP: type[SubjectStep]
    APPLICANT_STEP: type[ApplicantStep]
    DETAILS_STEP: Callable[[date, QWidget], DetailsStep]  # (today, parent)
    OPEN: Callable[..., Any]  # the service: (db, input, *, actor, today) -> the case detail

    def __init__(
        self,
        ctx: AppContext,
        *,
        today: date,
        parent: QWidget | None = None,
        subject_code: str = "",
        record_ids: Iterable[int] = (),
    ) -> None:
        super().__init__(parent)
        self.setObjectName(self.DIALOG_NAME)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.ctx = ctx
        self.today = today
        self.found: Any = None
        self.loaded_code = ""
        self.case: Any = None
        self._preselect = tuple(record_ids)
        self._discard_question: QWidget | None = None
        title = self.title_text()
        self.setWindowTitle(title)

        outer = QVBoxLayout(self)
        steps_row = QHBoxLayout()
        heading = QLabel(title, self)
        heading.setStyleSheet("font-size: 14pt; font-weight: bold;")
        steps_row.addWidget(heading)
        steps_row.addSpacing(16)
        self.step_labels: list[QLabel] = []
        subject_text, details_text = self.step_texts()
        texts = (subject_text, self.tr("② 申请人"), details_text, self.tr("④ 确认受理"))
        for i, text in enumerate(texts):
            label = QLabel(text, self)
            self.step_labels.append(label)
            steps_row.addWidget(label)
            if i < len(texts) - 1:
                arrow = QLabel("›", self)
                arrow.setStyleSheet("color: #9aa0a6;")
                steps_row.addWidget(arrow)
        steps_row.addStretch(1)
        outer.addLayout(steps_row)

        self.stack = QStackedWidget(self)
        self.subject_step = self.SUBJECT_STEP(self.stack)
        self.applicant_step = self.APPLICANT_STEP(self.stack)
        self.details_step = self.DETAILS_STEP(today, self.stack)
        self.confirm_step = ConfirmStep(self.stack, prefix=self.PREFIX, note=self.confirm_note())
        for page in (self.subject_step, self.applicant_step, self.details_step, self.confirm_step):
            self.stack.addWidget(page)
        outer.addWidget(self.stack, 1)

        self.status = StatusLine(self)
        outer.addWidget(self.status)
        buttons = QHBoxLayout()
        self.cancel_button = QPushButton(self.tr("取消"), self)
        self.cancel_button.setToolTip(self.tr("放弃本次受理（Esc）"))
        self.cancel_button.setAutoDefault(False)
        self.back_button = QPushButton(self.tr("上一步"), self)
        self.back_button.setObjectName(f"{self.PREFIX}BackButton")
        self.back_button.setToolTip(self.tr("回到上一步（Alt+←）"))
        self.back_button.setAutoDefault(False)
        self.next_button = QPushButton(self.tr("下一步"), self)
        self.next_button.setObjectName(f"{self.PREFIX}NextButton")
        self.next_button.setDefault(True)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.next_button)
        outer.addLayout(buttons)

        self.cancel_button.clicked.connect(self.reject)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.subject_step.find_button.clicked.connect(self.lookup)
        self.subject_step.code.textChanged.connect(lambda _t: self._update_buttons())
        for keys, slot in (
            ("Ctrl+Return", self.next),
            ("Ctrl+Enter", self.next),
            ("Alt+Left", self.back),
        ):
            QShortcut(QKeySequence(keys), self, slot)

        self.subject_step.code.setText(subject_code)
        self.go_to(SUBJECT)
        self.resize(*self.SIZE)
        if subject_code:
            self.lookup()

    # -- what the screen says and does ------------------------------------------------------------
    def title_text(self) -> str:
        raise NotImplementedError

    def step_texts(self) -> tuple[str, str]:
        """The titles of steps ① and ③."""
        raise NotImplementedError

    def confirm_note(self) -> str:
        raise NotImplementedError

    def confirm_button_text(self) -> str:
        raise NotImplementedError

    def discard_text(self) -> str:
        raise NotImplementedError

    def details_focus(self) -> QWidget:
        """Where the keyboard goes on step ③."""
        raise NotImplementedError

    def entering(self, step: int) -> None:
        """Called before a step is shown."""

    def subject_errors(self) -> dict[str, list[str]]:
        """What keeps step ① from going on (nothing ticked …)."""
        raise NotImplementedError

    def details_ready(self) -> bool:
        """Step ③ may go on; if not, say why next to the fields."""
        return True

    def fetch_subject(self, code: str) -> Callable[[], Any]:
        """Reads the subject's records (run on the command lane: the read is logged)."""
        raise NotImplementedError

    def subject_found(self, found: Any) -> None:
        """The subject is shown on step ①; say what else follows from it."""

    def summary_rows(self) -> Rows:
        raise NotImplementedError

    def case_input(self) -> Any:
        """What was entered, as the service takes it (``OPEN``)."""
        raise NotImplementedError

    # -- moving ------------------------------------------------------------------------------
    @property
    def step(self) -> int:
        return self.stack.currentIndex()

    def go_to(self, step: int) -> None:
        self.entering(step)
        self.stack.setCurrentIndex(step)
        for i, label in enumerate(self.step_labels):
            label.setStyleSheet(
                "color: #1a73e8; font-weight: bold;" if i == step else "color: #5f6368;"
            )
        focus = {
            SUBJECT: self.subject_step.table if self.found is not None else self.subject_step.code,
            APPLICANT: self.applicant_step.name,
            DETAILS: self.details_focus(),
            CONFIRM: self.next_button,
        }[step]
        focus.setFocus()
        if step == CONFIRM:
            self.confirm_step.show_rows(self.summary_rows())
        self._update_buttons()

    def _update_buttons(self) -> None:
        step = self.step
        self.back_button.setEnabled(step > SUBJECT)
        if step == SUBJECT and self._needs_lookup():
            text, tip = self.tr("查找"), self.tr("读取该主体的信用信息（回车）")
        elif step == CONFIRM:
            text, tip = self.confirm_button_text(), self.tr("确认受理，生成案件编号（回车）")
        else:
            text, tip = self.tr("下一步"), self.tr("下一步（回车或 Ctrl+Enter）")
        self.next_button.setText(text)
        self.next_button.setToolTip(tip)

    def _needs_lookup(self) -> bool:
        code = CodeLineEdit.normalize(self.subject_step.code.text())
        return self.found is None or code != self.loaded_code

    def back(self) -> None:
        if self.step > SUBJECT:
            self.status.clear_status()
            self.go_to(self.step - 1)

    def next(self) -> None:
        self.status.clear_status()
        step = self.step
        if step == SUBJECT:
            if self._needs_lookup():
                self.lookup()
                return
            errors = self.subject_errors()
            self.subject_step.errors.show(errors)
            if not errors:
                self.go_to(APPLICANT)
        elif step == APPLICANT:
            self.go_to(DETAILS)
        elif step == DETAILS:
            if self.details_ready():
                self.go_to(CONFIRM)
        else:
            self.submit()

    # -- the subject ---------------------------------------------------------------------------
    def lookup(self) -> None:
        code = CodeLineEdit.normalize(self.subject_step.code.text())
        self.subject_step.errors.clear()
        if not code:
            self.subject_step.errors.show(
                {"subject": [self.tr("请输入统一社会信用代码或身份证号码。")]}
            )
            self.subject_step.code.setFocus()
            return
        self.subject_step.code.setText(code)
        fetch = self.fetch_subject(code)
        # reading a subject's records is logged (the query log): the command lane
        self.ctx.runner.command(
            lambda _t: fetch(),
            on_done=lambda found: self._on_found(code, found),
            on_error=self._on_lookup_failed,
            busy_for=self,
            busy_text=self.tr("正在读取信用信息…"),
        )

    def _on_found(self, code: str, found: Any) -> None:
        previous = self.found
        self.found = found
        self.loaded_code = code
        # the same subject again keeps its ticks; the first lookup ticks what was asked for
        keep = self.subject_step.table.checked_ids() if previous is not None else self._preselect
        self.subject_step.show_subject(found, keep)
        if previous is None or previous.subject_id != found.subject_id:
            self.applicant_step.prefill(found, code)
        self.subject_found(found)
        self.subject_step.table.setFocus()
        self._update_buttons()

    def _on_lookup_failed(self, exc: BaseException) -> None:
        self.found = None
        self.loaded_code = ""
        self.subject_step.show_missing()
        if isinstance(exc, ValidationFailed) and exc.field_errors:
            # the code's own check ("code") is said where the code was typed
            messages = [m for ms in exc.field_errors.values() for m in ms]
            self.subject_step.errors.show({"subject": messages})
        elif isinstance(exc, DatabaseUnavailable):
            self.status.show_error(exc, saving=False)
        elif isinstance(exc, CreditDeskError):
            self.subject_step.errors.show({"subject": [exc.text]})
        else:
            show_error(self, exc)
        self.subject_step.code.setFocus()
        self.subject_step.code.selectAll()
        self._update_buttons()

    # -- the confirmation page -----------------------------------------------------------------
    def subject_row(self) -> Rows:
        found = self.found
        if found is None:
            return []
        return [(self.tr("信用主体"), escape(f"{found.subject_name}（{found.display_code}）"))]

    def applicant_rows(self, applicant: ApplicantInput, *, mandate: bool = False) -> Rows:
        """申请人, 代理人 (with the 委托书 picked, when ``mandate``), 联系电话."""
        rows = [
            (
                self.tr("申请人"),
                escape(
                    f"{applicant.name}（{IdDocType(applicant.doc_type).label}"
                    f" {applicant.doc_number}）"
                ),
            )
        ]
        if applicant.agent_name or applicant.agent_doc_number:
            agent = f"{applicant.agent_name}（{applicant.agent_doc_number}）"
            if mandate:
                agent += "；" + (
                    applicant.mandate.display_name if applicant.mandate else self.tr("未附委托书")
                )
            rows.append((self.tr("代理人"), escape(agent)))
        if applicant.phone.strip():
            rows.append((self.tr("联系电话"), escape(applicant.phone.strip())))
        return rows

    def warning_rows(self, warnings: list[str]) -> Rows:
        """注意: what the clerk should still see to (in red)."""
        if not self.applicant_step.document_seen.isChecked():
            warnings = [*warnings, self.tr("尚未勾选“已核验身份证件原件”")]
        if not warnings:
            return []
        text = "<br>".join(escape(w) for w in warnings)
        return [(self.tr("注意"), f'<span style="color:{RED_TEXT};">{text}</span>')]

    # -- confirming ----------------------------------------------------------------------------
    def submit(self) -> None:
        db, actor, today, data = (
            self.ctx.db,
            self.ctx.require_actor(),
            self.today,
            self.case_input(),
        )
        open_case = self.OPEN
        self.status.clear_status()
        self.subject_step.errors.clear()
        self.applicant_step.clear_errors()
        self.details_step.clear_errors()
        self.ctx.runner.command(
            lambda _t: open_case(db, data, actor=actor, today=today),
            on_done=self._on_opened,
            on_error=self._on_failed,
            busy_for=self,
            busy_text=self.tr("正在受理…"),
        )

    def _on_opened(self, case: Any) -> None:
        self.case = case
        self.opened.emit(case)
        self.done(QDialog.DialogCode.Accepted)

    def page_of(self, field: str) -> int | None:
        if field in self.subject_step.FIELDS:
            return SUBJECT
        if field in APPLICANT_FIELDS:
            return APPLICANT
        if self.details_step.owns(field):
            return DETAILS
        return None

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationFailed) and exc.field_errors:
            errors = grouped(exc.field_errors)
            subject = {k: v for k, v in errors.items() if self.page_of(k) == SUBJECT}
            if "code" in subject:  # the code's own check is said where the code was typed
                subject.setdefault("subject", []).extend(subject.pop("code"))
            self.subject_step.errors.show(subject)
            self.applicant_step.show_errors(errors)
            self.details_step.show_errors(errors)
            pages = sorted({p for k in errors if (p := self.page_of(k)) is not None})
            unknown = [m for k, v in errors.items() if self.page_of(k) is None for m in v]
            if pages:
                self.go_to(pages[0])
            self.status.show_text(
                "；".join(unknown) if unknown else self.tr("请按提示修改标红的项目后重试。")
            )
        elif isinstance(exc, CreditDeskError):  # DatabaseUnavailable included: fields kept
            self.status.show_error(exc)
        else:
            show_error(self, exc)

    # -- leaving -------------------------------------------------------------------------------
    def reject(self) -> None:
        """Esc or 取消: ask first once a subject has been looked up."""
        if self.found is None or self.case is not None:
            super().reject()
            return
        self._discard_question = ask(
            self,
            self.tr("放弃受理"),
            self.discard_text(),
            lambda: QDialog.reject(self),
            yes_text=self.tr("放弃"),
            destructive=True,
        )
