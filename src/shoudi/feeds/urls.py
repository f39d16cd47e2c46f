from django.urls import path

from shoudi.feeds import views

app_name = "feeds"
urlpatterns = [
    path("", views.index, name="index"),
    path("upload/", views.upload, name="upload"),
    path("templates/<str:source>.<str:fmt>", views.template, name="template"),
    path("mappings/", views.mappings, name="mappings"),
    path("mappings/<str:source>/", views.mapping_edit, name="mapping"),
    path("batches/<uuid:batch_id>/", views.batch_detail, name="batch"),
    path("batches/<uuid:batch_id>/status/", views.batch_status, name="status"),
    path("batches/<uuid:batch_id>/apply/", views.batch_apply, name="apply"),
    path("batches/<uuid:batch_id>/file/", views.batch_file, name="file"),
    path("batches/<uuid:batch_id>/rejected/", views.batch_rejected, name="rejected"),
    path("batches/<uuid:batch_id>/unmatched/", views.batch_unmatched, name="unmatched"),
]
