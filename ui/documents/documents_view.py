"""报告与文书: 核验报告 (is this paper or file one of ours, unaltered?) and 补打 (print an issued
document again: same number, marked 补打, logged).

核验报告 takes what a hand scanner types (the QR text, then Enter) or a typed number, or a PDF
file; the verdict is one big word — 真实有效 (green), 已被篡改 or 无法核验 (red) — with the
document's details and every check in Chinese. Wrong input is a verdict, never a traceback.
"""

from __future__ import annotations

import dataclasses
import html
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.domain.errors import CreditDeskError, DatabaseUnavailable
from app.domain.permissions import Permission
from app.services import documents
from app.services.clock import format_local
from app.services.documents import DocumentCheck, IssuedDocumentResult
from reports.verify import CHECK_SEAL, Check, VerificationResult, read_seal
from ui.context import AppContext
from ui.documents.pdf_preview import PdfPreviewDialog, open_pdf_preview
from ui.errors import show_error
from ui.widgets.forms import StatusLine

GENUINE = "genuine"
ALTERED = "altered"
UNVERIFIABLE = "unverifiable"

_GREEN = "QLabel { color: #ffffff; background: #1e7b34; padding: 10px 18px; border-radius: 6px; }"
_RED = "QLabel { color: #ffffff; background: #b3261e; padding: 10px 18px; border-radius: 6px; }"


