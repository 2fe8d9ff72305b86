"""The dashboard's cached panels (issue 20): served from the cache while nothing they show has
changed, built anew after a write that changes them (any process: the versions are in the
database), and the alerts panel always live (tests/monitoring/test_dashboard_live.py)."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tailsafe.core.models import CacheVersion
from tailsafe.methodology.services import recompute_assessment
from tests.facilities.conftest import make_facility

__all__ = ["make_facility"]

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _top_five(body: str) -> list[str]:
    panel = body.split('id="p-hazard"', 1)[1].split("</section>", 1)[0]
    return re.findall(r"(HZ-\d+) ·", panel)


def _get(client: Any) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("dashboard:home"))
    assert response.status_code == 200
    return response.content.decode(), len(ctx.captured_queries)


def test_recomputed_assessment_is_on_the_dashboard_at_once(
    make_facility: Callable[..., Any], client_as: Callable[[str], Any]
) -> None:
    for i in range(6):
        make_facility(f"HZ-{i}", volume_m3=Decimal(10 ** (6 - i)))  # HZ-5 the smallest
    client = client_as("secretariat")
    body, cold = _get(client)
    assert _top_five(body) == ["HZ-0", "HZ-1", "HZ-2", "HZ-3", "HZ-4"]
    again, warm = _get(client)
    assert warm < cold
    assert _top_five(again) == _top_five(body)
    before = CacheVersion.objects.get(name="dashboard.highest_hazard").version
    # HZ-5 grows (a queryset update: no save, so no new version yet) and is recomputed
    from tailsafe.facilities.models import Facility

    Facility.objects.filter(code="HZ-5").update(volume_m3=Decimal(10**9))
    assert _top_five(_get(client)[0])[0] == "HZ-0"  # nothing recomputed: the cache holds
    recompute_assessment(Facility.objects.get(code="HZ-5"), reason="volume corrected")
    assert CacheVersion.objects.get(name="dashboard.highest_hazard").version == before + 1
    body, _ = _get(client)
    assert _top_five(body)[0] == "HZ-5"  # no stale dashboard after a recompute


def test_each_user_has_their_own_view(
    make_facility: Callable[..., Any], client_as: Callable[[str], Any]
) -> None:
    make_facility("HZ-1")
    secretariat, _ = _get(client_as("secretariat"))
    operator = client_as("operator").get(reverse("dashboard:home"))
    assert _top_five(secretariat) == ["HZ-1"]
    assert _top_five(operator.content.decode()) == []  # sees none: not cached across users


def _panel(body: str, panel_id: str) -> str:
    return body.split(f'id="{panel_id}"', 1)[1].split("</section>", 1)[0]


def test_letters_panel_counts_a_letter_submitted_after_it_was_cached(
    client_as: Callable[[str], Any], users: dict[str, Any]
) -> None:
    from django.utils import timezone

    from tailsafe.correspondence import services as correspondence
    from tailsafe.governance import services as governance

    governance.record_cochair_term(
        users["secretariat"],
        year=timezone.localdate().year,
        senior_official=None,
        official_user=users["co_chair"],
    )
    client = client_as("secretariat")
    body, _ = _get(client)
    assert "No letter waits for approval." in _panel(body, "p-letters")
    letter = correspondence.draft_group_letter(
        users["secretariat"], {"correspondent": "UNECE", "subject": "Help", "body": "Text"}
    )
    assert "No letter waits" in _panel(_get(client)[0], "p-letters")  # a draft waits for no one
    correspondence.submit_for_approval(users["secretariat"], letter)
    assert "1 letter waits for the leading co-chair" in _panel(_get(client)[0], "p-letters")


def test_cochairs_panel_follows_a_renamed_leading_authority(
    client_as: Callable[[str], Any], users: dict[str, Any]
) -> None:
    from django.utils import timezone

    from tailsafe.governance import services as governance

    client = client_as("secretariat")
    leading, _next = governance.leading_and_next(timezone.localdate().year)
    assert leading is not None
    assert leading.name_en in _panel(_get(client)[0], "p-cochairs")
    leading.name_en = "Committee renamed by decree"
    leading.save()
    assert "Committee renamed by decree" in _panel(_get(client)[0], "p-cochairs")


def test_overdue_actions_follow_the_date_and_every_write(
    client_as: Callable[[str], Any], users: dict[str, Any], monkeypatch: Any
) -> None:
    """Overdue action items are cached per day: an item falls due with the date, and a new
    item, a finished item or a changed responsible institution shows at once."""
    import datetime as dt

    from django.utils import timezone

    from tailsafe.followup.models import ActionItem
    from tailsafe.governance.models import Institution
    from tailsafe.meetings.models import Meeting

    meeting = Meeting.objects.create(number=1, title="First", starts_at=timezone.now())
    today = timezone.localdate()
    academy = Institution.objects.get(key="academy")
    late = ActionItem.objects.create(
        meeting=meeting, description="Survey the dam", due_date=today - dt.timedelta(days=3)
    )
    late.responsible.set([academy])
    soon = ActionItem.objects.create(
        meeting=meeting, description="Fence the pond", due_date=today + dt.timedelta(days=1)
    )
    client = client_as("secretariat")
    panel = _panel(_get(client)[0], "p-overdue")
    assert "Survey the dam" in panel
    assert "Fence the pond" not in panel
    tomorrow = today + dt.timedelta(days=2)
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: tomorrow)
    panel = _panel(_get(client)[0], "p-overdue")
    assert "Fence the pond" in panel  # fell due with the date, nothing written
    other = Institution.objects.exclude(pk=academy.pk).order_by("pk").first()
    assert other is not None
    ActionItem.responsible.through.objects.filter(actionitem=soon).delete()  # no signal
    soon.responsible.add(other)  # m2m_changed only
    assert (other.short_name or other.name) in _panel(_get(client)[0], "p-overdue")
    ActionItem.objects.filter(pk=late.pk).update(status="done")  # a queryset update: no save
    assert "Survey the dam" in _panel(_get(client)[0], "p-overdue")  # the cache holds
    late.refresh_from_db()
    late.save()
    assert "Survey the dam" not in _panel(_get(client)[0], "p-overdue")


def test_a_cached_panel_is_in_the_readers_language(client_as: Callable[[str], Any]) -> None:
    client = client_as("secretariat")
    client.cookies["django_language"] = "ru"
    russian = _panel(_get(client)[0], "p-cochairs")
    assert "Сопредседатели в" in russian
    client.cookies["django_language"] = "en"
    english = _panel(_get(client)[0], "p-cochairs")
    assert "Co-chairs in" in english
    assert "Сопредседатели" not in english
