"""User stories for the identity-code validators (GB 32100-2015 USCC, GB 11643-1999 ID number).

Each test reads: given … (the input a clerk types), when … (the validator runs), then …
(what the clerk sees). Messages are asserted verbatim: they are what the window shows.
"""

from __future__ import annotations

import itertools
from datetime import date
from string import Formatter

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from app.domain.codes import (
    IdNumber,
    Uscc,
    age_on,
    detect_subject_code,
    display_document_number,
    display_subject_code,
    id15_to_18,
    id_check_digit,
    mask_id_number,
    normalize_code,
    uscc_check_char,
    validate_id_number,
    validate_uscc,
)
from app.domain.enums import IdDocType, SubjectKind
from app.domain.errors import InvalidCode, ValidationFailed
from app.domain.messages import MESSAGES

TODAY = date(2026, 11, 25)

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
ORG_TYPES = {
    "1": "1239", "2": "19", "3": "123459", "4": "19", "5": "1239", "6": "129",
    "7": "129", "8": "19", "9": "123", "A": "19", "N": "1239", "Y": "1",
}  # fmt: skip
PROVINCES = [
    *map(str, range(11, 16)), *map(str, range(21, 24)), *map(str, range(31, 38)),
    *map(str, range(41, 47)), *map(str, range(50, 55)), *map(str, range(61, 66)),
    "71", "81", "82", "91",
]  # fmt: skip
ID_CHARS = "0123456789X"


# --- independent reference implementations (derived from the standards, not copied) ----------


def ref_uscc_check(first17: str) -> str:
    """GB 32100: weights are 3^i mod 31; C18 = 31 - (Σ mod 31), with 31 mapped to 0."""
    total = sum(USCC_CHARSET.index(c) * pow(3, i, 31) for i, c in enumerate(first17))
    return USCC_CHARSET[(31 - total % 31) % 31]


def ref_id_check(first17: str) -> str:
    """ISO 7064 MOD 11-2, recursive form: p ← (p + d)·2 mod 11; check = (12 − p) mod 11."""
    p = 0
    for ch in first17:
        p = (p + int(ch)) * 2 % 11
    check = (12 - p) % 11
    return "X" if check == 10 else str(check)


def assert_template_filled(exc: InvalidCode) -> None:
    """Every field of the message templates was given (no “{label}” left in the window)."""
    template = MESSAGES[exc.msg_id]
    for part in template:
        fields = {name for _, name, _, _ in Formatter().parse(part) if name}
        assert fields <= exc.params.keys(), (exc.msg_id, fields - exc.params.keys())


def message(exc_info: pytest.ExceptionInfo[InvalidCode]) -> str:
    return exc_info.value.text


# --- strategies -----------------------------------------------------------------------------


@st.composite
def valid_usccs(draw: st.DrawFn) -> str:
    authority = draw(st.sampled_from(sorted(ORG_TYPES)))
    org_type = draw(st.sampled_from(ORG_TYPES[authority]))
    region = draw(st.text("0123456789", min_size=6, max_size=6))
    org_code = draw(st.text(USCC_CHARSET, min_size=9, max_size=9))
    first17 = authority + org_type + region + org_code
    return first17 + ref_uscc_check(first17)


