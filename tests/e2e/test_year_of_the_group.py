"""Issue 15, "Done means": a year of the group in a real browser, in Russian, each role in its
own browser context (its own session). The secretariat nominates the leading co-chair's official
and records the year's term; plans a meeting, convenes it, invites, moves it (the invitees'
calendars get an update with the same UID and SEQUENCE + 1), builds and finalises the agenda;
once the meeting has started (its start corrected to earlier today through the edit form) marks
it held, records attendance, writes the minutes with a decision and a recommendation decided by
consensus, an action item, circulates; the leading co-chair approves the minutes and a letter;
the responsible member reports progress until the action is done; the guest reads the papers of
the meeting they were invited to; an operator creates a monitoring point and imports a lab file
whose exceedance raises the alarm banner; an inspector acknowledges it and closes it with a
reason. Then the key pages of the same year in Tajik and in English, each axe-clean.

Only the starting world is made with services and fixtures (accounts, institutions, members,
a guest, a facility, the monitoring catalogue); every step a user takes goes through the pages.
Each step is a function, so a later step (e.g. publishing a recommendation) slots in."""

from __future__ import annotations

import datetime as dt
import io
import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import timezone, translation
from pypdf import PdfReader

from tests.conftest import DEMO_PDF, PASSWORD
from tests.e2e.conftest import CSP_LISTENER, check_a11y
from tests.e2e.test_monitoring_programme import _setup as programme_setup
from tests.meetings.conftest import add_member

pytestmark = pytest.mark.django_db(transaction=True)

LAB_FILE = (
    "Точка;Показатель;Дата отбора;Результат;Ед. изм.\n"
    "Y-DN;Уран;01.03.2026 10:00;0,004;мг/л\n"
    "Y-DN;Уран;02.03.2026 10:00;0,0475;мг/л\n"
).encode("cp1251")


class Year:
    """The shared state of the walk: the live server, the browser and one page per role."""

    def __init__(self, live_server: Any, browser: Any, csp: list[str], world: dict[str, Any]):
        self.url = live_server.url
        self.browser = browser
        self.csp = csp
        self.world = world
        self.pages: dict[str, Any] = {}
        self.contexts: list[Any] = []

    def as_(self, username: str) -> Any:
        """The page of `username`, in their own browser context, signed in once."""
        if username in self.pages:
            return self.pages[username]
        context = self.browser.new_context(viewport={"width": 1920, "height": 1000})
        self.contexts.append(context)

        def record(text: str) -> None:
            self.csp.append(text)

        context.expose_function("__tsCspViolation", record)
        context.add_init_script(CSP_LISTENER)
        page = context.new_page()
        page.goto(f"{self.url}/login/")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]:not([name=language])")
        page.wait_for_url(f"{self.url}/")
        assert page.locator("html").get_attribute("lang") == "ru"
        self.pages[username] = page
        return page

    def close(self) -> None:
        for context in self.contexts:
            context.close()


@pytest.fixture
def world(users: dict[str, Any], make_user: Any) -> dict[str, Any]:
    """Accounts, institutions, three members, the guest directory entry of the guest account, a
    facility of the industry ministry and the monitoring catalogue (parameters and norms)."""
    from tailsafe.governance.models import Guest, Institution, Person

    ivan = make_user("member", username="ivan", institution="industry")
    make_user("operator", username="olim", institution="industry")
    monitoring = programme_setup()  # the catalogue and a facility of the industry ministry
    return {
        "users": users,
        "charlie": add_member(
            users["member"], "academy", "Чарли Академиков", "charlie@example.org"
        ),
        "ivan": add_member(ivan, "industry", "Иван Промышленный", "ivan@example.org"),
        # the leading co-chair's official: a person of the platform not yet nominated
        "bahrom": Person.objects.create(
            full_name="Бахром Энергетиков", email="bahrom@example.org", user=users["co_chair"]
        ),
        "guest": Guest.objects.create(
            name="Фарида Гостева", organisation="Орхусский центр", email="farida@example.org"
        ),
        "facility": monitoring["facility"],
        "uranium": monitoring["uranium"],
        "who": monitoring["who"],
        "inst": {
            k: Institution.objects.get(key=k) for k in ("academy", "industry", "energy_water")
        },
    }


