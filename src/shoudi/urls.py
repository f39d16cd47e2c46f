from django.urls import include, path

from shoudi import workbench

urlpatterns = [
    path("", include(([path("", workbench.workbench, name="workbench")], "core"))),
    path("accounts/", include("shoudi.accounts.urls")),
    path("regions/", include("shoudi.regions.urls")),
    path("households/", include("shoudi.registry.urls")),
    path("data/", include("shoudi.registry.urls_io")),
    path("jobs/", include("shoudi.jobs.urls")),
    path("policy/", include("shoudi.policy.urls")),
    path("monitoring/", include("shoudi.monitoring.urls")),
    path("apply/", include("shoudi.monitoring.urls_public")),  # public: a household applies online
    path("assistance/", include("shoudi.assistance.urls")),
    path("projects/", include("shoudi.projects.urls")),
    path("assets/", include("shoudi.assets.urls")),
    path("feeds/", include("shoudi.feeds.urls")),
    path("screening/", include("shoudi.screening.urls")),
    path("reports/", include("shoudi.reports.urls")),
    path("income/", include("shoudi.income.urls")),
    path("income/data/", include("shoudi.income.urls_io")),
    path("pairing/", include("shoudi.pairing.urls")),
    path("rounds/", include("shoudi.rounds.urls")),
    path("complaints/", include("shoudi.complaints.urls")),
    path("low-income/", include("shoudi.lowincome.urls")),
    path("employment/", include("shoudi.employment.urls")),
    path("cooperation/", include("shoudi.cooperation.urls")),
    path("markets/", include("shoudi.markets.urls")),
    path("governance/", include("shoudi.governance.urls")),
    path("key-counties/", include("shoudi.keycounties.urls")),
    path("field/", include("shoudi.fieldwork.urls")),  # the offline phone app (PWA) and its sync API
    path("household-codes/", include("shoudi.hhcodes.urls")),
    path("c/", include("shoudi.hhcodes.urls_public")),  # public: the page a household's QR code opens
    path("report/", include("shoudi.complaints.urls_public")),  # public: 12317 and 社会监督 online
    path("api/", include("shoudi.api.urls")),
]