@st.composite
def valid_id_numbers(draw: st.DrawFn) -> str:
    region = draw(st.sampled_from(PROVINCES)) + draw(st.text("0123456789", min_size=4, max_size=4))
    birth = draw(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
    seq = draw(st.text("0123456789", min_size=3, max_size=3))
    first17 = region + birth.strftime("%Y%m%d") + seq
    return first17 + ref_id_check(first17)


# Text shaped like codes (lengths 15–18, code-ish characters plus some odd ones), so the
# "never raises anything but InvalidCode" properties reach the deep checks, not only length.
code_like_text = st.text(
    st.sampled_from(list("0123456789XxIOZSVAMNY９Ｘａ \u3000-é中\x00ß")), min_size=14, max_size=19
)


# === Story: the published standard examples validate ==========================================


class TestStandardExamples:
    def test_gb11643_example_id_number_is_valid(self) -> None:
        # Given the worked example of GB 11643-1999
        # When it is validated
        result = validate_id_number("11010519491231002X", today=TODAY)
        # Then it is accepted with its region, birth date and sex derived
        assert result == IdNumber(
            value="11010519491231002X",
            region_code="110105",
            birth_date=date(1949, 12, 31),
            sex="female",
            converted_from=None,
        )
        assert id_check_digit("11010519491231002") == "X"

    def test_published_uscc_example_is_valid(self) -> None:
        # Given a published USCC; its check char is 3 by hand:
        # Σ = 9·1 + 1·3 + 3·9 + 5·27 + 0·19 + 1·26 + 0·16 + 0·17 + 21(M)·20
        #     + 0·29 + 0·25 + 0·13 + 1·8 + 0·24 + 0·10 + 30(Y)·30 + 4·28
        #   = 1640; 1640 mod 31 = 28; 31 − 28 = 3
        result = validate_uscc("91350100M000100Y43")
        assert result == Uscc(
            value="91350100M000100Y43",
            registration_authority="9",
            org_type="1",
            region_code="350100",
            subject_kind=SubjectKind.LEGAL_PERSON,
        )
        assert result.organization_code == "M000100Y4"
        assert uscc_check_char("91350100M000100Y4") == "3"

    @pytest.mark.parametrize(
        ("code", "authority", "org_type", "kind"),
        [
            ("92350203MA2XN5K10L", "9", "2", SubjectKind.UNINCORPORATED),  # 个体工商户
            ("Y1440300MB2C3D4E0K", "Y", "1", SubjectKind.UNINCORPORATED),  # 其他
            ("511100005000100003", "5", "1", SubjectKind.LEGAL_PERSON),  # 社会团体
            ("121000004000120003", "1", "2", SubjectKind.LEGAL_PERSON),  # 事业单位
            ("N2330110MF0000010N", "N", "2", SubjectKind.LEGAL_PERSON),  # 村级集体经济组织
            ("A1100000MA0000001F", "A", "1", SubjectKind.LEGAL_PERSON),  # 军队事业单位
            ("91110000600037341L", "9", "1", SubjectKind.LEGAL_PERSON),  # 企业
        ],
    )
    def test_more_computed_usccs_are_valid(
        self, code: str, authority: str, org_type: str, kind: SubjectKind
    ) -> None:
        # Given USCCs whose check char was computed (and cross-checked by the reference)
        assert ref_uscc_check(code[:17]) == code[17]
        # When validated, then the parts and the subject kind are derived
        result = validate_uscc(code)
        assert (result.registration_authority, result.org_type, result.subject_kind) == (
            authority,
            org_type,
            kind,
        )

    @pytest.mark.parametrize(
        ("code", "birth", "sex"),
        [
            ("440306199003071232", date(1990, 3, 7), "male"),
            ("370102200002294566", date(2000, 2, 29), "female"),  # leap day in a leap year
            ("650102190001010016", date(1900, 1, 1), "male"),  # earliest accepted birth date
            ("810000199912310004", date(1999, 12, 31), "female"),  # Hong Kong
        ],
    )
    def test_more_computed_id_numbers_are_valid(self, code: str, birth: date, sex: str) -> None:
        assert ref_id_check(code[:17]) == code[17]
        result = validate_id_number(code, today=TODAY)
        assert (result.birth_date, result.sex, result.region_code) == (birth, sex, code[:6])

    def test_a_child_born_today_is_accepted(self) -> None:
        first17 = "110105" + TODAY.strftime("%Y%m%d") + "001"
        code = first17 + id_check_digit(first17)
        assert validate_id_number(code, today=TODAY).birth_date == TODAY


# === Story: a legacy 15-digit number is upgraded ==============================================


class TestLegacy15:
    def test_legacy_number_is_converted_and_birth_date_derived(self) -> None:
        # Given a first-generation 15-digit ID number
        # When it is validated
        result = validate_id_number("110105491231002", today=TODAY)
        # Then the 18-digit form is stored, the original remembered, the birth date 19YY
        assert result.value == "11010519491231002X"
        assert result.converted_from == "110105491231002"
        assert result.birth_date == date(1949, 12, 31)
        assert result.sex == "female"

    def test_id15_to_18(self) -> None:
        assert id15_to_18("110105491231002") == "11010519491231002X"
        assert id15_to_18("370102800101123") == "370102198001011237"

    def test_legacy_number_with_an_impossible_date_is_rejected(self) -> None:
        with pytest.raises(InvalidCode) as exc:
            validate_id_number("110105490230002", today=TODAY)
        assert message(exc) == "居民身份证号码第7–12位出生日期 490230 无效：2月没有30日。"

    def test_legacy_number_with_a_letter_is_rejected(self) -> None:
        with pytest.raises(InvalidCode) as exc:
            validate_id_number("11010549123100X", today=TODAY)
        assert message(exc) == "居民身份证号码第15位含非法字符 X。"

    def test_id15_to_18_rejects_a_wrong_length(self) -> None:
        with pytest.raises(InvalidCode) as exc:
            id15_to_18("11010519491231002X")
        assert message(exc) == "旧版居民身份证号码应为 15 位，实际为 18 位。"


# === Story: a clerk mistypes a code and is told exactly what and where ========================


class TestKnownBadInputs:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("110105194912310023", "居民身份证号码第18位校验码应为 X，实际为 3。"),
            ("11010519491231002", "居民身份证号码应为 18 位，实际为 17 位。"),
            ("1101051949123100299", "居民身份证号码应为 18 位，实际为 19 位。"),
            ("1101051949X231002X", "居民身份证号码第11位含非法字符 X。"),
            ("11010519491231002A", "居民身份证号码第18位含非法字符 A。"),
            ("11010519490230002X", "居民身份证号码第7–14位出生日期 19490230 无效：2月没有30日。"),
            (
                "110105190002290010",
                "居民身份证号码第7–14位出生日期 19000229 无效：1900年不是闰年，2月没有29日。",
            ),
            (
                "11010519491331002X",
                "居民身份证号码第7–14位出生日期 19491331 无效：月份 13 不存在。",
            ),
            (
                "11010519490400002X",
                "居民身份证号码第7–14位出生日期 19490400 无效：日期不能为 00 日。",
            ),
            (
                "11010518991231002X",
                "居民身份证号码第7–14位出生日期 18991231 无效：早于1900年1月1日。",
            ),
            ("11010520261126002X", "居民身份证号码第7–14位出生日期 20261126 无效：晚于今天。"),
            (
                "99010519491231002X",
                "居民身份证号码第1–6位行政区划码 990105 无效：前两位 99 不是省级行政区划代码。",
            ),
            ("   ", "居民身份证号码不能为空。"),
        ],
    )
    def test_bad_id_numbers(self, value: str, expected: str) -> None:
        with pytest.raises(InvalidCode) as exc:
            validate_id_number(value, today=TODAY)
        assert message(exc) == expected

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("91350100M000100Y44", "统一社会信用代码第18位校验码应为 3，实际为 4。"),
            ("91350100M000100Y4", "统一社会信用代码应为 18 位，实际为 17 位。"),
            ("91350100I000100Y43", "统一社会信用代码第9位含非法字符 I。"),
            ("91350100M0O0100Y43", "统一社会信用代码第11位含非法字符 O。"),
            ("91350100M000100Y4-", "统一社会信用代码第18位含非法字符 -。"),
            ("B1350100M000100Y43", "统一社会信用代码第1位登记管理部门代码 B 无效。"),
            ("0X350100M000100Y43", "统一社会信用代码第1位登记管理部门代码 0 无效。"),
            (
                "94350100M000100Y43",
                "统一社会信用代码第2位机构类别代码 4 与第1位登记管理部门代码 9 不匹配。",
            ),
            (
                "Y2350100M000100Y43",
                "统一社会信用代码第2位机构类别代码 2 与第1位登记管理部门代码 Y 不匹配。",
            ),
            (
                "9135A100M000100Y43",
                "统一社会信用代码第5位应为数字（第3–8位为登记管理机关行政区划码），实际为 A。",
            ),
            ("", "统一社会信用代码不能为空。"),
        ],
    )
    def test_bad_usccs(self, value: str, expected: str) -> None:
        with pytest.raises(InvalidCode) as exc:
            validate_uscc(value)
        assert message(exc) == expected

    def test_illegal_letter_message_explains_the_never_used_letters(self) -> None:
        # Given a USCC with the letter I typed for the digit 1
        with pytest.raises(InvalidCode) as exc:
            validate_uscc("9I350100M000100Y43")
        # Then the resolution tells the clerk which letters are never used
        assert message(exc) == "统一社会信用代码第2位含非法字符 I。"
        assert "I、O、Z、S、V" in exc.value.resolution

    def test_wrong_org_type_resolution_lists_the_allowed_types(self) -> None:
        with pytest.raises(InvalidCode) as exc:
            validate_uscc("94350100M000100Y43")
        assert exc.value.resolution == (
            "登记管理部门代码为 9 时，机构类别代码只能是 1、2、3。请核对号码。"
        )

    def test_error_is_attached_to_the_named_field(self) -> None:
        # Given the form field "legal_code", when the code is wrong,
        # then the error is a ValidationFailed carrying the message under that field
        with pytest.raises(InvalidCode) as exc:
            validate_uscc("91350100M000100Y44", field="legal_code")
        assert isinstance(exc.value, ValidationFailed)
        assert exc.value.field_errors == {
            "legal_code": ["统一社会信用代码第18位校验码应为 3，实际为 4。"]
        }
        assert exc.value.msg_id == "code.check_char"

    def test_invisible_characters_are_named_by_code_point(self) -> None:
        with pytest.raises(InvalidCode) as exc:
            validate_uscc("91350100M000100Y4\x00")
        assert message(exc) == "统一社会信用代码第18位含非法字符 U+0000。"


