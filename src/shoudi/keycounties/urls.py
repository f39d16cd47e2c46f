"""乡村振兴重点帮扶县 pages."""

from django.urls import path

app_name = "keycounties"

urlpatterns: list[path] = []  # type: ignore[valid-type]
