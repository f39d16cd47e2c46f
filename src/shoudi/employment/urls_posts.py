"""Pages of the posts part."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
