from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator

from shoudi.accounts.roles import Department, Role
from shoudi.core.forms import ERROR_MESSAGES, Form, plain_chinese


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


# ---- the administrator's pages -----------------------------------------------------------------------------------

ROLE_CHOICES = [(r.value, "系统管理员（省级、市级或县级，按负责区域）" if r == Role.ADMIN else r.label) for r in Role]
AREA_HELP = "输入区划代码或名称查找（如“当造村”或 520628101203）；级别须与角色相符"


def _area_field(options_url: str, *, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label="负责区域（区划代码）",
        max_length=12,
        required=required,
        help_text=AREA_HELP,
        widget=forms.TextInput(
            attrs={
                "list": "area-options",
                "autocomplete": "off",
                "hx-get": options_url,
                "hx-trigger": "input changed delay:400ms",
                "hx-target": "#area-options",
                "hx-swap": "innerHTML",
                "hx-sync": "this:replace",
            }
        ),
    )


class UserFilterForm(Form):
    q = forms.CharField(label="姓名、用户名或手机号", required=False, max_length=50)
    role = forms.ChoiceField(label="角色", required=False, choices=[("", "全部角色"), *ROLE_CHOICES])
    area = forms.CharField(label="区划代码", required=False, max_length=12)
    department = forms.ChoiceField(label="部门", required=False, choices=[("", "全部部门"), *Department.choices])
    active = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), ("1", "在用"), ("0", "已停用")])


class UserEditForm(Form):
    full_name = forms.CharField(label="姓名", max_length=50)
    role = forms.ChoiceField(label="角色", choices=[("", "请选择角色"), *ROLE_CHOICES])
    department = forms.ChoiceField(
        label="所属部门", required=False, choices=[("", "（部门数据员必选）"), *Department.choices]
    )
    phone = forms.CharField(label="手机号", max_length=20, required=False)

    def __init__(self, *args: Any, options_url: str, phone_hint: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"] = _area_field(options_url)
        self.order_fields(["username", "full_name", "role", "area", "department", "phone"])
        if phone_hint:
            self.fields["phone"].help_text = f"当前 {phone_hint}；留空则不修改"


class UserCreateForm(UserEditForm):
    username = forms.CharField(
        label="用户名",
        max_length=150,
        help_text="登录名：字母、数字和 @ . + - _",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )


class DeactivateForm(Form):
    reason = forms.CharField(label="停用原因", max_length=200, help_text="如：调离、退休")


class PasswordChangeForm(Form):
    old_password = forms.CharField(
        label="原密码（或一次性密码）",
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password1 = forms.CharField(
        label="新密码",
        max_length=128,
        help_text="至少 10 个字符，不能全是数字，不能是常见密码，不能与用户名、姓名太相似",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label="再次输入新密码", max_length=128, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )


class ImportUploadForm(Form):
    file = forms.FileField(label="账号表（.xlsx）", help_text="用下方的导入模板填写；一次最多 3000 个账号")


class ImportConfirmForm(Form):
    valid_only = forms.BooleanField(label="只导入无误的行（有错误的行不创建，修改后另行上传）", required=False)
