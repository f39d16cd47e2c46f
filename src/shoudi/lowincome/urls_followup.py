"""Pages of 跟踪核查: the due / overdue / 渐退期 lists, recording a verification visit, the written notice of a
stop. Names under the ``lowincome`` namespace, prefixed ``followup``."""

from django.urls import path

from shoudi.lowincome import views_followup as views

urlpatterns = [
    path("follow-ups/", views.followup_queue, {"state": "due"}, name="followups"),
    path("follow-ups/overdue/", views.followup_queue, {"state": "overdue"}, name="followups_overdue"),
    path("follow-ups/phasing-out/", views.followup_queue, {"state": "phasing"}, name="followups_phasing"),
    path("follow-ups/<uuid:followup_id>/notice/", views.followup_notice, name="followup_notice"),
    path("memberships/<uuid:membership_id>/follow-up/", views.followup_record, name="followup_record"),
]
