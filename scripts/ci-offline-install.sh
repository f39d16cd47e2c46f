#!/usr/bin/env bash
# CI: prove the offline installation. Build the bundle (this step uses the package index), then install it and
# run its smoke check inside an empty network namespace (unshare --net, as root): only a loopback interface,
# no route anywhere — the check first shows that the package index cannot be reached from inside.
set -euo pipefail
cd "$(dirname "$0")/.."
export UV="${UV:-$(command -v uv || echo "$HOME/.local/bin/uv")}" UV_PYTHON_DOWNLOADS=never

started=$(date +%s)
bash scripts/bundle.sh
built=$(date +%s)
bundle=$(ls -t dist/shoudi-bundle-*.tar.gz | head -1)
target=$(mktemp -d)
trap 'rm -rf "$target"' EXIT

unshare --net -- bash -euo pipefail -c '
  ip link set lo up  # the smoke check talks to its own web server on 127.0.0.1, and to nothing else
  if python3 -c "import urllib.request; urllib.request.urlopen(\"https://pypi.org/simple/\", timeout=5)" 2>/dev/null
  then echo "网络未被隔离：仍能访问软件包索引" >&2; exit 3; fi
  if command -v curl >/dev/null && curl -sS --max-time 5 -o /dev/null https://pypi.org/simple/ 2>/dev/null
  then echo "网络未被隔离：curl 仍能访问软件包索引" >&2; exit 3; fi
  echo "网络已隔离：$(ip -brief link | tr "\n" " ")"
  bash scripts/install-offline.sh "$1" "$2"
' offline "$bundle" "$target/shoudi"
echo "离线安装验证通过：构建安装包 $((built - started)) 秒，无网络安装并检查 $(($(date +%s) - built)) 秒"
