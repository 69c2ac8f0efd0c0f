"""Identity-code validators: 统一社会信用代码 (GB 32100-2015) and 居民身份证号码 (GB 11643-1999).

Pure functions, no I/O. Every rejection is an :class:`~app.domain.errors.InvalidCode` whose
Chinese message names what is wrong and where (1-based positions counted on the normalised
code), e.g. “居民身份证号码第18位校验码应为 X，实际为 3。”.

Both check characters detect every single-character substitution and every transposition of
two adjacent different characters: the weights are successive powers of a generator modulo a
prime (3 mod 31, 2 mod 11), so adjacent weights always differ, and a swap of positions 17 and
18 would need the two characters to be equal (the unit tests prove both by exhaustion).
Legacy 15-digit ID numbers carry no check digit and have no such protection.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import Literal, NoReturn

from app.domain.enums import IdDocType, SubjectKind
from app.domain.errors import InvalidCode

__all__ = [
    "IdNumber",
    "Uscc",
    "age_on",
    "detect_subject_code",
    "display_document_number",
    "display_subject_code",
    "id15_to_18",
    "id_check_digit",
    "mask_id_number",
    "normalize_code",
    "uscc_check_char",
    "validate_id_number",
    "validate_uscc",
]

USCC_LABEL = "统一社会信用代码"
ID_LABEL = "居民身份证号码"

# --- normalisation --------------------------------------------------------------------------

# Full-width ASCII digits and letters (U+FF10–FF19, U+FF21–FF3A, U+FF41–FF5A) → half-width.
_FULL_TO_HALF = {
    cp: cp - 0xFEE0
    for lo, hi in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
    for cp in range(lo, hi + 1)
}


def normalize_code(value: str) -> str:
    """Remove all whitespace (incl. the full-width space U+3000), map full-width ASCII digits
    and letters to half-width, and upper-case.

    Whitespace is removed everywhere, not only at the ends: a code never contains a space, and
    clerks often type “110105 19491231 002X” grouped as printed.
    """
    if value.isascii() and value.isalnum():  # the usual case, a hundred times a second
        return value.upper()
    text = "".join(ch for ch in value if not ch.isspace())
    return text.translate(_FULL_TO_HALF).upper().translate(_FULL_TO_HALF)


def _show(ch: str) -> str:
    """A character as it may appear in a message (control/invisible characters as U+XXXX)."""
    return ch if ch.isprintable() else f"U+{ord(ch):04X}"


def _show_value(value: str, limit: int = 40) -> str:
    shown = "".join(_show(ch) for ch in value[:limit])
    return shown + ("…" if len(value) > limit else "")


# --- 统一社会信用代码 (GB 32100-2015) ---------------------------------------------------------

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, Z, S, V
_USCC_VALUE = {ch: i for i, ch in enumerate(USCC_CHARSET)}
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_USCC_NEVER = "IOZSV"
_USCC_HINT_NEVER = (
    "统一社会信用代码从不使用字母 I、O、Z、S、V，请核对是否应为数字 1、0、2、5 或字母 U。"
)
_USCC_HINT_CHARSET = "统一社会信用代码只由数字 0–9 和大写英文字母组成（不使用 I、O、Z、S、V）。"

# Registration authority (position 1) → allowed organisation types (position 2).
USCC_ORG_TYPES: dict[str, str] = {
    "1": "1239",  # 机构编制
    "2": "19",  # 外交
    "3": "123459",  # 司法行政
    "4": "19",  # 文化
    "5": "1239",  # 民政
    "6": "129",  # 旅游
    "7": "129",  # 宗教: 活动场所, 院校, 其他
    "8": "19",  # 工会
    "9": "123",  # 市场监督管理（工商）
    "A": "19",  # 中央军委改革和编制办公室
    "N": "1239",  # 农业
    "Y": "1",  # 其他
}

_DIGITS = "0123456789"


@dataclass(frozen=True, slots=True)
class Uscc:
    """A validated 统一社会信用代码."""

    value: str
    registration_authority: str  # position 1
    org_type: str  # position 2
    region_code: str  # positions 3–8, 登记管理机关行政区划码
    subject_kind: SubjectKind

    @property
    def organization_code(self) -> str:
        """Positions 9–17: the 主体标识码 (组织机构代码)."""
        return self.value[8:17]


def _uscc_length(code: str, field: str) -> NoReturn:
    raise InvalidCode(
        "code.length",
        field=field,
        label=USCC_LABEL,
        expected=18,
        actual=len(code),
        hint="请核对营业执照或登记证书上的号码。",
    )


def _uscc_check_chars(code: str, field: str) -> None:
    for position, ch in enumerate(code, start=1):
        if ch not in _USCC_VALUE:
            hint = _USCC_HINT_NEVER if ch in _USCC_NEVER else _USCC_HINT_CHARSET
            raise InvalidCode(
                "code.illegal_char",
                field=field,
                label=USCC_LABEL,
                position=position,
                char=_show(ch),
                hint=hint,
            )


def _uscc_check_value(first17: str) -> str:
    total = sum(_USCC_VALUE[ch] * w for ch, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARSET[(31 - total % 31) % 31]


def uscc_check_char(first17: str) -> str:
    """The 18th (check) character for the first 17 characters of a USCC (GB 32100-2015)."""
    code = normalize_code(first17)
    if len(code) != 17:
        raise InvalidCode(
            "code.length",
            label=f"{USCC_LABEL}前17位",
            expected=17,
            actual=len(code),
            hint="计算校验码需要前17位。",
        )
    _uscc_check_chars(code, "code")
    return _uscc_check_value(code)


def validate_uscc(value: str, *, field: str = "code") -> Uscc:
    """Validate a 统一社会信用代码; raise :class:`InvalidCode` naming the first fault."""
    code = normalize_code(value)
    if not code:
        raise InvalidCode("code.empty", field=field, label=USCC_LABEL)
    if len(code) != 18:
        _uscc_length(code, field)
    _uscc_check_chars(code, field)

    authority, org_type = code[0], code[1]
    allowed = USCC_ORG_TYPES.get(authority)
    if allowed is None:
        raise InvalidCode(
            "code.registration_authority", field=field, label=USCC_LABEL, char=authority
        )
    if org_type not in allowed:
        raise InvalidCode(
            "code.org_type",
            field=field,
            label=USCC_LABEL,
            char=org_type,
            authority=authority,
            allowed="、".join(allowed),
        )
    for position in range(3, 9):
        ch = code[position - 1]
        if ch not in _DIGITS:
            raise InvalidCode(
                "code.uscc_region", field=field, label=USCC_LABEL, position=position, char=ch
            )
    expected = _uscc_check_value(code[:17])
    if code[17] != expected:
        raise InvalidCode(
            "code.check_char",
            field=field,
            label=USCC_LABEL,
            position=18,
            expected=expected,
            actual=code[17],
        )

    unincorporated = (authority == "9" and org_type == "2") or authority == "Y"
    return Uscc(
        value=code,
        registration_authority=authority,
        org_type=org_type,
        region_code=code[2:8],
        subject_kind=SubjectKind.UNINCORPORATED if unincorporated else SubjectKind.LEGAL_PERSON,
    )


# --- 居民身份证号码 (GB 11643-1999) -----------------------------------------------------------

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_MAP = "10X98765432"  # index: weighted sum mod 11
PROVINCE_CODES = frozenset(
    [str(n) for n in range(11, 16)]
    + [str(n) for n in range(21, 24)]
    + [str(n) for n in range(31, 38)]
    + [str(n) for n in range(41, 47)]
    + [str(n) for n in range(50, 55)]
    + [str(n) for n in range(61, 66)]
    + ["71", "81", "82", "91"]
)
EARLIEST_BIRTH = date(1900, 1, 1)

Sex = Literal["male", "female"]


@dataclass(frozen=True, slots=True)
class IdNumber:
    """A validated 18-digit 居民身份证号码 (a legacy 15-digit input is converted)."""

    value: str
    region_code: str  # positions 1–6
    birth_date: date  # positions 7–14
    sex: Sex  # parity of position 17: odd → male
    converted_from: str | None = None  # the legacy 15-digit number, if that was the input

    @property
    def masked(self) -> str:
        return mask_id_number(self.value)


def _id_check_value(first17: str) -> str:
    total = sum(int(ch) * w for ch, w in zip(first17, ID_WEIGHTS, strict=True))
    return _ID_CHECK_MAP[total % 11]


def id_check_digit(first17: str) -> str:
    """The 18th (check) character for the first 17 digits of an ID number (ISO 7064 MOD 11-2)."""
    code = normalize_code(first17)
    if len(code) != 17:
        raise InvalidCode(
            "code.length",
            label=f"{ID_LABEL}前17位",
            expected=17,
            actual=len(code),
            hint="计算校验码需要前17位数字。",
        )
    _id_check_digits_only(code, "code", "居民身份证号码前17位只能是数字。")
    return _id_check_value(code)


def _id_check_digits_only(code: str, field: str, hint: str) -> None:
    for position, ch in enumerate(code, start=1):
        if ch not in _DIGITS:
            raise InvalidCode(
                "code.illegal_char",
                field=field,
                label=ID_LABEL,
                position=position,
                char=_show(ch),
                hint=hint,
            )


def id15_to_18(id15: str) -> str:
    """Upgrade a legacy 15-digit ID number: insert “19” before the 2-digit year, append the
    check digit. Checks only the length and digits (use :func:`validate_id_number` for more)."""
    code = normalize_code(id15)
    if len(code) != 15:
        raise InvalidCode(
            "code.length",
            label=f"旧版{ID_LABEL}",
            expected=15,
            actual=len(code),
            hint="只有旧版15位号码需要升级。",
        )
    _id_check_digits_only(code, "code", "旧版15位居民身份证号码只能由数字组成。")
    first17 = code[:6] + "19" + code[6:]
    return first17 + _id_check_value(first17)


def _birth_date_fault(year: int, month: int, day: int, today: date) -> str | None:
    """The Chinese reason a birth date is invalid, or None when it is acceptable."""
    if not 1 <= month <= 12:
        return f"月份 {month:02d} 不存在"
    if day == 0:
        return "日期不能为 00 日"
    leap = calendar.isleap(year)
    days = (31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]
    if day > days:
        if month == 2 and day == 29:
            return f"{year}年不是闰年，2月没有29日"
        return f"{month}月没有{day}日"
    if year < EARLIEST_BIRTH.year:
        return "早于1900年1月1日"
    if date(year, month, day) > today:
        return "晚于今天"
    return None


def validate_id_number(value: str, *, field: str = "code", today: date | None = None) -> IdNumber:
    """Validate a 居民身份证号码 (18 characters, or a legacy 15-digit number which is converted).

    Checks, in order: empty; length; characters; province code; birth date (a real date from
    1900-01-01 to ``today``); check digit. Raises :class:`InvalidCode` naming the first fault.
    """
    code = normalize_code(value)
    if not code:
        raise InvalidCode("code.empty", field=field, label=ID_LABEL)
    if len(code) not in (15, 18):
        raise InvalidCode(
            "code.length",
            field=field,
            label=ID_LABEL,
            expected=18,
            actual=len(code),
            hint="请核对证件上的号码；旧版15位号码也可直接输入，系统会自动升级为18位。",
        )
    legacy = len(code) == 15
    if legacy:
        _id_check_digits_only(code, field, "旧版15位居民身份证号码只能由数字组成。")
    else:
        _id_check_digits_only(
            code[:17], field, "居民身份证号码前17位只能是数字，字母 X 只能出现在第18位（校验码）。"
        )
        if code[17] not in "0123456789X":
            raise InvalidCode(
                "code.illegal_char",
                field=field,
                label=ID_LABEL,
                position=18,
                char=_show(code[17]),
                hint="居民身份证号码第18位（校验码）只能是数字或字母 X。",
            )

    region = code[:6]
    if region[:2] not in PROVINCE_CODES:
        raise InvalidCode(
            "code.region", field=field, label=ID_LABEL, region=region, province=region[:2]
        )

    if legacy:
        raw_birth, positions, year = code[6:12], "7–12", 1900 + int(code[6:8])
        month, day = int(code[8:10]), int(code[10:12])
    else:
        raw_birth, positions, year = code[6:14], "7–14", int(code[6:10])
        month, day = int(code[10:12]), int(code[12:14])
    reason = _birth_date_fault(year, month, day, today or date.today())
    if reason is not None:
        raise InvalidCode(
            "code.birth_date",
            field=field,
            label=ID_LABEL,
            positions=positions,
            value=raw_birth,
            reason=reason,
        )

    if legacy:
        full = id15_to_18(code)
    else:
        full = code
        expected = _id_check_value(code[:17])
        if code[17] != expected:
            raise InvalidCode(
                "code.check_char",
                field=field,
                label=ID_LABEL,
                position=18,
                expected=expected,
                actual=code[17],
            )

    return IdNumber(
        value=full,
        region_code=region,
        birth_date=date(year, month, day),
        sex="male" if int(full[16]) % 2 else "female",
        converted_from=code if legacy else None,
    )


def birth_date_of(id_number: str) -> date:
    """The birth date in positions 7–14 of an already validated 18-character ID number."""
    return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))


def age_on(birth: date, on: date) -> int:
    """Age in full years on ``on``. A 29 February birthday counts on 1 March in common years."""
    if on < birth:
        raise ValueError(f"date {on.isoformat()} is before birth date {birth.isoformat()}")
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


def mask_id_number(value: str) -> str:
    """Mask an ID number for display: ``370102********123X`` (first 6, 8 stars, last 4).

    Other lengths keep the first 3 and last 2 characters and star the rest, except that
    positions 7–14 (where a birth date would be) are always starred and at least one
    character is starred. Works on the normalised value; never raises.
    """
    if not isinstance(value, str):
        value = "" if value is None else str(value)
    code = normalize_code(value)
    n = len(code)
    if n == 18:
        return code[:6] + "*" * 8 + code[14:]
    head = min(3, max(n - 1, 0))
    tail = max(0, min(2, n - 14, n - head - 1))
    return code[:head] + "*" * (n - head - tail) + (code[n - tail :] if tail else "")


# --- classification at the window ------------------------------------------------------------


def detect_subject_code(value: str, *, hint: SubjectKind | None = None) -> tuple[SubjectKind, str]:
    """Classify and validate a code typed at the window; return ``(kind, normalised 18-char code)``.

    With ``hint`` the code is validated as that kind (natural person → ID number, otherwise
    USCC) and the hint is returned as the kind: the clerk's choice wins over the coarse kind a
    USCC implies (a 91… code may be a branch or partnership, i.e. an unincorporated body).

    Without a hint: 15 characters → ID number; 18 characters that are all digits except perhaps
    a final X → ID number if valid; an invalid one that reads like an ID number (positions 1–2 a
    province code, positions 7–8 “19” or “20”) gets its ID fault, never a USCC fallback;
    otherwise USCC if valid, else the USCC fault. Other 18-character codes →
    USCC; anything else → ``code.unknown_kind``.
    """
    if hint is SubjectKind.NATURAL_PERSON:
        return hint, validate_id_number(value).value
    if hint is not None:
        return hint, validate_uscc(value).value

    code = normalize_code(value)
    if not code:
        raise InvalidCode("code.empty", label=f"{USCC_LABEL}或{ID_LABEL}")
    if len(code) == 15:
        return SubjectKind.NATURAL_PERSON, validate_id_number(code).value
    if len(code) == 18:
        if (
            code[:17].isascii()
            and code[:17].isdigit()
            and code[17] in "0123456789X"
            and code[:2] in PROVINCE_CODES
            and code[6:8] in ("19", "20")
        ):
            # It reads like an ID number: its ID fault is the answer, never a USCC fallback (a
            # mistyped ID number would pass the weaker USCC checks about one time in 31; a
            # genuine all-digit USCC of that shape is checked with an explicit kind). Any other
            # all-digit code cannot be a valid ID number (province, birth year): USCC.
            return SubjectKind.NATURAL_PERSON, validate_id_number(code).value
        uscc = validate_uscc(code)
        return uscc.subject_kind, uscc.value
    raise InvalidCode("code.unknown_kind", value=_show_value(code), length=len(code))


# --- what screens and paper show ------------------------------------------------------------


def display_subject_code(kind: SubjectKind, code: str) -> str:
    """A subject's code as shown to anyone but the subject: a natural person's ID number is
    masked (370102********123X); an organisation's 统一社会信用代码 is public and shown in full."""
    return mask_id_number(code) if kind is SubjectKind.NATURAL_PERSON else code


def display_document_number(doc_type: IdDocType | str | None, number: str) -> str:
    """An identity document number as shown on screen and paper: a resident ID masked, an
    organisation's code in full (passport and permit numbers are shown as recorded)."""
    if doc_type is not None and IdDocType(doc_type) is IdDocType.RESIDENT_ID:
        return mask_id_number(number)
    return number