@pytest.fixture
def year(
    live_server: Any, browser: Any, csp_violations: list[str], world: dict[str, Any]
) -> Iterator[Year]:
    walk = Year(live_server, browser, csp_violations, world)
    yield walk
    walk.close()
    assert not csp_violations, "\n".join(csp_violations)


# --- governance -----------------------------------------------------------------------------


def nominate_the_cochair_official(y: Year) -> None:
    """The secretariat nominates the energy ministry's senior official as its member."""
    from tailsafe.governance import terms
    from tailsafe.governance.models import Membership

    page = y.as_("alice")
    page.goto(f"{y.url}/governance/members/nominate/")
    check_a11y(page)
    page.select_option("select[name=person]", str(y.world["bahrom"].pk))
    page.select_option("select[name=institution]", str(y.world["inst"]["energy_water"].pk))
    start = timezone.localdate() - dt.timedelta(days=5)
    page.fill("input[name=start_date]", start.isoformat())
    page.fill("input[name=end_date]", terms.minimum_end(start).isoformat())  # two years (§19)
    page.set_input_files(
        "input[name=letter]",
        {"name": "nomination.pdf", "mimeType": "application/pdf", "buffer": DEMO_PDF},
    )
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/governance/members/\d+/$"))
    check_a11y(page)
    m = Membership.objects.get(person=y.world["bahrom"])
    assert m.institution == y.world["inst"]["energy_water"]


def record_the_leading_cochair(y: Year) -> None:
    """Rotation: this year's leading authority is the energy ministry; the secretariat records
    its nominated official as the co-chair of the term."""
    from tailsafe.governance.models import CoChairTerm

    page = y.as_("alice")
    this_year = timezone.localdate().year
    page.goto(f"{y.url}/governance/rotation/")
    check_a11y(page)
    row = page.locator("#rotation-table tr.ts-current")
    with translation.override(page.locator("html").get_attribute("lang")):  # alice's language
        assert str(y.world["inst"]["energy_water"].name) in row.inner_text()
    row.locator(f"a[href$='/governance/rotation/{this_year}/']").click()
    page.wait_for_url(f"**/governance/rotation/{this_year}/")
    check_a11y(page)
    page.select_option("select[name=senior_official]", str(y.world["bahrom"].pk))
    page.fill("input[name=nominated_on]", timezone.localdate().isoformat())
    page.click("main button[type=submit]")
    page.wait_for_url("**/governance/rotation/")
    assert "Бахром Энергетиков" in page.locator("#rotation-table tr.ts-current").inner_text()
    term = CoChairTerm.objects.get(year=this_year)
    assert term.official_user == y.world["users"]["co_chair"]


# --- the meeting ------------------------------------------------------------------------------


def plan_convene_invite(y: Year) -> Any:
    from django.core import mail

    from tailsafe.meetings.models import Meeting

    page = y.as_("alice")
    page.goto(f"{y.url}/meetings/new/")
    check_a11y(page)
    day = timezone.localdate() + dt.timedelta(days=14)
    page.fill("input[name=title]", "Осеннее заседание МРГ")
    page.fill("input[name=date]", day.isoformat())
    page.fill("input[name=time]", "10:00")
    page.fill("input[name=place]", "Душанбе, Минэнерговодхоз")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/meetings/\d+/$"))
    meeting = Meeting.objects.get()
    assert meeting.host == y.world["inst"]["energy_water"]  # the leading authority hosts (§25)
    page.click("#meeting-steps button[name=status][value=convened]")
    page.wait_for_load_state()
    assert Meeting.objects.get().status == "convened"

    mail.outbox.clear()
    page.goto(f"{y.url}/meetings/{meeting.pk}/invite/")
    check_a11y(page)
    keys = [f"p{y.world[k].pk}" for k in ("charlie", "ivan", "bahrom")]
    keys.append(f"g{y.world['guest'].pk}")
    for key in keys:
        page.check(f"#inv-{key}")
    page.click("main button[type=submit]")
    page.wait_for_url("**tab=invitations")
    check_a11y(page)
    assert meeting.invitations.count() == 4
    assert "farida@example.org" in {m.to[0] for m in mail.outbox}
    return meeting


