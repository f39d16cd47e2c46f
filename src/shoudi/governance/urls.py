"""积分制和家庭文明档案 pages."""

from django.urls import path

app_name = "governance"

urlpatterns: list[path] = []  # type: ignore[valid-type]
