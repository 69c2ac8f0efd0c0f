"""A small hand-made world for the window-query tests (issue 5): the demo catalogue's items,
two subjects with records in every state, staff, and helpers to build requests and grants."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from app.db.history import ChangeInfo, attach_change
from app.db.models import (
    CatalogItem,
    CreditRecord,
    Objection,
    ObjectionRecord,
    ProviderUnit,
    QueryLogEntry,
    Subject,
    SubjectIdentity,
)
from app.domain.enums import (
    Audience,
    ChangeKind,
    GrantMethod,
    IdDocType,
    ListType,
    RecordStatus,
    Severity,
    SubjectKind,
)
from app.domain.permissions import Actor
from app.services import rules
from app.services.attachments import Upload
from app.services.database import Database
from app.services.demo_catalog import ITEMS, PROVIDERS
from app.services.grants import GrantInput, register_grant
from app.services.window_query import QueryRequest, RequesterInput

TODAY = date(2026, 11, 25)

COMPANY = "91370100MA3C00001H"  # 济南某某科技有限公司
PERSON = "370102198001011237"  # 张三
THIRD = "11010519491231002X"  # 李四, a third party
OTHER = "420102199002022236"  # 王五, someone else
GOV_UNIT = "113701000000000015"  # a government unit
AGENCY = "91420100MA4K00002Y"  # a credit service agency
PASSPORT = "E12345678"  # 张三's passport, linked (Xiamen art. 6)

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32

ITEM_CODES = ("JC001", "XK001", "XK003", "LH002", "LH003", "CF001", "QJ001", "CF005", "SF002")


@dataclass
class World:
    db: Database
    company_id: int = 0
    person_id: int = 0
    records: dict[str, int] = field(default_factory=dict)  # label → record id

    def record_label(self, record_id: int) -> str:
        return next(k for k, v in self.records.items() if v == record_id)


def build_world(db: Database, profile: str = "weihai") -> World:
    rules.set_current_profile(db, profile, actor=Actor.operator())
    world = World(db)
    items_by_code = {i.code: i for i in ITEMS}
    with db.uow() as uow:
        s = uow.session
        providers = {}
        for p in PROVIDERS:
            row = ProviderUnit(code=p.code, name=p.name)
            s.add(row)
            providers[p.code] = row
        s.flush()
        items = {}
        for code in ITEM_CODES:
            item = items_by_code[code]
            row = CatalogItem(
                code=item.code,
                name=item.name,
                info_class=item.info_class,
                disclosure=item.disclosure,
                report_section=item.section,
                provider_id=providers[item.provider].id,
                legal_basis=item.legal_basis,
                fields=[{"key": k, "label": lb, "type": "text"} for k, lb in item.fields],
            )
            s.add(row)
            items[code] = row
        company = Subject(kind=SubjectKind.LEGAL_PERSON, code=COMPANY, name="济南某某科技有限公司")
        person = Subject(
            kind=SubjectKind.NATURAL_PERSON, code=PERSON, name="张三", birth_date=date(1980, 1, 1)
        )
        s.add_all([company, person])
        s.flush()
        s.add(
            SubjectIdentity(subject_id=person.id, doc_type=IdDocType.PASSPORT, doc_number=PASSPORT)
        )
        world.company_id, world.person_id = company.id, person.id

        def add(label: str, subject: Subject, code: str, **kw: Any) -> None:
            decided = kw.pop("decided", date(2026, 3, 2))
            record = CreditRecord(
                subject_id=subject.id,
                catalog_item_id=items[code].id,
                provider_id=items[code].provider_id,
                document_number=f"文书〔2026〕{len(world.records) + 1}号",
                decision_date=decided,
                act_ended_on=decided,
                determined_on=decided,
                formed_on=decided,
                listed_on=kw.pop("listed_on", None),
                severity=kw.pop("severity", None),
                list_type=kw.pop("list_type", ListType.NONE),
                content={k: f"{label}-{k}" for k, _l in items_by_code[code].fields},
                status=kw.pop("status", RecordStatus.ACTIVE),
                **kw,
            )
            attach_change(record, ChangeInfo(ChangeKind.DEMO))
            s.add(record)
            s.flush()
            world.records[label] = record.id

        # the company: one record per disclosure attribute and class, plus hidden ones
        add("c_basic_public", company, "JC001")
        add("c_licence_public", company, "XK001")
        add("c_good_public", company, "LH002")
        add("c_dishonest_public", company, "CF001", severity=Severity.GENERAL)
        add("c_dishonest_authorized", company, "QJ001", severity=Severity.GENERAL)
        add("c_other_government", company, "SF002")
        for status in (
            RecordStatus.REPAIRED,
            RecordStatus.ARCHIVED,
            RecordStatus.DELETED,
            RecordStatus.REVOKED,
        ):
            add(
                f"c_hidden_{status.value}",
                company,
                "CF001",
                status=status,
                severity=Severity.GENERAL,
            )
        add("c_hidden_withdrawn", company, "LH002", status=RecordStatus.WITHDRAWN)
        add(
            "c_hidden_expired",
            company,
            "CF001",
            severity=Severity.GENERAL,
            decided=TODAY - timedelta(days=6 * 365),
        )
        # the person: a public penalty (never public for natural persons in Weihai/Wuhan)
        add("p_dishonest_public", person, "CF001", severity=Severity.GENERAL)
        add("p_basic_authorized", person, "XK003")
        add("p_good_authorized", person, "LH003")
        add("p_dishonest_government", person, "CF005", severity=Severity.GENERAL)
        uow.commit()
    return world


def add_objection(
    db: Database,
    record_id: int,
    subject_id: int,
    *,
    state: str = "received",
    next_step: str = "objection.check",
    due: date | None = None,
) -> None:
    with db.uow() as uow:
        objection = Objection(
            case_no=f"YY{record_id:08d}",
            subject_id=subject_id,
            applicant_name="申请人",
            applicant_doc_type=IdDocType.USCC,
            applicant_doc_number=COMPANY,
            received_on=TODAY - timedelta(days=3),
            state=state,
            next_step=next_step,
            next_due_on=due,
        )
        uow.session.add(objection)
        uow.session.flush()
        uow.session.add(ObjectionRecord(objection_id=objection.id, record_id=record_id))
        uow.commit()


def grant_for(
    world: World,
    actor: Actor,
    *,
    subject_id: int | None = None,
    grantee: str = THIRD,
    grantee_type: IdDocType = IdDocType.RESIDENT_ID,
    grantee_name: str = "李四",
    scope: tuple[str, ...] = ("basic", "good", "dishonest", "other"),
    valid_from: date = TODAY - timedelta(days=10),
    valid_to: date = TODAY + timedelta(days=100),
    method: GrantMethod = GrantMethod.WRITTEN,
    today: date = TODAY,
) -> int:
    return register_grant(
        world.db,
        GrantInput(
            grantor_subject_id=subject_id or world.company_id,
            grantee_doc_type=grantee_type,
            grantee_doc_number=grantee,
            grantee_name=grantee_name,
            scope=scope,
            purpose="办理银行贷款",
            valid_from=valid_from,
            valid_to=valid_to,
            method=method,
            document=Upload(PDF, "授权书.pdf") if method is GrantMethod.WRITTEN else None,
            sms_reference="SMS-2026-0001" if method is GrantMethod.SMS else "",
        ),
        actor=actor,
        today=today,
    ).id


def person(number: str = THIRD, name: str = "李四") -> RequesterInput:
    return RequesterInput(IdDocType.RESIDENT_ID, number, name)


def org(
    number: str = COMPANY, name: str = "济南某某科技有限公司", *, mandate: bool = True
) -> RequesterInput:
    return RequesterInput(
        IdDocType.USCC,
        number,
        name,
        agent_doc_type=IdDocType.RESIDENT_ID,
        agent_doc_number=OTHER,
        agent_name="王五",
        mandate=Upload(PDF, "委托书.pdf") if mandate else None,
    )


def request(
    audience: Audience,
    requester: RequesterInput | None = None,
    *,
    subject_code: str = COMPANY,
    purpose: str = "招标投标",
    **kw: Any,
) -> QueryRequest:
    return QueryRequest(
        requester=requester or person(),
        audience=audience,
        subject_code=subject_code,
        document_seen=kw.pop("document_seen", True),
        purpose=purpose,
        **kw,
    )


def log_entries(db: Database) -> list[QueryLogEntry]:
    with db.uow() as uow:
        return list(uow.session.scalars(select(QueryLogEntry).order_by(QueryLogEntry.seq)).all())


def shown_labels(world: World, result: Any) -> set[str]:
    return {world.record_label(r.record_id) for g in result.groups for r in g.records}
