#!/usr/bin/env bash
# make bundle: an offline installation bundle for an intranet server with no internet.
#   dist/shoudi-bundle-<version>-<platform>-cp<XY>.tar.gz holds every wheel that uv.lock pins for production
#   (no dev tools) for the target platform, the project's own wheel (with the 2023 divisions data and the
#   vendored static assets inside), install.sh, requirements.txt (every wheel pinned with its sha256),
#   SHA256SUMS and LICENSE. The target needs only a Python 3 of the same minor version with its venv module.
# Building needs the network (the package index) once; installing needs none (scripts/install-offline.sh).
# Environment:
#   PYTHON            a Python of the target's minor version that downloads and builds (default: python3)
#   BUNDLE_PLATFORM   target platform tag, e.g. manylinux_2_28_x86_64 for a server with glibc ≥ 2.28
#                     (default: this machine; a wheel for a newer glibc than the target's will not load)
set -euo pipefail
cd "$(dirname "$0")/.."
UV="${UV:-uv}"
PYTHON="${PYTHON:-python3}"
started=$(date +%s)

version=$(sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml | head -1)
pyver=$("$PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
abi="cp${pyver/./}"
if [ -n "${BUNDLE_PLATFORM:-}" ]; then
  platform="$BUNDLE_PLATFORM"
else
  platform=$("$PYTHON" -c 'import sysconfig; print(sysconfig.get_platform().replace("-", "_").replace(".", "_"))')
fi
name="shoudi-bundle-$version-$platform-$abi"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/$name"
mkdir -p "$root/wheels" dist

# The locked production requirements, split: packages published only as source (pyspark) are built into
# wheels here, so the target never compiles or downloads anything.
"$UV" export --locked --no-dev --format requirements-txt --no-emit-project >"$work/locked.txt"
"$PYTHON" - "$work" <<'EOF'
import re, sys, tomllib
from pathlib import Path

work = Path(sys.argv[1])
lock = tomllib.loads(Path("uv.lock").read_text(encoding="utf-8"))
source_only = {p["name"] for p in lock["package"] if "wheels" not in p and "registry" in p.get("source", {})}
entries, current = [], []
for line in (work / "locked.txt").read_text(encoding="utf-8").splitlines():
    if line and not line[0].isspace() and not line.startswith("#"):
        current = [line]
        entries.append(current)
    elif line.startswith("    --hash") and current:
        current.append(line)
binary = [e for e in entries if re.split(r"[=; ]", e[0])[0] not in source_only]
source = [e for e in entries if re.split(r"[=; ]", e[0])[0] in source_only]
for file, chosen in (("binary.txt", binary), ("source.txt", source)):
    text = "".join("\n".join(e).rstrip(" \\") + "\n" for e in chosen)
    (work / file).write_text(text, encoding="utf-8")
print(f"{len(binary)} wheels to download, {len(source)} to build from source ({', '.join(sorted(source_only))})")
EOF

# A throw-away pip of the target's Python (uv has no "download")
"$UV" venv --quiet --seed --python "$PYTHON" "$work/pip"
pip=("$work/pip/bin/python" -m pip --disable-pip-version-check)
target=()
if [ -n "${BUNDLE_PLATFORM:-}" ]; then
  target=(--platform "$BUNDLE_PLATFORM" --python-version "$pyver" --implementation cp --abi "$abi")
fi
"${pip[@]}" download --quiet --no-deps --only-binary=:all: "${target[@]}" -r "$work/binary.txt" -d "$root/wheels"
if [ -s "$work/source.txt" ]; then
  "${pip[@]}" wheel --quiet --no-deps -r "$work/source.txt" -w "$root/wheels"
fi
"$UV" build --quiet --wheel --out-dir "$root/wheels" .

# Pin exactly the wheels in the bundle, each with its hash: install.sh installs these files and nothing else.
"$PYTHON" - "$root" <<'EOF'
import hashlib, sys
from pathlib import Path

root = Path(sys.argv[1])
lines = []
for wheel in sorted((root / "wheels").glob("*.whl")):
    name, version = wheel.name.split("-")[:2]
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    lines.append(f"{name}=={version} --hash=sha256:{digest}")
(root / "requirements.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
EOF
echo "$pyver" >"$root/PYTHON_VERSION"
cp LICENSE "$root/LICENSE"
cp scripts/install-offline.sh "$root/install.sh"
chmod +x "$root/install.sh"
(cd "$root" && find wheels requirements.txt install.sh PYTHON_VERSION LICENSE -type f -print0 | sort -z \
  | xargs -0 sha256sum >SHA256SUMS)

tar -C "$work" -czf "dist/$name.tar.gz" "$name"
count=$(find "$root/wheels" -name '*.whl' | wc -l)
echo "dist/$name.tar.gz: $count 个 wheel（Python $pyver），$(du -h "dist/$name.tar.gz" | cut -f1)，用时 $(($(date +%s) - started)) 秒"
