"""A test client whose requests commit, as they do in production."""

from __future__ import annotations

from typing import Any

from django.test import Client, TestCase


class CommittingClient(Client):
    """Each request's on-commit work (a queued job, a cache invalidation) runs when the request ends, as it
    does in production, where a request's transactions commit before the response. Inside a test's wrapping
    transaction nothing ever commits, so without this a job a page queued would never run."""

    def request(self, **request: Any) -> Any:
        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**request)
