from django.contrib.auth import views as auth_views
from django.urls import path

from shoudi.accounts import views, views_import
from shoudi.accounts.forms import LoginForm

app_name = "accounts"
urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", authentication_form=LoginForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.password_change_view, name="password_change"),
    path("users/", views.user_list, name="users"),
    path("users/new/", views.user_create, name="user_create"),
    path("users/areas/", views.area_options, name="area_options"),
    path("users/import/", views_import.import_upload, name="import"),
    path("users/import/<uuid:batch_id>/", views_import.import_batch, name="import_batch"),
    path("users/import/<uuid:batch_id>/passwords/", views_import.import_passwords, name="import_passwords"),
    path("users/<int:user_id>/", views.user_detail, name="user_detail"),
    path("users/<int:user_id>/edit/", views.user_edit, name="user_edit"),
    path("users/<int:user_id>/deactivate/", views.user_deactivate, name="user_deactivate"),
    path("users/<int:user_id>/reactivate/", views.user_reactivate, name="user_reactivate"),
    path("users/<int:user_id>/reset-password/", views.user_reset_password, name="user_reset_password"),
]
