"""守底外业 over a slow 3G line (issue 18): syncing "my households" to a phone and uploading its queue.

Builds a village of 200 households (the test factories on a temporary SQLite database, or PostgreSQL with
--database-url): members with facts, last year's and (for half) this year's income sheet, one in ten under
monitoring with an open case. Starts the app server on 127.0.0.1 (runserver in a subprocess), then drives
Debian's Chromium through Playwright as the village contact, with CDP ``Network.emulateNetworkConditions`` at
DevTools' "Slow 3G" profile (latency 2000 ms, 50 000 bytes/s each way ≈ 400 kbit/s), and measures in the page:

  (a) a sync of the 200 households (立即同步 with nothing queued): seconds and bytes transferred (CDP
      ``Network.loadingFinished`` encodedDataLength, headers included);
  (b) uploading 50 queued records (visits, leads, income sheets, facts; one per household), without photos, and
      again with 5 visit photos (taken at 1600×1200, shrunk by the app to 1280 px JPEG q 0.75): seconds.

Targets (issue 18): (a) ≤ 3 s and ≤ 5 MB; (b) ≤ 5 s. Prints the machine and the data size with every figure.

    .venv/bin/python benchmarks/field_sync.py
    .venv/bin/python benchmarks/field_sync.py --households 500 --database-url postgres://postgres@127.0.0.1:5432/x
"""

from __future__ import annotations

import argparse
import base64
import io
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

import django_env  # noqa: E402
from machine import describe  # noqa: E402

SLOW_3G = {"offline": False, "latency": 2000, "downloadThroughput": 50_000, "uploadThroughput": 50_000}
FAST = {"offline": False, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}  # while queueing
TARGET_SYNC_S, TARGET_SYNC_BYTES, TARGET_UPLOAD_S = 3.0, 5_000_000, 5.0
PIN = "2468"
CHROMIUM = "/usr/bin/chromium"


# ---- the village ------------------------------------------------------------------------------------------


def build(households: int, seed: int) -> dict[str, int]:
    """The village (当造村) and its village contact; returns what was made."""
    from shoudi.monitoring import codes
    from shoudi.monitoring.testing.builders import load_rules, setup_policy
    from shoudi.registry.models import Household, Person
    from shoudi.testing.factories import VILLAGE_A, build_region_tree, household_with_members, make_persona
    from shoudi.testing.monitoring import Team, case_at

    rng = random.Random(seed)
    build_region_tree()
    setup_policy()
    load_rules()
    people = {name: make_persona(name) for name in ("village_a", "township", "county", "committee_a")}
    team = Team(people["village_a"], people["township"], people["county"], people["committee_a"])
    cases = max(1, households // 10)
    for _ in range(cases):
        case_at(codes.Status.MONITORED, team=team)
    statuses = ["former_poor", "former_poor", "ordinary", "former_poor_no_policy"]
    for n in range(households - cases):
        made = household_with_members(
            VILLAGE_A, size=rng.choice([1, 2, 3, 3, 4, 4, 5, 6]), status=rng.choice(statuses), housing_grade="A"
        )
        Household.objects.filter(pk=made.pk).update(
            address=f"当造村{rng.randint(1, 12)}组{rng.randint(1, 80)}号", phone=f"139{rng.randint(10**7, 10**8 - 1)}"
        )
        if n % 3 == 0:
            Person.objects.filter(household=made, relationship="son").update(school_stage="junior")
    for number, household in enumerate(Household.objects.filter(village_id=VILLAGE_A).order_by("number")):
        _income(household, people["village_a"], rng, this_year=number % 2 == 0)
    return {"households": households, "cases": cases, "people": Person.objects.count()}


def _income(household: Any, by: Any, rng: random.Random, *, this_year: bool) -> None:
    from decimal import Decimal

    from django.utils import timezone

    from shoudi.income.inputs import LineInput
    from shoudi.income.services import sheet_save

    year = timezone.localdate().year
    head = household.members.order_by("birth_date").first()
    for sheet_year in (year - 1, year) if this_year else (year - 1,):
        lines = [
            LineInput("migrant_work", Decimal(rng.randint(8, 50) * 1000), head.pk, "out_province", rng.randint(6, 11)),
            LineInput("crops", Decimal(rng.randint(5, 40) * 100)),
            LineInput("pension", Decimal(rng.choice([0, 1620, 2400]))),
            LineInput("production_cost", Decimal(rng.randint(2, 20) * 100)),
        ]
        sheet_save(by=by, household=household, year=sheet_year, lines=lines, source="page")


# ---- the server ---------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(port: int) -> subprocess.Popen[bytes]:
    """runserver in a subprocess on the same data directory and database (environment inherited)."""
    from django.db import connections

    connections.close_all()
    command = [sys.executable, "-m", "shoudi", "runserver", f"127.0.0.1:{port}", "--noreload"]
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=1)
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("应用服务器未能启动")


