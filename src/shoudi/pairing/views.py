"""Pages of 结对帮扶: the village page (tick households, choose a cadre, pair or end) and the spreadsheet
import with its template. Township reviewers and county officers (``ASSIGN_HELPERS``)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods

from shoudi.core.access import Capability, NotVisible, require
from shoudi.core.exports import XLSX_TYPE, export_bytes
from shoudi.core.forms import posted, submit
from shoudi.core.views import actor
from shoudi.pairing import imports, selectors, services
from shoudi.pairing.forms import END, AssignForm, ImportForm, VillageForm
from shoudi.registry.io.errors import ImportRefused


def _cadre_label(cadre: object) -> str:
    area = getattr(cadre, "area", None)
    return f"{cadre.display_name}（{area.name if area else ''}）"  # type: ignore[attr-defined]


@require_http_methods(["GET", "POST"])
@login_required
def assign(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require(user, Capability.ASSIGN_HELPERS)
    villages = selectors.villages_for(user)
    picker = VillageForm(request.GET or None, villages=[(v.code, v.name) for v in villages])
    code = request.GET.get("village", "")
    context: dict[str, object] = {"picker": picker}
    if not code:
        return render(request, "pairing/assign.html", context)
    village = villages.filter(code=code).first()
    if village is None:
        raise NotVisible()
    rows = selectors.village_rows(user, village.code)
    cadres = list(selectors.cadres_for_village(village.code).select_related("area"))
    form = AssignForm(
        posted(request),
        households=[(r["household"].number, r["household"].number) for r in rows],
        cadres=[(c.username, _cadre_label(c)) for c in cadres],
    )

    def act() -> str:
        data = form.cleaned_data
        chosen = [r["household"] for r in rows if r["household"].number in set(data["households"])]
        cadre = next(c for c in cadres if c.username == data["cadre"])
        if data["action"] == END:
            ended = services.pairings_end(by=user, households=chosen, cadre=cadre, until=data["on"])
            return f"已解除 {ended} 户与{cadre.display_name}的结对"
        done = services.pairings_assign(by=user, households=chosen, cadre=cadre, since=data["on"])
        extra = f"，{done.already} 户原已结对" if done.already else ""
        return f"已为 {done.created} 户安排帮扶责任人{cadre.display_name}{extra}"

    if submit(request, form, act, success=lambda text: text) is not None:
        return redirect(f"{request.path}?village={village.code}")
    context.update({"village": village, "rows": rows, "form": form, "cadres": cadres})
    return render(request, "pairing/assign.html", context, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
@login_required
def import_view(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require(user, Capability.ASSIGN_HELPERS)
    if request.method == "GET" and request.GET.get("template") == "1":
        response = HttpResponse(export_bytes(imports.write_template), content_type=XLSX_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, "结对帮扶导入模板.xlsx") or ""
        return response
    form = ImportForm(posted(request), request.FILES or None)

    def run() -> imports.Outcome:
        upload = form.cleaned_data["file"]
        suffix = Path(str(upload.name)).suffix.lower()[:8]
        with tempfile.NamedTemporaryFile(suffix=suffix) as fh:
            for chunk in upload.chunks():
                fh.write(chunk)
            fh.flush()
            try:
                return imports.pairing_import(
                    by=user, path=fh.name, name=str(upload.name), valid_only=form.cleaned_data["valid_only"]
                )
            except ImportRefused as exc:
                raise ValidationError({"file": str(exc)}) from None

    outcome = submit(request, form, run, success=_import_message)
    status = 200
    if request.method == "POST" and (outcome is None or not outcome.written):
        status = 400
    context = {"form": form, "outcome": outcome}
    return render(request, "pairing/import.html", context, status=status)


def _import_message(outcome: imports.Outcome) -> str:
    if not outcome.written:
        return ""
    text = f"已导入结对 {outcome.created} 条"
    if outcome.already:
        text += f"，{outcome.already} 条原已结对"
    if outcome.errors:
        text += f"，{len(outcome.errors)} 处错误所在的行未导入"
    return text
