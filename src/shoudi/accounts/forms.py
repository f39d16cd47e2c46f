from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator

from shoudi.core.forms import ERROR_MESSAGES, plain_chinese


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": "用户名或密码错误。连续多次错误后账号将被暂时锁定。",
        "inactive": "该账号已停用。",
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        # Django sets the length on the widget only: an over-long name would be tried as a login.
        username.validators.append(
            MaxLengthValidator(self.username_field.max_length or 150, ERROR_MESSAGES["max_length"])
        )
        for field in self.fields.values():
            plain_chinese(field)