# === Story: full-width and sloppy input is normalised and accepted ============================


class TestNormalisation:
    def test_full_width_uscc_is_accepted(self) -> None:
        # Given a code typed with a Chinese IME in full-width mode, with a full-width space
        value = "\u3000９１３５０１００ｍ０００１００ｙ４３ "
        # When validated, then it is accepted in its normal half-width upper-case form
        assert validate_uscc(value).value == "91350100M000100Y43"

    def test_full_width_id_with_lower_case_x_and_grouping_spaces_is_accepted(self) -> None:
        assert validate_id_number("110105 19491231 002ｘ", today=TODAY).value == (
            "11010519491231002X"
        )

    def test_normalize_code(self) -> None:
        assert normalize_code(" ａｂｃ　１２３ x\t") == "ABC123X"
        assert normalize_code("") == ""

    @given(st.text())
    def test_normalize_is_idempotent(self, value: str) -> None:
        once = normalize_code(value)
        assert normalize_code(once) == once


# === Story: every valid code validates; every one-slip error is caught (properties) ===========


class TestCheckCharacterProperties:
    @given(valid_usccs())
    def test_generated_usccs_validate(self, code: str) -> None:
        assert validate_uscc(code).value == code
        assert uscc_check_char(code[:17]) == code[17]

    @given(valid_id_numbers())
    def test_generated_id_numbers_validate(self, code: str) -> None:
        result = validate_id_number(code, today=TODAY)
        assert result.value == code
        assert result.birth_date.strftime("%Y%m%d") == code[6:14]
        assert id_check_digit(code[:17]) == code[17]

    @given(valid_usccs(), st.integers(0, 17), st.data())
    def test_any_single_substitution_in_a_uscc_is_rejected(
        self, code: str, position: int, data: st.DataObject
    ) -> None:
        replacement = data.draw(st.sampled_from([c for c in USCC_CHARSET if c != code[position]]))
        mutated = code[:position] + replacement + code[position + 1 :]
        with pytest.raises(InvalidCode):
            validate_uscc(mutated)

    @given(valid_id_numbers(), st.integers(0, 17), st.data())
    def test_any_single_substitution_in_an_id_number_is_rejected(
        self, code: str, position: int, data: st.DataObject
    ) -> None:
        replacement = data.draw(st.sampled_from([c for c in ID_CHARS if c != code[position]]))
        mutated = code[:position] + replacement + code[position + 1 :]
        with pytest.raises(InvalidCode):
            validate_id_number(mutated, today=TODAY)

    @given(valid_usccs(), st.integers(0, 16))
    def test_any_adjacent_transposition_in_a_uscc_is_rejected(self, code: str, i: int) -> None:
        assume(code[i] != code[i + 1])
        swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
        with pytest.raises(InvalidCode):
            validate_uscc(swapped)

    @given(valid_id_numbers(), st.integers(0, 16))
    @settings(suppress_health_check=[HealthCheck.filter_too_much])
    def test_any_adjacent_transposition_in_an_id_number_is_rejected(
        self, code: str, i: int
    ) -> None:
        assume(code[i] != code[i + 1])
        swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
        with pytest.raises(InvalidCode):
            validate_id_number(swapped, today=TODAY)

    # The properties above are sampled; these prove them for every code by exhaustion over
    # residues. A change at position i alters the weighted sum by w_i·Δ (substitution) or by
    # (w_i − w_{i+1})·Δ (adjacent swap), Δ ≠ 0 and |Δ| < modulus, and the modulus is prime.

    def test_proof_uscc_weights_catch_every_substitution_and_inner_transposition(self) -> None:
        weights = [pow(3, i, 31) for i in range(17)]
        assert weights == [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
        assert all(w % 31 for w in weights)  # substitution at positions 1–17 changes C18
        assert all((a - b) % 31 for a, b in itertools.pairwise(weights))  # swaps within 1–17
        # a substitution at position 18 changes C18 itself; C18 is a function of positions 1–17

    def test_proof_uscc_swap_of_positions_17_and_18_is_always_caught(self) -> None:
        # r = weighted sum of positions 1–16 (mod 31); a = value at 17; b = its check value.
        for r in range(31):
            for a in range(31):
                b = -(r + 28 * a) % 31
                if a != b:
                    # after the swap, position 17 holds b and the check would have to be a
                    assert -(r + 28 * b) % 31 != a

    def test_proof_id_weights_catch_every_substitution_and_inner_transposition(self) -> None:
        weights = [pow(2, 17 - i, 11) for i in range(17)]
        assert weights == [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
        assert all(w % 11 for w in weights)
        assert all((a - b) % 11 for a, b in itertools.pairwise(weights))
        # the table "10X98765432" is the check value c with (Σ + c) ≡ 1 (mod 11): injective
        table = "10X98765432"
        assert all((k + (10 if c == "X" else int(c))) % 11 == 1 for k, c in enumerate(table))

    def test_proof_id_swap_of_positions_17_and_18_is_always_caught(self) -> None:
        # r = weighted sum of positions 1–16 (mod 11); a = digit at 17 (weight 2); b = check.
        for r in range(11):
            for a in range(10):
                b = (1 - r - 2 * a) % 11
                if b == 10:
                    continue  # the swap puts X at position 17: rejected as an illegal character
                if a != b:
                    assert (r + 2 * b + a) % 11 != 1

    def test_legacy_15_digit_numbers_have_no_check_digit(self) -> None:
        # The true property for 15-digit numbers: a slip that keeps the date valid is NOT caught.
        slipped = validate_id_number("110105491231003", today=TODAY)  # last digit 2 → 3
        assert slipped.value.startswith("11010519491231003")


# === Story: nothing a clerk can type crashes the window =======================================


class TestRobustness:
    @given(st.one_of(st.text(), code_like_text))
    def test_validators_raise_only_invalid_code(self, value: str) -> None:
        for call in (
            lambda: validate_uscc(value),
            lambda: validate_id_number(value, today=TODAY),
            lambda: validate_id_number(value),
            lambda: detect_subject_code(value),
            lambda: detect_subject_code(value, hint=SubjectKind.NATURAL_PERSON),
            lambda: detect_subject_code(value, hint=SubjectKind.LEGAL_PERSON),
            lambda: uscc_check_char(value),
            lambda: id_check_digit(value),
            lambda: id15_to_18(value),
        ):
            try:
                call()
            except InvalidCode as exc:
                assert_template_filled(exc)

    @given(st.one_of(st.text(), code_like_text, valid_id_numbers()))
    def test_mask_never_raises_and_never_reveals_positions_7_to_14(self, value: str) -> None:
        masked = mask_id_number(value)
        normal = normalize_code(value)
        assert len(masked) == len(normal)
        for i, (shown, original) in enumerate(zip(masked, normal, strict=True)):
            if 6 <= i <= 13:
                assert shown == "*"
            else:
                assert shown in ("*", original)
        if normal:
            assert "*" in masked


# === Story: masking an ID number for display ==================================================


class TestMask:
    def test_18_digit_number(self) -> None:
        assert mask_id_number("37010219900101123X") == "370102********123X"
        assert validate_id_number("11010519491231002X", today=TODAY).masked == (
            "110105********002X"
        )

    def test_other_lengths_keep_first_3_and_last_2_outside_the_birth_date(self) -> None:
        assert mask_id_number("1234567890123456") == "123***********56"
        assert mask_id_number("110105491231002") == "110***********2"  # position 14 stays hidden
        assert mask_id_number("12345678") == "123*****"
        assert mask_id_number("ab") == "A*"
        assert mask_id_number("") == ""


# === Story: age on a date, including 29 February =============================================


class TestAgeOn:
    @pytest.mark.parametrize(
        ("birth", "on", "age"),
        [
            (date(1990, 6, 15), date(2026, 6, 14), 35),
            (date(1990, 6, 15), date(2026, 6, 15), 36),
            (date(2008, 2, 29), date(2026, 2, 28), 17),  # common year: not yet on 28 Feb
            (date(2008, 2, 29), date(2026, 3, 1), 18),  # …a year older on 1 March
            (date(2008, 2, 29), date(2028, 2, 28), 19),
            (date(2008, 2, 29), date(2028, 2, 29), 20),  # leap year: on the day itself
            (date(2026, 11, 25), date(2026, 11, 25), 0),
        ],
    )
    def test_full_years(self, birth: date, on: date, age: int) -> None:
        assert age_on(birth, on) == age

    def test_a_date_before_birth_is_a_programming_error(self) -> None:
        with pytest.raises(ValueError):
            age_on(date(2000, 1, 2), date(2000, 1, 1))


# === Story: the window recognises what kind of code was typed =================================


class TestDetectSubjectCode:
    def test_18_digit_id_number(self) -> None:
        assert detect_subject_code("11010519491231002x") == (
            SubjectKind.NATURAL_PERSON,
            "11010519491231002X",
        )

    def test_15_digit_id_number_is_upgraded(self) -> None:
        assert detect_subject_code("110105491231002") == (
            SubjectKind.NATURAL_PERSON,
            "11010519491231002X",
        )

    def test_uscc_with_letters(self) -> None:
        assert detect_subject_code("91350100m000100y43") == (
            SubjectKind.LEGAL_PERSON,
            "91350100M000100Y43",
        )

    def test_individual_business_is_unincorporated(self) -> None:
        assert detect_subject_code("92350203MA2XN5K10L") == (
            SubjectKind.UNINCORPORATED,
            "92350203MA2XN5K10L",
        )

    def test_all_digit_uscc_falls_back_from_id_to_uscc(self) -> None:
        # Given an all-digit USCC (not a valid ID: "0000" is no birth year)
        # When detected, then the ID attempt fails and the USCC is accepted
        assert detect_subject_code("511100005000100003") == (
            SubjectKind.LEGAL_PERSON,
            "511100005000100003",
        )

    def test_hint_decides_the_validator_and_the_kind(self) -> None:
        assert detect_subject_code("91350100M000100Y43", hint=SubjectKind.UNINCORPORATED) == (
            SubjectKind.UNINCORPORATED,
            "91350100M000100Y43",
        )
        with pytest.raises(InvalidCode) as exc:
            detect_subject_code("91350100M000100Y43", hint=SubjectKind.NATURAL_PERSON)
        assert message(exc) == "居民身份证号码第9位含非法字符 M。"

    def test_digit_code_failing_both_reports_the_id_error_when_it_looks_like_an_id(self) -> None:
        # Given an ID number with a wrong check digit (province 11, birth year 19xx)
        with pytest.raises(InvalidCode) as exc:
            detect_subject_code("110105194912310023")
        # Then the clerk sees the ID error, not a USCC one
        assert message(exc) == "居民身份证号码第18位校验码应为 X，实际为 3。"

    def test_a_mistyped_id_number_is_never_accepted_as_a_uscc(self) -> None:
        # Given an ID number with month 13 that happens to pass the USCC check character
        code = "11010519491331002X"
        assert validate_uscc(code).value == code
        # When typed at the window without a kind, then the clerk sees the ID fault
        with pytest.raises(InvalidCode) as exc:
            detect_subject_code(code)
        assert "居民身份证号码第7–14位出生日期" in message(exc)
        # And an all-digit USCC of that shape is still accepted with an explicit kind
        assert detect_subject_code(code, hint=SubjectKind.LEGAL_PERSON)[1] == code

    def test_digit_code_failing_both_reports_the_uscc_error_otherwise(self) -> None:
        # Given an all-digit USCC with a wrong check char (positions 7–8 are no birth year)
        with pytest.raises(InvalidCode) as exc:
            detect_subject_code("511100005000100004")
        assert message(exc) == "统一社会信用代码第18位校验码应为 3，实际为 4。"

    def test_unknown_kind(self) -> None:
        with pytest.raises(InvalidCode) as exc:
            detect_subject_code("12345")
        assert message(exc) == (
            "无法识别“12345”（5 位）：既不是18位统一社会信用代码，也不是15位或18位居民身份证号码。"
        )
        assert exc.value.msg_id == "code.unknown_kind"

    def test_empty(self) -> None:
        with pytest.raises(InvalidCode) as exc:
            detect_subject_code(" ")
        assert message(exc) == "统一社会信用代码或居民身份证号码不能为空。"


class TestDisplay:
    """What screens and paper show of a code: the one masking rule every screen uses."""

    def test_a_natural_persons_code_is_masked_and_an_organisations_is_not(self) -> None:
        assert display_subject_code(SubjectKind.NATURAL_PERSON, "11010519491231002X") == (
            "110105********002X"
        )
        assert display_subject_code(SubjectKind.LEGAL_PERSON, "91350100M000100Y43") == (
            "91350100M000100Y43"
        )

    def test_only_resident_id_numbers_are_masked_among_documents(self) -> None:
        assert display_document_number(IdDocType.RESIDENT_ID, "11010519491231002X") == (
            "110105********002X"
        )
        assert display_document_number("resident_id", "11010519491231002X").count("*") == 8
        assert display_document_number(IdDocType.USCC, "91350100M000100Y43") == (
            "91350100M000100Y43"
        )
        assert display_document_number(IdDocType.PASSPORT, "E12345678") == "E12345678"
        assert display_document_number(None, "E12345678") == "E12345678"