@dataclass(frozen=True)
class Verdict:
    """What the 核验报告 panel shows, whatever was checked."""

    kind: str  # GENUINE / ALTERED / UNVERIFIABLE
    summary: str
    details: tuple[tuple[str, str], ...] = ()
    checks: tuple[Check, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def word(self) -> str:
        return {
            GENUINE: QCoreApplication.translate("DocumentsView", "真实有效"),
            ALTERED: QCoreApplication.translate("DocumentsView", "已被篡改"),
            UNVERIFIABLE: QCoreApplication.translate("DocumentsView", "无法核验"),
        }[self.kind]


def _when(moment: object) -> str:
    try:
        return format_local(moment, "%Y-%m-%d %H:%M")  # type: ignore[arg-type]
    except Exception:  # a date that cannot be shown is not a reason to crash the verdict
        return str(moment)


def _record_details(check: DocumentCheck) -> list[tuple[str, str]]:
    rows = [(QCoreApplication.translate("DocumentsView", "文书编号"), check.number)]
    if check.doc_type is not None:
        rows.append((QCoreApplication.translate("DocumentsView", "文书类型"), check.doc_type.label))
    if check.issued_at is not None:
        rows.append(
            (QCoreApplication.translate("DocumentsView", "出具时间"), _when(check.issued_at))
        )
    if check.issuer:
        rows.append((QCoreApplication.translate("DocumentsView", "出具单位"), check.issuer))
    if check.subject_name:
        rows.append((QCoreApplication.translate("DocumentsView", "信用主体"), check.subject_name))
    if check.clerk_staff_no:
        rows.append(
            (QCoreApplication.translate("DocumentsView", "出具人员工号"), check.clerk_staff_no)
        )
    if check.key_id:
        key = check.key_id + (f"（{check.workstation}）" if check.workstation else "")
        rows.append((QCoreApplication.translate("DocumentsView", "签名密钥"), key))
    if check.reprints:
        copies = sum(r.copies for r in check.reprints)
        rows.append(
            (
                QCoreApplication.translate("DocumentsView", "补打记录"),
                QCoreApplication.translate(
                    "DocumentsView", "已补打 {0} 次，共 {1} 份；最近一次 {2}"
                ).format(len(check.reprints), copies, _when(check.reprints[-1].reprinted_at)),
            )
        )
    return rows


def verdict_for_record(check: DocumentCheck) -> Verdict:
    """A number or a scanned QR: not ours → 无法核验; record or QR not matching → 已被篡改."""
    if not check.found:
        return Verdict(
            UNVERIFIABLE,
            QCoreApplication.translate(
                "DocumentsView",
                "编号 {0} 不是本中心出具的文书：数据库中没有此编号。请核对编号后重试。",
            ).format(check.number),
            ((QCoreApplication.translate("DocumentsView", "文书编号"), check.number),),
        )
    kind = GENUINE if check.ok else ALTERED
    return Verdict(kind, check.summary, tuple(_record_details(check)), check.checks)


def verdict_for_file(
    result: VerificationResult, record: DocumentCheck | None, *, sealed: bool = False
) -> Verdict:
    """A PDF file: the file's own checks, then the center's record of its number.

    ``sealed``: the file ends with a CreditDesk seal line (so it claims to be ours)."""
    details: list[tuple[str, str]] = []
    if result.number:
        details.append(
            (
                QCoreApplication.translate("DocumentsView", "文书编号"),
                result.number
                + (
                    QCoreApplication.translate("DocumentsView", "（补打件）")
                    if result.reprint
                    else ""
                ),
            )
        )
    if result.doc_title:
        details.append((QCoreApplication.translate("DocumentsView", "文书类型"), result.doc_title))
    if result.issued_at is not None:
        details.append(
            (QCoreApplication.translate("DocumentsView", "出具时间"), _when(result.issued_at))
        )
    if result.issuer:
        details.append((QCoreApplication.translate("DocumentsView", "出具单位"), result.issuer))
    if result.subject_name:
        details.append(
            (QCoreApplication.translate("DocumentsView", "信用主体"), result.subject_name)
        )
    if result.key_id:
        key = result.key_id + (f"（{result.workstation}）" if result.workstation else "")
        details.append((QCoreApplication.translate("DocumentsView", "签名密钥"), key))
    if result.pages:
        details.append((QCoreApplication.translate("DocumentsView", "页数"), str(result.pages)))
    checks = list(result.checks)
    notes: list[str] = []
    if record is not None:
        if record.found:
            checks.append(
                Check(
                    QCoreApplication.translate("DocumentsView", "存档记录"),
                    record.ok,
                    QCoreApplication.translate("DocumentsView", "本中心存档记录与签名一致")
                    if record.ok
                    else "；".join(f"{c.name}：{c.detail}" for c in record.checks if not c.ok),
                )
            )
        else:
            checks.append(
                Check(
                    QCoreApplication.translate("DocumentsView", "存档记录"),
                    False,
                    QCoreApplication.translate("DocumentsView", "本中心数据库中没有此编号"),
                )
            )
    if not result.number:
        seal = next((c for c in checks if c.name == CHECK_SEAL), None)
        if sealed and seal is not None and not seal.ok:
            # It carries our seal but can no longer be read: changed after it was issued.
            return Verdict(
                ALTERED,
                QCoreApplication.translate(
                    "DocumentsView", "核验未通过：文件带有本系统的电子封印，但出具后被改动（{0}）。"
                ).format(seal.detail),
                tuple(details),
                tuple(checks),
            )
        # Not a CreditDesk document at all (or unreadable): nothing to compare with.
        return Verdict(
            UNVERIFIABLE,
            QCoreApplication.translate(
                "DocumentsView", "无法核验：该文件不是本系统出具的文书，或已损坏、被其他程序另存。"
            ),
            tuple(details),
            tuple(checks),
        )
    if record is not None and not record.found:
        return Verdict(
            UNVERIFIABLE,
            QCoreApplication.translate(
                "DocumentsView", "无法核验：文件中的编号 {0} 在本中心数据库中不存在。"
            ).format(result.number),
            tuple(details),
            tuple(checks),
        )
    ok = result.ok and (record is None or record.ok)
    if ok:
        title = result.doc_title or QCoreApplication.translate("DocumentsView", "文书")
        summary = QCoreApplication.translate(
            "DocumentsView", "核验通过：{0} {1} 为本中心出具，文件逐字节未改动，签名有效。"
        ).format(title, result.number)
        if result.reprint:
            notes.append(
                QCoreApplication.translate("DocumentsView", "这是一份补打件（与原件同号同内容）。")
            )
        return Verdict(GENUINE, summary, tuple(details), tuple(checks), tuple(notes))
    problems = "；".join(f"{c.name}：{c.detail}" for c in checks if not c.ok)
    return Verdict(
        ALTERED,
        QCoreApplication.translate("DocumentsView", "核验未通过：") + problems,
        tuple(details),
        tuple(checks),
    )


def _with_source(verdict: Verdict, source: str) -> Verdict:
    """The verdict with a first line saying what was checked (a number, a QR, a file)."""
    return dataclasses.replace(
        verdict,
        details=(
            (QCoreApplication.translate("DocumentsView", "核验对象"), source),
            *verdict.details,
        ),
    )


def documents_folder() -> str:
    """The user's Documents folder when it exists, else the home folder."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return folder if folder and Path(folder).is_dir() else str(Path.home())


def unreadable_verdict(text: str) -> Verdict:
    return Verdict(UNVERIFIABLE, text)


class VerifyPanel(QWidget):
    """核验报告: scan or type → Enter; or 打开PDF文件核验… (Ctrl+O)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("verifyPanel")
        self.ctx = ctx
        self.verdict: Verdict | None = None
        layout = QVBoxLayout(self)

        intro = QLabel(
            self.tr(
                "用扫码枪扫描报告第一页的二维码，或输入报告编号后按回车；"
                "也可以打开 PDF 文件核验文件是否为原件、未被改动。"
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        row = QHBoxLayout()
        self.code = QLineEdit(self)
        self.code.setObjectName("verifyCode")
        self.code.setPlaceholderText(self.tr("扫描二维码或输入报告编号，按回车核验"))
        self.code.setClearButtonEnabled(True)
        font = self.code.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.code.setFont(font)
        row.addWidget(self.code, 1)
        self.verify_button = QPushButton(self.tr("核验"), self)
        row.addWidget(self.verify_button)
        self.file_button = QPushButton(self.tr("打开PDF文件核验…"), self)
        self.file_button.setToolTip(self.tr("选择一个 PDF 文件进行核验（Ctrl+O）"))
        row.addWidget(self.file_button)
        layout.addLayout(row)

        self.verdict_label = QLabel(self)
        self.verdict_label.setObjectName("verdictLabel")
        big = self.verdict_label.font()
        big.setPointSizeF(big.pointSizeF() * 2.2)
        big.setBold(True)
        self.verdict_label.setFont(big)
        self.verdict_label.hide()
        verdict_row = QHBoxLayout()
        verdict_row.addWidget(self.verdict_label)
        verdict_row.addStretch(1)
        layout.addLayout(verdict_row)

        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("verdictSummary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary_label)

        self.details_label = QLabel(self)
        self.details_label.setObjectName("verdictDetails")
        self.details_label.setWordWrap(True)
        self.details_label.setTextFormat(Qt.TextFormat.RichText)
        self.details_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.details_label)
        layout.addStretch(1)

        self.status = StatusLine(self)
        layout.addWidget(self.status)

        self.code.returnPressed.connect(self.verify_code)
        self.verify_button.clicked.connect(self.verify_code)
        self.file_button.clicked.connect(self.choose_file)
        shortcut = QShortcut(QKeySequence.StandardKey.Open, self, self.choose_file)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        self.setFocusProxy(self.code)

    # -- by number or QR ----------------------------------------------------------------------
    def verify_code(self) -> None:
        text = self.code.text().strip()
        if not text:
            self.status.show_text(self.tr("请扫描二维码或输入报告编号。"))
            return
        if text.lower().endswith(".pdf") and Path(text).is_file():  # a pasted file path
            self.verify_path(Path(text))
            return
        ctx, actor = self.ctx, self.ctx.require_actor()
        self.status.clear_status()
        source = self.tr("扫描的二维码") if "|" in text else self.tr("输入的编号")
        ctx.runner.query(
            lambda _t: documents.verify_scanned(ctx.db, text, actor=actor),
            on_done=lambda check: self.show_verdict(
                _with_source(verdict_for_record(check), source)
            ),
            on_error=self._on_failed,
            busy_for=self,
            busy_text=self.tr("正在核验…"),
        )

    # -- by file ------------------------------------------------------------------------------
    def choose_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("选择要核验的 PDF 文件"),
            documents_folder(),
            self.tr("PDF 文件 (*.pdf);;所有文件 (*)"),
        )
        if path:
            self.verify_path(Path(path))

    def verify_path(self, path: Path) -> None:
        ctx, actor = self.ctx, self.ctx.require_actor()
        self.status.clear_status()
        self.code.clear()  # the verdict is about the file, not what was typed before
        source = self.tr("PDF 文件 {0}").format(path.name)
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.show_verdict(
                unreadable_verdict(
                    self.tr("无法读取文件 {0}：{1}").format(str(path), exc.strerror or str(exc))
                )
            )
            return
        if not data.lstrip()[:5].startswith(b"%PDF-"):
            self.show_verdict(
                unreadable_verdict(
                    self.tr(
                        "所选文件“{0}”不是 PDF 文件，无法核验。请选择本系统出具的 PDF 报告。"
                    ).format(path.name)
                )
            )
            return
        sealed = read_seal(data) is not None
        ctx.runner.query(
            lambda _t: documents.verify_file(ctx.db, data, actor=actor),
            on_done=lambda pair: self.show_verdict(
                _with_source(verdict_for_file(*pair, sealed=sealed), source)
            ),
            on_error=self._on_failed,
            busy_for=self,
            busy_text=self.tr("正在核验…"),
        )

    # -- showing ------------------------------------------------------------------------------
    def show_verdict(self, verdict: Verdict) -> None:
        self.verdict = verdict
        self.verdict_label.setText(verdict.word)
        self.verdict_label.setStyleSheet(_GREEN if verdict.kind == GENUINE else _RED)
        self.verdict_label.show()
        self.summary_label.setText(verdict.summary)
        self.details_label.setText(_details_html(verdict))
        # A scanner types the next code straight in: select what is there so it is replaced.
        self.code.selectAll()
        self.code.setFocus()

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, DatabaseUnavailable):
            self.status.show_text(self.tr("核验未完成：数据库连接中断。连接恢复后请再试一次。"))
        elif isinstance(exc, CreditDeskError):
            # A garbled QR, a refused action …: the reason in Chinese, as the verdict.
            text = exc.text + (f"\n{exc.resolution}" if exc.resolution else "")
            self.show_verdict(unreadable_verdict(text))
        else:
            show_error(self, exc)


def _details_html(verdict: Verdict) -> str:
    parts = []
    if verdict.details:
        rows = "".join(
            f"<tr><td style='color:#555;padding-right:16px'>{html.escape(k)}</td>"
            f"<td>{html.escape(v)}</td></tr>"
            for k, v in verdict.details
        )
        parts.append(f"<table cellspacing='2'>{rows}</table>")
    if verdict.checks:
        items = "".join(
            f"<tr><td style='color:{'#1e7b34' if c.ok else '#b3261e'};padding-right:8px'>"
            f"{'✔' if c.ok else '✘'}</td><td>{html.escape(c.name)}</td>"
            f"<td style='color:#555;padding-left:12px'>{html.escape(c.detail)}</td></tr>"
            for c in verdict.checks
        )
        heading = html.escape(QCoreApplication.translate("DocumentsView", "逐项检查"))
        parts.append(f"<p><b>{heading}</b></p><table cellspacing='2'>{items}</table>")
    for note in verdict.notes:
        parts.append(f"<p>{html.escape(note)}</p>")
    return "".join(parts)


class ReprintDialog(QDialog):
    """补打 confirmation: what will be printed again, and how many copies."""

    def __init__(self, check: DocumentCheck, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reprintDialog")
        self.setWindowTitle(self.tr("补打文书"))
        layout = QVBoxLayout(self)
        title = check.doc_type.label if check.doc_type else self.tr("文书")
        text = QLabel(
            self.tr("将补打{0} {1}：与原件同号、同内容，标注“补打”，补打记录写入日志。").format(
                title, check.number
            ),
            self,
        )
        text.setWordWrap(True)
        layout.addWidget(text)
        form = QFormLayout()
        self.copies = QSpinBox(self)
        self.copies.setObjectName("reprintCopies")
        self.copies.setRange(1, 20)
        self.copies.setValue(1)
        form.addRow(self.tr("份数："), self.copies)
        layout.addLayout(form)
        buttons = QDialogButtonBox(self)
        self.ok_button = buttons.addButton(self.tr("补打"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.tr("取消"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class ReprintPanel(QWidget):
    """补打: a number (Enter) → what it is → 补打… (copies) → the 补打 PDF in the preview."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reprintPanel")
        self.ctx = ctx
        self.check: DocumentCheck | None = None
        self.dialog: ReprintDialog | None = None
        self.preview: PdfPreviewDialog | None = None
        self.result: IssuedDocumentResult | None = None
        layout = QVBoxLayout(self)

        intro = QLabel(
            self.tr(
                "补打已出具的报告或文书：与原件同号、同内容，页面标注“补打”。"
                "每次补打都记录在日志中。输入编号后按回车查看文书信息，再按回车补打。"
            ),
            self,
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        row = QHBoxLayout()
        self.number = QLineEdit(self)
        self.number.setObjectName("reprintNumber")
        self.number.setPlaceholderText(self.tr("输入报告或文书编号，按回车"))
        self.number.setClearButtonEnabled(True)
        row.addWidget(self.number, 1)
        self.find_button = QPushButton(self.tr("查找"), self)
        row.addWidget(self.find_button)
        layout.addLayout(row)

        self.details_label = QLabel(self)
        self.details_label.setObjectName("reprintDetails")
        self.details_label.setWordWrap(True)
        self.details_label.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.details_label)

        bar = QHBoxLayout()
        self.reprint_button = QPushButton(self.tr("补打…"), self)
        self.reprint_button.setEnabled(False)
        bar.addWidget(self.reprint_button)
        bar.addStretch(1)
        layout.addLayout(bar)
        layout.addStretch(1)

        self.status = StatusLine(self)
        layout.addWidget(self.status)

        self.number.returnPressed.connect(self._on_enter)
        self.find_button.clicked.connect(self.find)
        self.number.textEdited.connect(self._forget)
        self.reprint_button.clicked.connect(self.ask_reprint)
        self.setFocusProxy(self.number)

    def _forget(self, *_: object) -> None:
        self.check = None
        self.reprint_button.setEnabled(False)

    def _on_enter(self) -> None:
        """Enter looks the number up; Enter again on the same number asks to reprint it."""
        if self.check is not None and self.check.number == self.number.text().strip():
            self.ask_reprint()
        else:
            self.find()

    def find(self) -> None:
        text = self.number.text().strip()
        self._forget()
        self.details_label.clear()
        self.status.clear_status()
        if not text:
            self.status.show_text(self.tr("请输入报告或文书编号。"))
            return
        self._lookup(text)

    def _lookup(self, text: str) -> None:
        ctx, actor = self.ctx, self.ctx.require_actor()
        ctx.runner.query(
            lambda _t: documents.verify_by_number(ctx.db, text, actor=actor),
            on_done=self._show,
            on_error=self._on_failed,
            busy_for=self,
            busy_text=self.tr("正在查找…"),
        )

    def _show(self, check: DocumentCheck) -> None:
        verdict = verdict_for_record(check)
        if not check.found:
            self.status.show_text(verdict.summary)
            return
        self.details_label.setText(_details_html(Verdict(verdict.kind, "", verdict.details)))
        if not check.ok:
            self.status.show_text(
                self.tr("该文书的存档记录未通过核验，不能补打：{0}").format(verdict.summary)
            )
            return
        self.check = check
        self.reprint_button.setEnabled(True)

    def ask_reprint(self) -> None:
        if self.check is None:
            return
        dialog = ReprintDialog(self.check, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.accepted.connect(lambda: self.reprint(dialog.copies.value()))
        self.dialog = dialog
        dialog.open()

    def reprint(self, copies: int) -> None:
        if self.check is None:
            return
        ctx, actor, number = self.ctx, self.ctx.require_actor(), self.check.number
        self.status.clear_status()
        ctx.runner.command(
            lambda _t: documents.reprint(ctx.db, number, actor=actor, copies=copies),
            on_done=self._on_reprinted,
            on_error=self._on_failed,
            busy_for=self,
            busy_text=self.tr("正在生成补打件…"),
        )

    def _on_reprinted(self, result: IssuedDocumentResult) -> None:
        self.result = result
        self.status.show_message(
            self.tr("已生成 {0} 的补打件，补打已记录。请在预览中打印。").format(result.number)
        )
        self.preview = open_pdf_preview(
            self, result.pdf_bytes, result.file_name, warnings=result.warnings
        )
        # Refresh the details (the reprint count), keeping the number and the message.
        self._lookup(result.number)

    def _on_failed(self, exc: BaseException) -> None:
        if isinstance(exc, DatabaseUnavailable):
            self.status.show_text(self.tr("操作未完成：数据库连接中断。连接恢复后请再试一次。"))
        elif isinstance(exc, CreditDeskError):
            self.status.show_error(exc, saving=False)
        else:
            show_error(self, exc)


class DocumentsView(QWidget):
    """报告与文书: the tabs the role may use (核验报告, 补打)."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentsView")
        self.ctx = ctx
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("documentsTabs")
        self.verify_panel: VerifyPanel | None = None
        self.reprint_panel: ReprintPanel | None = None
        if ctx.may(Permission.DOCUMENT_VERIFY):
            self.verify_panel = VerifyPanel(ctx, self)
            self.tabs.addTab(self.verify_panel, self.tr("核验报告"))
        if ctx.may(Permission.DOCUMENT_REPRINT):
            self.reprint_panel = ReprintPanel(ctx, self)
            self.tabs.addTab(self.reprint_panel, self.tr("补打"))
        if self.tabs.count() == 0:
            none = QLabel(self.tr("您的角色没有核验或补打报告与文书的权限。"), self)
            none.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(none)
            self.tabs.hide()
        layout.addWidget(self.tabs)
        self.tabs.currentChanged.connect(self._focus_tab)

    def tab_titles(self) -> list[str]:
        return [self.tabs.tabText(i) for i in range(self.tabs.count())]

    def _focus_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget is not None:
            widget.setFocus()

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self._focus_tab(self.tabs.currentIndex())


__all__ = ["DocumentsView", "ReprintPanel", "VerifyPanel", "open_pdf_preview"]
