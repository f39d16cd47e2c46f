from django.urls import path

from shoudi.assets import views, views_flow, views_io

app_name = "assets"
urlpatterns = [
    path("", views.asset_list, name="list"),
    path("new/", views.asset_create, name="create"),
    path("warnings/", views_flow.warning_list, name="warnings"),
    path("notices/", views_flow.notices, name="notices"),
    path("writeoffs/", views_flow.writeoff_ledger, name="writeoffs"),
    path("writeoffs/<uuid:writeoff_id>/act/<slug:action>/", views_flow.writeoff_act, name="writeoff_act"),
    path("plans/<uuid:plan_id>/", views_flow.plan_detail, name="plan"),
    path("plans/<uuid:plan_id>/act/<slug:action>/", views_flow.plan_act, name="plan_act"),
    path("disposals/<uuid:disposal_id>/", views_flow.disposal_detail, name="disposal"),
    path("disposals/<uuid:disposal_id>/act/<slug:action>/", views_flow.disposal_act, name="disposal_act"),
    path("documents/<uuid:document_id>/", views.document_download, name="document"),
    path("import/", views_io.import_upload, name="import"),
    path("import/<uuid:batch_id>/", views_io.import_batch, name="import_batch"),
    path("export/", views_io.export_ledgers, name="export"),
    path("<uuid:asset_id>/", views.asset_detail, name="detail"),
    path("<uuid:for_asset_id>/plans/new/", views_flow.plan_create, name="plan_create"),
    path("<uuid:asset_id>/act/<slug:action>/", views.asset_act, name="act"),
]