def _calendar(message: Any) -> Any:
    from icalendar import Calendar

    ics = next(a for a in message.attachments if a[0].endswith(".ics"))
    content = ics[1] if isinstance(ics[1], bytes) else ics[1].encode()
    return Calendar.from_ical(content)


def move_the_meeting(y: Year, meeting: Any) -> None:
    """The convened meeting moves a week later: the guest's calendar gets the update."""
    from django.core import mail

    page = y.as_("alice")
    sent = [m for m in mail.outbox if m.to == ["farida@example.org"]]
    first = _calendar(sent[-1]).walk("VEVENT")[0]
    mail.outbox.clear()
    page.goto(f"{y.url}/meetings/{meeting.pk}/edit/")
    check_a11y(page)
    later = timezone.localdate() + dt.timedelta(days=21)
    page.fill("input[name=date]", later.isoformat())
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/meetings/{meeting.pk}/")
    updates = [m for m in mail.outbox if m.to == ["farida@example.org"]]
    assert len(updates) == 1, [m.to for m in mail.outbox]
    cal = _calendar(updates[0])
    event = cal.walk("VEVENT")[0]
    assert str(cal["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == str(first["UID"])
    assert int(event["SEQUENCE"]) == int(first["SEQUENCE"]) + 1
    assert event.decoded("DTSTART").date() == later
    assert "ORGANIZER" in event
    assert len(mail.outbox) >= 4  # every invitee is told


def build_the_agenda(y: Year, meeting: Any) -> None:
    page = y.as_("alice")
    page.goto(f"{y.url}/meetings/{meeting.pk}/")
    for title, presenter in (
        ("Состояние хвостохранилищ", "Академия наук"),
        ("План работы на следующий год", "Секретариат"),
    ):
        page.fill("#agenda-add input[name=title]", title)
        page.fill("#agenda-add input[name=presenter]", presenter)
        page.click("#agenda-add button[type=submit]")
        page.wait_for_load_state()
    assert meeting.agenda_items.count() == 2
    for step in ("circulated", "final"):
        page.click(f"button[name=status][value={step}]")
        page.wait_for_load_state()
    meeting.refresh_from_db()
    assert meeting.agenda_status == "final"
    assert page.locator("#agenda-add").count() == 0  # a final agenda no longer changes
    check_a11y(page)


def hold_the_meeting(y: Year, meeting: Any) -> None:
    """Not held before it starts: the button appears only once the meeting has started. It
    took place this morning: the secretariat corrects its start through the edit form."""
    page = y.as_("alice")
    page.goto(f"{y.url}/meetings/{meeting.pk}/")
    assert page.locator("button[name=status][value=held]").count() == 0
    started = timezone.localtime() - dt.timedelta(minutes=30)
    page.goto(f"{y.url}/meetings/{meeting.pk}/edit/")
    page.fill("input[name=date]", started.date().isoformat())
    page.fill("input[name=time]", started.strftime("%H:%M"))
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/meetings/{meeting.pk}/")
    page.click("button[name=status][value=held]")
    page.wait_for_load_state()
    meeting.refresh_from_db()
    assert meeting.status == "held"
    check_a11y(page)


def record_attendance(y: Year, meeting: Any) -> None:
    page = y.as_("alice")
    page.goto(f"{y.url}/meetings/{meeting.pk}/?tab=attendance")
    keys = [f"p{y.world[k].pk}" for k in ("charlie", "ivan", "bahrom")]
    for key in [*keys, f"g{y.world['guest'].pk}"]:
        page.check(f"#present-{key}")
    page.click("#attendance-form button[type=submit]")
    page.wait_for_load_state()
    check_a11y(page)
    assert meeting.attendance.filter(present=True).count() == 4


def _propose_and_decide(
    y: Year, page: Any, item: Any, proposal: tuple[str, str], positions: dict[str, Any]
) -> Any:
    """Add a proposal (kind, text) under a minutes item, record each institution's position
    (value, reason) and check the meeting adopted it by consensus (§28)."""
    from tailsafe.meetings import services
    from tailsafe.meetings.models import Proposal

    kind, text = proposal
    page.click(f"#section-{item.pk} details summary")
    page.select_option(f"#kind-{item.pk}", kind)
    page.fill(f"#text-{item.pk}", text)
    page.click(f"#section-{item.pk} .proposal-form button[type=submit]")
    page.wait_for_url("**/meetings/proposals/*/")
    for key, (value, reason) in positions.items():
        pk = y.world["inst"][key].pk
        page.select_option(f"#position-{pk}", value)
        if reason:
            page.fill(f"#reason-{pk}", reason)
    page.click("#save-positions")
    page.wait_for_load_state()
    assert "badge text-bg-success" in page.inner_html("#outcome")
    found = Proposal.objects.get(text=text)
    assert services.outcome(found).adopted
    return found


def write_the_minutes(y: Year, meeting: Any) -> Any:
    """The minutes: a summary, a decision adopted by consensus (one stands aside)."""
    from tailsafe.meetings.models import Minutes

    page = y.as_("alice")
    page.goto(f"{y.url}/meetings/{meeting.pk}/?tab=minutes")
    page.click(f"form[action='/meetings/{meeting.pk}/minutes/start/'] button")
    page.wait_for_url("**/meetings/minutes/*/")
    minutes = Minutes.objects.get()
    first = minutes.items.order_by("order").first()
    page.fill(f"#item-{first.pk}-summary", "Академия наук доложила о состоянии дамб.")
    page.click("#save-minutes")
    page.wait_for_load_state()
    check_a11y(page)
    _propose_and_decide(
        y,
        page,
        first,
        ("decision", "Обследовать дамбу хвостохранилища Года"),
        {
            "academy": ("support", ""),
            "industry": ("stand_aside", "Нет средств в бюджете"),
            "energy_water": ("support", ""),
        },
    )
    first.refresh_from_db()
    assert first.summary == "Академия наук доложила о состоянии дамб."  # nothing typed is lost
    return minutes


def adopt_a_recommendation(y: Year, minutes: Any) -> Any:
    """A recommendation put to the meeting in the minutes and adopted by consensus (§28); it
    enters the register when the minutes are approved (register_and_publish)."""
    page = y.as_("alice")
    page.goto(f"{y.url}/meetings/minutes/{minutes.pk}/")
    item = minutes.items.order_by("order").first()
    text = "Рекомендовать оператору установить пьезометры на дамбе"
    support = ("support", "")
    proposal = _propose_and_decide(
        y,
        page,
        item,
        ("recommendation", text),
        {"academy": support, "industry": support, "energy_water": support},
    )
    page.goto(f"{y.url}/followup/recommendations/")
    check_a11y(page)
    return proposal


def register_and_publish(y: Year, proposal: Any) -> None:
    """Approved minutes put the adopted recommendation in the register; the addressed operator
    reports progress; the secretariat publishes it and an anonymous reader finds it."""
    from tailsafe.followup.models import Recommendation

    rec = Recommendation.objects.get(proposal=proposal)
    assert rec.stage == "adopted"
    page = y.as_("alice")
    page.goto(f"{y.url}/followup/recommendations/")
    assert rec.text[:30] in page.inner_text("#recommendations")
    anonymous = y.browser.new_context()
    y.contexts.append(anonymous)
    reader = anonymous.new_page()
    reader.goto(f"{y.url}/public/")
    assert reader.locator(f"#recommendation-{rec.pk}").count() == 0  # not before publishing
    page.goto(f"{y.url}/followup/recommendations/{rec.pk}/")
    check_a11y(page)
    page.click("#publish")
    page.wait_for_load_state()
    assert page.locator("#unpublish").count() == 1
    rec.refresh_from_db()
    assert rec.published
    reader.goto(f"{y.url}/public/")
    row = reader.locator(f"#recommendation-{rec.pk}")
    assert row.count() == 1
    assert rec.text[:20] in row.inner_text()


def plan_an_action(y: Year, minutes: Any) -> Any:
    from tailsafe.followup.models import ActionItem

    page = y.as_("alice")
    item = minutes.items.order_by("order").first()
    page.goto(f"{y.url}/meetings/minutes/{minutes.pk}/")
    page.click(f"#section-{item.pk} a[href*='/followup/actions/new/']")
    page.wait_for_url("**/followup/actions/new/**")
    page.fill("textarea[name=description]", "Представить отчёт об обследовании дамбы")
    page.select_option("select[name=responsible]", [str(y.world["inst"]["academy"].pk)])
    page.fill("input[name=due_date]", (timezone.localdate() + dt.timedelta(days=60)).isoformat())
    page.click("main button[type=submit]")
    page.wait_for_url("**/meetings/minutes/*/")
    action = ActionItem.objects.get()
    page.goto(f"{y.url}/meetings/{minutes.meeting_id}/?tab=minutes")
    page.click(f"form[action='/meetings/minutes/{minutes.pk}/circulate/'] button")
    page.wait_for_load_state()
    minutes.refresh_from_db()
    assert minutes.status == "circulated"
    return action


def cochair_approves_the_minutes(y: Year, minutes: Any) -> None:
    page = y.as_("bahrom")
    panel = page.locator("#panel-approvals")  # the co-chair's dashboard lists what awaits them
    assert f"№{minutes.meeting.number}" in panel.inner_text()
    check_a11y(page)
    page.goto(f"{y.url}/meetings/{minutes.meeting_id}/?tab=minutes")
    page.click(f"form[action='/meetings/minutes/{minutes.pk}/approve/'] button")
    page.wait_for_load_state()
    minutes.refresh_from_db()
    assert minutes.status == "approved"
    assert minutes.approved_by == y.world["users"]["co_chair"]
    assert "Бахром Энергетиков" in page.inner_text("main")  # the nominated official signs
    check_a11y(page)


def action_progress_to_done(y: Year, action: Any) -> None:
    """The responsible member (academy) reports progress, then done."""
    page = y.as_("charlie")
    for status, text in (
        ("in_progress", "Обследование начато."),
        ("done", "Отчёт представлен секретариату."),
    ):
        page.goto(f"{y.url}/followup/actions/{action.pk}/")
        page.click("#report-progress")
        page.wait_for_url("**/update/")
        page.fill("textarea[name=text]", text)
        page.select_option("select[name=status]", status)
        page.click("main button[type=submit]")
        page.wait_for_url(f"**/followup/actions/{action.pk}/")
        action.refresh_from_db()
        assert action.status == status
    assert action.updates.count() == 2
    check_a11y(page)


def letter_approved(y: Year) -> None:
    from tailsafe.correspondence.models import Letter

    page = y.as_("alice")
    page.goto(f"{y.url}/correspondence/draft/")
    page.fill("input[name=correspondent]", "Секретариат ЕЭК ООН")
    page.fill("input[name=subject]", "Об итогах заседания МРГ")
    page.fill("textarea[name=body]", "Уважаемые коллеги,\nнаправляем итоги заседания.")
    page.click("main button[type=submit]")
    page.wait_for_url("**/correspondence/*/")
    page.click("#submit-letter")
    page.wait_for_load_state()
    letter = Letter.objects.get()
    assert letter.status == Letter.Status.SUBMITTED

    page = y.as_("bahrom")
    page.goto(f"{y.url}/")
    assert "Об итогах заседания МРГ" in page.locator("#panel-approvals").inner_text()
    page.goto(f"{y.url}/correspondence/{letter.pk}/")
    page.click("#approve-letter")
    page.wait_for_load_state()
    letter.refresh_from_db()
    assert letter.status == Letter.Status.APPROVED
    assert letter.number
    assert page.inner_text("#letter-number") == letter.number
    check_a11y(page)


def guest_reads_the_papers(y: Year, meeting: Any) -> None:
    page = y.as_("farida")
    page.goto(f"{y.url}/meetings/")
    assert "Осеннее заседание МРГ" in page.inner_text("main")
    page.goto(f"{y.url}/meetings/{meeting.pk}/?tab=papers")
    check_a11y(page)
    for kind, expected in (
        ("agenda", "Состояние хвостохранилищ"),
        ("minutes", "Обследовать дамбу хвостохранилища Года"),
    ):
        href = page.get_attribute(f"#paper-{kind}-ru-pdf", "href")
        response = page.request.get(y.url + href)
        assert response.status == 200, kind
        text = " ".join(
            p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages
        ).replace("\n", " ")
        assert expected in text, kind
    response = page.goto(f"{y.url}/followup/actions/")
    assert response is not None
    assert response.status == 403


# --- monitoring -----------------------------------------------------------------------------


def operator_point_and_readings(y: Year) -> Any:
    from tailsafe.monitoring.models import AlertEvent, MonitoringPoint

    facility = y.world["facility"]
    page = y.as_("olim")
    page.goto(f"{y.url}/monitoring/points/new/?facility={facility.pk}")
    check_a11y(page)
    page.fill("input[name=code]", "Y-DN")
    page.fill("input[name=name]", "Ниже по течению")
    page.select_option("select[name=kind]", "surface_down")
    page.select_option(
        "select[name=responsible]", str(y.world["users"]["inspector"].institution_id)
    )
    page.fill("input[name=latitude]", "40.27")
    page.fill("input[name=longitude]", "69.64")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/monitoring/points/\d+/$"))
    point = MonitoringPoint.objects.get(code="Y-DN")
    uranium, who = y.world["uranium"], y.world["who"]
    page.click(f"a[href$='/monitoring/points/{point.pk}/programme/new/']")
    page.wait_for_selector("select[name=parameter]")
    page.select_option("select[name=parameter]", str(uranium.pk))
    page.select_option("select[name=norm]", str(who.pk))
    page.fill("input[name=sampling_interval_days]", "30")
    page.select_option("select[name=mode]", "norm_multiple")
    page.fill("input[name=alert]", "0.5")
    page.fill("input[name=alarm]", "1")
    page.fill("input[name=emergency]", "3")
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/monitoring/points/\d+/$"))
    assert point.programme.count() == 1

    page.goto(f"{y.url}/monitoring/import/")
    page.set_input_files(
        "input[name=file]", {"name": "lab.csv", "mimeType": "text/csv", "buffer": LAB_FILE}
    )
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r".*/monitoring/import/\d+/$"))
    page.wait_for_selector(".alert-success")
    check_a11y(page)
    page.goto(f"{y.url}/monitoring/")  # the exceedance raised the banner: on every page
    assert "Y-DN" in page.locator("#alarm-banner[role=alert]").inner_text()
    return AlertEvent.objects.get(to_level="alarm", series__point=point)


