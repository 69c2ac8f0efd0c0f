"""Jurisdiction profiles as data: what each city's file says, checked article by article,
and how a malformed or additional profile is handled."""

from __future__ import annotations

import os
import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from app.domain.errors import CreditDeskError, NotFound
from app.domain.messages import MESSAGES
from app.rules.calendar import WorkingCalendar
from app.rules.deadlines import step_deadline
from app.rules.messages import RULES_MESSAGES
from app.rules.profiles import (
    Profile,
    ProfileInvalid,
    article_number,
    default_profile_directory,
    load_national_layer,
    load_profile,
    load_profiles,
)

D = date
PROFILE_DIR = default_profile_directory()

# --- the five files ---------------------------------------------------------------------------

IDENTITY = [
    pytest.param(
        "weihai",
        "威海市",
        "威海市公共信用信息管理办法",
        "威政发〔2022〕8号",
        "371000",
        id="weihai-art38-identity",
    ),
    pytest.param(
        "zhangdian",
        "淄博市张店区",
        "张店区公共信用信息管理暂行办法",
        None,
        "370303",
        id="zhangdian-art43-identity",
    ),
    pytest.param(
        "wuhan",
        "武汉市",
        "武汉市公共信用信息管理办法",
        "武汉市人民政府令第272号",
        "420100",
        id="wuhan-art38-identity",
    ),
    pytest.param(
        "nantong",
        "南通市",
        "南通市公共信用信息管理办法",
        None,
        "320600",
        id="nantong-art43-identity",
    ),
    pytest.param(
        "xiamen", "厦门市", "厦门市公共信用信息管理办法", None, "350200", id="xiamen-art36-identity"
    ),
]


@pytest.mark.parametrize(("pid", "name", "regulation", "number", "division"), IDENTITY)
def test_profile_identity(
    profiles: dict[str, Profile],
    pid: str,
    name: str,
    regulation: str,
    number: str | None,
    division: str,
) -> None:
    p = profiles[pid]
    assert (p.id, p.name, p.regulation, p.document_number, p.division_code) == (
        pid,
        name,
        regulation,
        number,
        division,
    )
    assert p.publicity_rule == "local"


def test_noart_exactly_five_profiles_ship(profiles: dict[str, Profile]) -> None:
    assert sorted(profiles) == ["nantong", "weihai", "wuhan", "xiamen", "zhangdian"]


@pytest.mark.parametrize(
    ("pid", "on", "warns"),
    [
        pytest.param("weihai", D(2027, 5, 24), False, id="weihai-art38-last-valid-day"),
        pytest.param("weihai", D(2027, 5, 25), True, id="weihai-art38-expired-warns"),
        pytest.param("weihai", D(2022, 5, 24), True, id="weihai-art38-before-in-force-warns"),
        pytest.param("wuhan", D(2016, 8, 31), True, id="wuhan-art38-before-in-force-warns"),
        pytest.param("wuhan", D(2040, 1, 1), False, id="wuhan-art38-no-end-date"),
        pytest.param("zhangdian", D(2026, 11, 25), False, id="zhangdian-art43-draft-without-dates"),
    ],
)
def test_validity_warning(profiles: dict[str, Profile], pid: str, on: date, warns: bool) -> None:
    warning = profiles[pid].validity_warning(on)
    assert (warning is not None) == warns
    if warning:
        assert profiles[pid].regulation in warning and on.isoformat() in warning


def test_weihai_art38_warning_names_the_end_date(profiles: dict[str, Profile]) -> None:
    warning = profiles["weihai"].validity_warning(D(2027, 6, 1))
    assert warning == (
        "《威海市公共信用信息管理办法》的有效期为 2022-05-25 至 2027-05-24，"
        "2027-06-01 不在有效期内。"
    )


@pytest.mark.parametrize(
    ("pid", "draft"),
    [
        pytest.param("zhangdian", True, id="zhangdian-art43-draft"),
        pytest.param("xiamen", True, id="xiamen-art36-draft"),
        pytest.param("weihai", False, id="weihai-art38-in-force"),
    ],
)
def test_draft_status(profiles: dict[str, Profile], pid: str, draft: bool) -> None:
    assert (profiles[pid].status == "draft") is draft


