"""The users of benchmarks/load.py: each logs in once through the login form as one persona (county officer,
township reviewer, village contact; ``SHOUDI_LOAD_PERSONAS`` names the JSON file load.py writes), then
loops over the pages a working day mixes. A response other than 200 — a redirect to the login page, a 404 of
a record the persona should see, a server error — counts as an error.

    SHOUDI_LOAD_PERSONAS=/tmp/shoudi-load/personas.json \
    .venv/bin/locust -f benchmarks/load_locustfile.py --headless -u 20 -r 20 --run-time 1m --host http://127.0.0.1:8000
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading
import time
from pathlib import Path
from typing import Any

import gevent
import gevent.event
from locust import FastHttpUser, between, constant, events, task

PERSONAS: list[dict[str, Any]] = json.loads(Path(os.environ["SHOUDI_LOAD_PERSONAS"]).read_text(encoding="utf-8"))
WAIT = float(os.environ.get("SHOUDI_LOAD_WAIT", "0"))
SECONDS = float(os.environ.get("SHOUDI_LOAD_SECONDS", "0"))  # the measured window, from the last login on
MARKER = os.environ.get("SHOUDI_LOAD_STARTED", "")  # a file written when every user has logged in
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_next = itertools.count()
_lock = threading.Lock()
_logged_in = gevent.event.Event()
_logins = itertools.count(1)
LOGIN = ("登录页", "登录")
# every page request after the logins: (name, start time, milliseconds, error or ""), written at the end for
# load.py, which computes exact percentiles over them (locust's own are rounded and include the logins)
_pages: list[tuple[str, float, float, str]] = []


@events.request.add_listener
def _record(name: str, response_time: float, exception: Any = None, **_: Any) -> None:
    if name not in LOGIN:
        _pages.append((name, time.time() - response_time / 1000, response_time, str(exception or "")))


@events.quitting.add_listener
def _write(**_: Any) -> None:
    path = os.environ.get("SHOUDI_LOAD_RESULTS")
    if path:
        with open(path, "w", encoding="utf-8") as out:
            json.dump(_pages, out, ensure_ascii=False)


class Staff(FastHttpUser):
    wait_time = constant(0) if WAIT <= 0 else between(0, WAIT)

    def on_start(self) -> None:
        with _lock:
            self.persona = PERSONAS[next(_next) % len(PERSONAS)]
        self.rnd = random.Random(self.persona["username"])
        try:
            self.login()
        finally:
            # every user starts its pages together, once all have logged in (a login hashes a password: costly,
            # and not what the figure is about); the window of SECONDS then ends the run
            if next(_logins) >= self.environment.parsed_options.num_users:
                if MARKER:
                    Path(MARKER).write_text(str(time.time()))
                if SECONDS > 0 and self.environment.runner is not None:
                    gevent.spawn_later(SECONDS, self.environment.runner.quit)
                _logged_in.set()
        _logged_in.wait()

    def login(self) -> None:
        page = self.client.get("/accounts/login/", name="登录页")
        match = CSRF.search(page.text or "")
        if not match:
            raise RuntimeError("登录页没有 CSRF 令牌")
        with self.client.post(
            "/accounts/login/",
            data={
                "username": self.persona["username"],
                "password": self.persona["password"],
                "csrfmiddlewaretoken": match.group(1),
            },
            headers={"Referer": f"{self.host}/accounts/login/"},
            name="登录",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302 or "/accounts/login" in response.headers.get("Location", ""):
                response.failure(f"登录失败 {self.persona['username']}: HTTP {response.status_code}")

    def page(self, url: str, name: str) -> None:
        with self.client.get(url, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                where = response.headers.get("Location", "")
                response.failure(f"HTTP {response.status_code} {where} ({self.persona['role']} {url})")

    @task(3)
    def workbench(self) -> None:
        self.page("/", "工作台 /")

    @task(3)
    def household_list(self) -> None:
        self.page("/households/", "农户列表 第1页")

    @task(2)
    def household_list_later(self) -> None:
        last = self.persona["last_page"]
        self.page(f"/households/?page={self.rnd.randint(2, max(2, last))}", "农户列表 后续页")

    @task(3)
    def household_search(self) -> None:
        fragment = self.rnd.choice(self.persona["searches"])
        self.page(f"/households/?q={fragment}", "农户搜索 姓名/户编号")

    @task(4)
    def case_list(self) -> None:
        villages = self.persona["villages"]
        filters = ["", "?overdue=1", "?mine=1", "?group=monitored", "?group=identification", "?page=2"]
        if len(villages) > 1:
            filters.append(f"?village={self.rnd.choice(villages)}")
        self.page(f"/monitoring/{self.rnd.choice(filters)}", "监测对象列表")

    @task(3)
    def case_page(self) -> None:
        if self.persona["cases"]:
            self.page(f"/monitoring/{self.rnd.choice(self.persona['cases'])}/", "监测对象页")

    @task(2)
    def household_page(self) -> None:
        self.page(f"/households/{self.rnd.choice(self.persona['households'])}/", "农户页")
