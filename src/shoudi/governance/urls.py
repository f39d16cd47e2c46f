"""积分制和家庭文明档案 pages, mounted at /governance/. The public board (no login) is /governance/board/<token>/."""

from django.urls import URLPattern, path

from shoudi.governance import views, views_files, views_reviews, views_rules, views_shop

app_name = "governance"

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("village/<str:code>/", views.village, name="village"),
    path("village/<str:code>/ranking/", views.ranking, name="ranking"),
    path("village/<str:code>/board/", views.board_issue, name="board_issue"),
    path("village/<str:code>/board/revoke/", views.board_revoke, name="board_revoke"),
    path("board/<str:token>/", views.public_board, name="board"),
    path("village/<str:code>/rulebooks/", views_rules.rulebooks_page, name="rulebooks"),
    path("rulebooks/<uuid:rulebook_id>/", views_rules.rulebook, name="rulebook"),
    path("rulebooks/<uuid:rulebook_id>/rules/", views_rules.rule_add, name="rule_add"),
    path("rulebooks/<uuid:rulebook_id>/adopt/", views_rules.adopt, name="adopt"),
    path("rulebooks/<uuid:rulebook_id>/minutes/", views_rules.minutes, name="minutes"),
    path("rules/<uuid:rule_id>/", views_rules.rule_edit, name="rule_edit"),
    path("rules/<uuid:rule_id>/delete/", views_rules.rule_delete, name="rule_delete"),
    path("households/<uuid:household_id>/", views_files.household_file, name="file"),
    path("households/<uuid:household_id>/entries/", views_files.entry_propose, name="entry_propose"),
    path("entries/<uuid:gov_entry_id>/correction/", views_files.entry_correct, name="entry_correct"),
    path("entries/<uuid:gov_entry_id>/photo/", views_files.entry_photo, name="entry_photo"),
    path("village/<str:code>/reviews/", views_reviews.reviews_page, name="reviews"),
    path("reviews/<uuid:review_id>/", views_reviews.review, name="review"),
    path("reviews/<uuid:review_id>/decide/", views_reviews.decide, name="review_decide"),
    path("reviews/<uuid:review_id>/close/", views_reviews.close, name="review_close"),
    path("village/<str:code>/shop/", views_shop.shop_page, name="shop"),
    path("village/<str:code>/shop/redeem/", views_shop.redeem, name="redeem"),
    path("shop/items/<uuid:shop_item_id>/", views_shop.item_edit, name="item_edit"),
]
