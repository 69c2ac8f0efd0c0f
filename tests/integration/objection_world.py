"""Helpers for the objection tests: a world per profile, the applicant, one call per step."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from app.domain.enums import IdDocType, Role
from app.domain.permissions import Actor
from app.services import objections as ob
from app.services import settings
from app.services.attachments import Upload
from app.services.database import Database
from tests.integration.query_world import COMPANY, PDF, PERSON, World, build_world

CENTER = "测试市公共信用信息中心"
MANDATE = Upload(PDF, "授权委托书.pdf")
EVIDENCE = Upload(PDF, "判决书.pdf")


def objection_world(db: Database, profile: str, staff: object) -> World:
    world = build_world(db, profile)
    settings.set_setting(
        db,
        settings.SettingKey.CENTER_NAME,
        CENTER,
        actor=staff[Role.ADMIN],  # type: ignore[index]
    )
    return world


def company_applicant(**kw: object) -> ob.ApplicantInput:
    base = ob.ApplicantInput(
        name="济南某某科技有限公司",
        doc_type=IdDocType.USCC,
        doc_number=COMPANY,
        agent_name="刘经办",
        agent_doc_type=IdDocType.RESIDENT_ID,
        agent_doc_number="11010519491231002X",
        mandate=MANDATE,
        phone="0631-5200000",
        document_seen=True,
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def person_applicant(**kw: object) -> ob.ApplicantInput:
    base = ob.ApplicantInput(
        name="张三", doc_type=IdDocType.RESIDENT_ID, doc_number=PERSON, document_seen=True
    )
    return replace(base, **kw)  # type: ignore[arg-type]


def open_case(
    db: Database,
    world: World,
    actor: Actor,
    *,
    records: tuple[str, ...] = ("c_dishonest_public",),
    received_on: date,
    ground: int = 0,
    **kw: object,
) -> ob.CaseDetail:
    grounds = ob.subject_records(db, COMPANY, actor=actor).grounds
    return ob.open_objection(
        db,
        ob.ObjectionInput(
            subject_code=COMPANY,
            record_ids=tuple(world.records[r] for r in records),
            applicant=company_applicant(),
            grounds=(grounds[ground],),
            statement="处罚决定已被复议机关撤销，平台仍在公示。",
            evidence=(EVIDENCE,),
            received_on=received_on,
            **kw,  # type: ignore[arg-type]
        ),
        actor=actor,
        today=received_on,
    )