# ---- the phone ----------------------------------------------------------------------------------------------

TIMED_SYNC = r"""async (url) => {
  const sync = await import(url);
  let uploaded = null, second = null;
  sync.onChange((s) => {
    if (uploaded === null && s.text.startsWith("正在下载")) uploaded = performance.now();
    // a second upload request starts when the first (the records without photos) has been answered
    if (second === null && /^正在上传 ([2-9]|\d\d)/.test(s.text)) second = performance.now();
  });
  const t0 = performance.now();
  const ok = await sync.syncNow();
  const t1 = performance.now();
  return {ok, text: sync.state.text, total: (t1 - t0) / 1000, upload: uploaded === null ? null : (uploaded - t0) / 1000,
          plain: second === null ? null : (second - t0) / 1000};
}"""

# 50 queued records, one per household: a visit where there is an open case, otherwise lead, income, facts in turn.
QUEUE = """async ([urls, count, photos]) => {
  const store = await import(urls.store);
  const photo = await import(urls.photo);
  const today = new Date().toISOString().slice(0, 10);
  const forms = await store.getSecret("forms");
  const year = forms.income.year;
  const households = (await store.allHouseholds()).sort((a, b) => a.number.localeCompare(b.number));
  const withCase = households.filter((x) => x.case && (x.can || []).includes("visit"));
  const others = households.filter((x) => !withCase.includes(x));
  const chosen = [...withCase.slice(0, Math.max(photos, 10)), ...others].slice(0, count);
  const kinds = ["lead", "income", "facts"];
  const sizes = [];
  let n = 0;
  for (const x of chosen) {
    let kind = x.case && (x.can || []).includes("visit") ? "visit" : kinds[n++ % kinds.length];
    const head = x.members[0];
    const key = "p" + head.id.replaceAll("-", "");
    const data = {
      visit: {visited_on: today, findings: "按期回访：户主在家，身体恢复良好，按时服药，家庭收入稳定。"},
      lead: {reported_on: today, risk_hint: "illness", summary: "走访发现户主近期因病住院，医疗支出较大。"},
      income: {version: String((x.income && x.income.year === year && x.income.version) || 0),
               [key + "_place"]: "in_county", [key + "_months"]: "10", [key + "_amount"]: "18000", crops: "3200"},
      facts: {water_safe: x.facts && x.facts.water_safe === "0" ? "1" : "0"},
    }[kind];
    const record = {client_id: crypto.randomUUID(), kind, household: x.id, base_stamp: x.stamp, base_doc: x,
                    made_at: new Date().toISOString(), data, state: "pending", message: "", errors: {}, photo: false};
    if (kind === "visit" && sizes.length < photos) {
      const blob = await photo.downscale(await (await fetch(window.__photo)).blob());
      await store.putPhoto(record.client_id, blob);
      record.photo = true;
      sizes.push(blob.size);
    }
    await store.putRecord(record);
  }
  return sizes;
}"""

STATES = """async (url) => {
  const store = await import(url);
  const out = {};
  for (const r of await store.allRecords()) out[r.state] = (out[r.state] || 0) + 1;
  return out;
}"""

PBKDF2 = """async (url) => {
  const vault = await import(url);
  const t0 = performance.now();
  await vault.deriveKey("2468", vault.newSalt());
  return (performance.now() - t0) / 1000;
}"""


