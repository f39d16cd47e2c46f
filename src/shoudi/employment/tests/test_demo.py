"""``shoudi employment demo`` (run by ``make demo`` after ``shoudi demo``): the demo county's jobs ledgers, made
through the services, shown on the pages the demo accounts open; a second run adds nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from shoudi.accounts.models import User
from shoudi.employment.models import (
    Employer,
    LabourProfile,
    Opening,
    PostHolding,
    PostPay,
    Recommendation,
    WelfarePost,
    Workshop,
)
from shoudi.testing.factories import COUNTY

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_demo_county_gets_its_jobs_ledgers_once(client, regions):
    _run("demo", "--county", COUNTY, "--households", "60")
    _run("employment", "adopt", "--area", COUNTY)
    out = _run("employment", "demo", "--area", COUNTY)
    assert "就业帮扶演示数据" in out
    assert Employer.objects.count() == 5 and Opening.objects.count() == 7 and Workshop.objects.count() == 1
    assert WelfarePost.objects.count() == 4
    assert LabourProfile.objects.exists() and Recommendation.objects.exists()  # the batch found matches
    holders = PostHolding.objects.filter(ended_on__isnull=True).count()
    assert 1 <= holders <= 3
    again = _run("employment", "demo", "--area", COUNTY)
    assert "已存在" in again and Employer.objects.count() == 5

    client.force_login(User.objects.get(username="demo_dept_human_resources"))
    page = client.get(reverse("employment:opening_list")).content.decode()
    assert "苗绣绣娘" in page and "电子装配普工" in page
    client.force_login(User.objects.get(username="demo_township"))
    assert "生态护林员" in client.get(reverse("employment:posts")).content.decode()
    # hired on the 1st of last month (of January in January) and, when that month is over, paid for it
    paid = PostPay.objects.filter(amount_paid__gt=0).count()
    assert paid == (holders if timezone.localdate().month > 1 else 0)
