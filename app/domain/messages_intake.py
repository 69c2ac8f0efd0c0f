"""Chinese message templates for reading providers' intake files (数据归集的文件层).

Raised as ``IntakeFileError`` by ``app/services/intake_files.py``. Every text names the file
(``{file}``) and, where known, the line (``{line}``, as Excel or a text editor numbers it) and
the column (``{column}``, an Excel column letter). The row validation messages of intake live
elsewhere; these ids all start with ``intake_file.``.
"""

from __future__ import annotations

from app.domain.messages import Message, register

_RESAVE_AS_XLSX = (
    "请在 Excel 中打开该文件，另存为“Excel 工作簿（*.xlsx）”后重新报送；"
    "如无法打开，请向报送单位索取完好的文件。"
)
_RESAVE_AS_CSV_OR_XLSX = (
    "请在 Excel 中打开该文件，另存为“CSV UTF-8（逗号分隔）（*.csv）”"
    "或“Excel 工作簿（*.xlsx）”后重新报送。"
)
_USE_TEMPLATE = (
    "请使用本中心提供的报送模板：表头应在数据上方的一行，列名与模板一致"
    "（表头上方的标题行、说明行可以保留）。"
)

register(
    {
        # --- opening the file -----------------------------------------------------------------
        "intake_file.not_found": Message(
            "文件不存在", "文件“{file}”不存在或已被移走。", "请重新选择文件。"
        ),
        "intake_file.no_permission": Message(
            "没有读取权限",
            "没有权限读取文件“{file}”。",
            "请检查文件的访问权限，或先把文件复制到本机再导入。",
        ),
        "intake_file.os_error": Message(
            "无法读取文件",
            "文件“{file}”无法读取：{reason}",
            "请检查文件是否仍在原处、磁盘或网络是否正常，然后重试。",
        ),
        # --- what kind of file it is -------------------------------------------------------------
        "intake_file.not_xlsx": Message(
            "无法读取文件",
            "文件“{file}”无法读取：不是有效的 Excel 文件（文件已损坏或不是 .xlsx）。",
            _RESAVE_AS_XLSX,
        ),
        "intake_file.xlsx_damaged": Message(
            "文件已损坏",
            "文件“{file}”从第 {line} 行起无法读取：文件已损坏（可能是传输或复制不完整）。",
            _RESAVE_AS_XLSX,
        ),
        "intake_file.legacy_or_encrypted": Message(
            "不支持的 Excel 格式",
            "文件“{file}”无法读取：这是 Excel 97-2003 工作簿（.xls）或设置了打开密码的工作簿，"
            "本系统只读取 .xlsx 和 .csv 文件。",
            "请在 Excel 中打开该文件（如有打开密码请先取消），"
            "另存为“Excel 工作簿（*.xlsx）”后重新报送。",
        ),
        "intake_file.markup": Message(
            "不支持的文件格式",
            "文件“{file}”无法读取：这是网页（HTML）或 XML 格式的表格，不是真正的 Excel 文件。",
            "请在 Excel 中打开该文件，另存为“Excel 工作簿（*.xlsx）”后重新报送。",
        ),
        "intake_file.binary": Message(
            "不支持的文件格式",
            "文件“{file}”无法读取：既不是 Excel 工作簿（.xlsx），也不是 CSV 文本文件。",
            "请报送 .xlsx 或 .csv 格式的文件，可使用本中心提供的报送模板。",
        ),
        # --- CSV text -----------------------------------------------------------------------------
        "intake_file.utf16": Message(
            "不支持的文本编码",
            "文件“{file}”是 UTF-16 编码的文本（Excel 的“Unicode 文本”格式），"
            "本系统读取 UTF-8 或 GBK 编码的 CSV 文件。",
            _RESAVE_AS_CSV_OR_XLSX,
        ),
        "intake_file.decode_error": Message(
            "文件含无法识别的字符",
            "文件“{file}”第 {line} 行含有无法识别的字符（按 {encoding} 编码读取）："
            "文件可能混用了不同的编码，或已损坏。",
            _RESAVE_AS_CSV_OR_XLSX,
        ),
        "intake_file.csv_field_too_long": Message(
            "CSV 格式错误",
            "文件“{file}”第 {line} 行起有一个单元格超过 {limit} 个字符，通常是英文双引号不配对："
            "某个单元格以双引号开头，却没有结束的双引号。",
            "请在文本编辑器中检查该行的英文双引号，修正后重新报送；"
            "或在 Excel 中打开核对后另存为 .xlsx。",
        ),
        "intake_file.csv_unclosed_quote": Message(
            "CSV 格式错误",
            "文件“{file}”第 {line} 行起有一个单元格以英文双引号开头，"
            "直到文件末尾都没有结束的双引号。",
            "请在文本编辑器中检查该行的英文双引号，修正后重新报送；"
            "或在 Excel 中打开核对后另存为 .xlsx。",
        ),
        "intake_file.csv_quote": Message(
            "CSV 格式错误",
            "文件“{file}”第 {line} 行的英文双引号用法有误：用双引号括起的单元格，"
            "结束的双引号后面只能是分隔符（逗号）或换行。",
            '单元格内容本身含双引号时应写成两个双引号（""）。请修正该行后重新报送；'
            "或在 Excel 中打开核对后另存为 .xlsx。",
        ),
        "intake_file.csv_malformed": Message(
            "CSV 格式错误",
            "文件“{file}”第 {line} 行格式错误，无法按 CSV 读取（{reason}）。",
            _RESAVE_AS_CSV_OR_XLSX,
        ),
        # --- the header row -------------------------------------------------------------------
        "intake_file.header_missing": Message(
            "找不到表头",
            "文件“{file}”中找不到表头：前 {scanned} 个非空行中，"
            "没有一行含有下列列名中的至少一半：{expected}。",
            _USE_TEMPLATE,
        ),
        "intake_file.header_missing_sheet": Message(
            "找不到表头",
            "文件“{file}”的第一个工作表“{sheet}”中找不到表头：前 {scanned} 个非空行中，"
            "没有一行含有下列列名中的至少一半：{expected}。",
            "本系统只读取工作簿的第一个工作表，请把报送数据放在第一个工作表。" + _USE_TEMPLATE,
        ),
        "intake_file.header_duplicate": Message(
            "表头列名重复",
            "文件“{file}”第 {line} 行的表头中有重复的列名（括号内为所在列）：{labels}。",
            "每个列名只能出现一次。请删除或更正重复的列后重新报送。",
        ),
        # --- data rows ----------------------------------------------------------------------
        "intake_file.extra_cells": Message(
            "单元格超出表头",
            "文件“{file}”第 {line} 行 {column} 列有内容“{value}”，但这一列没有列名（超出表头）。",
            "CSV 文件的常见原因是单元格内容含有英文逗号，却没有用英文双引号括起来；"
            "Excel 文件请删除表格右侧的多余内容。请核对该行，修正后重新报送。",
        ),
        # --- batches ------------------------------------------------------------------------
        "intake.provider_unknown": Message(
            "找不到信息提供单位",
            "没有代码为“{code}”的在用信息提供单位。",
            "请核对单位代码，或由系统管理员在信息目录中登记该单位。",
        ),
        "intake.resolve_note_required": Message(
            "缺少说明", "请说明退回的数据如何处理（例如重新报送的批次号）。", ""
        ),
        "intake.batch_unknown": Message("找不到归集批次", "没有编号为 {batch_id} 的归集批次。", ""),
        "intake.batch_not_returned": Message(
            "批次没有待处理的退回", "归集批次 {batch_id} 没有待处理的退回数据。", ""
        ),
        "intake.received_in_future": Message(
            "收件日期有误", "收件日期 {day} 晚于今天（{today}）。", "请填写实际收到文件的日期。"
        ),
        "intake.file_changed": Message(
            "文件已更改", "文件“{file}”在预检后已被修改。", "请重新预检后再入库。"
        ),
        "intake.item_unknown": Message(
            "找不到信息事项", "信息目录中没有代码为“{code}”的信息事项。", "请核对信息事项代码。"
        ),
        "intake.imprecise_number": Message(
            "",
            "“{label}”在 Excel 中以数字格式保存，Excel 只保留15位有效数字，后几位已丢失；"
            "请把该列设为文本格式后重新填写",
            "",
        ),
        "intake.cell_outside_header": Message(
            "", "{column}列有内容，但这一列没有列名（超出表头）", ""
        ),
    }
)

__all__ = ["Message"]
