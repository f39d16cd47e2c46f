"""Pages of the markets ledgers: 农副产品滞销监测预警 under /markets/produce/."""

from django.urls import path

from shoudi.markets import views_produce as views
from shoudi.markets import views_produce_imports as imports
from shoudi.markets import views_produce_warnings as warnings

urlpatterns = [
    path("produce/", views.home, name="produce_home"),
    path("produce/commodities/new/", views.commodity_create, name="produce_commodity_create"),
    path("produce/commodities/<uuid:commodity_id>/", views.commodity_detail, name="produce_commodity"),
    path("produce/commodities/<uuid:commodity_id>/edit/", views.commodity_edit, name="produce_commodity_edit"),
    path("produce/commodities/<uuid:commodity_id>/entry/", views.observation_entry, name="produce_observation"),
    path("produce/commodities/<uuid:commodity_id>/growers/", views.grower_add, name="produce_grower_add"),
    path("produce/import/", imports.import_series, name="produce_import"),
    path("produce/import/template/", imports.series_template, name="produce_import_template"),
    path("produce/growers/import/", imports.import_growers, name="produce_grower_import"),
    path("produce/growers/import/template/", imports.growers_template, name="produce_grower_import_template"),
    path("produce/check/", views.check_start, name="produce_check"),
    path("produce/warnings/", warnings.warning_list, name="produce_warnings"),
    path("produce/warnings/<uuid:warning_id>/", warnings.warning_detail, name="produce_warning"),
    path("produce/warnings/<uuid:warning_id>/responses/", warnings.response_create, name="produce_response"),
    path("produce/warnings/<uuid:warning_id>/close/", warnings.warning_close, name="produce_close"),
]
