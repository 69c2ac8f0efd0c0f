"""登记新授权: the clerk enters the authorisation document the applicant brought (授权书) and
attaches its scan; the grant is registered at once (the service validates every field)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import GrantMethod, IdDocType, InfoClass
from app.domain.errors import CreditDeskError, DatabaseUnavailable, ValidationFailed
from app.services.attachments import MAX_ATTACHMENT_BYTES, Upload, check_upload
from app.services.grants import GrantInput, GrantRow, register_grant
from ui.context import AppContext
from ui.errors import show_error
from ui.widgets.forms import ERROR_STYLE, INFO_STYLE, FieldErrors, StatusLine, grow_to_fit
from ui.window_query.pages import messages_of


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class GrantDialog(QDialog):
    """Grantor = the chosen subject; grantee prefilled from step 1 (the requester)."""

    registered = Signal(object)  # GrantRow

    def __init__(
        self,
        ctx: AppContext,
        *,
        subject_id: int,
        subject_label: str,
        grantee_doc_type: IdDocType,
        grantee_doc_number: str,
        grantee_name: str,
        purpose: str,
        sms_allowed: bool,
        today: date,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("grantDialog")
        self.setWindowTitle(self.tr("登记新授权"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.ctx = ctx
        self.subject_id = subject_id
        self.today = today
        self.upload: Upload | None = None
        self.row: GrantRow | None = None

        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr("按申请人提交的授权书填写，并附上授权书扫描件（PDF、JPEG 或 PNG）。"), self
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        layout.addLayout(form)
        self.errors = FieldErrors(form)

        grantor = QLabel(subject_label, self)
        grantor.setObjectName("grantorLabel")
        form.addRow(self.tr("授权人（信息主体）"), grantor)

        self.grantee_type = QComboBox(self)
        for doc_type in IdDocType:
            self.grantee_type.addItem(doc_type.label, doc_type)
        self.grantee_type.setCurrentIndex(self.grantee_type.findData(grantee_doc_type))
        form.addRow(self.tr("被授权人证件类型"), self.grantee_type)
        self.grantee_number = QLineEdit(grantee_doc_number, self)
        self.grantee_number.setObjectName("granteeNumber")
        form.addRow(self.tr("被授权人证件号码"), self.grantee_number)
        self.errors.add("grantee_doc_number", self.grantee_number)
        self.grantee_name = QLineEdit(grantee_name, self)
        form.addRow(self.tr("被授权人名称"), self.grantee_name)
        self.errors.add("grantee_name", self.grantee_name)

        scope_box = QWidget(self)
        scope_row = QHBoxLayout(scope_box)
        scope_row.setContentsMargins(0, 0, 0, 0)
        self.scope_checks: dict[InfoClass, QCheckBox] = {}
        for info_class in InfoClass:
            check = QCheckBox(info_class.label, scope_box)
            check.setObjectName(f"scope_{info_class.value}")
            check.setChecked(True)
            scope_row.addWidget(check)
            self.scope_checks[info_class] = check
        scope_row.addStretch(1)
        form.addRow(self.tr("授权范围"), scope_box)
        self.errors.add("scope", scope_box)

        self.purpose = QLineEdit(purpose, self)
        self.purpose.setObjectName("grantPurpose")
        form.addRow(self.tr("约定的查询用途"), self.purpose)
        self.errors.add("purpose", self.purpose)

        dates = QWidget(self)
        dates_row = QHBoxLayout(dates)
        dates_row.setContentsMargins(0, 0, 0, 0)
        self.valid_from = QDateEdit(_qdate(today), dates)
        self.valid_to = QDateEdit(_qdate(today + timedelta(days=90)), dates)
        for edit in (self.valid_from, self.valid_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        dates_row.addWidget(self.valid_from)
        dates_row.addWidget(QLabel(self.tr("至"), dates))
        dates_row.addWidget(self.valid_to)
        dates_row.addStretch(1)
        form.addRow(self.tr("有效期"), dates)
        self.errors.add("valid_to", dates)

        self.method = QComboBox(self)
        self.method.setObjectName("grantMethod")
        self.method.addItem(GrantMethod.WRITTEN.label, GrantMethod.WRITTEN)
        if sms_allowed:
            self.method.addItem(GrantMethod.SMS.label, GrantMethod.SMS)
        else:
            self.method.setToolTip(self.tr("本辖区规则只接受书面授权"))
        form.addRow(self.tr("授权方式"), self.method)
        self.errors.add("method", self.method)

        self.sms_reference = QLineEdit(self)
        self.sms_reference.setPlaceholderText(self.tr("短信验证记录编号"))
        self.sms_label = QLabel(self.tr("短信验证记录"), self)
        form.addRow(self.sms_label, self.sms_reference)
        self.errors.add("sms_reference", self.sms_reference)

        file_box = QWidget(self)
        file_row = QHBoxLayout(file_box)
        file_row.setContentsMargins(0, 0, 0, 0)
        self.file_button = QPushButton(self.tr("选择扫描件…"), file_box)
        self.file_label = QLabel(self.tr("未选择文件"), file_box)
        self.file_label.setObjectName("grantFileLabel")
        self.file_label.setStyleSheet(INFO_STYLE)
        self.file_label.setWordWrap(True)
        file_row.addWidget(self.file_button)
        file_row.addWidget(self.file_label, 1)
        self.file_title = QLabel(self.tr("授权书扫描件"), self)
        form.addRow(self.file_title, file_box)
        self.errors.add("document", file_box)

        self.status = StatusLine(self)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox(self)
        self.ok_button = buttons.addButton(
            self.tr("登记授权"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

        self.file_button.clicked.connect(self._choose_file)
        self.method.currentIndexChanged.connect(self._on_method_changed)
        self._on_method_changed()
        self.resize(640, self.sizeHint().height())

    # -- the file ------------------------------------------------------------------------------
    def _choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("选择授权书扫描件"),
            str(Path.home()),
            self.tr("授权书扫描件 (*.pdf *.jpg *.jpeg *.png);;所有文件 (*)"),
        )
        if path:
            self.attach_file(Path(path))

    def attach_file(self, path: Path) -> bool:
        """Read the picked file; size and type faults are shown at once, in Chinese."""
        self.upload = None
        try:
            size = path.stat().st_size
            if size > MAX_ATTACHMENT_BYTES:
                self._file_fault(
                    self.tr("文件过大（{0:.1f} MB），授权书扫描件不能超过 {1} MB。").format(
                        size / 1024 / 1024, MAX_ATTACHMENT_BYTES // 1024 // 1024
                    )
                )
                return False
            content = path.read_bytes()
        except OSError as exc:
            self._file_fault(
                self.tr("无法读取文件：{0}").format(exc.strerror or type(exc).__name__)
            )
            return False
        upload = Upload(content, path.name)  # the name is for display, never a path
        try:
            check_upload(upload, field="document")
        except ValidationFailed as exc:
            self._file_fault("；".join(messages_of(exc)) or exc.text)
            return False
        self.upload = upload
        self.file_label.setText(
            self.tr("{0}（{1} KB）").format(path.name, max(1, len(content) // 1024))
        )
        self.file_label.setStyleSheet(INFO_STYLE)
        return True

    def _file_fault(self, text: str) -> None:
        self.file_label.setText(text)
        self.file_label.setStyleSheet(ERROR_STYLE)
        if self.isVisible():
            QTimer.singleShot(0, self, lambda: grow_to_fit(self))

    def _on_method_changed(self) -> None:
        sms = self.method.currentData() == GrantMethod.SMS
        self.sms_label.setVisible(sms)
        self.sms_reference.setVisible(sms)
        self.file_title.setText(self.tr("授权书扫描件（可选）") if sms else self.tr("授权书扫描件"))

    # -- registering ---------------------------------------------------------------------------
    def grant_input(self) -> GrantInput:
        return GrantInput(
            grantor_subject_id=self.subject_id,
            grantee_doc_type=IdDocType(self.grantee_type.currentData()),
            grantee_doc_number=self.grantee_number.text(),
            grantee_name=self.grantee_name.text(),
            scope=[c.value for c, check in self.scope_checks.items() if check.isChecked()],
            purpose=self.purpose.text(),
            valid_from=_pydate(self.valid_from.date()),
            valid_to=_pydate(self.valid_to.date()),
            method=GrantMethod(self.method.currentData()),
            document=self.upload,
            sms_reference=self.sms_reference.text(),
        )

    def submit(self) -> None:
        ctx, actor, data, today = self.ctx, self.ctx.require_actor(), self.grant_input(), self.today
        self.errors.clear()
        self.status.clear_status()
        ctx.runner.command(
            lambda _t: register_grant(ctx.db, data, actor=actor, today=today),
            on_done=self._on_registered,
            on_error=self._on_failed,
            busy_for=self,
            busy_text=self.tr("正在登记授权…"),
        )

    def _on_registered(self, row: GrantRow) -> None:
        self.row = row
        self.registered.emit(row)
        self.accept()

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationFailed) and exc.field_errors:
            unknown = self.errors.show(exc.field_errors)
            self.status.show_error(exc)
            if unknown:
                self.status.show_text("；".join(m for f in unknown for m in exc.field_errors[f]))
        elif isinstance(exc, DatabaseUnavailable | CreditDeskError):
            self.status.show_error(exc)
        else:
            show_error(self, exc)