def test_wuhan_art31_citation_for_the_gui(profiles: dict[str, Profile]) -> None:
    assert profiles["wuhan"].cite("第三十一条") == "依据《武汉市公共信用信息管理办法》第三十一条"


# --- subjects and queries -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pid", "public", "basis"),
    [
        pytest.param("weihai", False, "第二十条", id="weihai-art20-natural-persons-never-public"),
        pytest.param("wuhan", False, "第十九条", id="wuhan-art19-natural-persons-never-public"),
        pytest.param("zhangdian", True, "第二十一条", id="zhangdian-art21-per-catalogue"),
        pytest.param("nantong", True, "第十九条", id="nantong-art19-per-catalogue"),
        pytest.param("xiamen", True, "第十条", id="xiamen-art10-per-catalogue"),
    ],
)
def test_natural_person_public(
    profiles: dict[str, Profile], pid: str, public: bool, basis: str
) -> None:
    rule = profiles[pid].subjects.natural_person_public
    assert (rule.value, rule.basis) == (public, basis)


@pytest.mark.parametrize(
    ("pid", "age", "basis"),
    [
        pytest.param("zhangdian", 18, "第十三条", id="zhangdian-art13-min-age-18"),
        pytest.param("wuhan", 18, "第十一条", id="wuhan-art11-min-age-18"),
        pytest.param("nantong", 18, "第二条", id="nantong-art2-full-civil-capacity"),
        pytest.param("xiamen", 18, "第二条", id="xiamen-art2-full-civil-capacity"),
        pytest.param("weihai", None, None, id="weihai-art2-no-age-limit"),
    ],
)
def test_min_age(
    profiles: dict[str, Profile], pid: str, age: int | None, basis: str | None
) -> None:
    rule = profiles[pid].subjects.min_age
    assert (rule.value if rule else None, rule.basis if rule else None) == (age, basis)


@pytest.mark.parametrize(
    ("pid", "sms"),
    [
        pytest.param("nantong", True, id="nantong-art22-sms-authorisation"),
        pytest.param("weihai", False, id="weihai-art22-written-at-window"),
        pytest.param("zhangdian", False, id="zhangdian-art22-written"),
        pytest.param("wuhan", False, id="wuhan-art23-written"),
        pytest.param("xiamen", False, id="xiamen-art17-written"),
    ],
)
def test_sms_authorisation(profiles: dict[str, Profile], pid: str, sms: bool) -> None:
    assert profiles[pid].sms_authorization_allowed is sms


def test_weihai_art22_authorisation_at_designated_window(profiles: dict[str, Profile]) -> None:
    rule = profiles["weihai"].query.authorization_at_window_only
    assert rule is not None and rule.value


def test_xiamen_art18_government_query_purposes(profiles: dict[str, Profile]) -> None:
    rule = profiles["xiamen"].query.government_purposes
    assert rule.basis == "第十八条"
    assert rule.value == [
        "实施行政许可、行政检查和较大数额行政处罚",
        "政府采购、招标投标、资金和项目支持、国有土地使用权出让、科研管理等",
        "国家工作人员招录、职务任用、职务晋升、职称评聘",
        "表彰奖励",
        "涉及公共安全，需要开展综合风险分析的",
        "国家、省、市规定的其他情形",
    ]


# --- intake refusals ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pid", "basis", "fingerprints"),
    [
        pytest.param("weihai", "第十五条", True, id="weihai-art15-forbidden-incl-fingerprints"),
        pytest.param(
            "zhangdian", "第十七条", True, id="zhangdian-art17-forbidden-incl-fingerprints"
        ),
        pytest.param("wuhan", "第十五条", True, id="wuhan-art15-forbidden-incl-fingerprints"),
        pytest.param(
            "nantong", "第十四条", False, id="nantong-art14-forbidden-fingerprints-not-listed"
        ),
        pytest.param("xiamen", "第十五条", True, id="xiamen-art15-forbidden-incl-fingerprints"),
    ],
)
def test_forbidden_categories(
    profiles: dict[str, Profile], pid: str, basis: str, fingerprints: bool
) -> None:
    rule = profiles[pid].intake.forbidden
    assert rule.basis == basis
    assert {"religion", "genes", "blood_type", "disease", "medical_history"} <= set(rule.value)
    assert ("fingerprints" in rule.value) is fingerprints


