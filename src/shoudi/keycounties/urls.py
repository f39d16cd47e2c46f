"""乡村振兴重点帮扶县 pages, mounted at /key-counties/."""

from django.urls import URLPattern, path

from shoudi.keycounties import views, views_figures

app_name = "keycounties"

urlpatterns: list[URLPattern] = [
    path("", views.key_county_list, name="list"),
    path("designate/", views.key_county_designate, name="designate"),
    path("<uuid:key_county_id>/", views.key_county_detail, name="detail"),
    path("<uuid:designation_id>/remove/", views.key_county_remove, name="remove"),
    path("<uuid:key_county_id>/measures/new/", views.measure_create, name="measure_create"),
    path("measures/<uuid:support_measure_id>/edit/", views.measure_edit, name="measure_edit"),
    path("<uuid:key_county_id>/indicators/", views_figures.indicators, name="indicators"),
    path("<uuid:key_county_id>/values/", views_figures.value_enter, name="value_enter"),
    path("<uuid:key_county_id>/evaluation/<int:year>/", views_figures.evaluation_sheet, name="evaluation"),
    path("<uuid:key_county_id>/evaluation/<int:year>/xlsx/", views_figures.evaluation_export, name="evaluation_xlsx"),
]
