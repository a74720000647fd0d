"""Check digits of the national code standards, as pure functions.

`*_problem()` says what is wrong in Chinese and English (None when the code is good); `*_valid()`
is its yes/no. Codes are taken exactly as given: callers strip spaces and upper-case first.
"""

import datetime as dt

# GB 32100-2015 统一社会信用代码: 31 characters (no I, O, Z, S, V); weight of position i is 3**i mod 31.
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]

# GB 11643-1999 公民身份号码: 17 digits and an ISO 7064 MOD 11-2 check character.
ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
ID_CHECK = "10X98765432"

Problem = tuple[str, str]


def uscc_check_char(body17: str) -> str:
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body17, USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def uscc_problem(code: str) -> Problem | None:
    if len(code) != 18:
        return (f"统一社会信用代码应为18位，实际为{len(code)}位",
                f"the unified social credit code must have 18 characters, not {len(code)}")
    bad = sorted({c for c in code if c not in USCC_ALPHABET})
    if bad:
        return (f"统一社会信用代码含有不允许的字符：{' '.join(bad)}"
                "（只允许数字和除I、O、Z、S、V外的大写字母）",
                f"the unified social credit code contains characters not allowed: {' '.join(bad)} "
                "(only digits and capital letters other than I, O, Z, S, V)")
    if uscc_check_char(code[:17]) != code[17]:
        return ("统一社会信用代码校验位不正确，请核对是否输错",
                "the check character of the unified social credit code is wrong; please check for a typo")
    return None


def uscc_valid(code: str) -> bool:
    return uscc_problem(code) is None


def id_check_char(body17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS, strict=True)) % 11]


def id_birth_date(num: str) -> dt.date | None:
    """The birth date written in positions 7–14 of an 18-character ID number, if it is a real date."""
    part = num[6:14]
    if len(num) != 18 or not part.isdigit():
        return None
    try:
        return dt.date(int(part[:4]), int(part[4:6]), int(part[6:]))
    except ValueError:
        return None


def id_number_problem(num: str) -> Problem | None:
    if len(num) != 18:
        return (f"身份证号码应为18位，实际为{len(num)}位",
                f"the ID card number must have 18 characters, not {len(num)}")
    if not (num[:17].isascii() and num[:17].isdigit()) or num[17] not in "0123456789X":
        return ("身份证号码应为17位数字加1位校验码（数字或大写X）",
                "the ID card number must be 17 digits followed by a check digit (0-9 or capital X)")
    if id_birth_date(num) is None:
        return (f"身份证号码中的出生日期{num[6:14]}不是有效日期",
                f"the birth date {num[6:14]} inside the ID card number is not a real date")
    if id_check_char(num[:17]) != num[17]:
        return ("身份证号码校验码不正确，请核对是否输错",
                "the check digit of the ID card number is wrong; please check for a typo")
    return None


def id_number_valid(num: str) -> bool:
    return id_number_problem(num) is None


def id_sex(num: str) -> str | None:
    """"M" when the 17th digit is odd, "F" when even; None for a malformed number."""
    if len(num) != 18 or num[16] not in "0123456789":
        return None
    return "M" if int(num[16]) % 2 else "F"