@pytest.mark.parametrize(
    ("pid", "mode"),
    [
        pytest.param("weihai", "lawful_only", id="weihai-art15-financial-only-lawfully"),
        pytest.param(
            "zhangdian", "written_consent", id="zhangdian-art17-financial-written-consent"
        ),
        pytest.param(
            "xiamen", "informed_written_consent", id="xiamen-art15-financial-informed-consent"
        ),
        pytest.param("wuhan", None, id="wuhan-art15-financial-not-regulated"),
        pytest.param("nantong", None, id="nantong-art14-financial-not-regulated"),
    ],
)
def test_financial_categories(profiles: dict[str, Profile], pid: str, mode: str | None) -> None:
    rule = profiles[pid].intake.financial
    assert (rule.rule if rule else None) == mode
    if rule:
        assert set(rule.categories) == {
            "income",
            "deposits",
            "securities",
            "commercial_insurance",
            "real_estate",
            "tax_amount",
        }


@pytest.mark.parametrize(
    ("pid", "basis"),
    [
        pytest.param(
            "weihai", "第十三条", id="weihai-art13-simplified-procedure-penalties-refused"
        ),
        pytest.param("zhangdian", "第十五条", id="zhangdian-art15-general-procedure-only"),
        pytest.param("wuhan", "第十三条", id="wuhan-art13-general-procedure-only"),
        pytest.param("nantong", "第十二条", id="nantong-art12-general-procedure-only"),
        pytest.param("xiamen", None, id="xiamen-art8-no-procedure-restriction"),
    ],
)
def test_simplified_procedure_penalties(
    profiles: dict[str, Profile], pid: str, basis: str | None
) -> None:
    rule = profiles[pid].intake.general_procedure_penalties_only
    assert (rule.basis if rule else None) == basis


def test_weihai_art13_minor_self_corrected_penalties_refused(profiles: dict[str, Profile]) -> None:
    rule = profiles["weihai"].intake.exclude_minor_self_corrected
    assert rule is not None and rule.value and rule.basis == "第十三条"


def test_xiamen_art13_pre_report_notice(profiles: dict[str, Profile]) -> None:
    rule = profiles["xiamen"].intake.pre_report_notice
    assert rule is not None and rule.value
    assert all(
        profiles[p].intake.pre_report_notice is None
        for p in ("weihai", "zhangdian", "wuhan", "nantong")
    )


@pytest.mark.parametrize(
    "pid",
    [
        pytest.param("weihai", id="weihai-art16-effective-document"),
        pytest.param("wuhan", id="wuhan-art16-effective-document"),
    ],
)
def test_effective_document_required(profiles: dict[str, Profile], pid: str) -> None:
    rule = profiles[pid].intake.effective_document_required
    assert rule is not None and rule.value and rule.basis == "第十六条"


# --- objections, repair, withdrawal ---------------------------------------------------------------


def test_wuhan_art32_delete_when_truth_cannot_be_established(profiles: dict[str, Profile]) -> None:
    rule = profiles["wuhan"].objection.delete_when_unverifiable
    assert rule is not None and rule.value
    assert all(
        profiles[p].objection.delete_when_unverifiable is None
        for p in ("weihai", "zhangdian", "nantong", "xiamen")
    )


def test_nantong_art33_appeal(profiles: dict[str, Profile]) -> None:
    rule = profiles["nantong"].objection.appeal_to
    assert rule is not None and rule.value == "本级信用主管部门"


def test_nantong_art31_objection_to_provider_or_center(profiles: dict[str, Profile]) -> None:
    assert set(profiles["nantong"].objection.apply_to.value) == {"provider", "center"}


def test_xiamen_art25_forwards_when_data_differs(profiles: dict[str, Profile]) -> None:
    rule = profiles["xiamen"].objection.forward_when_differs
    assert rule is not None and rule.value
    for pid in ("weihai", "zhangdian", "wuhan"):
        other = profiles[pid].objection.forward_when_differs
        assert other is not None and not other.value