class Meter:
    """Bytes the page received (CDP Network.loadingFinished encodedDataLength) and its requests, while on."""

    def __init__(self, cdp: Any) -> None:
        self.bytes, self.requests = 0, 0
        self.urls: dict[str, str] = {}
        self.paths: list[str] = []
        cdp.on("Network.requestWillBeSent", lambda e: self.urls.__setitem__(e["requestId"], e["request"]["url"]))
        cdp.on("Network.loadingFinished", self._done)

    def _done(self, event: dict[str, Any]) -> None:
        url = self.urls.get(event["requestId"], "")
        if not url.startswith("http"):
            return  # a data: URL (the benchmark's photo) never crosses the network
        self.bytes += int(event["encodedDataLength"])
        self.requests += 1
        name = url.split("/api/v1/field/")[-1].split("?")[0] if "/api/" in url else url.split("/", 3)[-1]
        self.paths.append(f"{name} {int(event['encodedDataLength']):,} B")

    def reset(self) -> None:
        self.bytes, self.requests, self.paths = 0, 0, []


def photo_jpeg(seed: int) -> bytes:
    """A 1600×1200 "photo" with detail everywhere (noise over gradients), like a phone picture of a room."""
    from PIL import Image, ImageFilter

    rng = random.Random(seed)
    noise = Image.effect_noise((1600, 1200), 60).filter(ImageFilter.GaussianBlur(0.8))
    bands = [Image.linear_gradient("L").resize((1600, 1200)).rotate(rng.randint(0, 359)) for _ in range(3)]
    picture = Image.merge("RGB", [Image.blend(b, noise, 0.45) for b in bands])
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90)
    return out.getvalue()


