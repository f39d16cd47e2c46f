"""The offline app (/field/) and the devices pages (/field/devices/)."""

from django.urls import URLPattern, path

from shoudi.fieldwork import views, views_devices

app_name = "fieldwork"

urlpatterns: list[URLPattern] = [
    path("", views.shell, name="app"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="sw"),
    path("precache.json", views.precache, name="precache"),
    path("devices/", views_devices.devices, name="devices"),
    path("devices/<uuid:device_id>/", views_devices.device, name="device"),
]
