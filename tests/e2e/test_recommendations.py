"""A recommendation's whole way in the browser, in Russian (issue 15, item 3), each role in its
own browser context: the inspector records the joint inspection's findings (every question's
answer saved by one submit) and completes it; the secretariat drafts a recommendation from a
finding, proposes it under the minutes of a held meeting and records the institutions'
positions; the leading co-chair approves the minutes; the recommendation is in the register;
the addressed operator reports progress with evidence; the secretariat publishes it; an
anonymous reader finds it on the public page, where it was absent before. A second walk: a
recommendation proposed straight in the minutes keeps the summary typed before "add the
proposal" and enters the register when the minutes are approved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.utils import timezone

from tests.conftest import DEMO_PDF, PASSWORD
from tests.facilities.conftest import make_facility, operator_inst  # noqa: F401
from tests.meetings.conftest import add_member

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def as_user(browser: Any, live_server: Any) -> Iterator[Callable[[str | None], Any]]:
    """A page in a fresh browser context signed in as ``username`` (anonymous for None)."""
    contexts: list[Any] = []

    def open_as(username: str | None) -> Any:
        context = browser.new_context(locale="ru-RU", base_url=live_server.url)
        contexts.append(context)
        page = context.new_page()
        if username is not None:
            page.goto("/login/")
            page.fill("input[name=username]", username)
            page.fill("input[name=password]", PASSWORD)
            page.click("button[type=submit]:not([name=language])")
            page.wait_for_url(f"{live_server.url}/")
        return page

    yield open_as
    for context in contexts:
        context.close()


def _held_meeting(users: dict[str, Any], make_user: Any) -> tuple[Any, list[Any]]:
    """A meeting held two days ago with one agenda item and members of two institutions
    present; bahrom is this year's leading co-chair official."""
    from tailsafe.governance import services as governance
    from tailsafe.meetings import services

    alice = users["secretariat"]
    ivan = make_user("member", username="ivan", institution="industry")
    people = [
        add_member(users["member"], "academy", "Чарли Академиков", "charlie@example.org"),
        add_member(ivan, "industry", "Иван Промышленный", "ivan@example.org"),
    ]
    governance.record_cochair_term(
        alice, year=timezone.localdate().year, senior_official=None, official_user=users["co_chair"]
    )
    start = timezone.localtime() - dt.timedelta(days=2)
    meeting = services.plan_meeting(
        alice,
        {
            "title": "Осеннее заседание",
            "starts_at": start,
            "ends_at": start + dt.timedelta(hours=2),
            "place": "Душанбе",
        },
    )
    services.add_agenda_item(alice, meeting, {"title": "Итоги совместной проверки"})
    meeting = services.set_status(alice, meeting, "convened")
    meeting = services.set_status(alice, meeting, "held")
    services.record_attendance(alice, meeting, [f"p{p.pk}" for p in people])
    return meeting, people


def _positions_and_approval(as_alice: Any, as_bahrom: Any, proposal: Any, meeting: Any) -> None:
    """The secretariat records every present institution's support, circulates the minutes;
    the leading co-chair approves them."""
    from tailsafe.governance.models import Institution

    as_alice.goto(f"/meetings/proposals/{proposal.pk}/")
    for key in ("academy", "industry"):
        inst = Institution.objects.get(key=key)
        as_alice.select_option(f"#position-{inst.pk}", "support")
    as_alice.click("#save-positions")
    as_alice.wait_for_load_state()
    as_alice.goto(f"/meetings/{meeting.pk}/?tab=minutes")
    as_alice.click("form[action$='/circulate/'] button")
    as_alice.wait_for_load_state()
    as_bahrom.goto(f"/meetings/{meeting.pk}/?tab=minutes")
    as_bahrom.click("form[action$='/approve/'] button")
    as_bahrom.wait_for_load_state()
    assert "Утверждён" in as_bahrom.inner_text("body")