@pytest.mark.parametrize(
    ("pid", "count"),
    [
        pytest.param("zhangdian", 3, id="zhangdian-art36-three-grounds"),
        pytest.param("nantong", 3, id="nantong-art31-three-grounds"),
        pytest.param("xiamen", 2, id="xiamen-art24-grounds"),
        pytest.param("weihai", 2, id="weihai-art28-grounds"),
        pytest.param("wuhan", 2, id="wuhan-art30-grounds"),
    ],
)
def test_objection_grounds(profiles: dict[str, Profile], pid: str, count: int) -> None:
    assert len(profiles[pid].objection.grounds.value) == count


@pytest.mark.parametrize(
    ("pid", "apply_to", "confirmation", "after"),
    [
        pytest.param(
            "weihai", {"center"}, False, None, id="weihai-art32-repair-at-center-per-national-rules"
        ),
        pytest.param(
            "zhangdian",
            {"provider"},
            True,
            "archive",
            id="zhangdian-art34-repair-provider-confirms",
        ),
        pytest.param(
            "nantong", {"provider"}, True, "archive", id="nantong-art34-repair-provider-in-writing"
        ),
        pytest.param(
            "xiamen",
            {"provider", "center"},
            False,
            "hide",
            id="xiamen-art23-repair-hidden-never-deleted",
        ),
    ],
)
def test_repair_flow(
    profiles: dict[str, Profile],
    pid: str,
    apply_to: set[str],
    confirmation: bool,
    after: str | None,
) -> None:
    repair = profiles[pid].repair
    assert repair is not None
    assert set(repair.apply_to.value) == apply_to
    assert repair.provider_confirmation_required.value is confirmation
    assert (repair.after.value if repair.after else None) == after


def test_wuhan_art38_no_repair_article(profiles: dict[str, Profile]) -> None:
    assert profiles["wuhan"].repair is None


def test_nantong_art34_one_clean_year_and_commitment(profiles: dict[str, Profile]) -> None:
    repair = profiles["nantong"].repair
    assert repair is not None and repair.clean_period_months is not None
    assert repair.clean_period_months.value == 12
    assert repair.commitment_required is not None and repair.commitment_required.value


def test_xiamen_art23_repaired_information_never_deleted(profiles: dict[str, Profile]) -> None:
    repair = profiles["xiamen"].repair
    assert repair is not None and repair.never_delete is not None and repair.never_delete.value


@pytest.mark.parametrize(
    ("pid", "effect", "acted_by"),
    [
        pytest.param("weihai", "delete", "provider", id="weihai-art33-provider-deletes"),
        pytest.param("zhangdian", "delete", "center", id="zhangdian-art35-center-deletes"),
        pytest.param("wuhan", "delete", "center", id="wuhan-art29-platform-deletes"),
        pytest.param("xiamen", "archive", "center", id="xiamen-art27-stop-showing-and-archive"),
        pytest.param("nantong", None, None, id="nantong-art11-no-withdrawal-article"),
    ],
)
def test_good_information_withdrawal(
    profiles: dict[str, Profile], pid: str, effect: str | None, acted_by: str | None
) -> None:
    w = profiles[pid].withdrawal
    assert (w.effect.value if w else None, w.acted_by.value if w else None) == (effect, acted_by)


# --- every cited article exists in the regulation's text -----------------------------------------

SEEDS = Path(
    os.environ.get("CREDITDESK_SEEDS", Path(__file__).resolve().parents[4] / "shared" / "seeds")
)
SEED_FILES = {
    "weihai": "000_29594c08a546a16d.txt",
    "zhangdian": "001_0dbbdc8f565f2fb7.txt",
    "wuhan": "002_824405ee0cb21886.txt",
    "nantong": "003_277de478cb99c3ec.txt",
    "xiamen": "004_c1da414864e6ce08.txt",
}


def _cited_articles(value: object) -> set[str]:
    found: set[str] = set()
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("basis", "validity_basis") and isinstance(item, str):
                found.update(re.findall(r"第[零一二三四五六七八九十百]+条", item))
            else:
                found |= _cited_articles(item)
    elif isinstance(value, list):
        for item in value:
            found |= _cited_articles(item)
    return found


