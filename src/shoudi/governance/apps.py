from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "shoudi.governance"
    label = "governance"
    verbose_name = "积分制和家庭文明档案"