def test_recommendation_from_inspection_finding_to_public_page(
    as_user: Any,
    users: dict[str, Any],
    make_user: Any,
    make_facility: Any,  # noqa: F811
    operator_inst: Any,  # noqa: F811
    tmp_path: Any,
) -> None:
    from tailsafe.followup.models import Recommendation
    from tailsafe.governance.models import Institution
    from tailsafe.inspections import services as inspections
    from tailsafe.inspections.models import Finding

    make_user("operator", username="dina", institution="op-test")
    facility = make_facility("TMF-R", operator=operator_inst)
    meeting, _people = _held_meeting(users, make_user)
    ji = inspections.plan_inspection(
        users["inspector"],
        facility,
        date=timezone.localdate() - dt.timedelta(days=5),
        module="basic",
        institutions=list(Institution.objects.filter(key__in=["academy", "industry"])),
        inspectors=[users["inspector"]],
    )
    q1, q2 = inspections.questions_for(ji.bank, ji.module)[:2]

    # Inspector: two questions answered, the first one's "Record" pressed: both are saved.
    erkin = as_user("erkin")
    erkin.goto(f"/inspections/joint/{ji.pk}/")
    erkin.select_option(f"#ans-{q1.pk}", "not")
    erkin.select_option(f"#cred-{q1.pk}", "verified")
    erkin.fill(f"#txt-{q1.pk}", "Трещина на гребне дамбы")
    erkin.select_option(f"#ans-{q2.pk}", "partly")
    erkin.fill(f"#txt-{q2.pk}", "Фильтрация у подошвы")
    erkin.click(f"button[name=focus][value='{q1.pk}']")
    erkin.wait_for_load_state()
    saved = {f.question_id: f for f in Finding.objects.filter(inspection=ji)}
    assert saved[q1.pk].text == "Трещина на гребне дамбы"
    assert saved[q1.pk].answer == "not"
    assert saved[q2.pk].text == "Фильтрация у подошвы"
    assert saved[q2.pk].answer == "partly"
    erkin.fill("form[action$='/complete/'] textarea", "Нужны меры по дамбе")
    erkin.click("form[action$='/complete/'] button[type=submit]")
    erkin.wait_for_load_state()
    # Candidate recommendations are offered only to the secretariat.
    assert erkin.locator("form[action$='/recommendations/new/']").count() == 0

    # Secretariat: a candidate from the finding becomes a draft, then a proposal.
    alice = as_user("alice")
    alice.goto(f"/inspections/joint/{ji.pk}/")
    assert alice.locator("#candidates").count() == 1
    alice.click(f"form[data-code='{q1.code}'] button[type=submit]")
    alice.wait_for_url("**/followup/recommendations/*/")
    rec = Recommendation.objects.get()
    assert rec.source_inspection == ji
    assert rec.addressee == operator_inst
    assert "проект" in alice.inner_text("#stage")
    assert alice.locator("#publish").count() == 0
    # Not yet: no minutes to propose it under; the page says how to get there.
    assert alice.locator("#no-minutes").count() == 1
    from tailsafe.meetings import services as meetings

    item = meetings.start_minutes(users["secretariat"], meeting).items.get()
    alice.reload()
    alice.select_option("#item", str(item.pk))
    alice.click("form[action$='/propose/'] button")
    alice.wait_for_load_state()
    rec.refresh_from_db()
    assert rec.stage == "proposed"
    # Refused: adoption before consensus says why, and nothing changes.
    alice.click("form[action$='/adopt/'] button")
    alice.wait_for_load_state()
    assert "Консенсус ещё не объявлен" in alice.inner_text("body")
    rec.refresh_from_db()
    assert rec.stage == "proposed"

    # Positions, circulation, approval by the leading co-chair -> the register.
    bahrom = as_user("bahrom")
    _positions_and_approval(alice, bahrom, rec.proposal, meeting)
    rec.refresh_from_db()
    assert rec.stage == "adopted"
    alice.goto("/followup/recommendations/")
    assert rec.text[:30] in alice.inner_text("#recommendations")

    # Before publishing: never on the public page.
    anonymous = as_user(None)
    anonymous.goto("/public/")
    assert anonymous.locator(f"#recommendation-{rec.pk}").count() == 0

    # The addressed operator reports progress with evidence; it may not publish.
    dina = as_user("dina")
    dina.goto(f"/followup/recommendations/{rec.pk}/")
    assert dina.locator("#publish").count() == 0
    dina.select_option("#status", "in_progress")
    dina.fill("#progress", "50")
    dina.fill("#text", "Трещина заделана, ведётся наблюдение")
    evidence = tmp_path / "akt.pdf"
    evidence.write_bytes(DEMO_PDF)
    dina.set_input_files("#evidence", str(evidence))
    dina.click("form[action$='/update/'] button[type=submit]")
    dina.wait_for_load_state()
    assert "50%" in dina.inner_text("#rec-status")
    assert rec.updates.get().evidence

    # The secretariat publishes it from its page; the public page shows it.
    alice.goto(f"/followup/recommendations/{rec.pk}/")
    alice.click("#publish")
    alice.wait_for_load_state()
    assert alice.locator("#unpublish").count() == 1
    rec.refresh_from_db()
    assert rec.published
    anonymous.goto("/public/")
    row = anonymous.locator(f"#recommendation-{rec.pk}")
    assert row.count() == 1
    assert rec.text[:20] in row.inner_text()


