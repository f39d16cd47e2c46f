from django.urls import path

from shoudi.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.household_list, name="list"),
    path("villages/", views.village_options, name="village_options"),
    path("new/", views.household_create, name="create"),
    path("<uuid:household_id>/", views.household_detail, name="detail"),
    path("<uuid:household_id>/edit/", views.household_edit, name="edit"),
    path("<uuid:household_id>/reveal-phone/", views.reveal_phone, name="reveal_phone"),
    path("<uuid:household_id>/members/new/", views.member_add, name="member_add"),
    path("person/<uuid:person_id>/edit/", views.member_edit, name="member_edit"),
    path("person/<uuid:person_id>/remove/", views.member_remove, name="member_remove"),
    path("person/<uuid:person_id>/reveal/", views.reveal_id, name="reveal_id"),
]
