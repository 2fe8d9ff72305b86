"""Every language all the way down (issue 18, "Done means"): as each role, in Tajik and in English,
every page reachable from the menu and one level of links from each of them (list page -> detail
page) is read, and

- on a Tajik page no text outside an element marked with another ``lang`` contains a letter Tajik
  does not use (ы, щ, ц, ь): untranslated Russian;
- on an English page no text outside such an element contains a Cyrillic letter.

The bulk of the pages is read as HTML through Django's test client (text nodes and
placeholders; one detail page per kind of link); a sample of the main pages is read again in
Chromium from the text it renders, with the same rule. Also checked: no "---------" blank
choice, no English "- Select an option -" on ru/tg pages, no Russian "г." after a year on Tajik
pages. The world is the demo (``manage.py load_demo``). Files (PDF, DOCX, XLSX, CSV), the API
and the search page (branch ``papers`` rewrites it) are left out; ``<title>``, ``aria-label``
and ``alt`` cannot carry a ``lang`` of their own and are not checked.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urldefrag, urlparse

import lxml.html
import pytest

ROLES = ("secretariat", "member", "co_chair", "operator", "inspector", "guest", "public")
RUSSIAN_ONLY = re.compile("[ыщцьЫЩЦЬ]")
CYRILLIC = re.compile("[\u0400-\u04ff]")
YEAR_MARK = re.compile(r"\b\d{4}\s?г\.")
# Visible text besides the text nodes. (``title`` elements, ``aria-label`` and ``alt`` cannot
# carry a ``lang`` of their own and are left out.)
READ_ATTRIBUTES = ("placeholder",)
SKIP_TAGS = {"script", "style", "template", "noscript"}
# Not pages in a language: files, data, the API, the admin, leaving.
SKIP_PATHS = re.compile(
    r"(\.(pdf|docx|xlsx|csv|json|geojson|xml|zip|png|svg)$)|^/(api|admin|static|media|logout|"
    r"language|i18n)/|/(export|download|feed|cap|file|report[^/]*|geojson|data)(/|$)|"
    r"^/account/2fa/|^/search/"
)


def bad_text(html: str, language: str) -> list[str]:
    """Texts on a page (``language``) outside a ``lang``-marked element that break the rule."""
    pattern = RUSSIAN_ONLY if language == "tg" else CYRILLIC
    root = lxml.html.document_fromstring(html)
    found: list[str] = []

    def walk(element: Any, inherited: str) -> None:
        if not isinstance(element.tag, str) or element.tag in SKIP_TAGS:
            return
        own = (element.get("lang") or inherited)[:2]
        if own == language:
            if element.text and pattern.search(element.text):
                found.append(element.text.strip())
            for attribute in READ_ATTRIBUTES:
                value = element.get(attribute) or ""
                if pattern.search(value):
                    found.append(f"[{attribute}] {value.strip()}")
            if element.tag == "input" and element.get("type") in ("submit", "button"):
                value = element.get("value") or ""
                if pattern.search(value):
                    found.append(f"[value] {value.strip()}")
            for child in element:
                walk(child, own)
        # Text after a child belongs to the parent, marked or not as the parent is.
        if element.tail and inherited[:2] == language and pattern.search(element.tail):
            found.append(element.tail.strip())

    # Django's own defaults left untranslated: the blank choice of a select, the Russian "г."
    # after a year in a Tajik date.
    for option in root.iter("option"):
        label = (option.text or "").strip()
        if label == "---------" or (language != "en" and label == "- Select an option -"):
            found.append(f"[option] {label}")
    if language == "tg":
        found.extend(m.group(0) for m in YEAR_MARK.finditer(root.text_content()))
    body = root.find("body")
    walk(body if body is not None else root, root.get("lang") or language)
    return found


def _shape(path: str) -> str:
    """One detail page per kind of link: /facilities/12/ and /facilities/13/ are one shape."""
    return re.sub(r"/[0-9a-f-]*\d[0-9a-f-]*(?=/|$)", "/<id>", path)


def _links(html: str, selector: str) -> list[str]:
    root = lxml.html.document_fromstring(html)
    hrefs: list[str] = []
    for anchor in root.xpath(selector):
        href = urldefrag(anchor.get("href") or "")[0]
        parsed = urlparse(href)
        if not href or parsed.scheme or parsed.netloc or not href.startswith("/"):
            continue
        if SKIP_PATHS.search(parsed.path) or anchor.get("download") is not None:
            continue
        hrefs.append(href)
    return hrefs


def crawl(client: Any, language: str) -> Iterator[tuple[str, list[str]]]:
    """(url, bad texts) for the menu's pages and one level of links from each."""
    start = client.get("/")
    if start.status_code == 302:  # the public: no dashboard
        menu = ["/public/", "/login/"]
    else:
        menu = ["/", *_links(start.content.decode(), "//nav//a[@href] | //main//a[@href]")]
    seen: set[str] = set()
    shapes: set[str] = set()
    queue: list[tuple[str, int]] = [(url, 0) for url in menu]
    while queue:
        url, depth = queue.pop(0)
        shape = _shape(urlparse(url).path) + ("?" if "?" in url else "")
        if url in seen or (depth and shape in shapes):
            continue
        seen.add(url)
        shapes.add(shape)
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        yield url, bad_text(html, language)
        if depth == 0:
            queue.extend((link, 1) for link in _links(html, "//main//a[@href]"))


