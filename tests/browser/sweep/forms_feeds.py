"""The department-data pages: upload a file (the 医保 clerk), apply a validated batch, edit a column mapping,
filter the batch list."""

from __future__ import annotations

from typing import Any

from shoudi.feeds import testing as ft
from shoudi.feeds.models import ColumnMapping, FeedBatch
from shoudi.registry.models import Person
from shoudi.testing.factories import VILLAGE_A, household_with_members

from .spec import Upload, form

FILE_NAME = "医保结算-2024上半年.csv"


def _people() -> list[Person]:
    return list(household_with_members(VILLAGE_A, size=3).members.order_by("id_number"))


def _upload_setup(w: Any) -> list[Person]:
    """Three registered people and a file of one hospital stay each (their ID numbers exist only now)."""
    people = _people()
    UPLOAD.valid["file"] = Upload(FILE_NAME, ft.claims_csv(people), "text/csv")
    return people


UPLOAD = form(
    name="feeds.upload",
    form="feeds.upload",
    url_name="feeds:upload",
    persona="clerk",
    setup=_upload_setup,
    page=lambda w, ctx: "/feeds/upload/",
    valid={
        "source": "medical_claims",
        "period_from": "2024-01-01",
        "period_to": "2024-06-30",
        "file": Upload(FILE_NAME, b"", "text/csv"),  # replaced by the setup
    },
    # staged and validated by its job (the worker: the immediate backend here); nothing written yet
    changed=lambda w, ctx: FeedBatch.objects.filter(status="staged", job__status="done", rows_matched=3).exists(),
    success="已上传",
    after_valid=lambda page, w, ctx: page.wait_for_selector("form[data-form='feeds.apply']"),
)

form(
    name="feeds.apply",
    form="feeds.apply",
    url_name="feeds:apply",
    persona="clerk",
    setup=lambda w: ft.staged_batch(w.user("clerk"), _people()),  # validated by its job at once
    page=lambda w, ctx: f"/feeds/batches/{ctx.pk}/",
    valid={},
    changed=lambda w, ctx: FeedBatch.objects.get(pk=ctx.pk).status == "applied",
    success="已确认写入",
)

form(
    name="feeds.mapping",
    form="feeds.mapping",
    url_name="feeds:mapping",
    persona="clerk",
    page=lambda w, ctx: "/feeds/mappings/medical_claims/",
    valid={"col0": "公民身份号码", "col2": "结算时间", "col5": "个人自付"},
    changed=lambda w, ctx: ColumnMapping.objects.filter(source="medical_claims", mapping__has_key="结算时间").exists(),
    success="已保存",
)

form(
    name="feeds.batch_filter",
    form="feeds.batch_filter",
    url_name="feeds:index",
    persona="county",
    method="get",
    setup=lambda w: ft.feed("medical_claims", ft.medical_claim(_people()[0], "2024-03-01", oop="100")),
    page=lambda w, ctx: "/feeds/",
    valid={"source": "medical_claims"},
    after_valid=lambda page, w, ctx: page.wait_for_selector("table.feed-batches"),
)