def test_recommendation_proposed_in_the_minutes_keeps_the_summary_and_enters_the_register(
    as_user: Any, users: dict[str, Any], make_user: Any
) -> None:
    from tailsafe.followup.models import Recommendation
    from tailsafe.meetings import services as meetings
    from tailsafe.meetings.models import MinutesItem, Proposal

    meeting, _people = _held_meeting(users, make_user)
    minutes = meetings.start_minutes(users["secretariat"], meeting)
    item = minutes.items.get()

    alice = as_user("alice")
    alice.goto(f"/meetings/minutes/{minutes.pk}/")
    alice.fill(f"#item-{item.pk}-summary", "Обсудили итоги проверки")
    alice.fill(f"#item-{item.pk}-decisions", "Принять к сведению")
    alice.click(f"#section-{item.pk} summary")
    alice.select_option(f"#kind-{item.pk}", "recommendation")
    alice.fill(f"#text-{item.pk}", "Разработать план рекультивации")
    alice.click(f"button[name=add_proposal][value='{item.pk}']")
    alice.wait_for_load_state()
    saved = MinutesItem.objects.get(pk=item.pk)
    assert saved.summary == "Обсудили итоги проверки"
    assert saved.decisions == "Принять к сведению"
    proposal = Proposal.objects.get(item=item)
    assert proposal.kind == "recommendation"

    bahrom = as_user("bahrom")
    _positions_and_approval(alice, bahrom, proposal, meeting)
    rec = Recommendation.objects.get(proposal=proposal)
    assert rec.stage == "adopted"
    assert rec.addressee is None
    assert rec.due_date is None
    alice.goto("/followup/recommendations/")
    assert "Разработать план рекультивации" in alice.inner_text("#recommendations")
    alice.goto(f"/followup/recommendations/{rec.pk}/")
    assert "ещё не указано" in alice.inner_text("#addressees")


def test_unsaved_typed_text_warns_before_leaving(
    as_user: Any, users: dict[str, Any], make_user: Any
) -> None:
    from tailsafe.meetings import services as meetings

    meeting, _people = _held_meeting(users, make_user)
    minutes = meetings.start_minutes(users["secretariat"], meeting)
    item = minutes.items.get()
    alice = as_user("alice")
    dialogs: list[str] = []

    def dismiss(dialog: Any) -> None:
        dialogs.append(dialog.type)
        dialog.dismiss()

    alice.on("dialog", dismiss)
    alice.goto(f"/meetings/minutes/{minutes.pk}/")
    alice.goto("/")  # nothing typed: leaves without asking
    assert dialogs == []
    alice.goto(f"/meetings/minutes/{minutes.pk}/")
    alice.fill(f"#item-{item.pk}-summary", "Не сохранено")
    alice.click("a[href$='?tab=minutes']")  # "Back to the meeting"
    assert dialogs == ["beforeunload"]
    assert "/minutes/" in alice.url  # stayed: the text is still there
    assert alice.input_value(f"#item-{item.pk}-summary") == "Не сохранено"
    alice.click("#save-minutes")  # saving is not leaving
    alice.wait_for_load_state()
    assert dialogs == ["beforeunload"]
