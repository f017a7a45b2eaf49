"""Fixtures for the web tests: settings with and without a food index, an in-process client,
a real uvicorn server on 127.0.0.1, and Debian's Chromium driven by Playwright.

The food index is built once per session from the food tests' hand-made fixture files, so
the API and page tests have exact, known foods. The browser tests use the real USDA data
instead when ``B12_DATA_DIR`` holds it (type-ahead on ~14,000 foods is the real thing).

Browser tests skip when no Chromium is found, and fail instead when ``B12_REQUIRE_BROWSER=1``
(CI), so a broken browser set-up cannot pass silently.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from fastapi import FastAPI

from b12.config import Settings, get_settings
from b12.foods.importer import import_sources
from b12.web.app import create_app
from tests.foods.conftest import FIXTURES, build_fndds_workbooks, real_data_dir

if TYPE_CHECKING:
    from fastapi.testclient import TestClient

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def settings_for(home: Path) -> Settings:
    """The settings a user with ``B12_HOME=home`` and nothing else set would get.

    Built through ``get_settings`` from a scoped environment (not the constructor), so new
    settings fields get their defaults, and B12_GUIDELINE etc. in the environment cannot
    leak in.
    """
    with pytest.MonkeyPatch.context() as env:
        for name in [n for n in os.environ if n.startswith("B12_")]:
            env.delenv(name)
        env.setenv("B12_HOME", str(home))
        get_settings.cache_clear()
        try:
            return get_settings()
        finally:
            get_settings.cache_clear()


@pytest.fixture(scope="session")
def food_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A B12_HOME whose food index holds the fixture foods (tests/foods/fixtures)."""
    data = tmp_path_factory.mktemp("web-food-data")
    shutil.copytree(FIXTURES / "usda_sr28", data / "usda_sr28")
    build_fndds_workbooks(data / "usda_fndds_2021_2023")
    home = tmp_path_factory.mktemp("web-home")
    import_sources(home / "foods.sqlite3", data)
    return home


@pytest.fixture(scope="session")
def web_settings(food_home: Path) -> Settings:
    return settings_for(food_home)


@pytest.fixture(scope="session")
def empty_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose B12_HOME has no food index (a fresh install)."""
    return settings_for(tmp_path_factory.mktemp("web-empty-home"))


@pytest.fixture(scope="session")
def web_app(web_settings: Settings) -> FastAPI:
    return create_app(web_settings)


def test_client(app: FastAPI) -> TestClient:
    """Starlette's TestClient (on httpx); its notice that httpx2 is preferred is not ours."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    return TestClient(app, base_url="http://127.0.0.1")  # the app answers only to localhost


CSRF_TEST_TOKEN = "test-csrf-token-0123456789abcdef"


def with_csrf(client: TestClient, data: dict[str, Any] | None = None) -> dict[str, Any]:
    """``data`` plus the CSRF field a page's form carries, with its cookie on ``client``."""
    from b12.web.security import CSRF_COOKIE, CSRF_FIELD

    token = client.cookies.get(CSRF_COOKIE)
    if not token:
        token = CSRF_TEST_TOKEN
        client.cookies.set(CSRF_COOKIE, token)
    return {**(data or {}), CSRF_FIELD: token}


@pytest.fixture
def client(web_app: FastAPI) -> Iterator[TestClient]:
    with test_client(web_app) as c:
        yield c


@pytest.fixture
def empty_client(empty_settings: Settings) -> Iterator[TestClient]:
    with test_client(create_app(empty_settings)) as c:
        yield c


# A real server -------------------------------------------------------------------------


class LiveServer:
    """uvicorn serving an app in a background thread on a socket bound to 127.0.0.1:0.

    Binding the socket here (rather than picking a port and hoping it stays free) means
    the port is ours before the server starts.
    """

    def __init__(self, app: FastAPI) -> None:
        import uvicorn

        # IPPROTO_TCP, not 0: asyncio turns Nagle's algorithm off only for sockets that
        # say they are TCP, and without that each response waits for a delayed ACK.
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.port: int = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.sock]}, daemon=True
        )

    def start(self, timeout: float = 15.0) -> None:
        self.thread.start()
        deadline = time.monotonic() + timeout
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()


@pytest.fixture(scope="session")
def browser_settings(tmp_path_factory: pytest.TempPathFactory, web_settings: Settings) -> Settings:
    """The real USDA foods when B12_DATA_DIR has them (imported once), else the fixtures."""
    data = real_data_dir()
    if data is None:
        return web_settings
    home = tmp_path_factory.mktemp("web-home-real")
    import_sources(home / "foods.sqlite3", data)
    return settings_for(home)


@pytest.fixture(scope="session")
def live_server(browser_settings: Settings) -> Iterator[LiveServer]:
    server = LiveServer(create_app(browser_settings))
    server.start()
    yield server
    server.stop()


# A real browser ------------------------------------------------------------------------


def find_chromium() -> str | None:
    """B12_CHROMIUM, else a Chromium on PATH or Debian's usual place."""
    given = os.environ.get("B12_CHROMIUM")
    if given:
        return given if Path(given).is_file() else None
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").is_file() else None


def _no_browser(reason: str) -> None:
    if os.environ.get("B12_REQUIRE_BROWSER") == "1":
        pytest.fail(f"B12_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a locked dev dependency
        _no_browser("playwright is not installed")
        return
    executable = find_chromium()
    if executable is None:
        _no_browser("no Chromium found (set B12_CHROMIUM to its path)")
        return
    with sync_playwright() as p:
        try:
            chromium = p.chromium.launch(
                executable_path=executable, headless=True, args=CHROMIUM_ARGS
            )
        except Exception as exc:
            _no_browser(f"Chromium at {executable} did not start: {exc}")
            return
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any, live_server: LiveServer) -> Iterator[Any]:
    """A fresh browser tab at desktop size. The test fails on a script error, a server
    error, a failed sub-resource or API call, or any request that leaves 127.0.0.1 (no CDN,
    no tracking). A page answering a bad form with 422 is fine: that is how forms say so."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    problems: list[str] = []

    def on_console(message: Any) -> None:
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            problems.append(f"console: {message.text}")

    def on_request(request: Any) -> None:
        if not request.url.startswith((live_server.url, "data:")):
            problems.append(f"request off this server: {request.url}")

    def on_response(response: Any) -> None:
        navigation = response.request.is_navigation_request()
        if response.status >= 500 or (response.status >= 400 and not navigation):
            problems.append(f"{response.status} for {response.url}")

    tab.on("console", on_console)
    tab.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    tab.on("request", on_request)
    tab.on("response", on_response)
    yield tab
    context.close()
    assert not problems, problems


def screenshot(tab: Any, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    tab.screenshot(path=str(path), full_page=True)
    return path
