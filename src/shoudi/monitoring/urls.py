from django.urls import path

from shoudi.monitoring import views, views_checks, views_leads, views_notices

app_name = "monitoring"
urlpatterns = [
    path("", views.case_list, name="cases"),
    path("<uuid:case_id>/", views.case_detail, name="case"),
    path("<uuid:case_id>/act/<slug:action>/", views.case_act, name="act"),
    path("<uuid:case_id>/assign/", views_leads.case_assign, name="assign"),
    path("<uuid:case_id>/files/<uuid:attachment_id>/", views.attachment_download, name="attachment"),
    path("leads/", views_leads.lead_list, name="leads"),
    path("leads/new/", views_leads.lead_create, name="lead_create"),
    path("leads/<uuid:lead_id>/", views_leads.lead_detail, name="lead"),
    path("leads/<uuid:lead_id>/<slug:action>/", views_leads.lead_act, name="lead_act"),
    path("notices/", views_notices.notice_list, name="notices"),
    path("notices/new/", views_notices.notice_create, name="notice_create"),
    path("notices/<uuid:notice_id>/", views_notices.notice_detail, name="notice"),
    path("notices/<uuid:notice_id>/print/", views_notices.notice_print, name="notice_print"),
    path("notices/<uuid:notice_id>/objections/", views_notices.objection_add, name="objection_add"),
    path("objections/<uuid:objection_id>/resolve/", views_notices.objection_resolve, name="objection_resolve"),
    path("checks/", views_notices.check_list, name="checks"),
    path("checks/run/", views_notices.check_run, name="check_run"),
    path("checks/<slug:name>/", views_notices.check_findings, name="check"),
]
urlpatterns += [
    path("<uuid:case_id>/exclusions/", views_checks.exclusion_decide, name="exclusion_decide"),
    path(
        "<uuid:case_id>/exclusions/<uuid:decision_id>/withdraw/",
        views_checks.exclusion_withdraw,
        name="exclusion_withdraw",
    ),
    path("announcements/", views_checks.announcement_list, name="announcements"),
    path("announcements/new/", views_checks.announcement_create, name="announcement_create"),
    path("announcements/<uuid:announcement_id>/", views_checks.announcement_print, name="announcement"),
]
urlpatterns += [
    path("applications/<uuid:application_id>/", views_leads.application_detail, name="application"),
    path("applications/<uuid:application_id>/<slug:action>/", views_leads.application_act, name="application_act"),
]
