"""A client that disconnects mid-body (issue 22): no traceback in the server's log, and
nothing written, on a real uvicorn server."""

from __future__ import annotations

import logging
import socket
import time
from pathlib import Path

import pytest

from b12.config import Settings
from b12.store import DiaryStore
from b12.web.app import create_app
from tests.web.conftest import LiveServer, settings_for


def test_a_body_cut_short_leaves_no_traceback(
    tmp_path: Path,
    web_settings: Settings,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    settings = settings_for(tmp_path)
    server = LiveServer(create_app(settings))
    server.start()
    try:
        with caplog.at_level(logging.INFO):
            for path in ("/api/profiles", "/api/entries", "/api/assess", "/labs"):
                with socket.create_connection(("127.0.0.1", server.port)) as s:
                    s.sendall(
                        f"POST {path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: "
                        'application/json\r\nContent-Length: 1000\r\n\r\n{"name": '.encode()
                    )
                    time.sleep(0.2)
            time.sleep(0.5)
    finally:
        server.stop()
    logged = caplog.text + capfd.readouterr().err  # uvicorn's own handler writes to stderr
    assert [r for r in caplog.records if r.exc_info] == []
    assert "Traceback" not in logged and "ClientDisconnect" not in logged
    with DiaryStore(settings.database_url) as store:
        assert store.list_profiles() == []
