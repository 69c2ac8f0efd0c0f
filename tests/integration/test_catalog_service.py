"""The information catalogue (目录管理), on SQLite and PostgreSQL.

Given the Weihai installation with the demo catalogue's items (query_world), when an
administrator creates, edits, deactivates, exports and imports items and providers, then every
change is checked (Chinese field errors, forbidden categories named by article), locked
optimistically, audited, and an import goes in completely or not at all.
"""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from app.db.models import AuditEvent, CatalogItem, ProviderUnit
from app.domain.enums import Disclosure, InfoClass, ReportSection, Role
from app.domain.errors import ConcurrencyConflict, NotFound, PermissionDenied, ValidationFailed
from app.domain.permissions import Actor
from app.services import catalog, intake, rules
from app.services.catalog import CatalogField, CatalogItemInput, ProviderInput
from app.services.intake_files import RowReader, write_table
from tests.integration.query_world import ITEM_CODES, build_world

NEW = CatalogItemInput(
    code="CF900",
    name="食品安全行政处罚信息",
    info_class=InfoClass.DISHONEST,
    disclosure=Disclosure.PUBLIC,
    report_section=ReportSection.PENALTY,
    provider_code="SCJGJ",
    validity_rule="P3Y",
    legal_basis="《中华人民共和国食品安全法》",
    fields=(
        CatalogField("facts", "违法事实", required=True),
        CatalogField("amount", "罚没金额", type="number"),
    ),
)


@pytest.fixture
def world(db, staff):
    return build_world(db, "weihai")


@pytest.fixture
def admin(staff) -> Actor:
    return staff[Role.ADMIN]


def events(db, action: str) -> list[AuditEvent]:
    with db.uow() as uow:
        return list(
            uow.session.scalars(
                select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
            )
        )


def count(db, model) -> int:
    with db.uow() as uow:
        return int(uow.session.scalar(select(func.count()).select_from(model)) or 0)


def refusal(db, admin, data: CatalogItemInput, **kw) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as caught:
        catalog.save_item(db, data, expected_version=kw.pop("expected_version", None), actor=admin)
    return caught.value


# --- create, update, deactivate ------------------------------------------------------------


def test_an_administrator_creates_an_item_that_intake_offers_at_once(db, world, admin) -> None:
    row = catalog.save_item(db, NEW, expected_version=None, actor=admin)
    assert (row.code, row.provider_code, row.validity_rule, row.row_version) == (
        "CF900",
        "SCJGJ",
        "P3Y",
        1,
    )
    assert row.fields_text == "facts:违法事实:必填; amount:罚没金额:数字"
    created = events(db, "catalog.item_created")
    assert len(created) == 1 and created[0].actor_user_id == admin.user_id
    assert created[0].details["changes"]["name"] == [None, "食品安全行政处罚信息"]
    # the provider template of the new item has its fields as columns
    name, data = intake.template(db, "CF900", fmt="csv", actor=admin)
    with RowReader(data, file_name=name, expected_labels=["违法事实", "罚没金额"]) as reader:
        assert {"违法事实", "罚没金额"} <= set(reader.header)


def test_an_update_needs_the_version_seen_and_is_audited_with_old_and_new(db, world, admin) -> None:
    first = catalog.save_item(db, NEW, expected_version=None, actor=admin)
    second = catalog.save_item(
        db, replace(NEW, name="食品安全处罚信息"), expected_version=first.row_version, actor=admin
    )
    assert second.name == "食品安全处罚信息" and second.row_version == first.row_version + 1
    updated = events(db, "catalog.item_updated")
    assert updated[-1].details["changes"] == {"name": ["食品安全行政处罚信息", "食品安全处罚信息"]}
    # saving what is already there changes nothing and records nothing
    same = catalog.save_item(
        db, replace(NEW, name="食品安全处罚信息"), expected_version=2, actor=admin
    )
    assert same.row_version == 2 and len(events(db, "catalog.item_updated")) == 1


def test_a_stale_version_is_a_conflict_and_a_taken_code_is_refused(db, world, admin) -> None:
    row = catalog.save_item(db, NEW, expected_version=None, actor=admin)
    catalog.save_item(db, replace(NEW, name="甲"), expected_version=row.row_version, actor=admin)
    with pytest.raises(ConcurrencyConflict, match="第 1 版，当前为第 2 版"):
        catalog.save_item(
            db, replace(NEW, name="乙"), expected_version=row.row_version, actor=admin
        )
    with pytest.raises(ConcurrencyConflict):
        catalog.deactivate_item(db, "CF900", expected_version=row.row_version, actor=admin)
    error = refusal(db, admin, replace(NEW, name="丙"))  # "new", but the code exists
    assert error.field_errors["code"] == ["信息事项代码“CF900”已被“甲”使用。"]
    with pytest.raises(NotFound, match="没有代码为“ZZ999”"):
        catalog.save_item(db, replace(NEW, code="ZZ999"), expected_version=1, actor=admin)


