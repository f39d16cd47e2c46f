"""Project builders for the tests (the shared factories of ``shoudi.testing.projects``, under the names the
tests of other apps use)."""

from __future__ import annotations

from typing import Any

from shoudi.projects.models import Project
from shoudi.testing.projects import ALL_CLEAR, NOTICE, advance_to, project_draft

__all__ = ["ALL_CLEAR", "NOTICE", "implementing", "into_library", "village_project"]


def village_project(by: Any, area: str, **overrides: Any) -> Project:
    return project_draft(by, area, **overrides)


def into_library(project: Project, *, committee: Any, township: Any, county: Any) -> Project:
    return advance_to(project, "in_library", proposer=committee, township=township, county=county)


def implementing(project: Project, *, county: Any, **people: Any) -> Project:
    return advance_to(project, "implementing", proposer=people["committee"], township=people["township"], county=county)
