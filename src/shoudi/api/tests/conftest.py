"""Helpers for the API tests: a JSON client logged in as a persona (session) or carrying a token."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client


class JsonClient:
    """Django's test client speaking JSON; ``headers`` go on every request (e.g. a bearer token)."""

    def __init__(self, client: Client, headers: dict[str, str] | None = None) -> None:
        self.client = client
        self.headers = headers or {}

    def _send(self, method: str, path: str, body: Any = None, **params: Any) -> Any:
        kwargs: dict[str, Any] = {"headers": self.headers}
        if body is not None:
            kwargs.update(data=json.dumps(body), content_type="application/json")
        if params:
            from urllib.parse import urlencode

            path = f"{path}?{urlencode(params)}"
        return getattr(self.client, method)(path, **kwargs)

    def get(self, path: str, **params: Any) -> Any:
        return self._send("get", path, **params)

    def post(self, path: str, body: Any = None, **params: Any) -> Any:
        return self._send("post", path, {} if body is None else body, **params)

    def patch(self, path: str, body: Any = None) -> Any:
        return self._send("patch", path, {} if body is None else body)

    def delete(self, path: str, **params: Any) -> Any:
        return self._send("delete", path, **params)


@pytest.fixture
def as_user():
    """``as_user(persona)`` → a JSON client with that persona's session."""

    def make(user: Any) -> JsonClient:
        client = Client()
        client.force_login(user)
        return JsonClient(client)

    return make


@pytest.fixture
def anonymous() -> JsonClient:
    return JsonClient(Client())
