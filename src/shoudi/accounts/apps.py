from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "shoudi.accounts"
    verbose_name = "用户与权限"
