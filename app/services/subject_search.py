"""Finding the subject at the window: by exact code, or by a name fragment.

* Input with a Chinese character is a name fragment (at least 2 characters: Chinese personal
  names have two to four); matched anywhere in the name, keyset-paged on (name, id).
* Anything else is a code: 15/18 characters are validated as a 居民身份证号码 or 统一社会信用代码
  (a wrong check digit is reported, never silently "not found"); other document numbers
  (passports, residence permits) are looked up among the linked identities (Xiamen art. 6).

Results show no credit information, so a search is not logged; it still needs the query
permission. Natural persons' ID numbers are masked in the results.

The name match is ``LIKE '%…%'`` — a scan of ``subjects``; fine for a city's subjects on
PostgreSQL and SQLite today. Two-character names defeat trigram indexes (stack notes), so a
faster name search needs its own bigram index (a later issue, with a migration).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from sqlalchemy import func, or_, select

from app.db.models import Subject, SubjectIdentity
from app.domain.codes import detect_subject_code, display_subject_code, normalize_code
from app.domain.enums import SubjectKind
from app.domain.errors import NotFound, ValidationFailed
from app.domain.permissions import Actor, Permission
from app.services import authz
from app.services.database import Database
from app.services.queries import COUNT_LIMIT, Page, PageKey, clamp_limit

MIN_NAME_CHARS = 2
MAX_QUERY_CHARS = 100


@dataclass(frozen=True)
class SubjectHit:
    id: int
    kind: SubjectKind
    name: str
    display_code: str  # masked for natural persons
    matched_by: str  # "code" | "identity" | "name"

    @property
    def kind_label(self) -> str:
        return self.kind.label


def display_code(kind: SubjectKind, code: str) -> str:
    return display_subject_code(kind, code)


def _hit(subject: Subject, matched_by: str) -> SubjectHit:
    kind = SubjectKind(subject.kind)
    return SubjectHit(subject.id, kind, subject.name, display_code(kind, subject.code), matched_by)


def _has_cjk(text: str) -> bool:
    return any(unicodedata.east_asian_width(ch) in ("W", "F") and ch.isalpha() for ch in text)


def _invalid(msg_id: str, **params: object) -> ValidationFailed:
    error = ValidationFailed(msg_id, **params)
    error.field_errors = {"text": [error.text]}
    return error


def search_subjects(
    db: Database,
    text: str,
    *,
    actor: Actor,
    page_key: PageKey | None = None,
    limit: int = 50,
) -> Page[SubjectHit]:
    authz.require(actor, Permission.QUERY_RUN)
    query_text = " ".join(text.split())
    if not query_text:
        raise _invalid("search.empty")
    if len(query_text) > MAX_QUERY_CHARS:
        raise _invalid("search.too_long", max=MAX_QUERY_CHARS)
    limit = clamp_limit(limit)
    if _has_cjk(query_text):
        return _by_name(db, query_text, page_key, limit)
    code = normalize_code(query_text)
    with db.uow() as uow:
        s = uow.session
        if len(code) in (15, 18):
            _kind, normalized = detect_subject_code(code)  # raises InvalidCode with the fault
            subject = s.scalar(select(Subject).where(Subject.code == normalized))
            if subject is not None:
                return Page((_hit(subject, "code"),), None, 1)
        subjects = s.scalars(
            select(Subject)
            .join(SubjectIdentity, SubjectIdentity.subject_id == Subject.id)
            .where(SubjectIdentity.doc_number == code)
            .order_by(Subject.id)
            .limit(limit)
        ).all()
        rows = tuple(_hit(subj, "identity") for subj in subjects)
        return Page(rows, None, len(rows))


def _by_name(db: Database, text: str, page_key: PageKey | None, limit: int) -> Page[SubjectHit]:
    if len(text) < MIN_NAME_CHARS:
        raise _invalid("search.name_too_short", min=MIN_NAME_CHARS)
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    condition = Subject.name.like(f"%{escaped}%", escape="\\")
    with db.uow() as uow:
        s = uow.session
        query = select(Subject).where(condition)
        if page_key is not None:
            name, last_id = str(page_key[0]), int(page_key[1])  # type: ignore[call-overload]
            query = query.where(
                or_(Subject.name > name, (Subject.name == name) & (Subject.id > last_id))
            )
        subjects = s.scalars(query.order_by(Subject.name, Subject.id).limit(limit + 1)).all()
        total = None
        if page_key is None:
            capped = select(Subject.id).where(condition).limit(COUNT_LIMIT).subquery()
            total = int(s.scalar(select(func.count()).select_from(capped)) or 0)
        rows = tuple(_hit(subj, "name") for subj in subjects[:limit])
        next_key = (rows[-1].name, rows[-1].id) if len(subjects) > limit else None
        return Page(rows, next_key, total)


def find_subject_by_code(db: Database, code: str, *, actor: Actor) -> SubjectHit:
    """The subject with this exact code (validated), or ``NotFound``."""
    authz.require(actor, Permission.QUERY_RUN)
    _kind, normalized = detect_subject_code(code)
    with db.uow() as uow:
        subject = uow.session.scalar(select(Subject).where(Subject.code == normalized))
        if subject is None:
            raise NotFound(entity="信息主体", key=display_code(_kind, normalized))
        return _hit(subject, "code")
