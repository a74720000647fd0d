import re
from typing import Any

from django.core.exceptions import ValidationError

from accounts.roles import OFFICIAL_ROLES

MAX_LENGTH = 64
OFFICIAL_MIN_LENGTH = 12


class MaximumLengthValidator:
    def validate(self, password: str, user: Any = None) -> None:
        if len(password) > MAX_LENGTH:
            raise ValidationError(f"密码不能超过{MAX_LENGTH}个字符 / at most {MAX_LENGTH} characters",
                                  code="password_too_long")

    def get_help_text(self) -> str:
        return f"At most {MAX_LENGTH} characters."


class OfficialPasswordValidator:
    """Security decision 1, officials only: 12 characters and three of four character classes."""

    def validate(self, password: str, user: Any = None) -> None:
        if user is None or getattr(user, "role", None) not in OFFICIAL_ROLES:
            return
        if len(password) < OFFICIAL_MIN_LENGTH:
            raise ValidationError("工作人员密码至少12个字符 / officials need at least 12 characters",
                                  code="password_too_short")
        classes = sum(bool(re.search(p, password)) for p in (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^a-zA-Z0-9]"))
        if classes < 3:
            raise ValidationError("工作人员密码须包含大写、小写、数字、符号中的三类 / "
                                  "use three of: lower, upper, digit, symbol", code="password_classes")

    def get_help_text(self) -> str:
        return "Officials: at least 12 characters from three of four character classes."
