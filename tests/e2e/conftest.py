"""Browser tests: Playwright drives Debian's Chromium (/usr/bin/chromium), never a downloaded
browser. Every page a test visits can be checked with axe-core (WCAG 2.1 AA) and the browser is
watched for requests that leave the server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

CHROMIUM = "/usr/bin/chromium"
AXE = (Path(__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def pytest_collection_modifyitems(items: list[Any]) -> None:
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def external_requests(page: Any, live_server: Any) -> Iterator[list[str]]:
    """Every request the page makes to a host other than the live server."""
    server = urlparse(live_server.url).netloc
    seen: list[str] = []

    def record(request: Any) -> None:
        url = urlparse(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.netloc != server:
            seen.append(request.url)

    page.on("request", record)
    return seen


CSP_LISTENER = """document.addEventListener("securitypolicyviolation", function (e) {
  window.__tsCspViolation(e.violatedDirective + " blocked " + (e.blockedURI || "?") + " in "
    + e.documentURI + " (" + (e.sourceFile || "") + ":" + e.lineNumber + ") " + (e.sample || ""));
});"""


@pytest.fixture(autouse=True)
def csp_violations(request: pytest.FixtureRequest) -> Iterator[list[str]]:
    """Every Content-Security-Policy violation on any page a browser test visits fails the test
    (the policy blocks inline scripts and styles: a page that needs one is broken)."""
    seen: list[str] = []
    if "page" not in request.fixturenames:
        yield seen
        return
    page = request.getfixturevalue("page")

    def record(text: str) -> None:
        seen.append(text)

    page.expose_function("__tsCspViolation", record)
    page.add_init_script(CSP_LISTENER)

    def console(message: Any) -> None:
        if "Content Security Policy" in message.text:
            seen.append(f"console: {message.text}")

    page.on("console", console)
    yield seen
    assert not seen, "Content-Security-Policy violations:\n" + "\n".join(seen)


@pytest.fixture
def login(page: Any, live_server: Any) -> Callable[[str, str], None]:
    from tests.conftest import PASSWORD

    def do(username: str, language: str = "ru") -> None:
        page.goto(f"{live_server.url}/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]:not([name=language])")
        page.wait_for_url(f"{live_server.url}/")

    return do


def check_a11y(page: Any) -> None:
    """Fail on serious or critical WCAG 2.1 A/AA violations found by axe-core."""
    # Evaluated through the DevTools protocol, which the page's Content-Security-Policy does not
    # govern; a <script> element with inline content (add_script_tag) would be refused.
    page.evaluate(AXE + "\n;0")
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + "; ".join(n["target"][0] if n["target"] else "?" for n in v["nodes"][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, f"{page.url}: " + " | ".join(bad)
