"""关联法定代表人/责任人 (Nantong 第二十九条): a supervisor links a legal person's serious
dishonest record to its legal representative, principal or another directly responsible person.

The ID number is checked as it is typed (pure check, no database); the service decides the rest
(the regulation, the record, a duplicate) and its field errors are shown next to the fields.
A person not yet known is registered with the name given."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import IdDocType
from app.domain.errors import CreditDeskError, ValidationFailed
from app.services.lists import LINK_ROLES, LinkRow, link_responsible_person
from ui.context import AppContext
from ui.errors import show_error
from ui.widgets.code_line_edit import CodeLineEdit
from ui.widgets.forms import ERROR_STYLE, INFO_STYLE, OK_STYLE, FieldErrors, StatusLine
from ui.window_query.pages import CODE_LENGTH, check_number_text

LINKS = "record_links"  # the ChangeSet area of the 第二十九条 links

# the service's field names → ours ("code": a bad ID number from the code check)
_FIELD_OF = {"code": "person", "person": "person", "name": "name", "role": "role"}


class LinkPersonDialog(QDialog):
    """Link record ``record_id`` to a responsible natural person."""

    linked = Signal(object)  # the LinkRow

    def __init__(self, ctx: AppContext, record_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("linkPersonDialog")
        self.ctx, self.record_id = ctx, record_id
        self.link: LinkRow | None = None
        self.setWindowTitle(self.tr("关联法定代表人/责任人 — 信用信息编号 {0}").format(record_id))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "严重失信法人的失信信息记入负有责任的法定代表人、主要负责人和其他直接责任人的"
                "失信记录。按居民身份证号码登记；系统中尚无此人时须填写姓名。"
            ),
            self,
        )
        intro.setWordWrap(True)
        intro.setStyleSheet(INFO_STYLE)
        layout.addWidget(intro)

        form = QFormLayout()
        self.person = CodeLineEdit(self, max_length=CODE_LENGTH)
        self.person.setObjectName("linkPersonNumber")
        self.person.setPlaceholderText(self.tr("18 位居民身份证号码"))
        self.person.setMinimumWidth(220)
        self.person_check = QLabel(self)
        self.person_check.setObjectName("linkPersonCheck")
        self.person_check.setWordWrap(True)
        number_row = QWidget(self)
        row = QHBoxLayout(number_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.person)
        row.addWidget(self.person_check, 1)
        person_label = QLabel(self.tr("身份证号码(&I)"), self)
        person_label.setBuddy(self.person)
        form.addRow(person_label, number_row)

        self.name = QLineEdit(self)
        self.name.setObjectName("linkPersonName")
        self.name.setMaxLength(200)
        self.name.setPlaceholderText(self.tr("已登记的人员可不填"))
        name_label = QLabel(self.tr("姓名(&N)"), self)
        name_label.setBuddy(self.name)
        form.addRow(name_label, self.name)

        self.role = QComboBox(self)
        self.role.setObjectName("linkPersonRole")
        for key, label in LINK_ROLES.items():
            self.role.addItem(label, key)
        role_label = QLabel(self.tr("身份(&R)"), self)
        role_label.setBuddy(self.role)
        form.addRow(role_label, self.role)
        layout.addLayout(form)

        self.errors = FieldErrors(form)
        self.errors.add("person", number_row)
        self.errors.add("name", self.name)
        self.errors.add("role", self.role)

        self.status = StatusLine(self)
        layout.addWidget(self.status)

        buttons = QDialogButtonBox(self)
        self.link_button = buttons.addButton(
            self.tr("关联(&L)"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.link_button.setObjectName("linkPersonButton")
        self.link_button.setDefault(True)
        cancel = buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("linkCancelButton")
        layout.addWidget(buttons)

        self.person.textChanged.connect(self._on_person_text_changed)
        self.person.code_entered.connect(lambda _code: self.name.setFocus())
        self.link_button.clicked.connect(self.submit)
        cancel.clicked.connect(self.reject)
        self._on_person_text_changed(self.person.text())
        self.resize(560, self.sizeHint().height())
        self.person.setFocus()

    # -- checking as typed ---------------------------------------------------------------------
    def _on_person_text_changed(self, text: str) -> None:
        typed = "".join(text.split())
        if 0 < len(typed) < CODE_LENGTH and typed.isalnum():
            self.person_check.setText(
                self.tr("已输入 {0} 位，共 {1} 位").format(len(typed), CODE_LENGTH)
            )
            self.person_check.setStyleSheet(INFO_STYLE)
            return
        message, ok = check_number_text(IdDocType.RESIDENT_ID, text)
        self.person_check.setText(self.tr("✓ 号码校验通过") if message == "✓" else message)
        self.person_check.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)

    # -- linking -------------------------------------------------------------------------------
    def submit(self) -> None:
        if not self.link_button.isEnabled():
            return
        ctx, actor, record_id = self.ctx, self.ctx.require_actor(), self.record_id
        code = CodeLineEdit.normalize(self.person.text())
        role = str(self.role.currentData())
        name = self.name.text()
        self.errors.clear()
        self.status.clear_status()
        ctx.runner.command(
            lambda _t: link_responsible_person(
                ctx.db, record_id, code, role, actor=actor, name=name
            ),
            on_done=self._on_linked,
            on_error=self._on_failed,
            busy_for=self,
            busy_text=self.tr("正在关联…"),
        )

    def _on_linked(self, link: LinkRow) -> None:
        self.link = link
        self.ctx.events.emit_changed(LINKS)
        self.linked.emit(link)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationFailed) and exc.field_errors:
            errors: dict[str, list[str]] = {}
            for field, messages in exc.field_errors.items():
                errors.setdefault(_FIELD_OF.get(field, field), []).extend(messages)
            unknown = self.errors.show(errors)
            hints = [exc.resolution] if exc.resolution else []
            others = [m for f in unknown for m in errors[f]]
            self.status.show_text("；".join(others + hints))
            focus = {"person": self.person, "name": self.name, "role": self.role}
            for field in ("person", "name", "role"):
                if field in errors:
                    focus[field].setFocus()
                    break
        elif isinstance(exc, CreditDeskError):
            self.status.show_error(exc, saving=False)
        else:
            show_error(self, exc)
