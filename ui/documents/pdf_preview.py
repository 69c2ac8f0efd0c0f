"""The in-app preview of an issued (or reprinted) document: look, print, save as PDF.

``open_pdf_preview(parent, pdf_bytes, file_name)`` is what every screen that issues a document
opens. The bytes shown are the bytes printed and saved: the sealed file the service returned.
Printing goes through the system print dialog (printer choice, copies, page range); the pages are
rendered by Qt PDF at the printer's resolution (capped, so a 1200 dpi driver does not need a
gigabyte per page). ``print_to(printer)`` does the drawing and is what tests call.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSize, QStandardPaths, Qt
from PySide6.QtGui import QKeySequence, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.widgets.forms import StatusLine

MAX_PRINT_DPI = 600
ZOOM_STEP = 1.25


class PrintFailed(Exception):
    """Nothing could be printed; the message is the Chinese text shown to the clerk."""


class PdfPreviewDialog(QDialog):
    """A PDF shown page after page, fit to width; 打印… (Ctrl+P), 另存为… (Ctrl+S), 关闭 (Esc)."""

    def __init__(
        self,
        pdf_bytes: bytes,
        file_name: str,
        parent: QWidget | None = None,
        *,
        warnings: Sequence[str] = (),
    ) -> None:
        super().__init__(parent)
        self.setObjectName("pdfPreviewDialog")
        self.pdf_bytes = bytes(pdf_bytes)
        self.file_name = file_name
        self.print_dialog: QPrintDialog | None = None  # the open print dialog (tests inspect it)
        self.setWindowTitle(self.tr("预览 — {0}").format(file_name))
        screen = (parent.screen() if parent is not None else self.screen()).availableGeometry()
        self.resize(min(900, screen.width() - 40), min(760, screen.height() - 40))

        # QPdfDocument reads from the device for as long as it is open: keep both alive.
        self._data = QByteArray(self.pdf_bytes)
        self._buffer = QBuffer(self._data, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)

        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.print_button = QPushButton(self.tr("打印…"), self)
        self.print_button.setToolTip(self.tr("选择打印机和份数后打印（Ctrl+P）"))
        self.save_button = QPushButton(self.tr("另存为…"), self)
        self.save_button.setToolTip(self.tr("保存为 PDF 文件（Ctrl+S）"))
        self.zoom_out_button = QPushButton(self.tr("缩小"), self)
        self.zoom_out_button.setToolTip(self.tr("缩小（Ctrl+-）"))
        self.zoom_in_button = QPushButton(self.tr("放大"), self)
        self.zoom_in_button.setToolTip(self.tr("放大（Ctrl++）"))
        self.fit_button = QPushButton(self.tr("适合宽度"), self)
        self.page_label = QLabel(self)
        self.page_label.setObjectName("pdfPageLabel")
        self.close_button = QPushButton(self.tr("关闭"), self)
        self.close_button.setToolTip(self.tr("关闭预览（Esc）"))
        for w in (self.print_button, self.save_button):
            bar.addWidget(w)
        bar.addSpacing(16)
        for w in (self.zoom_out_button, self.zoom_in_button, self.fit_button):
            bar.addWidget(w)
        bar.addSpacing(16)
        bar.addWidget(self.page_label)
        bar.addStretch(1)
        bar.addWidget(self.close_button)
        layout.addLayout(bar)

        self.warning = QLabel(self)
        self.warning.setObjectName("pdfPreviewWarning")
        self.warning.setWordWrap(True)
        self.warning.setStyleSheet(
            "QLabel { background: #fff4e5; color: #8a4b00; border: 1px solid #f5c27a;"
            " padding: 6px; }"
        )
        self.warning.setText("\n".join("⚠ " + w for w in warnings))
        self.warning.setVisible(bool(warnings))
        layout.addWidget(self.warning)

        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)
        layout.addWidget(self.view, 1)

        self.status = StatusLine(self)
        layout.addWidget(self.status)

        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(self.save_as)
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.fit_button.clicked.connect(self.fit_width)
        self.close_button.clicked.connect(self.reject)
        self.close_button.setAutoDefault(False)
        self.print_button.setDefault(True)
        for keys, slot in (
            (QKeySequence.StandardKey.Print, self.print_document),
            (QKeySequence.StandardKey.Save, self.save_as),
            (QKeySequence.StandardKey.ZoomIn, self.zoom_in),
            (QKeySequence.StandardKey.ZoomOut, self.zoom_out),
        ):
            QShortcut(QKeySequence(keys), self, slot)
        self.view.pageNavigator().currentPageChanged.connect(self._update_page_label)
        self._update_page_label()

    # -- looking ------------------------------------------------------------------------------
    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def _update_page_label(self, *_: object) -> None:
        current = self.view.pageNavigator().currentPage() + 1 if self.page_count else 0
        self.page_label.setText(self.tr("第 {0} 页 / 共 {1} 页").format(current, self.page_count))

    def zoom_in(self) -> None:
        self._zoom(self.view.zoomFactor() * ZOOM_STEP)

    def zoom_out(self) -> None:
        self._zoom(self.view.zoomFactor() / ZOOM_STEP)

    def _zoom(self, factor: float) -> None:
        if self.view.zoomMode() != QPdfView.ZoomMode.Custom:
            factor = self._effective_zoom() * (factor / max(self.view.zoomFactor(), 0.01))
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.25, min(factor, 5.0)))

    def _effective_zoom(self) -> float:
        """The zoom that "fit width" shows now (so 放大 starts from what the user sees)."""
        if not self.page_count:
            return 1.0
        width_pt = self.document.pagePointSize(0).width()
        width_px = width_pt / 72 * self.logicalDpiX()
        usable = self.view.viewport().width() - 20
        return usable / width_px if width_px > 0 and usable > 0 else 1.0

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    # -- printing -----------------------------------------------------------------------------
    def print_document(self) -> None:
        """The system print dialog (printer, copies, pages); prints when the user confirms."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.file_name)
        printer.setFromTo(1, max(1, self.page_count))
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("打印 {0}").format(self.file_name))
        dialog.setMinMax(1, max(1, self.page_count))
        options = QAbstractPrintDialog.PrintDialogOption
        dialog.setOptions(options.PrintToFile | options.PrintPageRange | options.PrintShowPageSize)
        dialog.accepted.connect(lambda: self._print_accepted(printer))
        self.print_dialog = dialog
        QDialog.open(dialog)  # QPrintDialog.open() wants a receiver; the base one does not

    def _print_accepted(self, printer: QPrinter) -> None:
        try:
            pages = self.print_to(printer)
        except PrintFailed as exc:
            self.status.show_text(str(exc))
            return
        copies = printer.copyCount()
        if printer.outputFileName():
            self.status.show_message(
                self.tr(
                    "已打印到文件“{0}”：{1} 页。该文件是页面图像，不能用于核验；"
                    "要保存可核验的原件，请用“另存为…”。"
                ).format(printer.outputFileName(), pages)
            )
            return
        self.status.show_message(
            self.tr("已发送到打印机“{0}”：{1} 页 × {2} 份。").format(
                printer.printerName(), pages, copies
            )
        )

    def print_to(self, printer: QPrinter) -> int:
        """Draw the pages (all, or the range chosen in the dialog) on ``printer``; how many.

        Each page is rendered at the printer's resolution and scaled to the printable area,
        centred, keeping its proportions. Copies are the printer's business (``copyCount``).
        """
        count = self.page_count
        if count == 0:
            raise PrintFailed(self.tr("文件没有可打印的页面。"))
        first, last = 1, count
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            first = max(1, printer.fromPage())
            last = min(count, printer.toPage() or count)
        printer.setFullPage(False)
        painter = QPainter()
        if not painter.begin(printer):
            raise PrintFailed(
                self.tr("无法打开打印机“{0}”。请检查打印机是否开机、联网，或换一台打印机。").format(
                    printer.printerName() or printer.outputFileName()
                )
            )
        try:
            dpi = min(printer.resolution(), MAX_PRINT_DPI)
            area = QRectF(painter.viewport())
            for index, page in enumerate(range(first - 1, last)):
                if index:
                    printer.newPage()
                size_pt = self.document.pagePointSize(page)
                if size_pt.width() <= 0 or size_pt.height() <= 0:
                    continue
                scale = min(area.width() / size_pt.width(), area.height() / size_pt.height())
                w, h = size_pt.width() * scale, size_pt.height() * scale
                target = QRectF(
                    area.x() + (area.width() - w) / 2, area.y() + (area.height() - h) / 2, w, h
                )
                image = self.document.render(
                    page,
                    QSize(round(size_pt.width() / 72 * dpi), round(size_pt.height() / 72 * dpi)),
                )
                painter.drawImage(target, image)
        finally:
            painter.end()
        return last - first + 1

    # -- saving -------------------------------------------------------------------------------
    def default_save_path(self) -> Path:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        base = Path(folder) if folder and Path(folder).is_dir() else Path.home()
        return base / self.file_name

    def save_as(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("另存为 PDF"),
            str(self.default_save_path()),
            self.tr("PDF 文件 (*.pdf)"),
        )
        if path:
            self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        """Write the sealed bytes unchanged (a re-rendered copy would no longer verify)."""
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            path.write_bytes(self.pdf_bytes)
        except OSError as exc:
            self.status.show_text(
                self.tr("保存失败：{0}（{1}）。请换一个文件夹再试。").format(
                    str(path), exc.strerror or str(exc)
                )
            )
            return False
        self.status.show_message(self.tr("已保存：{0}").format(str(path)))
        return True


def open_pdf_preview(
    parent: QWidget | None,
    pdf_bytes: bytes,
    file_name: str,
    *,
    warnings: Sequence[str] = (),
) -> PdfPreviewDialog:
    """Open the preview window-modal (not blocking the event loop) and return it."""
    dialog = PdfPreviewDialog(pdf_bytes, file_name, parent, warnings=warnings)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.open()
    return dialog


__all__ = ["PdfPreviewDialog", "open_pdf_preview"]
