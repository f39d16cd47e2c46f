from django.urls import path

from shoudi.screening import views

app_name = "screening"
urlpatterns = [
    path("", views.run_list, name="runs"),
    path("runs/<uuid:run_id>/", views.run_detail, name="run"),
    path("matches/", views.candidate_list, name="candidates"),
    path("matches/<uuid:candidate_id>/<str:action>/", views.candidate_decide, name="candidate_decide"),
    path("tasks/", views.task_list, name="tasks"),
    path("tasks/<uuid:registry_task_id>/", views.task_detail, name="task"),
    path("tasks/<uuid:registry_task_id>/done/", views.task_done, name="task_done"),
    path("tasks/<uuid:registry_task_id>/not-applicable/", views.task_not_applicable, name="task_not_applicable"),
]
