"""Row validation at intake, one refusal rule at a time, named by article.

Given a provider's row (header label → text) for a catalogue item, when it is validated under
a city's profile, then it is parsed, or refused naming the column and the reason in Chinese.
"""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.enums import Disclosure, InfoClass, ReportSection, Severity, SubjectKind
from app.rules.intake_rules import LABELS, ItemSpec, ParsedRow, RowError, columns_for, validate_row
from app.rules.profiles import Profile

TODAY = date(2026, 11, 25)
COMPANY = "91370100MA3C00001H"
ADULT = "370102198001011237"  # born 1980-01-01
MINOR = "110105201001010010"  # born 2010-01-01

PENALTY = ItemSpec(
    code="CF001",
    name="市场监管行政处罚信息",
    info_class=InfoClass.DISHONEST,
    disclosure=Disclosure.PUBLIC,
    report_section=ReportSection.PENALTY,
    legal_basis="《中华人民共和国行政处罚法》",
    fields=(
        {"key": "facts", "label": "违法事实", "required": True},
        {"key": "result", "label": "处罚结果", "required": True},
    ),
)
INCOME = ItemSpec(
    code="QT009",
    name="个人收入证明信息",
    info_class=InfoClass.OTHER,
    disclosure=Disclosure.AUTHORIZED,
    report_section=ReportSection.OTHER,
    legal_basis="",
    fields=({"key": "income", "label": "收入", "required": False, "category": "income"},),
)
ITEMS = {i.code: i for i in (PENALTY, INCOME)}


def row(**changes: str) -> dict[str, str]:
    base = {
        LABELS["item_code"]: "CF001",
        LABELS["subject_name"]: "济南某某科技有限公司",
        LABELS["subject_code"]: COMPANY,
        LABELS["document_number"]: "市监罚〔2026〕12号",
        LABELS["decision_date"]: "2026-03-02",
        LABELS["act_ended_on"]: "2026-03-02",
        LABELS["determined_on"]: "2026-03-02",
        LABELS["severity"]: "一般",
        LABELS["procedure"]: "一般程序",
        LABELS["notice_date"]: "2026-02-20",
        LABELS["notice_method"]: "书面送达",
        "违法事实": "未按规定公示年度报告",
        "处罚结果": "罚款",
    }
    base.update(changes)
    return base


def check(profile: Profile, values: dict[str, str], **kw: object) -> ParsedRow | list[RowError]:
    return validate_row(values, profile=profile, items=ITEMS, today=TODAY, **kw)  # type: ignore[arg-type]


def errors_of(result: ParsedRow | list[RowError]) -> dict[str, str]:
    assert isinstance(result, list), f"expected a refusal, got {result}"
    return {e.column: e.message for e in result}


def test_weihai_art16_a_complete_row_is_parsed(profiles: dict[str, Profile]) -> None:
    parsed = check(profiles["weihai"], row())
    assert isinstance(parsed, ParsedRow)
    assert (parsed.subject_kind, parsed.severity, parsed.content["result"]) == (
        SubjectKind.LEGAL_PERSON,
        Severity.GENERAL,
        "罚款",
    )


def test_weihai_art16_the_legal_document_number_is_required(profiles) -> None:
    e = errors_of(check(profiles["weihai"], row(**{LABELS["document_number"]: ""})))
    assert "第十六条" in e[LABELS["document_number"]]


def test_noart_a_wrong_check_character_names_the_column(profiles) -> None:
    e = errors_of(check(profiles["weihai"], row(**{LABELS["subject_code"]: "91370100MA3C00001X"})))
    assert "校验码" in e[LABELS["subject_code"]]


def test_noart_dates_must_be_real_and_not_in_the_future(profiles) -> None:
    e = errors_of(
        check(
            profiles["weihai"],
            row(**{LABELS["decision_date"]: "2026-02-30", LABELS["act_ended_on"]: "2027-01-01"}),
        )
    )
    assert "不是有效日期" in e[LABELS["decision_date"]]
    assert "晚于今天" in e[LABELS["act_ended_on"]]


@pytest.mark.parametrize("city", ["weihai", "zhangdian", "wuhan", "nantong", "xiamen"])
def test_art13_simplified_procedure_penalties_are_refused(profiles, city) -> None:
    # weihai art13, zhangdian art15, wuhan art13, nantong art12 (xiamen: no such rule)
    e = check(profiles[city], row(**{LABELS["procedure"]: "简易程序"}))
    if profiles[city].intake.general_procedure_penalties_only is None:
        assert isinstance(e, ParsedRow)
    else:
        assert "简易程序" in errors_of(e)[LABELS["procedure"]]


def test_weihai_art13_minor_self_corrected_penalties_are_refused(profiles) -> None:
    e = errors_of(check(profiles["weihai"], row(**{LABELS["minor_self_corrected"]: "是"})))
    assert "第十三条" in e[LABELS["minor_self_corrected"]]


