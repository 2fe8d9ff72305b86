"""An edit form submitted unchanged changes nothing (issue 15, item 2): each form is opened in a
real browser as a user allowed to edit the record, saved without touching anything, and every
stored field is compared before and after."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.forms.models import model_to_dict

from tests.e2e.test_facilities import _facility

pytestmark = pytest.mark.django_db(transaction=True)

# Bumped by every save on purpose (optimistic locking, audit timestamps).
VOLATILE = {"version", "updated_at", "modified_at", "updated", "modified"}


def _stored(obj: Any) -> dict[str, Any]:
    obj.refresh_from_db()
    return {k: v for k, v in model_to_dict(obj).items() if k not in VOLATILE}


@pytest.mark.parametrize("flags", [(True, False, True), (False, True, None)])
def test_facility_edit_unchanged(
    page: Any, live_server: Any, users: dict[str, Any], login: Any, flags: tuple[Any, ...]
) -> None:
    radioactive, dam_across, protected = flags
    f = _facility(
        "UN",
        radioactive=radioactive,
        dam_across_watercourse=dam_across,
        protected_area_downstream=protected,
        wgk="3",
        dam_height_m=Decimal("30.50"),
    )
    before = _stored(f)
    login("alice")
    page.goto(f"{live_server.url}/facilities/{f.pk}/edit/")
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/facilities/{f.pk}/")
    assert _stored(f) == before


def _save_unchanged(page: Any, url: str) -> None:
    page.goto(url)
    with page.expect_navigation():
        page.click("main form[method=post] button[type=submit]:not([name])")
    assert page.url != url, f"{url} was not saved"


def _programme() -> tuple[Any, Any]:
    from tailsafe.monitoring import demo
    from tailsafe.monitoring.models import LimitNorm, MonitoringPoint, Parameter, PointParameter

    demo.load(None)
    f = _facility("UNM")
    point = MonitoringPoint.objects.create(
        facility=f,
        code="UN-PT",
        name="Downstream",
        kind="surface_down",
        latitude=Decimal("40.271234"),
        longitude=Decimal("69.640001"),
        active=False,
    )
    ph = Parameter.objects.get(code="ph")
    norm = LimitNorm.objects.create(
        parameter=ph, parameter_name="pH", value=8.5, lower_value=6.5, unit="pH", norm="un range"
    )
    entry = PointParameter.objects.create(
        point=point,
        parameter=ph,
        norm=norm,
        sampling_interval_days=14,
        mode="norm_multiple",
        direction="falling",
        alert=0.75,
        alarm=0.5,
        emergency=0.333,
        trend_horizon_days=45,
        expected_response="Call the operator.",
    )
    return point, entry


def test_monitoring_point_and_programme_edits_unchanged(
    page: Any, live_server: Any, users: dict[str, Any], login: Any
) -> None:
    point, entry = _programme()
    from tailsafe.governance.models import Institution

    entry.notified.set(Institution.objects.filter(key__in=["industry", "academy"]))
    login("alice")
    for obj, url in (
        (point, f"/monitoring/points/{point.pk}/edit/"),
        (entry, f"/monitoring/programme/{entry.pk}/edit/"),
        (entry, f"/monitoring/series/{entry.pk}/edit/"),
    ):
        before = _stored(obj)
        _save_unchanged(page, live_server.url + url)
        assert _stored(obj) == before, url


def _history_count(obj: Any) -> int:
    history = getattr(type(obj), "history", None)
    return history.filter(id=obj.pk).count() if history is not None else 0


def test_meeting_and_agenda_item_edits_unchanged(
    page: Any, live_server: Any, users: dict[str, Any], login: Any
) -> None:
    import datetime as dt
    from zoneinfo import ZoneInfo

    from tailsafe.governance.models import Institution
    from tailsafe.meetings.models import AgendaItem, Meeting

    starts = dt.datetime(2027, 3, 14, 9, 30, tzinfo=ZoneInfo("Asia/Dushanbe"))
    meeting = Meeting.objects.create(
        number=7,
        title="Весеннее заседание",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2, minutes=30),
        place="Душанбе",
        online_link="https://meet.example.org/x",
        host=Institution.objects.get(key="academy"),
        created_by=users["secretariat"],
    )
    item = AgendaItem.objects.create(
        meeting=meeting,
        order=1,
        title="Отчёт",
        presenter="Алишер",
        duration_min=25,
        facility_reference="UN-1",
        notes="a\nb",
    )
    login("alice")
    # The services promise that an unchanged edit writes nothing.
    _check_unchanged(
        page,
        live_server,
        [(meeting, f"/meetings/{meeting.pk}/edit/"), (item, f"/meetings/agenda/{item.pk}/edit/")],
    )


def test_action_item_and_letter_draft_edits_unchanged(
    page: Any, live_server: Any, users: dict[str, Any], login: Any
) -> None:
    import datetime as dt

    from tailsafe.correspondence import services as letters
    from tailsafe.followup.models import ActionItem
    from tailsafe.governance.models import Institution

    action = ActionItem.objects.create(
        description="Проверить дамбу.\nСообщить группе.",
        due_date=dt.date(2027, 1, 31),
        created_by=users["secretariat"],
    )
    action.responsible.set(Institution.objects.filter(in_lpi=True)[:2])
    letter = letters.draft_group_letter(
        users["secretariat"],
        {
            "correspondent": "Министерство",
            "institution": Institution.objects.get(key="academy"),
            "subject": "О хвостохранилищах",
            "body": "Уважаемые коллеги!\n\nПросим сообщить.",
        },
    )
    login("alice")
    for obj, url in (
        (action, f"/followup/actions/{action.pk}/edit/"),
        (letter, f"/correspondence/{letter.pk}/edit/"),
    ):
        before = _stored(obj)
        _save_unchanged(page, live_server.url + url)
        assert _stored(obj) == before, url


def _check_unchanged(page: Any, live_server: Any, objects: list[tuple[Any, str]]) -> None:
    """Open each edit form, save it untouched: every stored field and the history stay as
    they were."""
    for obj, url in objects:
        before, written = _stored(obj), _history_count(obj)
        _save_unchanged(page, live_server.url + url)
        assert _stored(obj) == before, url
        assert _history_count(obj) == written, url


def test_guest_institution_and_cochair_term_edits_unchanged(
    page: Any, live_server: Any, users: dict[str, Any], login: Any
) -> None:
    from django.utils import timezone

    from tailsafe.governance import services as governance
    from tailsafe.governance.models import CoChairTerm, Guest, Institution

    guest = Guest.objects.create(
        name="Гость Орхуса",
        organisation="Орхусский центр",
        position_title="Координатор",
        email="g@example.org",
        phone="+992 37 000 00 00",
        notes="Наблюдатель.\nПриглашается на заседания.",
    )
    institution = Institution.objects.get(key="academy")
    year = timezone.localdate().year
    governance.record_cochair_term(
        users["secretariat"], year=year, senior_official=None, official_user=users["co_chair"]
    )
    term = CoChairTerm.objects.get(year=year)
    login("alice")
    _check_unchanged(
        page,
        live_server,
        [
            (guest, f"/governance/guests/{guest.pk}/edit/"),
            (institution, f"/governance/institutions/{institution.pk}/edit/"),
            (term, f"/governance/rotation/{year}/"),
        ],
    )


def test_knowledge_entries_edits_unchanged(
    page: Any, live_server: Any, users: dict[str, Any], login: Any
) -> None:
    import datetime as dt

    from tailsafe.knowledge import services as knowledge
    from tailsafe.knowledge.models import (
        ActionMeasure,
        EprRecommendation,
        LegalAct,
        Lesson,
        Practice,
    )

    alice = users["secretariat"]
    act = knowledge.save_record(
        alice,
        LegalAct,
        {
            "title": "Закон о хвостохранилищах",
            "number": "1234",
            "adopted_on": dt.date(2019, 5, 2),
            "issuing_body": "Маджлиси Оли",
            "summary": "Первая строка.\nВторая строка.",
        },
    )
    practice = knowledge.save_record(
        alice, Practice, {"title": "Мониторинг", "organisation": "ОБСЕ", "year": 2021}
    )
    lesson = knowledge.save_record(
        alice,
        Lesson,
        {
            "name": "Брумадинью",
            "country": "Бразилия",
            "date_text": "2019-01-25",
            "fatalities": "270",
        },
    )
    epr = EprRecommendation.objects.create(code="99.9", title="Хвостохранилища", summary="a\nb")
    measure = knowledge.save_record(
        alice,
        ActionMeasure,
        {"recommendation": epr, "text": "Обследовать", "deadline": dt.date(2027, 6, 30)},
    )
    login("alice")
    _check_unchanged(
        page,
        live_server,
        [
            (act, f"/knowledge/r/legislation/{act.pk}/edit/"),
            (practice, f"/knowledge/r/practices/{practice.pk}/edit/"),
            (lesson, f"/knowledge/r/lessons/{lesson.pk}/edit/"),
            (epr, f"/knowledge/r/epr/{epr.pk}/edit/"),
            (measure, f"/knowledge/r/measures/{measure.pk}/edit/"),
        ],
    )


def test_column_mapping_and_recommendation_edits_unchanged(
    page: Any, live_server: Any, users: dict[str, Any], login: Any
) -> None:
    from tailsafe.followup import recommendations as recs
    from tailsafe.governance.models import Institution
    from tailsafe.monitoring.models import ColumnMapping

    mapping = ColumnMapping.objects.create(
        lab="Лаборатория А",
        owner=users["secretariat"].institution,
        columns={"point": "Точка", "parameter": "Показатель", "taken_at": "Дата", "value": "Знач"},
        decimal=",",
        delimiter=";",
        date_format="%d.%m.%Y",
    )
    rec = recs.draft_recommendation(
        users["secretariat"],
        text="Установить пьезометры.\nСообщить группе.",
        term="mid",
        addressee=Institution.objects.get(key="academy"),
        also_addressed=list(Institution.objects.filter(key__in=["industry", "environment"])),
    )
    login("alice")
    _check_unchanged(
        page,
        live_server,
        [
            (mapping, f"/monitoring/mappings/{mapping.pk}/"),
            (rec, f"/followup/recommendations/{rec.pk}/edit/"),
        ],
    )
    assert set(rec.also_addressed.values_list("key", flat=True)) == {"industry", "environment"}