def inspector_acknowledges_and_closes(y: Year, event: Any) -> None:
    page = y.as_("erkin")
    page.goto(f"{y.url}/knowledge/")
    banner = page.locator("#alarm-banner[role=alert]")
    assert banner.is_visible()
    assert "Хвостохранилище программы" in banner.inner_text()
    assert "Y-DN" in banner.inner_text()
    page.locator("#alarm-banner a.alert-link").first.click()
    page.wait_for_url(re.compile(r".*/monitoring/alerts/\?show=open"))
    row = page.locator(f"tr#alert-{event.pk}")
    row.locator("button", has_text=re.compile("Подтвердить", re.I)).first.click()
    page.wait_for_url(re.compile(r".*/monitoring/alerts/$"))
    assert page.locator("#alarm-banner").count() == 0
    page.goto(f"{y.url}/monitoring/alerts/?show=open")
    row = page.locator(f"tr#alert-{event.pk}")
    row.locator("summary").click()
    row.locator("textarea[name=reason]").fill("Повторный отбор: норма")
    row.locator("button[type=submit]", has_text="Закрыть оповещение").click()
    page.wait_for_url(re.compile(r".*/monitoring/alerts/$"))
    event.refresh_from_db()
    assert event.status == "resolved"
    assert event.resolution_reason == "Повторный отбор: норма"
    check_a11y(page)