@pytest.mark.parametrize(
    ("city", "label"),
    [("weihai", "宗教信仰"), ("wuhan", "基因"), ("xiamen", "指纹"), ("zhangdian", "血型")],
)
def test_art15_forbidden_categories_are_never_collected(profiles, city, label) -> None:
    e = errors_of(check(profiles[city], row(**{label: "某某"})))
    assert "不得归集" in e[label]


def test_nantong_art14_fingerprints_are_not_on_its_list(profiles) -> None:
    assert isinstance(check(profiles["nantong"], row(**{"指纹": "x"})), ParsedRow)  # not a field
    e = errors_of(check(profiles["nantong"], row(**{"指纹": "x"}), extra_labels=["指纹"]))
    assert "不是信息事项" in e["指纹"] and "不得归集" not in e["指纹"]


def test_zhangdian_art17_income_needs_a_recorded_written_consent(profiles) -> None:
    values = {
        LABELS["item_code"]: "QT009",
        LABELS["subject_name"]: "张三",
        LABELS["subject_code"]: ADULT,
        LABELS["document_number"]: "收入证明2026-1",
        LABELS["decision_date"]: "2026-03-02",
        "收入": "120000",
    }
    e = errors_of(check(profiles["zhangdian"], values))
    assert "书面同意" in e["收入"]
    e = errors_of(check(profiles["zhangdian"], values | {LABELS["consent_ref"]: "TY-1"}))
    assert "未登记" in e[LABELS["consent_ref"]]
    ok = check(
        profiles["zhangdian"],
        values | {LABELS["consent_ref"]: "TY-1"},
        consent_exists=lambda code, ref: (code, ref) == (ADULT, "TY-1"),
    )
    assert isinstance(ok, ParsedRow) and ok.consent_ref == "TY-1"


def test_wuhan_art11_natural_persons_under_18_are_refused(profiles) -> None:
    values = row(**{LABELS["subject_code"]: MINOR, LABELS["subject_name"]: "李小"})
    e = errors_of(check(profiles["wuhan"], values))
    assert "未满18周岁" in e[LABELS["subject_code"]]


def test_weihai_art20_natural_persons_cannot_enter_a_public_item(profiles) -> None:
    values = row(**{LABELS["subject_code"]: ADULT, LABELS["subject_name"]: "张三"})
    assert "不得公开公示" in errors_of(check(profiles["weihai"], values))[LABELS["item_code"]]
    assert isinstance(check(profiles["zhangdian"], values), ParsedRow)


def test_xiamen_art13_dishonest_rows_need_the_prior_notice(profiles) -> None:
    cols = {c.label for c in columns_for(profiles["xiamen"], PENALTY)}
    assert {LABELS["notice_date"], LABELS["notice_method"]} <= cols
    e = errors_of(
        check(profiles["xiamen"], row(**{LABELS["notice_date"]: "", LABELS["notice_method"]: ""}))
    )
    assert LABELS["notice_date"] in e and LABELS["notice_method"] in e
    assert LABELS["notice_date"] not in {c.label for c in columns_for(profiles["weihai"], PENALTY)}


def test_noart_an_item_not_provided_by_this_provider_is_refused(profiles) -> None:
    e = errors_of(check(profiles["weihai"], row(**{LABELS["item_code"]: "XK001"})))
    assert "CF001" in e[LABELS["item_code"]]


def test_wuhan_art20_the_date_a_period_counts_from_is_required(profiles) -> None:
    # Wuhan counts dishonest periods from the day the record forms; Weihai from the act's end
    weihai = {c.key: c.required for c in columns_for(profiles["weihai"], PENALTY)}
    assert weihai["act_ended_on"] is True
    e = errors_of(check(profiles["weihai"], row(**{LABELS["act_ended_on"]: ""})))
    assert LABELS["act_ended_on"] in e


@pytest.mark.parametrize("city", ["weihai", "zhangdian", "wuhan", "nantong", "xiamen"])
def test_noart_generated_rows_never_crash_the_validator(profiles, city) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    labels = [*LABELS.values(), "违法事实", "处罚结果", "收入", "宗教信仰", "备注"]
    cell = st.one_of(
        st.text(max_size=30),
        st.sampled_from(["", "CF001", "QT009", COMPANY, ADULT, MINOR, "2026-02-30", "一般", "是"]),
        st.dates().map(lambda d: d.isoformat()),
    )

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.dictionaries(st.sampled_from(labels), cell, max_size=len(labels)))
    def never_crashes(values: dict[str, str]) -> None:
        result = check(profiles[city], values, extra_labels=list(values))
        assert isinstance(result, ParsedRow) or (
            result and all(isinstance(e, RowError) and e.message for e in result)
        )

    never_crashes()
