from django.urls import path

from shoudi.income import views

app_name = "income"
urlpatterns = [
    path("<uuid:household_id>/", views.sheet_latest, name="latest"),
    path("<uuid:household_id>/<int:year>/", views.sheet_page, name="sheet"),
]
