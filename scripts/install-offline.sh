#!/usr/bin/env bash
# Install Shoudi from an offline bundle (make bundle) with no network at all, then check the installation.
#   scripts/install-offline.sh dist/shoudi-bundle-….tar.gz [PREFIX]   (from the source tree: make install-offline)
#   ./install.sh [PREFIX]                                             (inside the unpacked bundle, on the server)
# PREFIX is the virtual environment to create (default /opt/shoudi); its bin/shoudi is the command.
# Needs only a Python 3 of the bundle's minor version (PYTHON_VERSION) with its venv module (Debian/Ubuntu:
# python3-venv). Set PYTHON=/path/to/python3.X to choose it. --no-smoke skips the check afterwards.
set -euo pipefail

smoke=1
args=()
for arg in "$@"; do
  case "$arg" in
    --no-smoke) smoke=0 ;;
    *) args+=("$arg") ;;
  esac
done
set -- "${args[@]+"${args[@]}"}"

if [[ "${1:-}" == *.tar.gz ]]; then  # a bundle file: unpack it and run the install.sh inside
  unpacked=$(mktemp -d)
  trap 'rm -rf "$unpacked"' EXIT
  tar -C "$unpacked" -xzf "$1"
  shift
  flags=()
  [ "$smoke" = 1 ] || flags=(--no-smoke)
  bash "$unpacked"/shoudi-bundle-*/install.sh "$@" "${flags[@]+"${flags[@]}"}"
  exit $?
fi

here=$(cd "$(dirname "$0")" && pwd)
if [ ! -d "$here/wheels" ]; then
  echo "用法: $0 shoudi-bundle-….tar.gz [安装目录]（或在解压后的安装包中运行 ./install.sh [安装目录]）" >&2
  exit 2
fi
prefix="${1:-/opt/shoudi}"
python="${PYTHON:-python3}"
started=$(date +%s)

want=$(cat "$here/PYTHON_VERSION")
have=$("$python" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
if [ "$want" != "$have" ]; then
  echo "安装包需要 Python $want，$python 是 $have：请安装 Python $want，或用 PYTHON=/usr/bin/python$want 指定" >&2
  exit 2
fi
(cd "$here" && sha256sum --quiet --check SHA256SUMS) || { echo "安装包文件校验失败（SHA256SUMS），请重新复制" >&2; exit 2; }

# Only this bundle: no index, no pip configuration or PIP_* variables of the machine; every file's hash pinned.
unset PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_FIND_LINKS PIP_CONSTRAINT PIP_REQUIREMENT
export PIP_CONFIG_FILE=/dev/null PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
"$python" -m venv "$prefix"
"$prefix/bin/python" -m pip install --quiet --no-index --no-deps --require-hashes \
  --find-links "$here/wheels" -r "$here/requirements.txt"
"$prefix/bin/python" -m pip check
echo "已安装到 $prefix（$(wc -l <"$here/requirements.txt") 个包，用时 $(($(date +%s) - started)) 秒）；命令：$prefix/bin/shoudi"
[ "$smoke" = 1 ] || exit 0

# Smoke check in a throw-away data directory: settings load in production mode, the migrations apply, the
# packaged divisions load, and gunicorn answers a page and a vendored static file.
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
secret=$("$prefix/bin/python" -c 'import secrets; print(secrets.token_urlsafe(50))')
export SHOUDI_DATA_DIR="$data" SHOUDI_DEBUG=0 SHOUDI_SECRET_KEY="$secret" \
  SHOUDI_DATABASE_URL="sqlite:///$data/shoudi.sqlite3" SHOUDI_ALLOWED_HOSTS=127.0.0.1
shoudi=("$prefix/bin/shoudi")
# warnings about HTTPS redirects and HSTS preload are nginx's part (README 部署); errors fail the check
"${shoudi[@]}" check --deploy --fail-level ERROR >"$data/check.log" 2>&1 || { cat "$data/check.log" >&2; exit 1; }
"${shoudi[@]}" migrate --no-input -v0
"${shoudi[@]}" regions load --province 11 >/dev/null
"${shoudi[@]}" regions count
port=$("$prefix/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${shoudi[@]}" serve --no-worker --workers 1 --bind "127.0.0.1:$port" >"$data/serve.log" 2>&1 &
server=$!
"$prefix/bin/python" - "$port" <<'EOF' || { kill "$server"; cat "$data/serve.log" >&2; exit 1; }
import sys, time, urllib.request

base = f"http://127.0.0.1:{sys.argv[1]}"
for _ in range(300):
    try:
        urllib.request.urlopen(base + "/accounts/login/", timeout=5).read()
        break
    except OSError:
        time.sleep(0.2)
for path in ("/accounts/login/", "/static/vendor/htmx/htmx.min.js"):
    with urllib.request.urlopen(base + path, timeout=10) as response:
        print(f"  {path}: HTTP {response.status}, {len(response.read()):,} 字节")
EOF
kill -TERM "$server"
wait "$server" || true
echo "检查通过：设置、数据库迁移、区划数据、网页服务和静态文件均正常（用时 $(($(date +%s) - started)) 秒）"
