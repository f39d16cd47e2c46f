"""A password built on the deployment's own names is refused: the names of the account's village, township,
county, city and province as the region table holds them (full, or without 村民委员会/镇/苗族自治县…), and
their pinyin, with a year or digits around them; the system's own name
(Shoudi, 守底) too. The owner changes their password on the page and reads why in Chinese."""

from __future__ import annotations

import pytest
from django.urls import reverse

from shoudi.accounts import services
from shoudi.accounts.roles import Role
from shoudi.accounts.validators import place_words
from shoudi.testing.factories import COUNTY, PASSWORD

pytestmark = pytest.mark.django_db
CHANGE = reverse("accounts:password_change")


def _change(client, user, password):
    client.force_login(user)
    return client.post(CHANGE, {"old_password": PASSWORD, "new_password1": password, "new_password2": password})


@pytest.mark.parametrize(
    ("password", "place"),
    [
        ("当造村2026!!", "当造村"),  # the village
        ("当造20262026", "当造"),
        ("盘石镇@2026!!!", "盘石镇"),
        ("盘石@20262026", "盘石"),  # the township
        ("松桃2026!!!!", "松桃"),  # the county without 苗族自治县
        ("2026松桃苗族自治县", "松桃苗族自治县"),
        ("铜仁2026-12-07", "铜仁"),  # the city
        ("贵州省_2026!!", "贵州省"),  # the province
    ],
)
def test_the_names_of_the_users_own_areas_with_digits_are_refused(client, village_a, password, place):
    response = _change(client, village_a, password)
    html = response.content.decode()
    assert response.status_code == 400 and f"用了本地地名“{place}”" in html, html
    village_a.refresh_from_db()
    assert village_a.check_password(PASSWORD)


@pytest.mark.parametrize("password", ["Shoudi2026", "SHOUDI2026!!", "守底20262026", "shoudi_2026"])
def test_the_systems_own_name_with_a_year_is_refused(client, village_a, password):
    response = _change(client, village_a, password)
    assert response.status_code == 400 and "系统名称" in response.content.decode()


def test_another_countys_name_and_a_sentence_with_a_place_are_not_the_rule(client, village_a, township):
    assert _change(client, village_a, "沿河2026!!!!").status_code == 302  # not the account's area
    assert _change(client, township, "松桃的山很高2026").status_code == 302  # more than the name


def test_a_new_account_is_checked_against_its_own_area(regions):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        services.user_create(username="songtao1", role=Role.COUNTY_OFFICER, area_code=COUNTY, password="松桃县20262026")
    assert "本地地名“松桃县”" in str(refused.value)
    made = services.user_create(
        username="songtao2", role=Role.COUNTY_OFFICER, area_code=COUNTY, password="当造20262026"
    )
    assert made.pk  # a village of the county is not in a county officer's own chain of areas


def test_pinyin_names_are_refused(client, village_a):
    assert {"songtao", "songtaoxian", "dangzao"} <= place_words("松桃苗族自治县") | place_words("当造村村民委员会")
    response = _change(client, village_a, "Songtao2026!")
    assert response.status_code == 400 and "用了本地地名“songtao”" in response.content.decode()
    response = _change(client, village_a, "dangzao@2026")
    assert response.status_code == 400 and "本地地名" in response.content.decode()
