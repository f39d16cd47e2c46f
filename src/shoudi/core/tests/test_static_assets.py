"""No page may load anything from outside the project: government intranets have no internet.

Scans every template directory and every static file of the project for src=/href=/url(/@import that
point at http(s):// or a protocol-relative //host. Comments and data: URIs (whose SVG carries an xmlns
URL) are not references and do not count."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

TEXT_SUFFIXES = {".html", ".txt", ".xml", ".svg", ".css", ".js", ".mjs", ".json", ".md", ".map"}
EXTERNAL = r"""["']?\s*(?:https?:)?//"""
PATTERNS = [
    re.compile(r"""(?<![\w-])(?:src|href|srcset|action|formaction|poster|data|background)\s*=\s*""" + EXTERNAL, re.I),
    re.compile(r"""url\(\s*""" + EXTERNAL, re.I),
    re.compile(r"""@import\s+(?:url\(\s*)?""" + EXTERNAL, re.I),
]
DATA_URIS = [
    re.compile(r'''"\s*data:[^"]*"''', re.I),
    re.compile(r"""'\s*data:[^']*'""", re.I),
    re.compile(r"""url\(\s*data:[^)]*\)""", re.I),
]
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def external_references(text: str, *, css: bool = False) -> list[str]:
    """Every place in ``text`` that would make a browser fetch from another host."""
    if css:
        text = CSS_COMMENT.sub("", text)
    for pattern in DATA_URIS:
        text = pattern.sub('""', text)
    found = []
    for pattern in PATTERNS:
        found += [text[m.start() : m.end() + 40] for m in pattern.finditer(text)]
    return found


def _project_dirs(name: str, configured: list) -> list[Path]:
    root = Path(settings.BASE_DIR)
    dirs = {Path(d) for d in configured}
    for config in apps.get_app_configs():
        if Path(config.path).is_relative_to(root) and (Path(config.path) / name).is_dir():
            dirs.add(Path(config.path) / name)
    dirs |= {p for p in root.rglob(name) if p.is_dir() and "__pycache__" not in p.parts}
    return sorted(d for d in dirs if d.is_dir())


def _files(name: str, configured: list) -> list[Path]:
    return sorted(
        p for d in _project_dirs(name, configured) for p in d.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES
    )


def template_files() -> list[Path]:
    return _files("templates", [d for t in settings.TEMPLATES for d in t.get("DIRS", [])])


def static_files() -> list[Path]:
    return _files("static", list(settings.STATICFILES_DIRS))


def test_the_scan_covers_the_project():
    templates = {p.name for p in template_files()}
    statics = {p.name for p in static_files()}
    assert {"base.html", "household_list.html", "login.html"} <= templates
    assert {"pico.min.css", "htmx.min.js", "site.css"} <= statics


@pytest.mark.parametrize("path", template_files() + static_files(), ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_no_external_urls(path):
    text = path.read_text(encoding="utf-8", errors="replace")
    found = external_references(text, css=path.suffix == ".css")
    assert not found, f"{path} 引用了外部地址（政务内网无法访问），请改为项目内静态文件: {found}"


@pytest.mark.parametrize(
    "text",
    [
        '<script src="https://cdn.example.com/htmx.js"></script>',
        "<link rel=stylesheet href='http://fonts.example.com/x.css'>",
        '<img src="//cdn.example.com/logo.png">',
        "<link href=https://cdn.example.com/a.css>",
        'body { background: url("https://img.example.com/a.png") }',
        "body { background: url(//img.example.com/a.png) }",
        '@import "https://fonts.example.com/css";',
        "@import url(https://fonts.example.com/css);",
        '<form action="https://collector.example.com/">',
    ],
)
def test_the_scanner_catches_external_references(text):
    assert external_references(text, css="{" in text or "@import" in text)


@pytest.mark.parametrize(
    "text",
    [
        """a{background-image:url("data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'%3E%3C/svg%3E")}""",
        "a{background:url('data:image/svg+xml,%3Csvg xmlns=\"http://www.w3.org/2000/svg\"%3E')}",
        "/*! Pico CSS (https://picocss.com) */ a{color:red}",
        '<a href="/households/">农户</a> <img src="/static/a.png">',
        "<p>国家统计局 https://www.stats.gov.cn 的区划代码</p>",
        '<svg xmlns="http://www.w3.org/2000/svg"></svg>',
    ],
)
def test_the_scanner_lets_local_and_inline_things_through(text):
    assert not external_references(text, css=text.startswith(("a{", "/*")))
