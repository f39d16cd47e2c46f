"""东西部协作和定点帮扶 pages."""

from django.urls import URLPattern, path

from shoudi.cooperation import views, views_flows

app_name = "cooperation"

urlpatterns: list[URLPattern] = [
    path("", views.pairing_list, name="list"),
    path("new/", views.pairing_create, name="create"),
    path("summary/", views.summary_page, name="summary"),
    path("summary/export/", views.summary_export, name="summary_export"),
    path("<uuid:coop_id>/", views.pairing_detail, name="detail"),
    path("<uuid:coop_id>/edit/", views.pairing_edit, name="edit"),
    path("<uuid:coop_id>/targets/", views_flows.targets, name="targets"),
    path("<uuid:coop_id>/members/", views_flows.member, name="member"),
    path("<uuid:coop_id>/funds/", views_flows.fund, name="fund"),
    path("<uuid:coop_id>/projects/", views_flows.project, name="project"),
    path("<uuid:coop_id>/transfers/", views_flows.transfer, name="transfer"),
    path("<uuid:coop_id>/transfers/import/", views_flows.transfer_import, name="transfer_import"),
    path("<uuid:coop_id>/exchanges/", views_flows.exchange, name="exchange"),
    path("<uuid:coop_id>/meetings/", views_flows.meeting, name="meeting"),
    path("<uuid:coop_id>/buyers/", views_flows.buyers, name="buyers"),
]