def test_a_deactivated_item_leaves_the_list_and_intake_but_stays_in_the_catalogue(
    db, world, admin
) -> None:
    row = catalog.save_item(db, NEW, expected_version=None, actor=admin)
    off = catalog.deactivate_item(db, "CF900", expected_version=row.row_version, actor=admin)
    assert not off.is_active and off.row_version == row.row_version + 1
    assert "CF900" not in {r.code for r in catalog.list_items(db, actor=admin)}
    every = catalog.list_items(db, actor=admin, include_inactive=True, provider_code="SCJGJ")
    assert "CF900" in {r.code for r in every} and {r.provider_code for r in every} == {"SCJGJ"}
    assert events(db, "catalog.item_deactivated")[0].details["code"] == "CF900"
    # switched on again by saving it active
    on = catalog.save_item(db, NEW, expected_version=off.row_version, actor=admin)
    assert on.is_active


# --- refusals --------------------------------------------------------------------------------

F = CatalogField


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"code": "CF-9"}, "code", "信息事项代码“CF-9”无效：应为 1–32 位字母或数字。"),
        ({"code": "C" * 33}, "code", "应为 1–32 位字母或数字"),
        ({"name": "  "}, "name", "信息事项名称不能为空。"),
        ({"info_class": "坏信息"}, "info_class", "信息类别“坏信息”无效；可选：基础信息、"),
        ({"provider_code": "XXJ"}, "provider_code", "没有代码为“XXJ”的信息提供单位。"),
        ({"validity_rule": "3年"}, "validity_rule", "有效期规则“3年”无效"),
        ({"validity_rule": "P0Y"}, "validity_rule", "有效期规则“P0Y”无效"),
        ({"fields": (F("Facts", "事实"),)}, "fields", "字段代码“Facts”无效"),
        ({"fields": (F("a", "甲"), F("a", "乙"))}, "fields", "字段代码“a”重复。"),
        ({"fields": (F("a", "罚没金额(元)"), F("b", "罚没金额（元）"))}, "fields", "重复"),
        (
            {"fields": (F("doc", "决定文书号"),)},
            "fields",
            "字段名称“决定文书号”与报送模板的标准列“决定文书号”相同",
        ),
        ({"fields": (F("why", "退回原因"),)}, "fields", "标准列“退回原因”"),
        ({"fields": (F("a", "金额:元"),)}, "fields", "不能含有冒号或分号"),
        ({"fields": (F("a", ""),)}, "fields", "第 1 个字段（a）的名称不能为空。"),
        ({"fields": (F("a", "爱好", category="hobby"),)}, "fields", "类别“hobby”无效；可选：收入"),
        ({"fields": (F("a", "甲", type="blob"),)}, "fields", "类型“blob”无效"),
        (
            # CF001 of the same provider has 违法事实: one provider's header spells it one way
            {"fields": (F("facts", "违法　事实"),)},
            "fields",
            "与同一提供单位的信息事项 CF001 的字段“违法事实”是同一列",
        ),
    ],
)
def test_each_invalid_input_is_refused_in_chinese_on_its_field(
    db, world, admin, change, field, message
) -> None:
    error = refusal(db, admin, replace(NEW, **change))
    assert any(message in text for text in error.field_errors[field]), error.field_errors
    assert count(db, CatalogItem) == len(ITEM_CODES)


def test_all_faults_are_reported_together(db, world, admin) -> None:
    error = refusal(db, admin, replace(NEW, code="", name="", provider_code=""))
    assert set(error.field_errors) == {"code", "name", "provider_code"}
    assert "信息事项代码不能为空" in error.text and "信息提供单位不能为空" in error.text


def test_a_forbidden_category_is_refused_naming_the_article(db, world, admin) -> None:
    basis = rules.get_profile("weihai").cite(rules.get_profile("weihai").intake.forbidden.basis)
    assert basis.endswith("第十五条")
    error = refusal(db, admin, replace(NEW, fields=(F("faith", "信仰", category="religion"),)))
    assert error.field_errors["fields"] == [f"字段“信仰”属于宗教信仰信息，不得归集（{basis}）。"]
    # a column named like a forbidden category is refused the same way
    error = refusal(db, admin, replace(NEW, fields=(F("blood", "血型"),)))
    assert error.field_errors["fields"] == [f"字段“血型”属于血型信息，不得归集（{basis}）。"]
    # a consent category is allowed (the rows then need a written consent)
    row = catalog.save_item(
        db,
        replace(NEW, fields=(F("income", "年收入", category="收入"),)),
        expected_version=None,
        actor=admin,
    )
    assert row.fields[0].category == "income" and row.fields_text == "income:年收入:收入"


