"""Loading the shipped divisions marks Tongren's county classes as seed 001 names them (第四章第二节)."""

import importlib

import pytest
from django.apps import apps as django_apps

from shoudi.regions import loader
from shoudi.regions.models import Region

pytestmark = pytest.mark.django_db

# 重点推进县「即省级乡村振兴重点帮扶县」; 夯实基础县「即国家乡村振兴重点帮扶县」; 引领示范县 carry no key class
PROVINCIAL = {
    "520621": "江口县",
    "520623": "石阡县",
    "520624": "思南县",
    "520625": "印江土家族苗族自治县",
    "520626": "德江县",
}
NATIONAL = {"520627": "沿河土家族自治县", "520628": "松桃苗族自治县"}
LEADING = {"520602": "碧江区", "520603": "万山区", "520622": "玉屏侗族自治县"}


def classes() -> dict[str, tuple[str, str, str]]:
    rows = Region.objects.filter(code__startswith="5206", level=3)
    return {r.code: (r.name, r.local_class, r.key_county) for r in rows}


def test_the_five_advancing_counties_are_provincial_key_counties_and_two_national():
    loader.load(["52"])
    found = classes()
    for code, name in PROVINCIAL.items():
        assert found[code] == (name, "advancing", "provincial")
    for code, name in NATIONAL.items():
        assert found[code] == (name, "foundation", "national")
    for code, name in LEADING.items():
        assert found[code] == (name, "leading", "")
    shown = Region.objects.get(code="520624")
    assert (
        shown.get_key_county_display() == "省级乡村振兴重点帮扶县" and shown.get_local_class_display() == "重点推进县"
    )


def test_a_reload_keeps_a_class_set_by_hand():
    loader.load(["52"])
    Region.objects.filter(code="520621").update(key_county="national")
    loader.load(["52"])
    assert Region.objects.get(code="520621").key_county == "national"


def test_a_database_loaded_before_gets_the_provincial_class_from_the_migration():
    """Counties loaded by the old table (重点推进县 without a key class) are classed; a hand-set one is not."""
    loader.load(["52"])
    Region.objects.filter(code__in=PROVINCIAL).update(key_county="")
    Region.objects.filter(code="520626").update(local_class="leading")  # changed by the county: left alone
    migration = importlib.import_module("shoudi.regions.migrations.0002_tongren_provincial_key_counties")
    migration.forwards(django_apps, None)
    found = classes()
    assert [c for c in PROVINCIAL if found[c][2] == "provincial"] == ["520621", "520623", "520624", "520625"]
    assert found["520626"] == ("德江县", "leading", "")
