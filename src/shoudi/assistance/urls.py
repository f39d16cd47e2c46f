from django.urls import path

from shoudi.assistance import views

app_name = "assistance"
urlpatterns = [
    path("<uuid:case_id>/plan/", views.plan_edit, name="plan"),
    path("<uuid:case_id>/measures/new/", views.measure_add, name="measure_add"),
    path("measures/<uuid:measure_id>/", views.measure_edit, name="measure_edit"),
    path("<uuid:case_id>/visits/new/", views.visit_add, name="visit_add"),
    path("visits/", views.visits_due, name="visits_due"),
    path("visits/<uuid:visit_id>/photo/", views.visit_photo, name="visit_photo"),
    path("fast-track/", views.fast_track, name="fast_track"),
]
