"""Pages of the 以工代赈 and reports part, and the app's home page."""

from django.urls import URLPattern, path

from shoudi.employment import views_projects

urlpatterns: list[URLPattern] = [
    path("", views_projects.home, name="home"),
]