def test_a_category_the_regulation_does_not_list_is_still_never_a_field(db, world, admin) -> None:
    # Nantong's article 14 lists no fingerprints: refused, without claiming an article
    rules.set_current_profile(db, "nantong", actor=Actor.operator())
    error = refusal(
        db, admin, replace(NEW, fields=(F("print", "指纹信息", category="fingerprints"),))
    )
    assert error.field_errors["fields"] == [
        "字段“指纹信息”属于指纹信息（个人敏感信息），信息目录不设此类字段。"
    ]


def test_providers_are_registered_checked_and_an_inactive_one_takes_no_new_item(
    db, world, admin
) -> None:
    bad = ProviderInput(code="GTJ", name="", uscc="91370100MA3C00001X")
    with pytest.raises(ValidationFailed) as caught:
        catalog.save_provider(db, bad, expected_version=None, actor=admin)
    assert set(caught.value.field_errors) == {"name", "uscc"}
    assert "校验码" in caught.value.field_errors["uscc"][0]
    row = catalog.save_provider(
        db,
        ProviderInput(code="GTJ", name="自然资源和规划局", uscc="91370100MA3C00001H"),
        expected_version=None,
        actor=admin,
    )
    assert (row.uscc, row.items, row.row_version) == ("91370100MA3C00001H", 0, 1)
    off = catalog.save_provider(
        db,
        ProviderInput(code="GTJ", name="自然资源和规划局", is_active=False),
        expected_version=row.row_version,
        actor=admin,
    )
    assert not off.is_active and off.uscc is None
    error = refusal(db, admin, replace(NEW, provider_code="GTJ"))
    assert error.field_errors["provider_code"] == [
        "信息提供单位“自然资源和规划局”（GTJ）已停用，不能为其设置信息事项。"
    ]
    with pytest.raises(ConcurrencyConflict):
        catalog.save_provider(
            db, ProviderInput(code="GTJ", name="X"), expected_version=row.row_version, actor=admin
        )
    assert [e.details["code"] for e in events(db, "catalog.provider_created")] == ["GTJ"]
    assert "GTJ" in {p.code for p in catalog.list_providers(db, actor=admin)}


# --- export and import -----------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["xlsx", "json"])
def test_an_export_imports_back_unchanged(db, world, admin, fmt) -> None:
    catalog.save_item(db, NEW, expected_version=None, actor=admin)
    catalog.deactivate_item(db, "CF900", expected_version=None, actor=admin)
    data = catalog.export_catalog(db, actor=admin, fmt=fmt)
    audited = count(db, AuditEvent)
    result = catalog.import_catalog(db, data, file_name=f"目录.{fmt}", actor=admin, dry_run=False)
    assert result.ok and result.fmt == fmt
    total = len(ITEM_CODES) + 1
    assert (result.items_total, result.created, result.updated, result.unchanged) == (
        total,
        0,
        0,
        total,
    )
    assert (result.providers_created, result.providers_updated) == (0, 0)
    assert count(db, AuditEvent) == audited  # nothing changed, nothing recorded
    if fmt == "json":  # (an .xlsx file carries its creation time)
        assert catalog.export_catalog(db, actor=admin, fmt=fmt) == data


def test_an_edited_json_file_is_checked_in_a_dry_run_then_imported(db, world, admin) -> None:
    items = json.loads(catalog.export_catalog(db, actor=admin, fmt="json"))
    cf001 = next(i for i in items if i["code"] == "CF001")
    cf001["name"] = "市场监管行政处罚"
    items.append(
        {
            "code": "ZR001",
            "name": "自然资源行政处罚信息",
            "info_class": "失信信息",  # labels are accepted too
            "disclosure": "public",
            "report_section": "penalty",
            "fields": "facts:违法事实:必填",
            "provider": {
                "code": "GTJ",
                "name": "自然资源和规划局",
                "contact_phone": "0631-1234567",
            },
        }
    )
    data = json.dumps(items, ensure_ascii=False).encode()
    before = count(db, CatalogItem), count(db, ProviderUnit)
    dry = catalog.import_catalog(db, data, file_name="目录.json", actor=admin, dry_run=True)
    assert dry.ok and not dry.committed
    assert (dry.created, dry.updated, dry.providers_created) == (1, 1, 1)
    assert (count(db, CatalogItem), count(db, ProviderUnit)) == before
    done = catalog.import_catalog(db, data, file_name="目录.json", actor=admin, dry_run=False)
    assert done.committed and (done.created, done.updated) == (1, 1)
    rows = {r.code: r for r in catalog.list_items(db, actor=admin)}
    assert (
        rows["CF001"].name == "市场监管行政处罚"
        and rows["ZR001"].provider_name == "自然资源和规划局"
    )
    assert rows["ZR001"].fields == (F("facts", "违法事实", required=True),)
    event = events(db, "catalog.imported")[-1]
    assert event.details["created"] == ["ZR001"] and event.details["updated"] == ["CF001"]


