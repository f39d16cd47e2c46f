from django.urls import path

from shoudi.registry import views_io

app_name = "registry_io"
urlpatterns = [
    path("", views_io.index, name="index"),
    path("import/", views_io.import_upload, name="import"),
    path("export/", views_io.export_start, name="export"),
    path("template.<str:fmt>", views_io.template_download, name="template"),
]