def _article_params() -> list[Any]:
    params: list[Any] = []
    for pid in SEED_FILES:
        data = load_profile(pid).model_dump(mode="json")
        for article in sorted(_cited_articles(data), key=article_number):
            params.append(
                pytest.param(pid, article, id=f"{pid}-art{article_number(article)}-exists-in-text")
            )
    return params


@pytest.mark.parametrize(("pid", "article"), _article_params())
def test_cited_article_exists_in_the_regulation(pid: str, article: str) -> None:
    path = SEEDS / SEED_FILES[pid]
    if not path.is_file():
        pytest.skip(f"regulation texts not available at {SEEDS}")
    text = path.read_text(encoding="utf-8")
    assert re.search(rf"(^|\n)\s*{article}", text), (
        f"{article} is not an article heading in {path.name}"
    )


# --- loading: malformed files, a sixth city, the national layer -----------------------------------


def test_noart_rules_messages_are_in_the_catalogue() -> None:
    assert all(MESSAGES.get(k) == v for k, v in RULES_MESSAGES.items())


def _copy(tmp_path: Path, pid: str = "weihai") -> Path:
    target = tmp_path / f"{pid}.toml"
    shutil.copyfile(PROFILE_DIR / "weihai.toml", target)
    if pid != "weihai":
        target.write_text(
            target.read_text(encoding="utf-8").replace('id = "weihai"', f'id = "{pid}"'),
            encoding="utf-8",
        )
    return target


