from django.urls import path

from shoudi.income import views_io

app_name = "income_io"
urlpatterns = [
    path("", views_io.index, name="index"),
    path("import/", views_io.import_upload, name="import"),
    path("export/", views_io.export_start, name="export"),
    path("template.xlsx", views_io.template_download, name="template"),
]
