from django.urls import path

from shoudi.api.docs import ASSETS, asset_url_name, asset_view
from shoudi.api.main import api

urlpatterns = [
    *(path(f"docs/{name}", asset_view(name), name=asset_url_name(name)) for name in ASSETS),
    path("", api.urls),
]