def phone_run(base: str, records: int, photos: int, runs: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    from shoudi.testing.browser import PHONE, sign_in

    out: dict[str, Any] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(
            viewport=PHONE, is_mobile=True, has_touch=True, locale="zh-CN", service_workers="block"
        )
        page = sign_in(context.new_page(), base, "village_a")
        page.goto(f"{base}/field/")
        page.wait_for_selector("#field-app[data-ready='1']")
        urls = page.evaluate(
            "() => Object.fromEntries(Object.entries(document.getElementById('field-app').dataset)"
            ".filter(([k]) => k.startsWith('mod')).map(([k, v]) => [k.slice(3).toLowerCase(), v]))"
        )
        out["pbkdf2"] = page.evaluate(PBKDF2, urls["vault"])
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        meter = Meter(cdp)
        cdp.send("Network.emulateNetworkConditions", SLOW_3G)

        # first use, throttled: PIN, register the device, download the forms and the households
        page.fill("input[name=pin]", PIN)
        page.fill("input[name=pin2]", PIN)
        started = time.perf_counter()
        page.click("form[data-form='field.setup'] button[type=submit]")
        page.wait_for_function(
            "document.getElementById('status').textContent.startsWith('已同步')", polling=50, timeout=120_000
        )
        out["first"] = (time.perf_counter() - started, meter.bytes, meter.requests, meter.paths)

        # (a) 立即同步 with nothing queued
        syncs = []
        for _ in range(runs):
            meter.reset()
            result = page.evaluate(TIMED_SYNC, urls["sync"])
            assert result["ok"], result
            syncs.append((result["total"], meter.bytes, meter.requests, meter.paths))
        out["sync"] = syncs

        # (b) 50 queued records, then with 5 photos
        cdp.send("Network.emulateNetworkConditions", FAST)
        photo = base64.b64encode(photo_jpeg(1)).decode()
        page.evaluate("(b64) => { window.__photo = 'data:image/jpeg;base64,' + b64; }", photo)
        for label, with_photos in (("upload", 0), ("upload_photos", photos)):
            sizes = page.evaluate(QUEUE, [urls, records, with_photos])
            cdp.send("Network.emulateNetworkConditions", SLOW_3G)
            meter.reset()
            result = page.evaluate(TIMED_SYNC, urls["sync"])
            states = page.evaluate(STATES, urls["store"])
            out[label] = (result, meter.bytes, meter.paths, sizes, states, push_sizes(1)[0])
            cdp.send("Network.emulateNetworkConditions", FAST)
        browser.close()
    return out


def server_figures() -> dict[str, Any]:
    from django.db.models import Max

    from shoudi.fieldwork.models import FieldRecord, SyncKind, SyncLog

    pulls = SyncLog.objects.filter(kind=SyncKind.PUSH)
    return {
        "pull_size": SyncLog.objects.filter(kind=SyncKind.PULL).aggregate(m=Max("size"))["m"] or 0,
        "push_max": pulls.aggregate(m=Max("size"))["m"] or 0,
        "applied": FieldRecord.objects.filter(status="applied").count(),
        "records": FieldRecord.objects.count(),
    }


def push_sizes(last: int) -> list[int]:
    """The request sizes of the ``last`` uploads, as the server logged them (newest first)."""
    from shoudi.fieldwork.models import SyncKind, SyncLog

    return list(SyncLog.objects.filter(kind=SyncKind.PUSH).order_by("-at").values_list("size", flat=True)[:last])


def verdict(ok: bool) -> str:
    return "达标" if ok else "未达标"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database-url", default="", help="默认：临时目录中的 SQLite")
    parser.add_argument("--households", type=int, default=200)
    parser.add_argument("--records", type=int, default=50)
    parser.add_argument("--photos", type=int, default=5)
    parser.add_argument("--runs", type=int, default=3, help="(a) 同步的次数")
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # a few queries while Playwright's loop runs
    data_dir = django_env.setup(args.database_url or None, prefix="shoudi-bench-field-")
    from django.db import connection

    print(describe())
    started = time.perf_counter()
    made = build(args.households, args.seed)
    print(
        f"数据: {connection.vendor} · 1 个村 {made['households']} 户（{made['cases']} 户在监测）· {made['people']} 人"
        f" · 生成 {time.perf_counter() - started:.0f} s · 数据目录 {data_dir}"
    )
    port = free_port()
    server = serve(port)
    try:
        out = phone_run(f"http://127.0.0.1:{port}", args.records, args.photos, args.runs)
    finally:
        server.terminate()
        server.wait(timeout=10)
    report(out, made, server_figures(), args)


def report(out: dict[str, Any], made: dict[str, int], server: dict[str, Any], args: argparse.Namespace) -> None:
    n = made["households"]
    line = "网络: CDP Slow 3G（延迟 2000 ms，上下行 50 000 字节/秒）· Chromium（Debian）· 手机屏 360×740"
    print(line)
    print(f"PIN 密钥派生（PBKDF2 200 000 次，本机 Chromium）: {out['pbkdf2']:.2f} s")
    seconds, size, requests, paths = out["first"]
    first = f"首次同步（设 PIN、登记设备、下载表单与 {n} 户）: {seconds:.1f} s · {size:,} 字节"
    print(f"{first} · {requests} 个请求（{'; '.join(paths)}）")
    times = [t for t, _, _, _ in out["sync"]]
    sizes = [b for _, b, _, _ in out["sync"]]
    median, worst = statistics.median(times), max(times)
    print(
        f"(a) 同步 {n} 户（立即同步，队列为空）: 中位 {median:.2f} s · 最慢 {worst:.2f} s（{len(times)} 次）· 传输 {max(sizes):,} 字节"
        f"（{'; '.join(out['sync'][0][3])}；服务器记录的压缩后农户数据 {server['pull_size']:,} 字节，"
        f"平均每户 {server['pull_size'] / n:.0f} 字节）"
        f" — 目标 ≤ {TARGET_SYNC_S:.0f} s 且 ≤ 5 MB: {verdict(worst <= TARGET_SYNC_S and max(sizes) <= TARGET_SYNC_BYTES)}"
    )
    for label, title in (("upload", "不含照片"), ("upload_photos", f"含 {args.photos} 张照片")):
        result, size, paths, photos, states, pushed = out[label]
        extra = f"；照片压缩后 {', '.join(f'{s // 1024} KB' for s in photos)}" if photos else ""
        if photos and result.get("plain") is not None:
            extra += f"；其中 {args.records - len(photos)} 条无照片的记录先传，{result['plain']:.2f} s 入库"
        print(
            f"(b) 上传 {args.records} 条记录（{title}）: 上传 {result['upload']:.2f} s，连同随后下载 {n} 户共"
            f" {result['total']:.2f} s · 上行 {pushed:,} 字节 · 下行 {size:,} 字节（{'; '.join(paths)}）"
            f" · 本机状态 {states}{extra}"
            f" — 目标 ≤ {TARGET_UPLOAD_S:.0f} s（上传）: {verdict(result['upload'] <= TARGET_UPLOAD_S)}"
        )
    print(
        f"服务器: 离线记录 {server['records']} 条，已入库 {server['applied']} 条；最大上传请求 {server['push_max']:,} 字节"
    )


if __name__ == "__main__":
    main()
