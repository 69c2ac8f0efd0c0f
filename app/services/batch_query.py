"""Batch queries by licensed credit service agencies (Zhangdian art. 29, Wuhan art. 23,
Xiamen art. 20), only where the profile provides for them (``query.batch_query_allowed``).

The agency's file is a CSV (UTF-8, UTF-8 with BOM, or GBK/GB18030 as Excel saves it in
China) with one subject code and one authorisation (grant) number per row, with or without a
header row (``主体代码,授权编号`` / ``subject_code,grant_id``). Each row is checked on its own:
the grant must be the subject's, name the agency as grantee (by its USCC), be valid today,
unrevoked, in a method the profile accepts, and cover something; the answer for the row is
exactly what decide_visibility shows an authorised querier within that scope. Every row —
shown or refused — is one query-log entry with method ``batch``, the agency and the batch
reference. The rows and the log commit together: a cancelled batch discloses and logs nothing.
"""

from __future__ import annotations

import csv
import io
import re
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from app.db.models import AuthorizationGrant, ServiceAgency, Subject
from app.domain.codes import detect_subject_code, normalize_code
from app.domain.enums import Audience, IdDocType, QueryMethod, QueryOutcome, SubjectKind
from app.domain.errors import CreditDeskError, InvalidCode, NotFound, ValidationFailed
from app.domain.messages import render
from app.domain.permissions import Actor, Permission
from app.services import rules
from app.services.agencies import AgencyRow, agency_problem, agency_row
from app.services.cancel import NEVER_CANCELLED, CancelToken
from app.services.clock import local_today, utc_now
from app.services.database import Database
from app.services.query_log import LogDraft, LogRequester, append_query_log
from app.services.record_view import ANNOTATION_LABELS, ShownRecord, disclose, load_records
from app.services.window_query import catalog_index, check_grant, check_scope, require_logged

MAX_BATCH_BYTES = 2 * 1024 * 1024
MAX_BATCH_ROWS = 2000
_CHUNK = 200

_CODE_HEADERS = {
    "主体代码",
    "信息主体代码",
    "统一社会信用代码",
    "身份证号码",
    "代码",
    "subject_code",
    "code",
}
_GRANT_HEADERS = {"授权编号", "授权书编号", "授权号", "grant_id", "grant", "grant_ref"}


@dataclass(frozen=True)
class BatchLine:
    row_no: int  # line number in the file (1-based, header included)
    code: str
    grant_ref: str


@dataclass(frozen=True)
class BatchRow:
    row_no: int
    subject_code: str
    subject_name: str | None
    grant_id: int | None
    outcome: QueryOutcome
    refusal_reason: str | None
    records: tuple[ShownRecord, ...]
    log_seq: int


@dataclass(frozen=True)
class BatchResult:
    batch_ref: str
    agency: AgencyRow
    as_of: date
    queried_at: datetime
    rows: tuple[BatchRow, ...]

    @property
    def shown(self) -> int:
        return sum(1 for r in self.rows if r.outcome is QueryOutcome.SHOWN)

    @property
    def refused(self) -> int:
        return sum(1 for r in self.rows if r.outcome is QueryOutcome.REFUSED)

    def table(self) -> list[list[str]]:
        """Header + one line per shown record (or one per row with no record / refused)."""
        out = [list(EXPORT_HEADER)]
        for r in self.rows:
            base = [
                str(r.row_no),
                r.subject_code,
                r.subject_name or "",
                "" if r.grant_id is None else str(r.grant_id),
                r.outcome.label,
                r.refusal_reason or "",
            ]
            if not r.records:
                note = "无可提供的信息" if r.outcome is QueryOutcome.SHOWN else ""
                out.append([*base, "", note, "", "", "", "", ""])
                continue
            for rec in r.records:
                out.append(
                    [
                        *base,
                        rec.info_class.label,
                        f"{rec.catalog_name}（{rec.catalog_code}）",
                        rec.document_number,
                        rec.decision_date.isoformat(),
                        rec.provider_name,
                        "、".join(ANNOTATION_LABELS[a] for a in rec.annotations),
                        rec.last_visible_day.isoformat() if rec.last_visible_day else "",
                    ]
                )
        return out

    def export_csv(self) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        for line in self.table():
            writer.writerow([_cell(v) for v in line])
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")

    def export_xlsx(self) -> bytes:
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        assert sheet is not None
        sheet.title = "批量查询结果"
        for line in self.table():
            sheet.append([_cell(v) for v in line])
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()


