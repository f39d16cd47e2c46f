"""常态化帮扶 pages: the register and referrals (urls_register), follow-ups (urls_followup), entitlements and
reports (urls_entitlements)."""

from shoudi.lowincome import urls_entitlements, urls_followup, urls_register

app_name = "lowincome"

urlpatterns = [*urls_register.urlpatterns, *urls_followup.urlpatterns, *urls_entitlements.urlpatterns]
