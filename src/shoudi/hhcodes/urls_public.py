from django.urls import path  # noqa: F401

app_name = "hhcodes_public"
urlpatterns: list = []
