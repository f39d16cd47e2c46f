"""Pages of the jobs part."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
