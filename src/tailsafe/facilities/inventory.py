"""Pure reading rules of the reference inventory (issue 17): status words, ranges, kinds of
source. No Django here, so the rules are tested fast and read like the data README."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from urllib.parse import urlparse

# The status column starts with the status word, followed by details (shared data README).
# "partly remediated" is not remediated: the rest of the site is still a legacy site.
STATUS_WORDS: tuple[tuple[str, str], ...] = (
    ("partly remediated", "legacy"),
    ("remediated", "remediated"),
    ("legacy", "legacy"),
    ("operating", "operating"),
    ("idle", "closed"),
    ("closed", "closed"),
)


def status_of(text: str) -> str | None:
    """The coded status of a reported status text, or None when it starts with no known word."""
    low = text.strip().lower()
    for word, code in STATUS_WORDS:
        if low.startswith(word):
            return code
    return None


def single_number(text: str) -> Decimal | None:
    """A cell holding exactly one number ("90", "3.45"); a range ("22-25") or words give None:
    a range is not one value, and guessing a point inside it would invent a fact."""
    text = text.strip().replace(",", "")
    if not re.fullmatch(r"\d+(\.\d+)?", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern above admits only numbers
        return None


FORUM_MARKS = ("forum", "showpost.php", "showthread.php", "viewtopic.php")
NEWS_HOSTS = (
    "asiaplustj.info",
    "eurasianet.org",
    "for.kg",
    "timesca.com",
    "khovar.tj",
    "sputniknews.ru",
    "sputnik.tj",
    "world-nuclear-news.org",
    "wedoany.com",
    "rosatomnewsletter.com",
    "akipress",
    "ozodi.org",
    "news.finnuclear.fi",
    "content.yudu.com",
)


def source_kind(url: str) -> str:
    """``"forum"`` for a forum post, ``"news"`` for a news site, else ``"other"`` (official,
    scientific or project pages): a forum or news source is labelled as such on screen."""
    parsed = urlparse(url.strip())
    host = parsed.netloc.lower()
    if any(mark in host or mark in parsed.path.lower() for mark in FORUM_MARKS):
        return "forum"
    if any(host == h or host.endswith("." + h) or h in host for h in NEWS_HOSTS):
        return "news"
    return "other"


def split_sources(text: str) -> list[str]:
    """The addresses of a sources cell ("a ; b", one per line or " | ")."""
    return [s.strip() for s in re.split(r"\s;\s|\n|\s\|\s", text) if s.strip()]
