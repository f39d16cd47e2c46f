"""Pages of the 以工代赈 and reports part, and the app's home page (thin: forms in, services, selectors out)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from shoudi.employment.access import VIEW, require_may


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """就业帮扶: the area's figures and the way into each ledger."""
    require_may(request.user, VIEW)
    return render(request, "employment/home.html", {})
