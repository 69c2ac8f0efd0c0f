"""The permission matrix is complete: every permission is labelled and held by some role."""

from __future__ import annotations

from app.domain.enums import Role
from app.domain.permissions import MATRIX, PERMISSION_LABELS, ROLE_PERMISSIONS, Permission


def test_every_permission_is_in_the_matrix_with_a_label_and_a_role() -> None:
    assert set(MATRIX) == set(Permission)
    for permission, (label, roles) in MATRIX.items():
        assert label and PERMISSION_LABELS[permission] == label
        assert roles, f"{permission} is held by no role"


def test_auditors_read_logs_and_verify_documents_but_never_query_records() -> None:
    auditor = ROLE_PERMISSIONS[Role.AUDITOR]
    assert {Permission.AUDIT_READ, Permission.DOCUMENT_VERIFY} <= auditor
    assert not auditor & {Permission.QUERY_RUN, Permission.QUERY_PREVIEW, Permission.CASES_READ}


def test_only_auditors_read_the_logs() -> None:
    assert [r for r in Role if Permission.AUDIT_READ in ROLE_PERMISSIONS[r]] == [Role.AUDITOR]
