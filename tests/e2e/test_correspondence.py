"""Issue 8's walk in Chromium: the secretariat drafts a letter of the group; a co-chair who is
not leading this term cannot approve it; the leading co-chair approves; the register shows the
number and the final PDF carries the approval block. A commissioned audit appears on the agenda
of the meeting it reports to. Searching "хвост" finds the minutes that mention
"хвостохранилище"."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.e2e.conftest import check_a11y

pytestmark = pytest.mark.django_db(transaction=True)


def test_letter_audit_and_search(
    page: Any,
    live_server: Any,
    users: dict[str, Any],
    make_user: Any,
    login: Any,
    external_requests: list[str],
) -> None:
    from tailsafe.correspondence.models import Letter
    from tailsafe.governance import services as governance
    from tailsafe.meetings import services as meetings

    year = timezone.localdate().year
    governance.record_cochair_term(
        users["secretariat"], year=year, senior_official=None, official_user=users["co_chair"]
    )
    make_user("co_chair", username="olim", institution="industry")  # not leading this year
    meeting = meetings.plan_meeting(
        users["secretariat"],
        {
            "title": "Осеннее заседание МРГ",
            "starts_at": timezone.now() + dt.timedelta(days=30),
            "place": "Душанбе",
        },
    )
    url = live_server.url
    page.set_viewport_size({"width": 1920, "height": 1000})

    # --- the secretariat drafts and submits ------------------------------------------------------
    login("alice")
    page.goto(f"{url}/correspondence/")
    check_a11y(page)
    page.goto(f"{url}/correspondence/draft/")
    check_a11y(page)
    page.fill("input[name=correspondent]", "Секретариат ЕЭК ООН")
    page.fill("input[name=subject]", "О технической помощи по хвостохранилищам")
    page.fill("textarea[name=body]", "Уважаемые коллеги,\nрабочая группа просит о помощи.")
    page.click("main button[type=submit]")
    page.wait_for_url("**/correspondence/*/")
    check_a11y(page)
    page.click("#submit-letter")
    page.wait_for_load_state()
    letter = Letter.objects.get()
    assert letter.status == Letter.Status.SUBMITTED
    page.context.clear_cookies()

    # --- a co-chair who is not leading cannot approve ---------------------------------------------
    login("olim")
    page.goto(f"{url}/correspondence/{letter.pk}/")
    check_a11y(page)
    page.click("#approve-letter")
    page.wait_for_load_state()
    assert "leading co-chair" in page.content() or "сопредседател" in page.content()
    check_a11y(page)
    letter.refresh_from_db()
    assert letter.status == Letter.Status.SUBMITTED
    assert letter.number is None
    page.context.clear_cookies()

    # --- the leading co-chair approves ---------------------------------------------------------
    login("bahrom")
    page.goto(f"{url}/")
    check_a11y(page)
    page.goto(f"{url}/correspondence/{letter.pk}/")
    page.click("#approve-letter")
    page.wait_for_load_state()
    letter.refresh_from_db()
    assert letter.status == Letter.Status.APPROVED
    number = f"IIWG-{year}/001"
    assert letter.number == number
    assert page.inner_text("#letter-number") == number
    check_a11y(page)
    page.goto(f"{url}/correspondence/")
    assert number in page.inner_text("#letters")
    href = page.get_attribute(f"#letters a:has-text('{number}')", "href")
    response = page.request.get(url + href)
    assert response.status == 200
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages).replace(
        "\n", " "
    )
    assert number in text
    assert "bahrom" in text
    assert any(word in text for word in ("APPROVED", "УТВЕРЖДЕНО", "ТАСДИҚ"))
    page.goto(f"{url}/correspondence/term-report/{year}/")
    check_a11y(page)
    page.context.clear_cookies()

    # --- a commissioned audit appears on the agenda of the meeting it reports to ------------------
    login("alice")
    page.goto(f"{url}/knowledge/")
    check_a11y(page)
    page.goto(f"{url}/knowledge/works/new/")
    check_a11y(page)
    page.select_option("select[name=kind]", "audit")
    page.fill("input[name=title]", "Аудит дамбы Табошар")
    page.fill("input[name=contractor]", "Академия наук")
    page.fill("input[name=due_date]", (timezone.localdate() + dt.timedelta(days=20)).isoformat())
    page.select_option("select[name=report_to]", str(meeting.pk))
    page.click("main button[type=submit]")
    page.wait_for_url("**/knowledge/works/*/")
    check_a11y(page)
    page.goto(f"{url}/meetings/{meeting.pk}/")
    assert "Аудит дамбы Табошар" in page.inner_text("main")

    # --- search: "хвост" finds the minutes that mention "хвостохранилище" ----------------------
    meetings.add_agenda_item(users["secretariat"], meeting, {"title": "Состояние объектов"})
    minutes = meetings.start_minutes(users["secretariat"], meeting)
    item = minutes.items.get(title="Состояние объектов")
    meetings.save_minutes(
        users["secretariat"],
        minutes,
        {item.pk: {"summary": "Осмотрено хвостохранилище Дигмай; дамба устойчива."}},
        minutes.revision,
    )
    page.goto(f"{url}/search/")
    check_a11y(page)
    page.fill("#q", "хвост")
    page.click("main button[type=submit]")
    page.wait_for_url("**/search/?q=*")
    results = page.inner_text("#results-minutes")
    assert "Состояние объектов" in results
    check_a11y(page)
    assert not external_requests
