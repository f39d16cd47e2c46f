"""Profile one page of the load benchmark in-process: log in as a persona of benchmarks/load.py (its
personas.json, database shoudi_load), request the page N times through Django's test client with DEBUG off,
and print the CPU milliseconds per request, the queries per request (count and time) and the top functions.

    .venv/bin/python benchmarks/profile_page.py --persona county_officer --page workbench -n 20
    .venv/bin/python benchmarks/profile_page.py --persona village_contact --page case --top 30

Pages: workbench, households, search, cases, case, household (the mix of benchmarks/load_locustfile.py).
Run ``benchmarks/load.py`` once first (it builds the database and writes the personas).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
DATA_DIR = Path("/tmp/shoudi-load")
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/shoudi_load"


def setup(url: str) -> None:
    os.environ["SHOUDI_DEBUG"] = "0"
    os.environ["SHOUDI_DATABASE_URL"] = url
    os.environ["SHOUDI_DATA_DIR"] = str(DATA_DIR)
    os.environ.setdefault("SHOUDI_SECRET_KEY", "profile-page-" + "x" * 40)
    os.environ["SHOUDI_ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    os.environ["SHOUDI_SECURE_COOKIES"] = "0"
    os.environ.setdefault("SHOUDI_LOG_LEVEL", "WARNING")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shoudi.settings")
    import django

    django.setup()


def url_for(page: str, persona: dict[str, Any], i: int) -> str:
    cases, households = persona["cases"], persona["households"]
    return {
        "workbench": "/",
        "households": "/households/",
        "search": f"/households/?q={persona['searches'][i % len(persona['searches'])]}",
        "cases": "/monitoring/",
        "case": f"/monitoring/{cases[i % len(cases)]}/" if cases else "/monitoring/",
        "household": f"/households/{households[i % len(households)]}/",
    }[page]


class QueryTimer:
    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0
        self.sql: list[tuple[float, str]] = []

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.count += 1
            self.seconds += time.perf_counter() - start
            self.sql.append(((time.perf_counter() - start) * 1000, sql))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("SHOUDI_LOAD_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--persona", default="county_officer", help="a role (first persona of it) or a username")
    parser.add_argument("--page", default="workbench")
    parser.add_argument("-n", type=int, default=12, help="requests measured (after 2 warm-up requests)")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="cumulative", help="pstats sort key: cumulative or tottime")
    parser.add_argument("--no-profile", action="store_true", help="CPU ms and queries only")
    parser.add_argument("--callees", default="", help="also print what functions matching this regex call")
    parser.add_argument("--sql", action="store_true", help="print the queries of the last request")
    args = parser.parse_args()

    setup(args.database_url)
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    people = json.loads((DATA_DIR / "personas.json").read_text(encoding="utf-8"))
    persona = next(p for p in people if args.persona in (p["role"], p["username"]))
    client = Client()
    client.force_login(get_user_model().objects.get(username=persona["username"]))
    for i in range(2):  # warm-up: templates compiled, caches filled as in a running server
        response = client.get(url_for(args.page, persona, i))
        if response.status_code != 200:
            raise SystemExit(f"HTTP {response.status_code} {url_for(args.page, persona, i)}")

    timer = QueryTimer()
    profile = cProfile.Profile()
    cpu: list[float] = []
    with connection.execute_wrapper(timer):
        for i in range(args.n):
            url = url_for(args.page, persona, i)
            start = time.process_time()
            response = client.get(url) if args.no_profile else profile.runcall(client.get, url)
            cpu.append((time.process_time() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
    cpu.sort()
    if args.sql:
        per_request = timer.count // args.n
        for ms, sql in timer.sql[-per_request:]:
            print(f"{ms:6.1f} ms  {sql[:160]}")
    print(
        f"{persona['username']} ({persona['role']}) {args.page}: CPU ms/request min {cpu[0]:.1f} "
        f"median {cpu[len(cpu) // 2]:.1f}; queries/request {timer.count / args.n:.1f}, "
        f"{timer.seconds * 1000 / args.n:.1f} ms/request (wall, in the client){' [profiled]' * (not args.no_profile)}"
    )
    if not args.no_profile:
        out = io.StringIO()
        stats = pstats.Stats(profile, stream=out).sort_stats(args.sort)
        stats.print_stats(args.top)
        if args.callees:
            stats.print_callees(args.callees)
        print(out.getvalue())


if __name__ == "__main__":
    main()
