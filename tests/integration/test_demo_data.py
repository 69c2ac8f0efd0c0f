"""Demo data: realistic, valid, deterministic, streaming, covering every status and class."""

from __future__ import annotations

import itertools
import time
from datetime import date

import pytest
from sqlalchemy import func, select

from app.cli import main as cli
from app.db.models import CatalogItem, CreditRecord, CreditRecordVersion, ProviderUnit, Subject
from app.domain.codes import age_on, validate_id_number, validate_uscc
from app.domain.enums import Disclosure, InfoClass, RecordStatus, ReportSection, Role, SubjectKind
from app.domain.errors import CreditDeskError, PermissionDenied
from app.domain.permissions import Actor
from app.services.database import Database
from app.services.demo_data import generate_subjects, load_demo_data

AS_OF = date(2026, 11, 25)


def test_given_empty_database_when_demo_data_loaded_then_everything_is_valid_and_complete(
    db: Database,
) -> None:
    result = load_demo_data(db, actor=Actor.operator(), subjects=400, seed=7, as_of=AS_OF)

    with db.uow() as uow:
        s = uow.session
        subjects = s.execute(select(Subject.kind, Subject.code, Subject.birth_date)).all()
        statuses = set(s.scalars(select(CreditRecord.status).distinct()))
        classes = set(s.scalars(select(CatalogItem.info_class).distinct()))
        disclosures = set(s.scalars(select(CatalogItem.disclosure).distinct()))
        sections = set(s.scalars(select(CatalogItem.report_section).distinct()))
        records = s.scalar(select(func.count()).select_from(CreditRecord))
        versions = s.scalar(select(func.count()).select_from(CreditRecordVersion))
        providers = set(s.scalars(select(ProviderUnit.name)))

    assert result.subjects == len(subjects) == 400
    assert result.records == records == versions  # every record has its first history version
    assert {k for k, _, _ in subjects} == set(SubjectKind)
    for kind, code, birth in subjects:
        if kind is SubjectKind.NATURAL_PERSON:
            parsed = validate_id_number(code)
            assert parsed.birth_date == birth
            assert age_on(birth, AS_OF) >= 18
        else:
            validate_uscc(code)
    assert statuses == set(RecordStatus)
    assert classes == set(InfoClass)
    assert disclosures == set(Disclosure)
    assert sections == set(ReportSection)
    assert {"市场监督管理局", "中级人民法院", "生态环境局", "人力资源和社会保障局"} <= providers


def test_the_same_seed_gives_the_same_data_and_another_seed_differs() -> None:
    first = list(generate_subjects(50, seed=11, as_of=AS_OF))
    again = list(generate_subjects(50, seed=11, as_of=AS_OF))
    other = list(generate_subjects(50, seed=12, as_of=AS_OF))
    assert first == again
    assert [s.name for s in first] != [s.name for s in other]


def test_the_generator_streams_a_million_subjects_without_building_them_first() -> None:
    started = time.perf_counter()
    stream = generate_subjects(1_000_000, seed=1, as_of=AS_OF)
    head = list(itertools.islice(stream, 5))
    assert len(head) == 5
    assert time.perf_counter() - started < 2  # nothing was precomputed for the other 999,995


def test_codes_stay_unique_across_a_large_run() -> None:
    codes = [s.code for s in generate_subjects(30_000, seed=3, as_of=AS_OF, records_per_subject=0)]
    assert len(codes) == len(set(codes))


def test_loading_twice_is_refused_with_a_clear_message(db: Database) -> None:
    load_demo_data(db, actor=Actor.operator(), subjects=5, as_of=AS_OF)
    with pytest.raises(CreditDeskError, match="已有 5 个信用主体"):
        load_demo_data(db, actor=Actor.operator(), subjects=5, as_of=AS_OF)


def test_a_clerk_may_not_load_demo_data(db: Database) -> None:
    clerk = Actor(user_id=None, username="clerk1", role=Role.CLERK)
    with pytest.raises(PermissionDenied, match="加载演示数据"):
        load_demo_data(db, actor=clerk, subjects=5, as_of=AS_OF)


def test_cli_loads_a_thousand_subjects(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    url = db.url.render_as_string(hide_password=False)
    assert cli(["demo-data", "--subjects", "1000", "--db", url, "--json"]) == 0
    assert '"subjects": 1000' in capsys.readouterr().out


def test_cli_refuses_demo_data_on_an_unmigrated_database(tmp_path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    assert cli(["demo-data", "--subjects", "10", "--db", url]) == 1
    err = capsys.readouterr().err
    assert "数据库尚未初始化" not in err  # the title is for dialogs; the CLI prints the text
    assert "creditdesk db upgrade" in err
