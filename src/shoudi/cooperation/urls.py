"""东西部协作和定点帮扶 pages."""

from django.urls import URLPattern, path

from shoudi.cooperation import views, views_flows, views_rows

app_name = "cooperation"

# Each record on a pairing's page: (plural in the URL, kind, URL parameter naming the row, editable)
ROWS = [
    ("members", "member", "coop_member_id", True),
    ("funds", "fund", "coop_fund_id", True),
    ("projects", "project", "coop_link_id", False),
    ("transfers", "transfer", "coop_transfer_id", False),
    ("exchanges", "exchange", "coop_exchange_id", True),
    ("meetings", "meeting", "coop_meeting_id", True),
]

urlpatterns: list[URLPattern] = [
    path("", views.pairing_list, name="list"),
    path("new/", views.pairing_create, name="create"),
    path("summary/", views.summary_page, name="summary"),
    path("summary/export/", views.summary_export, name="summary_export"),
    path("<uuid:coop_id>/", views.pairing_detail, name="detail"),
    path("<uuid:coop_id>/edit/", views.pairing_edit, name="edit"),
    path("<uuid:coop_id>/delete/", views_rows.pairing_delete, name="delete"),
    path("<uuid:coop_id>/targets/", views_flows.targets, name="targets"),
    path("<uuid:coop_id>/members/", views_flows.member, name="member"),
    path("<uuid:coop_id>/funds/", views_flows.fund, name="fund"),
    path("<uuid:coop_id>/projects/", views_flows.project, name="project"),
    path("<uuid:coop_id>/transfers/", views_flows.transfer, name="transfer"),
    path("<uuid:coop_id>/transfers/import/", views_flows.transfer_import, name="transfer_import"),
    path("<uuid:coop_id>/exchanges/", views_flows.exchange, name="exchange"),
    path("<uuid:coop_id>/meetings/", views_flows.meeting, name="meeting"),
    path("<uuid:coop_id>/buyers/", views_flows.buyers, name="buyers"),
    path("<uuid:coop_id>/buyers/<uuid:coop_buyer_id>/withdraw/", views_rows.buyer_unlink, name="buyer_withdraw"),
]
for plural, kind, param, editable in ROWS:
    base = f"<uuid:coop_id>/{plural}/<uuid:{param}>/"
    if editable:
        urlpatterns.append(path(f"{base}edit/", views_rows.row_edit, {"kind": kind}, name=f"{kind}_edit"))
    urlpatterns.append(path(f"{base}withdraw/", views_rows.row_withdraw, {"kind": kind}, name=f"{kind}_withdraw"))
