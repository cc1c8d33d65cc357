"""500 and 502 over real HTTP: an in-process uvicorn with a failing route / a dead database."""

from __future__ import annotations

import threading
import time

import httpx
import pytest
import uvicorn
from sqlalchemy.exc import OperationalError

from bannerfit.api import create_app
from bannerfit.settings import Settings
from tests.conftest import free_port


@pytest.fixture(scope="module")
def app_server(tmp_path_factory):
    settings = Settings(data_dir=tmp_path_factory.mktemp("faults"), workers=1, _env_file=None)
    app = create_app(settings)

    @app.get("/test-only/boom")
    async def boom() -> None:
        raise RuntimeError("secret internal detail")

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    yield app, f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(30)


def test_500_has_no_trace(app_server) -> None:
    _, url = app_server
    response = httpx.get(url + "/test-only/boom")
    assert response.status_code == 500
    assert response.json() == {
        "error": "An internal error occurred; it has been logged.",
        "code": "internal_error",
    }
    assert "secret" not in response.text and "Traceback" not in response.text


def test_502_when_the_database_is_unavailable(app_server, monkeypatch) -> None:
    app, url = app_server
    store = app.state.services.store

    def down(*_a, **_k):
        raise OperationalError("SELECT 1", {}, Exception("unable to open database file"))

    monkeypatch.setattr(store, "authenticate", down)
    monkeypatch.setattr(store, "ping", down)
    response = httpx.get(url + "/v1/credits", headers={"x-api-key": "bf_0123456789_abc"})
    assert response.status_code == 502 and response.json()["code"] == "dependency_unavailable"
    ready = httpx.get(url + "/readyz")
    assert ready.status_code == 503 and ready.json()["checks"]["database"].startswith("unavailable")