# --- the same year in Tajik and English --------------------------------------------------------


def key_pages_in(y: Year, language: str, meeting: Any) -> None:
    from django.utils import translation

    from tailsafe.core.models import User

    page = y.as_("alice")
    page.goto(f"{y.url}/")
    page.click(f"button[name=language][value={language}]")
    page.wait_for_load_state()
    assert User.objects.get(username="alice").language == language
    facility = y.world["facility"]
    pages = (
        ("/", "What needs attention today"),
        (f"/meetings/{meeting.pk}/", "Meeting"),
        (f"/meetings/{meeting.pk}/?tab=minutes", "Action plan"),
        ("/followup/recommendations/", "Recommendations"),
        (f"/facilities/{facility.pk}/", "Monitoring points"),
        ("/monitoring/alerts/?show=all", "Alerts (TARP level changes)"),
    )
    for path, msgid in pages:
        with translation.override(language):
            expected = translation.gettext(msgid)
        if language != "en":
            assert expected != msgid, (language, msgid)  # the catalogue translates it
        page.goto(y.url + path)
        assert page.locator("html").get_attribute("lang") == language, path
        assert expected in page.inner_text("main"), (language, path, expected)
        check_a11y(page)


def test_a_year_of_the_group(year: Year) -> None:
    started = time.monotonic()
    laps: list[str] = []

    def step(name: str, result: Any) -> Any:
        laps.append(f"{name} {time.monotonic() - started:.0f}s")
        return result

    step("nominate", nominate_the_cochair_official(year))
    step("rotation", record_the_leading_cochair(year))
    meeting = step("plan, convene, invite", plan_convene_invite(year))
    step("move", move_the_meeting(year, meeting))
    step("agenda", build_the_agenda(year, meeting))
    step("hold", hold_the_meeting(year, meeting))
    step("attendance", record_attendance(year, meeting))
    minutes = step("minutes", write_the_minutes(year, meeting))
    proposal = step("recommendation", adopt_a_recommendation(year, minutes))
    action = step("action item", plan_an_action(year, minutes))
    step("approval", cochair_approves_the_minutes(year, minutes))
    step("register, published", register_and_publish(year, proposal))
    step("progress", action_progress_to_done(year, action))
    step("letter", letter_approved(year))
    step("guest", guest_reads_the_papers(year, meeting))
    event = step("point and readings", operator_point_and_readings(year))
    step("alarm closed", inspector_acknowledges_and_closes(year, event))
    for language in ("tg", "en"):
        step(language, key_pages_in(year, language, meeting))
    elapsed = time.monotonic() - started
    # The walk's time is reported, not asserted (speed is measured by make bench); the issue's
    # target is under 3 minutes (99 s on an idle 2-CPU machine).
    print(f"a year of the group: {elapsed:.1f} s (" + ", ".join(laps) + ")")
