"""Pages of the jobs part: employers, openings (import, two lists, batch), an opening's candidates and
recommendations, a recommendation's outcome, a person's openings. Names under ``employment``."""

from django.urls import URLPattern, path

from shoudi.employment import views_jobs, views_jobs_match

urlpatterns: list[URLPattern] = [
    path("employers/", views_jobs.employer_list, name="employer_list"),
    path("employers/new/", views_jobs.employer_create, name="employer_create"),
    path("employers/<uuid:employer_id>/", views_jobs.employer_edit, name="employer_edit"),
    path("openings/", views_jobs.opening_list, name="opening_list"),
    path("openings/new/", views_jobs.opening_create, name="opening_create"),
    path("openings/import/", views_jobs.opening_import, name="opening_import"),
    path("openings/import/template/", views_jobs.opening_import_template, name="opening_import_template"),
    path("openings/two-lists/", views_jobs.two_lists_download, name="two_lists"),
    path("openings/batch/", views_jobs.batch_recommend, name="batch_recommend"),
    path("openings/<uuid:opening_id>/", views_jobs_match.opening_detail, name="opening_detail"),
    path("openings/<uuid:opening_id>/edit/", views_jobs.opening_edit, name="opening_edit"),
    path("openings/<uuid:opening_id>/status/", views_jobs_match.opening_status, name="opening_status"),
    path(
        "recommendations/<uuid:recommendation_id>/",
        views_jobs_match.recommendation_detail,
        name="recommendation_detail",
    ),
    path("persons/<uuid:person_id>/openings/", views_jobs_match.person_openings, name="person_openings"),
]
