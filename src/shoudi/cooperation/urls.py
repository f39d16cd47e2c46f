"""东西部协作和定点帮扶 pages."""

from django.urls import path

app_name = "cooperation"

urlpatterns: list[path] = []  # type: ignore[valid-type]
