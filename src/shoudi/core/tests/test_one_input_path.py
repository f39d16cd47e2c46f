"""One input path: a page form or an API schema types the input, and a service takes typed keyword arguments.

A service is any public function of a production module that takes the actor as the keyword argument ``by``.
None may take a QueryDict, a MultiValueDict or an untyped mapping (``Mapping[str, Any]``, ``dict[str, Any]``,
or a parameter such as ``data: Any``): that is how ``request.POST`` reached services that the tests fed with
plain dicts, and asset disposal failed in the browser alone."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import shoudi

UNTYPED = re.compile(r"QueryDict|MultiValueDict|Mapping\[str,\s*Any\]|dict\[str,\s*Any\]|^Mapping$|^dict$")
SKIP = re.compile(
    r"\.(tests|migrations|testing|management)(\.|$)|\.(views\w*|api|forms|selectors|presenters)$"
    r"|^shoudi\.(core|jobs)\."  # the kit: it stores what services hand it (a step's record, a job's parameters)
)
VAGUE_NAMES = {"data", "post", "values", "params", "fields", "row"}
RECORDS = {"payload", "snapshot"}  # what a step records as JSON, built by the service itself


def services():
    for info in pkgutil.walk_packages(shoudi.__path__, "shoudi."):
        if SKIP.search(info.name) or info.name in ("shoudi.settings_test", "shoudi.__main__", "shoudi.wsgi"):
            continue
        module = importlib.import_module(info.name)
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or func.__module__ != module.__name__:
                continue
            params = inspect.signature(func).parameters
            if "by" in params and params["by"].kind == inspect.Parameter.KEYWORD_ONLY:
                yield f"{module.__name__}.{name}", params


def test_no_service_takes_an_untyped_mapping():
    found = []
    count = 0
    for where, params in services():
        count += 1
        for param in params.values():
            if param.name in RECORDS:
                continue
            annotation = str(param.annotation).replace("typing.", "")
            if param.annotation is inspect.Parameter.empty:
                found.append(f"{where}({param.name}): no type")
            elif UNTYPED.search(annotation) or (param.name in VAGUE_NAMES and annotation in ("Any", "object")):
                found.append(f"{where}({param.name}: {annotation})")
    assert count > 50, f"only {count} services found: is the scan still finding them?"
    assert not found, "services taking untyped input:\n" + "\n".join(found)
