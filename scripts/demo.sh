#!/usr/bin/env bash
# make demo: migrate the SQLite database, load the divisions, build the demo county and accounts,
# then run the web server (gunicorn) and the task worker with `shoudi serve` until Ctrl-C.
set -euo pipefail
UV="${UV:-uv}"
run() { "$UV" run --locked --no-dev shoudi "$@"; }

run migrate --no-input -v0
if [ "$(run regions count | tr -dc 0-9)" -lt 600000 ]; then
  run regions load
fi
run demo --county "$DEMO_COUNTY" --households "$DEMO_HOUSEHOLDS"
run monitoring demo  # cases at every step of the procedure in the demo village (skipped when it has some)
run lowincome adopt --area "$DEMO_COUNTY"     # the 低保 / 特困 the demo county's base data flags (once)
run lowincome classify --area "$DEMO_COUNTY"  # 分层分类: referrals to 民政 and leads (nothing new on a re-run)
run employment adopt --area "$DEMO_COUNTY"    # the base data's work facts become work spells (once)
run employment demo --area "$DEMO_COUNTY"     # employers, openings, 公益性岗位, a workshop, recommendations (once)
run markets demo --area "$DEMO_COUNTY"        # 消费帮扶 suppliers, products, buyers, purchases; key products' series (once)
run cooperation demo --area "$DEMO_COUNTY"    # 东西部协作, 定点帮扶 and 驻村 pairings with targets and flows (once)
run keycounties demo --area "$DEMO_COUNTY"    # the county as a key assistance county, measures and figures (once)
run governance demo --area "$DEMO_COUNTY"     # 积分制 rulebooks, entries, a quarterly review and a shop (once)
run household_codes --area "$DEMO_COUNTY"     # 一户一码 for every household of the demo county (nothing new on a re-run)

echo
echo "守底已启动: http://$HOST:$PORT/   （Ctrl-C 停止）"
# the production server (gunicorn) and the task worker together; static files are collected first
SHOUDI_ALLOWED_HOSTS="${SHOUDI_ALLOWED_HOSTS:-$HOST,localhost,127.0.0.1}" run serve --bind "$HOST:$PORT"
