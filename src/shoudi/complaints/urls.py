from django.urls import path

from shoudi.complaints import views

app_name = "complaints"
urlpatterns = [
    path("", views.complaint_list, name="list"),
    path("overdue/", views.overdue, name="overdue"),
    path("new/", views.complaint_create, name="create"),
    path("<uuid:complaint_id>/", views.complaint_detail, name="detail"),
    path("<uuid:complaint_id>/reveal-phone/", views.complaint_reveal_phone, name="reveal_phone"),
    path("<uuid:complaint_id>/<str:action>/", views.complaint_act, name="act"),
]