def test_one_faulty_row_means_nothing_is_imported(db, world, admin) -> None:
    labels = [label for _key, label in catalog.COLUMNS]
    good = [
        "ZR001",
        "自然资源行政处罚信息",
        "失信信息",
        "社会公开",
        "行政处罚",
        "SCJGJ",
        "",
        "",
        "",
        "facts:违法事实",
        "",
    ]
    bad = [
        "ZR002",
        "自然资源行政许可信息",
        "基础信息",
        "社会公开",
        "行政许可",
        "SCJGJ",
        "",
        "profile",
        "",
        "faith:信仰:宗教信仰",
        "",
    ]
    rename = [
        "CF001",
        "改名",
        "失信信息",
        "社会公开",
        "行政处罚",
        "SCJGJ",
        "",
        "",
        "",
        "facts:违法事实",
        "",
    ]
    data = write_table(labels, [good, bad, rename, good], fmt="xlsx")
    result = catalog.import_catalog(db, data, file_name="目录.xlsx", actor=admin, dry_run=False)
    assert not result.ok and not result.committed
    messages = [e.text for e in result.errors]
    assert messages[0].startswith("第 3 行（ZR002）：字段“信仰”属于宗教信仰信息，不得归集（依据《")
    assert messages[1] == "第 5 行（ZR001）：信息事项代码“ZR001”在文件中出现多次（另见第 2 行）。"
    assert count(db, CatalogItem) == len(ITEM_CODES)
    assert next(r for r in catalog.list_items(db, actor=admin) if r.code == "CF001").name != "改名"
    assert events(db, "catalog.imported") == []


def test_a_file_that_cannot_be_read_changes_nothing_and_is_named(db, world, admin) -> None:
    def refused(data: bytes, file_name: str) -> str:
        with pytest.raises(ValidationFailed) as caught:
            catalog.import_catalog(db, data, file_name=file_name, actor=admin, dry_run=False)
        assert caught.value.field_errors["file"] == [caught.value.text]
        return caught.value.text

    exported = catalog.export_catalog(db, actor=admin, fmt="xlsx")
    assert "文件“目录.xlsx”无法读取" in refused(exported[: len(exported) // 2], "目录.xlsx")
    assert refused(b"[{oops", "目录.json") == (
        "目录文件“目录.json”无法读取：第 1 行第 3 列不是有效的 JSON。"
    )
    six = ["信息事项代码", "信息事项名称", "提供单位代码", "提供单位名称", "有效期规则", "设定依据"]
    table = write_table(six, [["CF001", "x"]], fmt="csv")
    assert refused(table, "目录.csv") == (
        "目录文件“目录.csv”缺少列：信息类别、公开属性、报告栏目、字段。"
    )
    assert count(db, CatalogItem) == len(ITEM_CODES)


# --- permissions -----------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.CLERK, Role.AUDITOR])
def test_clerks_and_auditors_do_not_read_the_catalogue(db, world, staff, role) -> None:
    with pytest.raises(PermissionDenied, match="查看归集批次"):
        catalog.list_items(db, actor=staff[role])
    with pytest.raises(PermissionDenied):
        catalog.export_catalog(db, actor=staff[role], fmt="json")


def test_supervisors_read_the_catalogue_but_only_administrators_change_it(db, world, staff) -> None:
    supervisor = staff[Role.SUPERVISOR]
    assert len(catalog.list_items(db, actor=supervisor)) == len(ITEM_CODES)
    assert catalog.list_providers(db, actor=supervisor)
    data = catalog.export_catalog(db, actor=supervisor, fmt="json")
    refused = [
        lambda: catalog.save_item(db, NEW, expected_version=None, actor=supervisor),
        lambda: catalog.deactivate_item(db, "CF001", expected_version=None, actor=supervisor),
        lambda: catalog.save_provider(
            db, ProviderInput(code="GTJ", name="x"), expected_version=None, actor=supervisor
        ),
        lambda: catalog.import_catalog(
            db, data, file_name="c.json", actor=supervisor, dry_run=True
        ),
    ]
    for attempt in refused:
        with pytest.raises(PermissionDenied, match="维护信息目录"):
            attempt()
