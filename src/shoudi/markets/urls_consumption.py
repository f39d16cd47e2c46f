"""Pages of the markets ledgers: consumption."""

from django.urls import path

urlpatterns: list[path] = []  # type: ignore[valid-type]
