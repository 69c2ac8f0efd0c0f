"""All mapped tables. Importing this package registers them on ``Base.metadata``."""

from app.db.models.agencies import ChainHead, ServiceAgency
from app.db.models.audit import AuditEvent, QueryLogEntry
from app.db.models.calendar import CalendarDay
from app.db.models.cases import (
    Objection,
    ObjectionAttachment,
    ObjectionRecord,
    ObjectionStep,
    RepairApplication,
    RepairAttachment,
    RepairDecision,
    RepairRecord,
    RepairStep,
)
from app.db.models.documents import (
    Attachment,
    DocumentReprint,
    IssuedDocument,
    NumberSequence,
    SigningKey,
)
from app.db.models.grants import AuthorizationGrant
from app.db.models.intake import IntakeBatch, IntakeLogEntry
from app.db.models.lifecycle import CreditAlert, ProviderNotice, RecordLink, WithdrawalRequest
from app.db.models.records import CatalogItem, CreditRecord, CreditRecordVersion, ProviderUnit
from app.db.models.subjects import Subject, SubjectIdentity
from app.db.models.system import AppSetting, RoleRow, User

__all__ = [
    "AppSetting",
    "Attachment",
    "AuditEvent",
    "AuthorizationGrant",
    "CalendarDay",
    "CatalogItem",
    "ChainHead",
    "CreditAlert",
    "CreditRecord",
    "CreditRecordVersion",
    "DocumentReprint",
    "IntakeBatch",
    "IntakeLogEntry",
    "IssuedDocument",
    "NumberSequence",
    "Objection",
    "ObjectionAttachment",
    "ObjectionRecord",
    "ObjectionStep",
    "ProviderNotice",
    "ProviderUnit",
    "QueryLogEntry",
    "RecordLink",
    "RepairApplication",
    "RepairAttachment",
    "RepairDecision",
    "RepairRecord",
    "RepairStep",
    "RoleRow",
    "ServiceAgency",
    "SigningKey",
    "Subject",
    "SubjectIdentity",
    "User",
    "WithdrawalRequest",
]
