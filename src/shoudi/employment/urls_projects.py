"""Pages of 就业帮扶车间, 以工代赈 and the app's home page."""

from django.urls import URLPattern, path

from shoudi.employment import views_projects, views_projects_workshops

urlpatterns: list[URLPattern] = [
    path("", views_projects.home, name="home"),
    path("workshops/", views_projects_workshops.workshop_list, name="workshops"),
    path("workshops/new/", views_projects_workshops.workshop_create, name="workshop_create"),
    path("workshops/<uuid:workshop_id>/", views_projects_workshops.workshop_detail, name="workshop_detail"),
    path("workshops/<uuid:workshop_id>/edit/", views_projects_workshops.workshop_edit, name="workshop_edit"),
    path("workshops/<uuid:workshop_id>/subsidies/", views_projects_workshops.workshop_subsidy, name="workshop_subsidy"),
    path("workshops/<uuid:workshop_id>/review/", views_projects_workshops.workshop_review, name="workshop_review"),
    path("relief/", views_projects.relief_list, name="relief"),
    path("relief/mark/", views_projects.relief_mark, name="relief_mark"),
    path("relief/lagging/", views_projects.relief_lagging, name="relief_lagging"),
    path("relief/<uuid:relief_project_id>/", views_projects.relief_project, name="relief_project"),
    path("relief/<uuid:relief_project_id>/sheet/", views_projects.relief_sheet, name="relief_sheet"),
]
