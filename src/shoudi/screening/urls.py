from django.urls import path

from shoudi.screening import views

app_name = "screening"
urlpatterns = [
    path("", views.run_list, name="runs"),
    path("runs/<uuid:run_id>/", views.run_detail, name="run"),
    path("runs/<uuid:run_id>/status/", views.run_status, name="run_status"),
    path("matches/", views.candidate_list, name="candidates"),
    path("matches/<uuid:candidate_id>/<str:action>/", views.candidate_decide, name="candidate_decide"),
    path("register-updates/", views.register_update_list, name="register_updates"),
    path("register-updates/<uuid:register_update_id>/", views.register_update_detail, name="register_update"),
    path(
        "register-updates/<uuid:register_update_id>/done/",
        views.register_update_done,
        name="register_update_done",
    ),
    path(
        "register-updates/<uuid:register_update_id>/not-applicable/",
        views.register_update_not_applicable,
        name="register_update_not_applicable",
    ),
]
