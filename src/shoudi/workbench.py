"""工作台, the home page: the counts of the user's area and each app's task panel. It sits above every app
(it reads the registry's counts and includes the panels of monitoring, assets and screening), so it lives here
and not in core."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from shoudi.registry.selectors import area_counts


@login_required
@require_GET
def workbench(request: HttpRequest) -> HttpResponse:
    """工作台: counts for the user's area; other apps add their task panels here."""
    return render(request, "core/workbench.html", {"counts": area_counts(request.user)})
