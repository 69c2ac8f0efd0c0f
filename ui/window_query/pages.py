"""The wizard's input steps: 查询人, 查询对象与目的, 授权核验. Pure widgets: the view runs the
service calls and fills them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.enums import Audience, IdDocType
from app.domain.errors import ValidationFailed
from app.services.attachments import MAX_ATTACHMENT_BYTES, Upload, check_upload
from app.services.grants import GrantRow, normalize_doc_number
from app.services.subject_search import SubjectHit
from app.services.window_query import OTHER_PURPOSE, RequesterInput
from ui.widgets.code_line_edit import CodeLineEdit
from ui.widgets.forms import ERROR_STYLE, INFO_STYLE, OK_STYLE, FieldErrors
from ui.window_query.columns import fill_table, grant_columns, grant_tooltip

FIELD_WIDTH = 420
CODE_LENGTH = 18  # 居民身份证号码 and 统一社会信用代码 (a 15-digit ID is converted by the service)

PERSON_DOC_TYPES = (
    IdDocType.RESIDENT_ID,
    IdDocType.PASSPORT,
    IdDocType.RESIDENCE_PERMIT,
    IdDocType.FOREIGNER_PERMANENT,
)


def messages_of(exc: ValidationFailed) -> list[str]:
    return [m for messages in exc.field_errors.values() for m in messages]


def check_number_text(doc_type: IdDocType, text: str) -> tuple[str, bool]:
    """The live message beside a number field: ("", True) when empty."""
    if not text.strip():
        return "", True
    try:
        normalize_doc_number(doc_type, text, field="n")
    except ValidationFailed as exc:
        return "；".join(messages_of(exc)) or exc.text, False
    return "✓", True


class LiveCheck(QLabel):
    """A message beside a number field, updated on every keystroke (pure check, no database)."""

    def __init__(self, edit: QLineEdit, combo: QComboBox, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self._edit, self._combo = edit, combo
        edit.textChanged.connect(self.update_check)
        combo.currentIndexChanged.connect(self.update_check)

    def update_check(self) -> None:
        doc_type = IdDocType(self._combo.currentData())
        typed = "".join(self._edit.text().split())
        if (
            doc_type in (IdDocType.RESIDENT_ID, IdDocType.USCC)
            and 0 < len(typed) < CODE_LENGTH
            and typed.isalnum()
        ):
            # still typing: count, do not shout
            self.setText(self.tr("已输入 {0} 位，共 {1} 位").format(len(typed), CODE_LENGTH))
            self.setStyleSheet(INFO_STYLE)
            return
        text, ok = check_number_text(doc_type, self._edit.text())
        if text == "✓":
            text = self.tr("✓ 号码校验通过")
        self.setText(text)
        self.setStyleSheet(OK_STYLE if ok else ERROR_STYLE)


def _number_row(edit: QLineEdit, check: QLabel, parent: QWidget) -> QWidget:
    box = QWidget(parent)
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    edit.setMinimumWidth(220)
    row.addWidget(edit)
    row.addWidget(check, 1)
    return box


class RequesterPage(QWidget):
    """Step 1: who is asking (and, for an organisation, its agent and the 委托书)."""

    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("requesterPage")
        self.mandate: Upload | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.errors = FieldErrors(form)

        self.doc_type = QComboBox(self)
        self.doc_type.setObjectName("docType")
        self.doc_type.addItem(IdDocType.RESIDENT_ID.label, IdDocType.RESIDENT_ID)
        self.doc_type.addItem(self.tr("统一社会信用代码（单位）"), IdDocType.USCC)
        for doc_type in PERSON_DOC_TYPES[1:]:
            self.doc_type.addItem(doc_type.label, doc_type)
        form.addRow(self.tr("证件类型(&T)"), self.doc_type)
        self.doc_number = CodeLineEdit(self)
        self.doc_number.setObjectName("docNumber")
        self.doc_number.setPlaceholderText(self.tr("输入或扫描证件号码"))
        self.doc_check = LiveCheck(self.doc_number, self.doc_type, self)
        self.doc_check.setObjectName("docNumberCheck")
        number_row = _number_row(self.doc_number, self.doc_check, self)
        self.number_label = QLabel(self.tr("证件号码(&N)"), self)
        self.number_label.setBuddy(self.doc_number)
        form.addRow(self.number_label, number_row)
        self.errors.add("doc_number", number_row)
        self.name = QLineEdit(self)
        self.name.setObjectName("requesterName")
        self.name_label = QLabel(self.tr("姓名(&M)"), self)
        self.name_label.setBuddy(self.name)
        form.addRow(self.name_label, self.name)
        self.errors.add("name", self.name)

        self.org_box = QGroupBox(self.tr("单位查询：经办人与委托书"), self)
        self.org_box.setObjectName("orgBox")
        org_form = QFormLayout(self.org_box)
        self.org_errors = FieldErrors(org_form)
        self.agent_type = QComboBox(self.org_box)
        for doc_type in PERSON_DOC_TYPES:
            self.agent_type.addItem(doc_type.label, doc_type)
        org_form.addRow(self.tr("经办人证件类型"), self.agent_type)
        self.agent_number = CodeLineEdit(self.org_box)
        self.agent_number.setObjectName("agentNumber")
        self.agent_check = LiveCheck(self.agent_number, self.agent_type, self.org_box)
        agent_row = _number_row(self.agent_number, self.agent_check, self.org_box)
        org_form.addRow(self.tr("经办人证件号码"), agent_row)
        self.org_errors.add("agent_doc_number", agent_row)
        self.agent_name = QLineEdit(self.org_box)
        self.agent_name.setObjectName("agentName")
        org_form.addRow(self.tr("经办人姓名"), self.agent_name)
        self.org_errors.add("agent_name", self.agent_name)
        file_box = QWidget(self.org_box)
        file_row = QHBoxLayout(file_box)
        file_row.setContentsMargins(0, 0, 0, 0)
        self.mandate_button = QPushButton(self.tr("选择委托书扫描件…"), file_box)
        self.mandate_label = QLabel(self.tr("未选择文件"), file_box)
        self.mandate_label.setObjectName("mandateLabel")
        self.mandate_label.setStyleSheet(INFO_STYLE)
        self.mandate_label.setWordWrap(True)
        file_row.addWidget(self.mandate_button)
        file_row.addWidget(self.mandate_label, 1)
        org_form.addRow(self.tr("单位委托书"), file_box)
        self.org_errors.add("mandate", file_box)
        layout.addWidget(self.org_box)

        self.document_seen = QCheckBox(self.tr("已核验身份证件原件(&K)"), self)
        self.document_seen.setObjectName("documentSeen")
        self.document_seen.setToolTip(
            self.tr("核对申请人出示的身份证件原件（单位查询：经办人证件和委托书）后勾选")
        )
        layout.addWidget(self.document_seen)
        layout.addStretch(1)

        self.doc_type.currentIndexChanged.connect(self._on_doc_type_changed)
        self.mandate_button.clicked.connect(self._choose_mandate)
        self.doc_number.returnPressed.connect(self.name.setFocus)
        self.name.returnPressed.connect(self._on_name_return)
        self.agent_number.returnPressed.connect(self.agent_name.setFocus)
        self.agent_name.returnPressed.connect(self.submitted)
        for widget in (self.doc_type, self.name, self.agent_type, self.agent_name):
            widget.setMaximumWidth(FIELD_WIDTH)
        self._on_doc_type_changed()

    @property
    def doc_type_value(self) -> IdDocType:
        return IdDocType(self.doc_type.currentData())

    @property
    def is_org(self) -> bool:
        return self.doc_type_value is IdDocType.USCC

    def _on_doc_type_changed(self) -> None:
        org = self.is_org
        self.org_box.setVisible(org)
        self.name_label.setText(self.tr("单位名称(&M)") if org else self.tr("姓名(&M)"))

    def _on_name_return(self) -> None:
        if self.is_org:
            self.agent_number.setFocus()
        elif self.document_seen.isChecked():
            self.submitted.emit()
        else:
            self.document_seen.setFocus()

    def _choose_mandate(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("选择委托书扫描件"),
            str(Path.home()),
            self.tr("扫描件 (*.pdf *.jpg *.jpeg *.png);;所有文件 (*)"),
        )
        if path:
            self.attach_mandate(Path(path))

    def attach_mandate(self, path: Path) -> bool:
        self.mandate = None
        try:
            if path.stat().st_size > MAX_ATTACHMENT_BYTES:
                content = b"x" * (MAX_ATTACHMENT_BYTES + 1)  # let the service word the fault
            else:
                content = path.read_bytes()
        except OSError as exc:
            self._mandate_fault(
                self.tr("无法读取文件：{0}").format(exc.strerror or type(exc).__name__)
            )
            return False
        upload = Upload(content, path.name)
        try:
            check_upload(upload, field="mandate")
        except ValidationFailed as exc:
            self._mandate_fault("；".join(messages_of(exc)) or exc.text)
            return False
        self.mandate = upload
        self.mandate_label.setText(path.name)
        self.mandate_label.setStyleSheet(INFO_STYLE)
        return True

    def _mandate_fault(self, text: str) -> None:
        self.mandate_label.setText(text)
        self.mandate_label.setStyleSheet(ERROR_STYLE)

    def requester_input(self) -> RequesterInput:
        org = self.is_org
        return RequesterInput(
            doc_type=self.doc_type_value,
            doc_number=self.doc_number.text(),
            name=self.name.text(),
            agent_doc_type=IdDocType(self.agent_type.currentData()) if org else None,
            agent_doc_number=self.agent_number.text() if org else "",
            agent_name=self.agent_name.text() if org else "",
            mandate=self.mandate if org else None,
        )

    def show_errors(self, errors: dict[str, list[str]]) -> list[str]:
        unknown = self.errors.show(errors)
        return self.org_errors.show({k: errors[k] for k in unknown})

    def clear_errors(self) -> None:
        self.errors.clear()
        self.org_errors.clear()

    def reset(self) -> None:
        self.doc_type.setCurrentIndex(0)
        self.agent_type.setCurrentIndex(0)
        for edit in (self.doc_number, self.name, self.agent_number, self.agent_name):
            edit.clear()
        self.mandate = None
        self.mandate_label.setText(self.tr("未选择文件"))
        self.mandate_label.setStyleSheet(INFO_STYLE)
        self.document_seen.setChecked(False)
        self.clear_errors()


class HitTable(QTableWidget):
    """Enter picks the current row, like a double-click."""

    picked = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self.picked.emit(self.currentRow())
            return
        super().keyPressEvent(event)


class SubjectPage(QWidget):
    """Step 2: whose record (search by code or name) and why (audience, purpose)."""

    search_requested = Signal(str)
    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("subjectPage")
        self.hits: list[SubjectHit] = []
        self.subject: SubjectHit | None = None
        self.purposes: dict[Audience, tuple[str, ...]] = {}
        layout = QVBoxLayout(self)

        search_row = QHBoxLayout()
        search_label = QLabel(self.tr("信息主体(&S)"), self)
        self.search = QLineEdit(self)
        self.search.setObjectName("subjectSearch")
        self.search.setPlaceholderText(
            self.tr("输入统一社会信用代码或身份证号码后按 Enter；或输入名称中的至少两个字")
        )
        self.search.setClearButtonEnabled(True)
        search_label.setBuddy(self.search)
        self.search_button = QPushButton(self.tr("查找"), self)
        search_row.addWidget(search_label)
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.search_button)
        layout.addLayout(search_row)
        self.search_status = QLabel(self)
        self.search_status.setObjectName("searchStatus")
        self.search_status.setWordWrap(True)
        layout.addWidget(self.search_status)

        self.hit_table = HitTable(0, 3, self)
        self.hit_table.setObjectName("subjectHits")
        self.hit_table.setHorizontalHeaderLabels(
            [self.tr("名称"), self.tr("主体类型"), self.tr("证件号码（已脱敏）")]
        )
        self.hit_table.verticalHeader().hide()
        self.hit_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.hit_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.hit_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.hit_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.hit_table.setColumnWidth(1, 110)
        self.hit_table.setColumnWidth(2, 200)
        self.hit_table.setMaximumHeight(180)
        self.hit_table.hide()
        layout.addWidget(self.hit_table)

        self.chosen = QLabel(self.tr("尚未选择信息主体"), self)
        self.chosen.setObjectName("chosenSubject")
        self.chosen.setStyleSheet("font-size: 12pt; font-weight: bold; color: #5f6368;")
        layout.addWidget(self.chosen)

        audience_box = QGroupBox(self.tr("查询类型"), self)
        audience_row = QHBoxLayout(audience_box)
        self.audience_group = QButtonGroup(self)
        self.audience_buttons: dict[Audience, QRadioButton] = {}
        texts = {
            Audience.SELF: self.tr("本人查询(&1)"),
            Audience.AUTHORIZED: self.tr("授权查询(&2)"),
            Audience.PUBLIC: self.tr("社会公开信息(&3)"),
            Audience.GOVERNMENT: self.tr("政务共享查询(&4)"),
        }
        for audience, text in texts.items():
            button = QRadioButton(text, audience_box)
            button.setObjectName(f"audience_{audience.value}")
            self.audience_group.addButton(button)
            self.audience_buttons[audience] = button
            audience_row.addWidget(button)
        audience_row.addStretch(1)
        self.audience_buttons[Audience.SELF].setChecked(True)
        layout.addWidget(audience_box)

        self.purpose_box = QGroupBox(self.tr("查询用途"), self)
        purpose_form = QFormLayout(self.purpose_box)
        self.purpose = QComboBox(self.purpose_box)
        self.purpose.setObjectName("purposeCombo")
        purpose_form.addRow(self.tr("用途(&P)"), self.purpose)
        self.purpose_detail = QLineEdit(self.purpose_box)
        self.purpose_detail.setObjectName("purposeDetail")
        self.purpose_detail.setPlaceholderText(self.tr("补充说明（选“其他”时必填）"))
        purpose_form.addRow(self.tr("说明"), self.purpose_detail)
        self.application_no = QLineEdit(self.purpose_box)
        self.application_no.setObjectName("applicationNo")
        self.application_label = QLabel(self.tr("书面申请编号"), self.purpose_box)
        purpose_form.addRow(self.application_label, self.application_no)
        layout.addWidget(self.purpose_box)
        self.public_note = QLabel(
            self.tr("社会公开信息查询无需说明用途，只显示依法向社会公开的信息。"), self
        )
        self.public_note.setStyleSheet(INFO_STYLE)
        layout.addWidget(self.public_note)
        layout.addStretch(1)

        self.search.returnPressed.connect(self._on_search)
        self.search_button.clicked.connect(self._on_search)
        self.hit_table.picked.connect(self.pick)
        self.hit_table.cellDoubleClicked.connect(lambda row, _c: self.pick(row))
        self.audience_group.buttonToggled.connect(lambda *_: self._on_audience_changed())
        self.purpose_detail.returnPressed.connect(self.submitted)
        self.application_no.returnPressed.connect(self.submitted)
        for widget in (self.purpose, self.purpose_detail, self.application_no):
            widget.setMaximumWidth(FIELD_WIDTH * 2)
        self._on_audience_changed()

    # -- subject -------------------------------------------------------------------------------
    def _on_search(self) -> None:
        text = self.search.text().strip()
        if text:
            self.search_requested.emit(text)

    def show_search_error(self, text: str) -> None:
        self.search_status.setText(text)
        self.search_status.setStyleSheet(ERROR_STYLE)

    def show_hits(self, hits: list[SubjectHit], total: int | None, more: bool) -> None:
        self.hits = hits
        if len(hits) == 1 and hits[0].matched_by in ("code", "identity"):
            self.hit_table.hide()
            self.search_status.clear()
            self.pick(0)
            return
        if not hits:
            self.hit_table.hide()
            self.show_search_error(self.tr("没有找到符合条件的信息主体。"))
            return
        shown = self.tr("找到 {0} 个信息主体").format(total if total is not None else len(hits))
        if more:
            shown += self.tr("，仅列出前 {0} 个，请输入更完整的名称").format(len(hits))
        self.search_status.setText(shown + self.tr("。用 ↑↓ 选择，按 Enter 或双击确定。"))
        self.search_status.setStyleSheet(INFO_STYLE)
        self.hit_table.setRowCount(len(hits))
        from PySide6.QtWidgets import QTableWidgetItem

        for r, hit in enumerate(hits):
            for c, text in enumerate((hit.name, hit.kind_label, hit.display_code)):
                self.hit_table.setItem(r, c, QTableWidgetItem(text))
        self.hit_table.show()
        self.hit_table.setCurrentCell(0, 0)
        self.hit_table.setFocus()

    def pick(self, row: int) -> None:
        if not 0 <= row < len(self.hits):
            return
        self.subject = self.hits[row]
        self.chosen.setText(
            self.tr("已选择：{0}（{1}，{2}）").format(
                self.subject.name, self.subject.kind_label, self.subject.display_code
            )
        )
        self.chosen.setStyleSheet("font-size: 12pt; font-weight: bold; color: #137333;")
        self.hit_table.hide()
        self.search_status.clear()
        self.audience_group.checkedButton().setFocus()

    # -- audience and purpose --------------------------------------------------------------------
    @property
    def audience(self) -> Audience:
        for audience, button in self.audience_buttons.items():
            if button.isChecked():
                return audience
        return Audience.SELF

    def set_audience(self, audience: Audience) -> None:
        self.audience_buttons[audience].setChecked(True)

    def set_purposes(self, purposes: dict[Audience, tuple[str, ...]]) -> None:
        self.purposes = purposes
        self._on_audience_changed()

    def _on_audience_changed(self) -> None:
        audience = self.audience
        public = audience is Audience.PUBLIC
        self.purpose_box.setVisible(not public)
        self.public_note.setVisible(public)
        government = audience is Audience.GOVERNMENT
        self.application_label.setVisible(government)
        self.application_no.setVisible(government)
        current = self.purpose.currentText()
        self.purpose.clear()
        self.purpose.addItem(self.tr("（请选择）"), "")
        for text in self.purposes.get(audience, ()):
            self.purpose.addItem(text, text)
        index = self.purpose.findData(current)
        self.purpose.setCurrentIndex(max(0, index))

    @property
    def purpose_value(self) -> str:
        return str(self.purpose.currentData() or "")

    def missing(self) -> str:
        """What must still be filled in before querying (the courtesy check)."""
        if self.subject is None:
            return self.tr("请先查找并选择信息主体。")
        audience = self.audience
        if audience is Audience.PUBLIC:
            return ""
        if not self.purpose_value and not self.purpose_detail.text().strip():
            return self.tr("请选择查询用途。")
        if self.purpose_value == OTHER_PURPOSE and not self.purpose_detail.text().strip():
            return self.tr("用途选“其他”时请填写说明。")
        if audience is Audience.GOVERNMENT and not self.application_no.text().strip():
            return self.tr("政务共享查询须填写书面申请编号。")
        return ""

    def reset(self) -> None:
        self.search.clear()
        self.search_status.clear()
        self.hits = []
        self.subject = None
        self.hit_table.hide()
        self.chosen.setText(self.tr("尚未选择信息主体"))
        self.chosen.setStyleSheet("font-size: 12pt; font-weight: bold; color: #5f6368;")
        self.set_audience(Audience.SELF)
        self.purpose.setCurrentIndex(0)
        self.purpose_detail.clear()
        self.application_no.clear()


class GrantPage(QWidget):
    """Step 3 (authorised queries only): the subject's grants on file, or register one."""

    new_grant_requested = Signal()
    submitted = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("grantPage")
        self.grants: list[GrantRow] = []
        layout = QVBoxLayout(self)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.table = HitTable(0, 0, self)
        self.table.setObjectName("grantTable")
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        layout.addWidget(self.table, 1)
        self.empty = QLabel(
            self.tr("该主体没有登记在案的授权。请核对申请人提交的授权书并登记。"), self
        )
        self.empty.setStyleSheet(INFO_STYLE)
        layout.addWidget(self.empty)
        row = QHBoxLayout()
        self.new_button = QPushButton(self.tr("登记新授权…(&G)"), self)
        self.new_button.setObjectName("newGrantButton")
        row.addWidget(self.new_button)
        row.addStretch(1)
        layout.addLayout(row)
        self.new_button.clicked.connect(self.new_grant_requested)
        self.table.picked.connect(lambda _r: self.submitted.emit())
        self.table.cellDoubleClicked.connect(lambda *_: self.submitted.emit())

    def show_grants(
        self, grants: list[GrantRow], subject_label: str, select_id: int | None
    ) -> None:
        self.grants = grants
        self.intro.setText(
            self.tr("{0} 登记在案的授权（新登记的在前）。选择本次查询依据的授权：").format(
                subject_label
            )
        )
        columns = grant_columns()
        fill_table(self.table, columns, grants)
        for r, grant in enumerate(grants):
            tip = grant_tooltip(grant)
            if tip:
                for c in range(len(columns)):
                    self.table.item(r, c).setToolTip(tip)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.empty.setVisible(not grants)
        if grants:
            index = next((i for i, g in enumerate(grants) if g.id == select_id), None)
            if index is None:
                index = next((i for i, g in enumerate(grants) if g.state == "valid"), 0)
            self.table.selectRow(index)
            self.table.setFocus()
        else:
            self.new_button.setFocus()

    @property
    def grant_id(self) -> int | None:
        row = self.table.currentRow()
        if 0 <= row < len(self.grants) and self.table.selectionModel().hasSelection():
            return self.grants[row].id
        return None

    def reset(self) -> None:
        self.grants = []
        self.table.setRowCount(0)
