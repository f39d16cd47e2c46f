"""Pages of the low-income register (placeholder until filled)."""

urlpatterns: list = []
