from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "shoudi.projects"
    verbose_name = "衔接资金项目库"
