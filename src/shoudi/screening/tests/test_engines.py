"""The three-engine equality test: every rule on the same small county, identical findings everywhere.

DuckDB and Spark always; PostgreSQL (the rules run inside the database) when the test database is PostgreSQL.
Spark starts once per test session (``engines.spark_session`` keeps it)."""

from __future__ import annotations

import pytest
from django.db import connection

from shoudi.screening import params as sparams
from shoudi.screening.findings import hits
from shoudi.screening.services import compute
from shoudi.screening.tests.world import AS_OF, expected_pairs


def _findings(engine, tmp_path):
    evidence, updates, info = compute("520628", AS_OF, engine, tmp_path / engine)
    found = hits(evidence, AS_OF, info["params"])
    leads = {(h["household"].number, h["rule"], h["risk_code"], tuple(t for _, t in h["parts"])) for h in found}
    register_updates = {(r["household_id"], r["record_id"]) for r in updates.to_pylist()}
    return leads, register_updates


@pytest.mark.spark
@pytest.mark.django_db(transaction=True)
def test_every_engine_finds_the_same_leads(world, tmp_path):
    engines = ["duckdb", "spark"] + (["postgres"] if connection.vendor == "postgresql" else [])
    results = {engine: _findings(engine, tmp_path) for engine in engines}
    duck_leads, duck_updates = results["duckdb"]
    assert {(n, r) for n, r, _, _ in duck_leads} == expected_pairs(world)
    assert len(duck_updates) == 2  # the two deaths: register updates (户籍变动待办), whatever the labour
    for engine in engines[1:]:
        assert results[engine] == results["duckdb"], engine


def test_parameters_come_from_the_policy_module(world):
    county = sparams.resolve(["520628"], AS_OF)["520628"]
    assert county.income == 11642 and county.income_year == 2020
    assert county.oop_threshold_former_poor == 5821 and county.oop_threshold_others == 11642
    assert county.disaster_threshold == 10000
