from django.urls import path

from shoudi.projects import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_create, name="create"),
    path("notices/<slug:stage>/", views.project_notices, name="notices"),
    path("<uuid:project_id>/", views.project_detail, name="detail"),
    path("<uuid:project_id>/edit/", views.project_edit, name="edit"),
    path("<uuid:project_id>/act/<slug:action>/", views.project_act, name="act"),
]
