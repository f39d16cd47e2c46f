"""Pages of 公益性岗位: the posts, a post's page with hiring, exit and abolishing, the monthly pay sheet of a
village (or township) and its Excel export, and last month's unpaid holdings. Names under the ``employment``
namespace, prefixed ``post``."""

from django.urls import URLPattern, path

from shoudi.employment import views_post_pay, views_posts

urlpatterns: list[URLPattern] = [
    path("posts/", views_posts.post_list, name="posts"),
    path("posts/vacant/", views_posts.post_vacant, name="posts_vacant"),
    path("posts/new/", views_posts.post_create, name="post_create"),
    path("posts/<uuid:post_id>/", views_posts.post_detail, name="post_detail"),
    path("posts/<uuid:post_id>/edit/", views_posts.post_edit, name="post_edit"),
    path("posts/<uuid:post_id>/hire/", views_posts.post_hire, name="post_hire"),
    path("posts/<uuid:post_id>/abolish/", views_posts.post_abolish, name="post_abolish"),
    path("posts/holdings/<uuid:holding_id>/exit/", views_posts.post_exit, name="post_exit"),
    path("posts/pay/unpaid/", views_post_pay.post_pay_due, name="post_pay_due"),
    path("posts/pay/<str:code>/", views_post_pay.post_pay_sheet, name="post_pay"),
    path("posts/pay/<str:code>/export/", views_post_pay.post_pay_export, name="post_pay_export"),
]