@pytest.fixture
def demo_world(db: None) -> dict[str, Any]:
    from django.core.management import call_command

    from tailsafe.core.models import User

    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    return {u.username: u for u in User.objects.filter(username__startswith="demo-")}


def _client_for(role: str, language: str, users: dict[str, Any]) -> Any:
    from django.conf import settings
    from django.test import Client

    client = Client()
    if role == "public":
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client
    user = users[f"demo-{role}"]
    user.language = language
    user.save(update_fields=["language"])
    client.force_login(user)
    return client


def test_no_text_in_another_language_unmarked(demo_world: dict[str, Any]) -> None:
    """Tajik and English in one test: the demo is loaded once."""
    problems: dict[str, str] = {}
    pages = 0
    for language in ("tg", "en"):
        for role in ROLES:
            client = _client_for(role, language, demo_world)
            for url, bad in crawl(client, language):
                pages += 1
                for text in bad:
                    problems.setdefault(f"{language}: {text[:120]}", f"{role} {url}")
    assert pages > 80, pages
    assert not problems, f"{len(problems)} texts:\n" + "\n".join(
        f"{where}: {text}" for text, where in sorted(problems.items(), key=lambda p: p[1])
    )


# What the browser shows: every visible text node, with the language of its nearest ``lang``.
VISIBLE_TEXTS = """() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const parent = node.parentElement;
    if (!parent || !node.textContent.trim() || parent.closest("script,style,template")) continue;
    if (!parent.getClientRects().length) continue;  // not rendered (display: none, collapsed)
    out.push([parent.closest("[lang]").getAttribute("lang"), node.textContent.trim()]);
  }
  return out;
}"""


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["tg", "en"])
def test_browser_sample_shows_no_text_in_another_language_unmarked(
    page: Any, live_server: Any, language: str
) -> None:
    """A sample of the main pages, read from what Chromium renders (one browser for all)."""
    from django.core.management import call_command

    from tailsafe.core.models import User
    from tailsafe.dashboard.demo_users import demo_password
    from tailsafe.facilities.models import Facility
    from tailsafe.meetings.models import Meeting
    from tailsafe.monitoring.models import MonitoringPoint

    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    User.objects.filter(username="demo-secretariat").update(language=language)
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "demo-secretariat")
    page.fill("input[name=password]", demo_password())
    page.click("button[type=submit]:not([name=language])")
    page.wait_for_url(f"{live_server.url}/")
    facility = Facility.objects.exclude(name_ru="").order_by("code").first()
    meeting = Meeting.objects.order_by("pk").first()
    point = MonitoringPoint.objects.order_by("pk").first()
    assert facility
    assert meeting
    assert point
    pages = [
        "/",
        "/facilities/",
        f"/facilities/{facility.pk}/",
        "/meetings/",
        f"/meetings/{meeting.pk}/",
        "/governance/members/",
        "/governance/institutions/",
        "/monitoring/",
        f"/monitoring/points/{point.pk}/",
        "/notifications/",
    ]
    pattern = RUSSIAN_ONLY if language == "tg" else CYRILLIC
    problems = []
    for path in pages:
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None, path
        assert response.ok, path
        assert page.evaluate("document.documentElement.lang") == language
        for lang, shown in page.evaluate(VISIBLE_TEXTS):
            if (lang or "")[:2] == language and pattern.search(shown):
                problems.append(f"{path}: {shown[:120]}")
    assert not problems, "\n".join(problems)
