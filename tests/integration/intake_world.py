"""The market regulator's (SCJGJ) penalty file the intake tests write (issue 9): the CF001
columns of a provider template and one conforming row, any cell replaced by its label."""

from __future__ import annotations

from app.rules.intake_rules import LABELS

HEADER = [
    LABELS["item_code"],
    LABELS["subject_name"],
    LABELS["subject_code"],
    LABELS["document_number"],
    LABELS["decision_date"],
    LABELS["act_ended_on"],
    LABELS["determined_on"],
    LABELS["severity"],
    LABELS["procedure"],
    "违法事实",
    "处罚依据",
    "处罚结果",
]
NEW_COMPANY = "91370100MA3C00002L"  # not in the query world yet
BAD_CODE = "91370100MA3C00001X"  # wrong check character


def line(
    code: str = NEW_COMPANY,
    doc: str = "市监罚〔2026〕101号",
    *,
    header: list[str] = HEADER,
    **cells: str,
) -> list[str]:
    """A conforming CF001 row in ``header``'s order; ``cells`` (label → text) replace cells,
    columns outside the standard ones are empty unless given."""
    values = {
        LABELS["item_code"]: "CF001",
        LABELS["subject_name"]: "济南新公司有限公司",
        LABELS["subject_code"]: code,
        LABELS["document_number"]: doc,
        LABELS["decision_date"]: "2026-09-01",
        LABELS["act_ended_on"]: "2026-09-01",
        LABELS["determined_on"]: "2026-09-01",
        LABELS["severity"]: "一般",
        LABELS["procedure"]: "一般程序",
        "违法事实": "未按规定公示年度报告",
        "处罚依据": "《企业信息公示暂行条例》",
        "处罚结果": "罚款",
    } | cells
    return [values.get(h, "") for h in header]
