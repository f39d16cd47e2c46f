"""Pages of the labour part."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
