"""The 民政 feed's effect on the register: a 民政救助 file uploaded and applied through the intake (the 民政 clerk's
pages) opens the layers it adds (新增) and decides the pending referral, sets the person flags; 停止 ends a layer,
渐退 starts its 渐退期; the same facts again change nothing; a bad row is left out, the rest applied."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from shoudi.feeds import testing as ft
from shoudi.feeds.models import FeedBatch
from shoudi.lowincome import codes
from shoudi.lowincome.feed_sync import sync_batch
from shoudi.lowincome.models import Membership, Referral
from shoudi.lowincome.referrals import referral_save
from shoudi.lowincome.testing import membership
from shoudi.monitoring.testing.builders import setup_policy
from shoudi.registry.idnumber import make
from shoudi.testing.factories import household_with_members

from .sweep import civil_clerk

pytestmark = pytest.mark.django_db

HEADERS = ["身份证号", "姓名", "救助类别", "变动", "变动日期", "金额"]
STRANGER = make("520628", dt.date(1971, 5, 6), 305)


@pytest.fixture(autouse=True)
def _setup(regions, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    setup_policy()


@pytest.fixture
def clerk_civil(regions):
    return civil_clerk()


def _csv(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def _upload_and_apply(client, rows, name="民政救助.csv") -> FeedBatch:
    upload = SimpleUploadedFile(name, _csv(rows), content_type="text/csv")
    response = client.post(reverse("feeds:upload"), {"source": "civil_assistance", "file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    batch = FeedBatch.objects.order_by("-created_at").first()
    assert batch is not None
    client.post(reverse("feeds:apply", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == "applied", batch.message
    return batch


def test_a_civil_affairs_file_opens_and_ends_layers(client, clerk_civil, township, household_a, household_b):
    head, spouse = household_a.members.order_by("relationship")[:2]
    other = household_b.members.first()
    referral_save(
        by=township,
        household=household_a,
        layer="dibao",
        reasons=["人均纯收入低于低保标准"],
        source=codes.ReferralSource.STAFF,
        referred_on=dt.date(2026, 3, 1),
    )
    client.force_login(clerk_civil)
    batch = _upload_and_apply(
        client,
        [
            [head.id_number, head.name, "农村低保", "新增", "2026-04-01", "450"],
            [spouse.id_number, spouse.name, "低保", "新增", "2026-04-01", "450"],  # the same household: one layer
            [other.id_number, other.name, "低边", "纳入", "2026/4/15", ""],
            [STRANGER, "路人甲", "低保", "新增", "2026-04-01", "300"],  # unmatched: not the register's
            [other.id_number, other.name, "临时救助", "新增", "2026-04-02", "2000"],  # not a layer
        ],
    )
    dibao = Membership.objects.get(household=household_a)
    assert (dibao.layer, dibao.source, dibao.started_on, dibao.monthly_amount) == (
        "dibao",
        "feed",
        dt.date(2026, 4, 1),
        Decimal("450.00"),
    )
    assert dibao.batch_ref == str(batch.pk) and dibao.next_due is not None
    assert all(p.dibao for p in household_a.members.all())
    referral = Referral.objects.get()
    assert (referral.status, referral.membership, referral.decision_note) == ("accepted", dibao, "民政数据：新增")
    edge = Membership.objects.get(household=household_b)
    assert (edge.layer, edge.started_on) == ("dibao_edge", dt.date(2026, 4, 15))
    assert Membership.objects.count() == 2

    # the next month's file: 低保 stopped
    _upload_and_apply(client, [[head.id_number, head.name, "低保", "停保", "2026-06-30", ""]], name="民政救助6月.csv")
    dibao.refresh_from_db()
    assert (dibao.status, dibao.ended_on, dibao.end_reason) == ("ended", dt.date(2026, 6, 30), "民政数据：停止")
    assert not any(p.dibao for p in household_a.members.all())
    page = client.get(reverse("lowincome:household", args=[household_a.pk])).content.decode()
    assert "民政数据：停止" in page


def test_phase_out_and_idempotence(regions, clerk_civil):
    household = household_with_members(size=2)
    person = household.members.first()
    held = membership(household, codes.StoredLayer.DIBAO, started_on=dt.date(2025, 1, 1))
    batch = ft.feed(
        "civil_assistance",
        ft.civil_assistance(person, "低保", "渐退", "2026-05-10", amount="300"),
        ft.civil_assistance(person, "低保", "在保", "2026-05-10", amount="300"),
        uploaded_by=clerk_civil,
    )
    first = sync_batch(batch)
    assert (first.phasing_out, first.unchanged, first.opened) == (1, 1, 0)
    held.refresh_from_db()
    assert (held.status, held.phase_out_until) == ("phasing_out", dt.date(2026, 11, 10))  # + 6 months
    again = sync_batch(batch)
    assert (again.phasing_out, again.unchanged, again.opened, again.ended) == (0, 2, 0, 0)

    stop = ft.feed("civil_assistance", ft.civil_assistance(person, "低保", "停止", "2026-09-01"))
    assert sync_batch(stop).ended == 1
    late = ft.feed("civil_assistance", ft.civil_assistance(person, "低保", "新增", "2026-08-01"))
    assert sync_batch(late).unchanged == 1  # older than the stop: old news
    assert sync_batch(stop).unchanged == 1
    assert Membership.objects.filter(household=household).count() == 1


def test_a_bad_row_is_left_out_and_the_rest_applied(regions, clerk_civil):
    first, second = household_with_members(size=1), household_with_members(size=1)
    batch = ft.feed(
        "civil_assistance",
        ft.civil_assistance(first.members.get(), "特困", "新增", "2026-03-01", amount="123456789012.00"),
        ft.civil_assistance(second.members.get(), "特困", "新增", "2026-03-01", amount="800"),
        uploaded_by=clerk_civil,
    )
    summary = sync_batch(batch)
    assert summary.opened == 1 and len(summary.skipped) == 1
    assert "第 2 行" in summary.skipped[0] and "月救助金额过大" in summary.skipped[0]
    assert not Membership.objects.filter(household=first).exists()
    assert second.members.get().tekun and not first.members.get().tekun
