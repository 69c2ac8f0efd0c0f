"""Checking a subject code typed at the window (no database: pure validation, usable live)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.domain.codes import detect_subject_code, mask_id_number, validate_id_number
from app.domain.enums import IdDocType, SubjectKind
from app.domain.errors import InvalidCode


@dataclass(frozen=True)
class CodeCheck:
    input: str
    valid: bool
    normalized: str | None = None
    doc_type: IdDocType | None = None
    kind: SubjectKind | None = None
    birth_date: date | None = None
    sex: str | None = None
    converted_from: str | None = None
    masked: str | None = None
    error_id: str | None = None
    message: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {
            "input": self.input,
            "valid": self.valid,
            "normalized": self.normalized,
            "doc_type": self.doc_type.value if self.doc_type else None,
            "doc_type_label": self.doc_type.label if self.doc_type else None,
            "kind": self.kind.value if self.kind else None,
            "kind_label": self.kind.label if self.kind else None,
            "birth_date": self.birth_date.isoformat() if self.birth_date else None,
            "sex": self.sex,
            "converted_from": self.converted_from,
            "error": self.error_id,
            "message": self.message,
        }


def check_code(value: str, *, hint: SubjectKind | None = None) -> CodeCheck:
    """Validate a USCC or ID number and describe it; never raises for bad input."""
    try:
        kind, normalized = detect_subject_code(value, hint=hint)
    except InvalidCode as exc:
        return CodeCheck(input=value, valid=False, error_id=exc.msg_id, message=exc.text)
    if kind is SubjectKind.NATURAL_PERSON:
        id_number = validate_id_number(value)
        return CodeCheck(
            input=value,
            valid=True,
            normalized=normalized,
            doc_type=IdDocType.RESIDENT_ID,
            kind=kind,
            birth_date=id_number.birth_date,
            sex=id_number.sex,
            converted_from=id_number.converted_from,
            masked=mask_id_number(normalized),
        )
    return CodeCheck(
        input=value,
        valid=True,
        normalized=normalized,
        doc_type=IdDocType.USCC,
        kind=kind,
        masked=normalized,
    )
