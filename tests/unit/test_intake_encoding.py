"""The encoded row the intake loader writes is the JSON the ORM path would write (issue 9).

Given any accepted row, when ``intake_pipeline.encode`` writes its submission and snapshot as
text, then that text is exactly ``json.dumps`` of ``submission_of`` / ``snapshot_of`` — so a
record loaded in bulk compares, prints and versions like one saved through the ORM.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from app.db.history import snapshot_of
from app.domain.enums import ListType, PenaltyClass, RecordStatus, Severity, SubjectKind
from app.domain.record_fields import submission_of
from app.rules.intake_rules import ParsedRow
from app.services.intake_pipeline import (
    A_CONTENT,
    A_SNAPSHOT_TAIL,
    A_SUBMISSION,
    ValidationJob,
    encode,
    snapshot_json,
)

JOB = ValidationJob(
    source=Path("x.csv"),
    file_name="x.csv",
    expected_labels=frozenset(),
    header=(),
    profile_json="{}",
    items={},
    provider_id=7,
    today=date(2026, 11, 25),
)
days = st.dates(min_value=date(1990, 1, 1), max_value=date(2026, 11, 25))
text = st.text(min_size=1, max_size=30)


@given(
    doc=text,
    decided=days,
    others=st.tuples(*(st.none() | days for _ in range(3))),
    severity=st.none() | st.sampled_from(Severity),
    penalty=st.none() | st.sampled_from(PenaltyClass),
    list_type=st.sampled_from(ListType),
    content=st.dictionaries(st.text(min_size=1, max_size=8), text, max_size=4),
    subject_id=st.integers(min_value=1, max_value=10**12),
)
def test_the_encoded_json_is_what_the_orm_path_writes(
    doc, decided, others, severity, penalty, list_type, content, subject_id
) -> None:
    ended, determined, listed = others
    row = ParsedRow(
        item_code="CF001",
        subject_kind=SubjectKind.LEGAL_PERSON,
        subject_code="91370100MA3C00002L",
        subject_name="某公司",
        document_number=doc,
        decision_date=decided,
        act_ended_on=ended,
        determined_on=determined,
        listed_on=listed,
        severity=severity,
        penalty_class=penalty,
        list_type=list_type,
        content=content,
    )
    encoded = encode(row, 3, 11, JOB)
    values = {
        "document_number": doc,
        "decision_date": decided,
        "act_ended_on": ended,
        "determined_on": determined,
        "listed_on": listed,
        "severity": severity,
        "penalty_class": penalty,
        "content": content,
    }
    assert encoded[A_CONTENT] == json.dumps(content)
    assert encoded[A_SUBMISSION] == json.dumps(submission_of(values))
    record = values | {
        "subject_id": subject_id,
        "catalog_item_id": 11,
        "provider_id": 7,
        "formed_on": JOB.today,
        "list_type": list_type,
        "status": RecordStatus.ACTIVE,
    }
    assert snapshot_json(subject_id, encoded[A_SNAPSHOT_TAIL]) == json.dumps(snapshot_of(record))
