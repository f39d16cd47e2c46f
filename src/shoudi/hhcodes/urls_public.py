"""The page a household's QR code opens, mounted at /c/ (public: no login)."""

from django.urls import URLPattern, path

from shoudi.hhcodes import views_public

app_name = "hhcodes_public"

urlpatterns: list[URLPattern] = [
    path("<str:token>/", views_public.report, name="report"),
]
