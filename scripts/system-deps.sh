#!/usr/bin/env bash
# Installs the Debian packages the test suite needs when they are missing: Chromium (browser tests through
# Playwright, which cannot download its own browser here), a CJK font so the pages render Chinese in it,
# LibreOffice Calc (real-world XLSX files) and a Java runtime (the screening rules on Spark, through PySpark).
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || need+=(fonts-wqy-microhei)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v libreoffice >/dev/null 2>&1 || command -v soffice >/dev/null 2>&1 || need+=(libreoffice-calc-nogui)
[ ${#need[@]} -eq 0 ] && exit 0
echo "安装测试所需的系统软件包: ${need[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "缺少 ${need[*]}，且没有 root 权限安装。请先执行: apt-get install ${need[*]}" >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
