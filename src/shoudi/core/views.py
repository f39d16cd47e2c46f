from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shoudi.registry.selectors import area_counts


@login_required
def workbench(request: HttpRequest) -> HttpResponse:
    """工作台: counts for the user's area; other apps add their task panels here."""
    return render(request, "core/workbench.html", {"counts": area_counts(request.user)})
