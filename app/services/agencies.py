"""Licensed credit service agencies (信用服务机构) allowed to send batch queries, with their
licence and confidentiality agreement (Zhangdian art. 29, Wuhan art. 23, Xiamen art. 20).

Administrators register agencies; clerks see the list to run an agency's batch file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from app.db.models import ServiceAgency
from app.domain.codes import validate_uscc
from app.domain.errors import NotFound, ValidationFailed
from app.domain.messages import render
from app.domain.permissions import Actor, Permission
from app.services import authz
from app.services.audit_trail import record_event
from app.services.clock import local_today
from app.services.database import Database

MAX_NAME = 200


@dataclass(frozen=True)
class AgencyInput:
    name: str
    uscc: str
    licence_number: str
    confidentiality_signed_on: date
    confidentiality_valid_to: date
    licence_valid_to: date | None = None
    contact_person: str = ""
    contact_phone: str = ""


@dataclass(frozen=True)
class AgencyRow:
    id: int
    name: str
    uscc: str
    licence_number: str
    licence_valid_to: date | None
    confidentiality_signed_on: date
    confidentiality_valid_to: date
    contact_person: str | None
    contact_phone: str | None
    is_active: bool
    row_version: int
    problem: str | None  # Chinese: why it may not send a batch today, or None

    @property
    def usable(self) -> bool:
        return self.problem is None


def agency_problem(agency: ServiceAgency, today: date) -> tuple[str, dict[str, object]] | None:
    """Why the agency may not query today (inactive, licence or agreement not in force)."""
    if not agency.is_active:
        return "agency.inactive", {"name": agency.name}
    if agency.licence_valid_to is not None and today > agency.licence_valid_to:
        return "agency.licence_expired", {
            "name": agency.name,
            "valid_to": agency.licence_valid_to.isoformat(),
        }
    if today < agency.confidentiality_signed_on:
        return "agency.agreement_not_started", {
            "name": agency.name,
            "signed_on": agency.confidentiality_signed_on.isoformat(),
        }
    if today > agency.confidentiality_valid_to:
        return "agency.agreement_expired", {
            "name": agency.name,
            "valid_to": agency.confidentiality_valid_to.isoformat(),
        }
    return None


def agency_row(agency: ServiceAgency, today: date) -> AgencyRow:
    problem = agency_problem(agency, today)
    return AgencyRow(
        id=agency.id,
        name=agency.name,
        uscc=agency.uscc,
        licence_number=agency.licence_number,
        licence_valid_to=agency.licence_valid_to,
        confidentiality_signed_on=agency.confidentiality_signed_on,
        confidentiality_valid_to=agency.confidentiality_valid_to,
        contact_person=agency.contact_person,
        contact_phone=agency.contact_phone,
        is_active=agency.is_active,
        row_version=agency.row_version,
        problem=render(problem[0], problem[1]).text if problem else None,
    )


def register_agency(
    db: Database, data: AgencyInput, *, actor: Actor, today: date | None = None
) -> AgencyRow:
    authz.require(actor, Permission.AGENCY_MANAGE)
    today = today or local_today()
    errors: dict[str, list[str]] = {}

    def fault(name: str, msg_id: str, **params: object) -> None:
        errors.setdefault(name, []).append(render(msg_id, params).text)

    name = " ".join(data.name.split())
    if not name:
        fault("name", "agency.field_required", label="机构名称")
    elif len(name) > MAX_NAME:
        fault("name", "agency.field_too_long", label="机构名称", max=MAX_NAME)
    uscc = ""
    try:
        uscc = validate_uscc(data.uscc, field="uscc").value
    except ValidationFailed as exc:
        for k, v in exc.field_errors.items():
            errors.setdefault(k, []).extend(v)
    licence = data.licence_number.strip()
    if not licence:
        fault("licence_number", "agency.field_required", label="备案（许可）编号")
    elif len(licence) > 100:
        fault("licence_number", "agency.field_too_long", label="备案（许可）编号", max=100)
    if data.licence_valid_to is not None and data.licence_valid_to < today:
        fault("licence_valid_to", "agency.licence_past", valid_to=data.licence_valid_to)
    if data.confidentiality_valid_to < data.confidentiality_signed_on:
        fault(
            "confidentiality_valid_to",
            "agency.agreement_dates",
            signed_on=data.confidentiality_signed_on,
            valid_to=data.confidentiality_valid_to,
        )
    elif data.confidentiality_valid_to < today:
        fault(
            "confidentiality_valid_to",
            "agency.agreement_past",
            valid_to=data.confidentiality_valid_to,
        )
    _limit(data.contact_person, "contact_person", "联系人", 50, fault)
    _limit(data.contact_phone, "contact_phone", "联系电话", 40, fault)
    with db.uow() as uow:
        s = uow.session
        if uscc:
            holder = s.scalar(select(ServiceAgency.name).where(ServiceAgency.uscc == uscc))
            if holder is not None:
                fault("uscc", "agency.duplicate", uscc=uscc, holder=holder)
        if errors:
            raise ValidationFailed(field_errors=errors)
        agency = ServiceAgency(
            name=name,
            uscc=uscc,
            licence_number=licence,
            licence_valid_to=data.licence_valid_to,
            confidentiality_signed_on=data.confidentiality_signed_on,
            confidentiality_valid_to=data.confidentiality_valid_to,
            contact_person=data.contact_person.strip() or None,
            contact_phone=data.contact_phone.strip() or None,
            is_active=True,
            created_by_user_id=actor.user_id,
        )
        s.add(agency)
        s.flush()
        record_event(
            s,
            action="agency.registered",
            entity_type="service_agency",
            entity_id=agency.id,
            actor_user_id=actor.user_id,
            details={
                "name": name,
                "uscc": uscc,
                "licence_number": licence,
                "confidentiality_valid_to": data.confidentiality_valid_to,
            },
        )
        row = agency_row(agency, today)
        uow.commit()
        return row


def _limit(value: str, name: str, label: str, max_len: int, fault: Callable[..., None]) -> None:
    if len(value.strip()) > max_len:
        fault(name, "agency.field_too_long", label=label, max=max_len)


def set_agency_active(
    db: Database, agency_id: int, active: bool, *, actor: Actor, today: date | None = None
) -> AgencyRow:
    authz.require(actor, Permission.AGENCY_MANAGE)
    with db.uow() as uow:
        agency = uow.session.get(ServiceAgency, agency_id)
        if agency is None:
            raise NotFound("agency.not_found", agency_id=agency_id)
        if agency.is_active != active:
            agency.is_active = active
            record_event(
                uow.session,
                action="agency.enabled" if active else "agency.disabled",
                entity_type="service_agency",
                entity_id=agency.id,
                actor_user_id=actor.user_id,
                details={"name": agency.name},
            )
            uow.session.flush()
        row = agency_row(agency, today or local_today())
        uow.commit()
        return row


def list_agencies(
    db: Database, *, actor: Actor, today: date | None = None, include_inactive: bool = True
) -> list[AgencyRow]:
    """All agencies by name (a city has a handful: no paging)."""
    authz.require(actor, Permission.AGENCY_READ)
    today = today or local_today()
    with db.uow() as uow:
        query = select(ServiceAgency).order_by(ServiceAgency.name, ServiceAgency.id)
        if not include_inactive:
            query = query.where(ServiceAgency.is_active.is_(True))
        return [agency_row(a, today) for a in uow.session.scalars(query).all()]
