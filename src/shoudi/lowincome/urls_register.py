"""Pages of the register and the referrals to 民政 (names under the ``lowincome`` namespace)."""

from django.urls import path

from shoudi.lowincome import views_register as views

urlpatterns = [
    path("", views.register, name="register"),
    path("households/<uuid:household_id>/", views.household_detail, name="household"),
    path("households/<uuid:household_id>/<str:action>/", views.household_act, name="household_act"),
    path("referrals/", views.referral_list, name="referrals"),
    path("referrals/<uuid:referral_id>/", views.referral_detail, name="referral"),
    path("referrals/<uuid:referral_id>/<str:action>/", views.referral_act, name="referral_act"),
    path("classify/", views.classify_run, name="classify"),
]
