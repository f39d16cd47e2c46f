# The two commands of the README: `make demo` and `make test`. Everything else is a helper of those.
SHELL := /bin/bash
.DEFAULT_GOAL := help
export UV_PYTHON_DOWNLOADS := never
UV ?= $(shell command -v uv 2>/dev/null || echo $(HOME)/.local/bin/uv)
DEMO_HOUSEHOLDS ?= 20000
DEMO_COUNTY ?= 520628
HOST ?= 127.0.0.1
PORT ?= 8000
# make install-offline: the bundle to install (default: the newest in dist/) and the venv to create
BUNDLE ?= $(lastword $(sort $(wildcard dist/shoudi-bundle-*.tar.gz)))
PREFIX ?= /opt/shoudi
# Two workers (pytest-xdist): the suite is CPU-bound and the Spark test alone takes two minutes.
PYTEST_ARGS ?= -n 2

.PHONY: help demo test lint uv sync sync-dev system-deps serve bundle install-offline

help:
	@echo "make demo   — 安装依赖、建库、载入区划和示范县、创建演示账号，并在 http://$(HOST):$(PORT) 启动"
	@echo "make test   — 安装开发依赖并运行全部测试（SQLite；设置 SHOUDI_TEST_DATABASE_URL 则在 PostgreSQL 上运行）"
	@echo "make serve  — 生产方式启动网页服务（gunicorn）和后台任务进程（shoudi serve，监听 $(HOST):$(PORT)）"
	@echo "make bundle — 生成离线安装包 dist/shoudi-bundle-<版本>-<平台>.tar.gz（需联网一次）"
	@echo "make install-offline [BUNDLE=…] [PREFIX=/opt/shoudi] — 不联网地从离线安装包安装并检查"

uv:
	@command -v uv >/dev/null 2>&1 || test -x $(HOME)/.local/bin/uv || python3 -m pip install --user --quiet uv \
	  || python3 -m pip install --quiet --break-system-packages uv

sync: uv
	$(UV) sync --locked --no-dev

sync-dev: uv
	$(UV) sync --locked

# Browser tests drive Debian's Chromium; the import tests convert a file with LibreOffice.
system-deps:
	@bash scripts/system-deps.sh

demo: sync
	@SHOUDI_DEBUG=1 DEMO_HOUSEHOLDS=$(DEMO_HOUSEHOLDS) DEMO_COUNTY=$(DEMO_COUNTY) HOST=$(HOST) PORT=$(PORT) \
	  UV="$(UV)" bash scripts/demo.sh

serve: sync
	$(UV) run --locked --no-dev shoudi serve --bind $(HOST):$(PORT)

bundle: uv
	UV="$(UV)" bash scripts/bundle.sh

install-offline:
	@test -n "$(BUNDLE)" || { echo "dist/ 中没有离线安装包：先运行 make bundle，或指定 BUNDLE=文件" >&2; exit 2; }
	bash scripts/install-offline.sh "$(BUNDLE)" "$(PREFIX)"

test: sync-dev system-deps
	$(UV) run --locked pytest $(PYTEST_ARGS)

lint: sync-dev
	$(UV) run --locked ruff check src tests benchmarks scripts conftest.py
	$(UV) run --locked ruff format --check src tests benchmarks scripts conftest.py
	SHOUDI_DEBUG=1 $(UV) run --locked mypy
	$(UV) run --locked lint-imports
	$(UV) run --locked python scripts/module_sizes.py
	SHOUDI_DEBUG=1 $(UV) run --locked shoudi makemigrations --check --dry-run