EXPORT_HEADER = (
    "行号",
    "主体代码",
    "主体名称",
    "授权编号",
    "结果",
    "拒绝原因",
    "信息类别",
    "信息事项",
    "文书号",
    "决定日期",
    "提供单位",
    "标注",
    "披露截止日",
)


def _cell(value: str) -> str:
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _fail(msg_id: str, **params: object) -> ValidationFailed:
    error = ValidationFailed(msg_id, **params)
    error.field_errors = {"file": [error.text]}
    return error


def parse_batch_file(content: bytes) -> list[BatchLine]:
    """The rows of an agency's file; ``ValidationFailed`` when the file itself is unusable."""
    if not content.strip():
        raise _fail("batch.file_empty")
    if len(content) > MAX_BATCH_BYTES:
        raise _fail("batch.file_too_large", max_mb=MAX_BATCH_BYTES // 1024 // 1024)
    if b"\x00" in content:
        raise _fail("batch.file_binary")
    text = None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise _fail("batch.file_encoding")
    first = text.splitlines()[0] if text.splitlines() else ""
    delimiter = "\t" if "\t" in first and "," not in first else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    code_col, grant_col, start = 0, 1, 0
    if rows:
        header = [c.strip().lower() for c in rows[0]]
        if any(h in _CODE_HEADERS or h in _GRANT_HEADERS for h in header):
            start = 1
            code_col = next((i for i, h in enumerate(header) if h in _CODE_HEADERS), 0)
            grant_col = next((i for i, h in enumerate(header) if h in _GRANT_HEADERS), 1)
    lines: list[BatchLine] = []
    for index, row in enumerate(rows[start:], start=start + 1):
        cells = [c.strip() for c in row]
        if not any(cells):
            continue
        code = cells[code_col] if code_col < len(cells) else ""
        grant = cells[grant_col] if grant_col < len(cells) else ""
        lines.append(BatchLine(index, code, grant))
    if not lines:
        raise _fail("batch.file_no_rows")
    if len(lines) > MAX_BATCH_ROWS:
        raise _fail("batch.file_too_many_rows", rows=len(lines), max=MAX_BATCH_ROWS)
    return lines


_GRANT_REF = re.compile(r"^(?:#|NO\.?|SQ)?\s*(\d{1,18})$", re.IGNORECASE)


def run_batch_query(
    db: Database,
    agency_id: int,
    file_bytes: bytes,
    *,
    actor: Actor,
    today: date | None = None,
    now: datetime | None = None,
    cancel: CancelToken = NEVER_CANCELLED,
) -> BatchResult:
    require_logged(db, actor, Permission.QUERY_BATCH, "信用服务机构批量查询")
    today = today or local_today()
    now = now or utc_now()
    profile = rules.current_profile(db)
    allowed = profile.query.batch_query_allowed
    if allowed is None or not allowed.value:
        raise CreditDeskError("batch.not_provided", regulation=profile.regulation)
    layer = rules.national_layer()
    lines = parse_batch_file(file_bytes)
    batch_ref = f"PL{today:%Y%m%d}-{uuid.uuid4().hex[:8].upper()}"

    with db.uow() as uow:
        s = uow.session
        agency = s.get(ServiceAgency, agency_id)
        if agency is None:
            raise NotFound("agency.not_found", agency_id=agency_id)
        agency_refusal = agency_problem(agency, today)
        requester = LogRequester(IdDocType.USCC, agency.uscc, agency.name, agency.uscc)
        names, classes = catalog_index(s)

        # Pass 1: codes and grants (one query per chunk for each).
        prepared: list[
            tuple[
                BatchLine,
                str,
                Subject | None,
                AuthorizationGrant | None,
                int | None,
                tuple[str, dict[str, object]] | None,
            ]
        ] = []
        for offset in range(0, len(lines), _CHUNK):
            cancel.raise_if_cancelled()
            chunk = lines[offset : offset + _CHUNK]
            codes: dict[int, str] = {}
            problems: dict[int, tuple[str, dict[str, object]]] = {}
            grant_ids: dict[int, int] = {}
            for line in chunk:
                try:
                    codes[line.row_no] = detect_subject_code(line.code)[1]
                except InvalidCode as exc:
                    codes[line.row_no] = normalize_code(line.code)[:18]
                    problems[line.row_no] = ("batch.row_bad_code", {"reason": exc.text})
                    continue
                match = _GRANT_REF.match(line.grant_ref.strip())
                if not line.grant_ref.strip():
                    problems[line.row_no] = ("query.grant_missing", {})
                elif match is None:
                    problems[line.row_no] = ("batch.row_bad_grant", {"ref": line.grant_ref[:40]})
                else:
                    grant_ids[line.row_no] = int(match[1])
            subjects = {
                subj.code: subj
                for subj in s.scalars(
                    select(Subject).where(Subject.code.in_(set(codes.values())))
                ).all()
            }
            grants = {
                g.id: g
                for g in s.scalars(
                    select(AuthorizationGrant).where(
                        AuthorizationGrant.id.in_(set(grant_ids.values()))
                    )
                ).all()
            }
            for line in chunk:
                code = codes[line.row_no]
                subject = subjects.get(code)
                gid = grant_ids.get(line.row_no)
                grant = grants.get(gid) if gid is not None else None
                problem = agency_refusal or problems.get(line.row_no)
                if problem is None and subject is None:
                    problem = ("query.subject_unknown", {"code": code})
                if problem is None and grant is None:
                    problem = ("query.grant_not_found", {"grant_id": gid})
                if problem is None:
                    assert subject is not None
                    problem = check_grant(
                        grant,
                        subject=subject,
                        grantee_doc_type=IdDocType.USCC,
                        grantee_doc_number=agency.uscc,
                        grantee_label=f"{agency.name}（{agency.uscc}）",
                        profile=profile,
                        today=today,
                    )
                prepared.append((line, code, subject, grant, gid, problem))

        # Pass 2: records of the subjects that passed (two queries per chunk), then the log.
        out: list[BatchRow] = []
        for offset in range(0, len(prepared), _CHUNK):
            cancel.raise_if_cancelled()
            chunk_rows = prepared[offset : offset + _CHUNK]
            wanted = {
                subj.id: SubjectKind(subj.kind)
                for _l, _c, subj, _g, _gid, problem in chunk_rows
                if problem is None and subj is not None
            }
            loaded = load_records(s, wanted)
            for line, code, subject, grant, gid, problem in chunk_rows:
                shown: tuple[ShownRecord, ...] = ()
                categories: tuple[str, ...] = ()
                if problem is None:
                    assert subject is not None and grant is not None
                    records = loaded[subject.id]
                    problem = check_scope(grant, records, None, names, classes)
                    if problem is None:
                        disclosed = disclose(
                            records,
                            profile,
                            Audience.AUTHORIZED,
                            today,
                            national_layer=layer,
                            scope=list(grant.scope or ()),
                        )
                        shown = tuple(r for g in disclosed.groups for r in g.records)
                        categories = disclosed.categories
                reason = render(problem[0], problem[1]).text if problem else None
                entry = append_query_log(
                    s,
                    LogDraft(
                        clerk_user_id=actor.user_id,
                        requester=requester,
                        subject_id=subject.id if subject is not None else None,
                        audience=Audience.AUTHORIZED,
                        purpose=f"批量查询：{grant.purpose}" if grant is not None else "批量查询",
                        method=QueryMethod.BATCH,
                        outcome=QueryOutcome.REFUSED if problem else QueryOutcome.SHOWN,
                        categories=categories,
                        record_count=len(shown),
                        grant_id=grant.id if grant is not None else None,
                        agency_id=agency.id,
                        batch_ref=batch_ref,
                        refusal_reason=reason,
                    ),
                    now=now,
                )
                out.append(
                    BatchRow(
                        row_no=line.row_no,
                        subject_code=code or line.code[:40],
                        subject_name=subject.name if subject is not None else None,
                        grant_id=gid,
                        outcome=QueryOutcome.REFUSED if problem else QueryOutcome.SHOWN,
                        refusal_reason=reason,
                        records=shown,
                        log_seq=entry.seq,
                    )
                )
        result = BatchResult(batch_ref, agency_row(agency, today), today, now, tuple(out))
        uow.commit()
        return result
