"""Pages of the labour force database (names under the ``employment`` namespace)."""

from django.urls import URLPattern, path

from shoudi.employment import views_labour as views

urlpatterns: list[URLPattern] = [
    path("labour/", views.labour_list, name="labour"),
    path("labour/export/", views.labour_export, name="labour_export"),
    path("labour/<uuid:person_id>/", views.person_detail, name="person"),
    path("labour/<uuid:person_id>/<str:action>/", views.person_act, name="person_act"),
]
