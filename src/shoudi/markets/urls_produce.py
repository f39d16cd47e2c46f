"""Pages of the markets ledgers: produce."""

from django.urls import path

urlpatterns: list[path] = []  # type: ignore[valid-type]