def _break(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


MALFORMED = [
    pytest.param(
        'division_code = "371000"',
        'division_code = "37100"',
        "division_code",
        "格式不对",
        id="noart-bad-division-code",
    ),
    pytest.param(
        "working_days = 15",
        'working_days = "15"',
        "steps.objection.provider_reply.working_days",
        "应为整数",
        id="noart-days-as-text",
    ),
    pytest.param(
        "working_days = 3\n",
        "working_days = 0\n",
        "steps.objection.check.working_days",
        "不小于 1",
        id="noart-zero-days",
    ),
    pytest.param(
        'basis = "第十九条"',
        'basis = "第19条"',
        "disclosure[1].basis",
        "不是条文编号",
        id="noart-article-in-arabic-numerals",
    ),
    pytest.param(
        'counts_from = "act_ended"',
        'counts_from = "act_end"',
        "disclosure[1].counts_from",
        "不是允许的取值",
        id="noart-unknown-counts-from",
    ),
    pytest.param(
        '[steps."objection.check"]',
        '[steps."objection.chek"]',
        "steps.objection.chek（键名）",
        "不是允许的取值",
        id="noart-unknown-step-id",
    ),
    pytest.param(
        'publicity_rule = "local"',
        'publicity_rule = "local"\npublicty = 1',
        "publicty",
        "不认识的字段",
        id="noart-misspelt-key",
    ),
    pytest.param('name = "威海市"\n', "", "name", "缺少必填项", id="noart-missing-name"),
    pytest.param(
        "valid_to = 2027-05-24",
        'valid_to = "2027-05-24"',
        "valid_to",
        "应为日期",
        id="noart-date-quoted",
    ),
    pytest.param(
        'suspend_when_provider_overdue = { value = ["public", "self", "authorized"]',
        'suspend_when_provider_overdue = { value = ["public", "everyone"]',
        "objection.suspend_when_provider_overdue.value[2]",
        "不是允许的取值",
        id="noart-unknown-audience",
    ),
    pytest.param(
        "years = 5\n", "", "disclosure[1]", "defers_to_national", id="noart-period-missing"
    ),
]


@pytest.mark.parametrize(("old", "new", "field", "problem"), MALFORMED)
def test_malformed_profile_names_file_and_field(
    tmp_path: Path, old: str, new: str, field: str, problem: str
) -> None:
    path = _copy(tmp_path)
    _break(path, old, new)
    with pytest.raises(ProfileInvalid) as info:
        load_profiles(tmp_path)
    error = info.value
    assert error.msg_id == "rules.profile_invalid"
    assert error.file == str(path) and error.field == field
    assert problem in error.problem
    assert str(path) in error.text and field in error.text


def test_noart_toml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    _break(path, 'name = "威海市"', 'name = "威海市')
    with pytest.raises(CreditDeskError) as info:
        load_profile("weihai", tmp_path)
    assert info.value.msg_id == "rules.profile_syntax"
    assert str(path) in info.value.text and "line" in info.value.text


def test_noart_id_must_match_file_name(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    path.rename(tmp_path / "weihai2.toml")
    with pytest.raises(ProfileInvalid) as info:
        load_profiles(tmp_path)
    assert info.value.field == "id" and "weihai2" in info.value.problem


def test_noart_unknown_profile(tmp_path: Path) -> None:
    with pytest.raises(NotFound) as info:
        load_profile("shanghai")
    assert info.value.msg_id == "rules.unknown_profile"
    assert "weihai" in info.value.text and "national" not in info.value.text
    with pytest.raises(NotFound):
        load_profile("national")


def test_noart_empty_directory(tmp_path: Path) -> None:
    with pytest.raises(CreditDeskError) as info:
        load_profiles(tmp_path)
    assert info.value.msg_id == "rules.profile_directory_empty"


def test_noart_a_sixth_city_is_a_sixth_file(tmp_path: Path, cal: WorkingCalendar) -> None:
    for pid in ("weihai", "wuhan"):
        shutil.copyfile(PROFILE_DIR / f"{pid}.toml", tmp_path / f"{pid}.toml")
    shutil.copyfile(PROFILE_DIR / "national.toml", tmp_path / "national.toml")
    sixth = tmp_path / "qingdao.toml"
    text = (PROFILE_DIR / "weihai.toml").read_text(encoding="utf-8")
    for old, new in [
        ('id = "weihai"', 'id = "qingdao"'),
        ('name = "威海市"', 'name = "青岛市"'),
        ('regulation = "威海市公共信用信息管理办法"', 'regulation = "青岛市公共信用信息管理办法"'),
        ('division_code = "371000"', 'division_code = "370200"'),
        ("working_days = 3\n", "working_days = 4\n"),
    ]:
        text = text.replace(old, new, 1)
    sixth.write_text(text, encoding="utf-8")

    loaded = load_profiles(tmp_path)
    assert sorted(loaded) == ["qingdao", "weihai", "wuhan"]
    qingdao = load_profile("qingdao", tmp_path)
    deadline = step_deadline(qingdao, "objection.check", D(2026, 9, 29), cal)
    assert deadline is not None
    # 9/29: 9/30, 10/8, 10/9, 10/10 (make-up Saturday)
    assert deadline.due == D(2026, 10, 10)
    assert deadline.citation == "依据《青岛市公共信用信息管理办法》第二十八条"
    assert load_national_layer(tmp_path).national_version_on(D(2026, 4, 1)) is not None


def test_noart_national_layer_overlap_rejected(tmp_path: Path) -> None:
    path = tmp_path / "national.toml"
    shutil.copyfile(PROFILE_DIR / "national.toml", path)
    _break(path, "valid_from = 2026-04-01", "valid_from = 2026-03-01")
    with pytest.raises(ProfileInvalid) as info:
        load_national_layer(tmp_path)
    assert "重叠" in info.value.problem and info.value.file == str(path)


def test_noart_national_uncertain_values_are_data(national: object) -> None:
    layer = load_national_layer()
    v58 = next(v for v in layer.versions if v.id == "ndrc-order-58")
    assert {f.sector for f in v58.special_fields if not f.confirmed} == {"食品", "药品"}
    assert all(v.uncertain for v in layer.versions)


@pytest.mark.parametrize(
    ("basis", "number"),
    [
        pytest.param("第十条", 10, id="noart-ten"),
        pytest.param("第三十一条第二款", 31, id="noart-thirty-one"),
        pytest.param("第二条", 2, id="noart-two"),
        pytest.param("第一百零五条", 105, id="noart-hundred-five"),
    ],
)
def test_article_number(basis: str, number: int) -> None:
    assert article_number(basis) == number
