"""Telling the neighbours in a real browser (issue 19, "Done means"): an emergency at Taboshar
-> a draft early warning to the Uzbek counterpart and the Syr Darya basin organisation -> the
leading co-chair approves on a phone-sized screen in two taps -> the sending is logged -> a
follow-up -> the alert resolved -> a CAP Update in the Atom feed. Then the same as a drill,
marked EXERCISE, whose CAP status is Exercise."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

import tailsafe.monitoring
from tests.e2e.conftest import check_a11y

pytestmark = pytest.mark.django_db(transaction=True)

XSD = Path(tailsafe.monitoring.__file__).parent / "data" / "CAP-v1.2.xsd"
CAP = {"cap": "urn:oasis:names:tc:emergency:cap:1.2"}
ATOM = {"a": "http://www.w3.org/2005/Atom"}
PHONE = {"width": 375, "height": 667}


def _taboshar(cochair: Any) -> Any:
    """Taboshar (Istiqlol) with a downstream water point; the receiving bodies with the demo
    routing rules; the co-chair as leading co-chair of the year."""
    from django.utils import timezone

    from tailsafe.facilities.models import Facility
    from tailsafe.governance.models import CoChairTerm, Institution
    from tailsafe.monitoring import demo as monitoring_demo
    from tailsafe.monitoring.models import LimitNorm, MonitoringPoint, Parameter, PointParameter
    from tailsafe.transboundary import demo

    monitoring_demo.load(None)
    facility = Facility.objects.create(
        code="T04",
        name_ru="Табошар (Истиклол)",
        name_en="Taboshar (Istiqlol)",
        latitude="40.57",
        longitude="69.64",
        basin="syr_darya",
        river="Utkensu",
        downstream_countries="Uzbekistan",
        distance_to_border_km=5,  # 3-8 km (docs: transboundary.md)
        hazardous_substances="radionuclides, radon",
    )
    uranium = Parameter.objects.get(code="uranium")
    point = MonitoringPoint.objects.create(
        facility=facility,
        code="TB-DN",
        name="Utkensu below",
        kind="surface_down",
        latitude="40.58",
        longitude="69.65",
        responsible=Institution.objects.get(key="industrial_safety"),
    )
    pp = PointParameter.objects.create(
        point=point,
        parameter=uranium,
        norm=LimitNorm.objects.get(parameter=uranium, norm__startswith="WHO"),
        mode="norm_multiple",
        alert=0.5,
        alarm=1.0,
        emergency=3.0,
        sampling_interval_days=30,
    )
    demo.load({"secretariat": None})  # bodies and routing rules; no drill without a user
    CoChairTerm.objects.create(
        year=timezone.localdate().year,
        institution=Institution.objects.order_by("id").first(),
        official_user=cochair,
    )
    return pp


def _approve_on_phone(page: Any, live_server: Any, login: Any, notice_pk: int) -> None:
    page.context.clear_cookies()
    page.set_viewport_size(PHONE)
    login("chair_lead")
    page.goto(f"{live_server.url}/transboundary/notices/{notice_pk}/approve/")
    check_a11y(page)
    page.click("#approve-tap")  # tap 1
    page.wait_for_selector("#confirm-send")
    check_a11y(page)
    page.click("#confirm-send")  # tap 2
    page.wait_for_url(re.compile(rf".*/transboundary/notices/{notice_pk}/$"))
    page.wait_for_selector("#deliveries")


def _feed_cap(page: Any, live_server: Any, event_pk: int) -> etree._Element:
    feed = etree.fromstring(page.request.get(f"{live_server.url}/public/alerts.atom").body())
    links = [
        e.find("a:link", ATOM).get("href")
        for e in feed.findall("a:entry", ATOM)
        if e.find("a:link", ATOM).get("href").endswith(f"/alerts/{event_pk}/cap.xml")
    ]
    assert len(links) == 1
    doc = etree.fromstring(page.request.get(links[0]).body())
    schema = etree.XMLSchema(etree.parse(str(XSD)))
    assert schema.validate(doc), schema.error_log
    return doc


def test_emergency_at_taboshar_to_cap_update_and_the_same_as_a_drill(
    page: Any,
    live_server: Any,
    users: dict[str, Any],
    make_user: Any,
    login: Any,
    external_requests: list[str],
) -> None:
    from django.utils import timezone

    from tailsafe.monitoring import services as monitoring
    from tailsafe.monitoring.models import AlertEvent
    from tailsafe.public import services as public
    from tailsafe.transboundary.models import Notice

    secretariat = make_user("secretariat", username="sabina")
    cochair = make_user("co_chair", username="chair_lead")
    pp = _taboshar(cochair)
    page.set_viewport_size({"width": 1280, "height": 900})

    # the secretariat records the channel of the Uzbek counterpart
    login("sabina")
    page.goto(f"{live_server.url}/transboundary/bodies/")
    check_a11y(page)
    from tailsafe.transboundary.models import ReceivingBody

    mes = ReceivingBody.objects.get(
        country="Uzbekistan", name__startswith="Ministry of Emergency Situations"
    )
    row = page.locator(f"#body-{mes.pk}")

    row.locator("input[type=email]").fill("mes.demo@example.org")
    row.locator("button", has_text=re.compile("Save|Сохранить")).first.click()
    page.wait_for_selector(".alert-success")

    # an emergency at Taboshar (a reading three times the WHO guideline and more)
    monitoring.record_observation(
        secretariat, pp, taken_at=timezone.now() - dt.timedelta(hours=1), value="0,5"
    )
    event = AlertEvent.objects.get(series=pp, to_level="emergency")
    notice = Notice.objects.get(event=event)

    # the draft early warning, to the Uzbek counterpart and the Syr Darya basin organisation
    page.goto(f"{live_server.url}/transboundary/")
    check_a11y(page)
    page.click(f"a[href$='/transboundary/notices/{notice.pk}/']")
    bodies = page.locator(".receiving-body").all_inner_texts()
    assert any(
        b.startswith("Ministry of Emergency Situations") and "Uzbekistan" in b for b in bodies
    )
    assert any("Syrdarya" in b for b in bodies)
    assert "Табошар" in page.locator("section[lang=ru]").inner_text()
    check_a11y(page)
    page.click("#submit-notice")
    page.wait_for_selector(".alert-success")

    # the leading co-chair approves on a phone, in two taps; the sending is logged
    _approve_on_phone(page, live_server, login, notice.pk)
    log = page.locator("#deliveries").inner_text()
    assert "mes.demo@example.org" in log
    notice.refresh_from_db()
    assert notice.status == "sent"
    assert notice.deliveries.filter(ok=True).count() == 1
    check_a11y(page)

    # a follow-up (information linked to the first)
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    login("sabina")
    page.goto(f"{live_server.url}/transboundary/notices/{notice.pk}/")
    page.fill("#fu-measures", "Pond level lowered; sampling every 6 hours.")
    page.click("#draft-followup")
    page.wait_for_selector("#submit-notice")
    followup = Notice.objects.get(first=notice)
    assert "sampling every 6 hours" in page.content()
    page.click("#submit-notice")
    page.wait_for_selector(".alert-success")
    _approve_on_phone(page, live_server, login, followup.pk)

    # published, then resolved: the feed carries a CAP Update with urgency Past
    public.set_published(secretariat, "alert", event.pk, True)
    first = _feed_cap(page, live_server, event.pk)
    assert first.findtext("cap:status", namespaces=CAP) == "Actual"
    monitoring.resolve_alert(secretariat, AlertEvent.objects.get(pk=event.pk), "pond lowered")
    doc = _feed_cap(page, live_server, event.pk)
    assert doc.findtext("cap:msgType", namespaces=CAP) == "Update"
    assert {u.text for u in doc.findall("cap:info/cap:urgency", CAP)} == {"Past"}
    assert first.findtext("cap:identifier", namespaces=CAP) in doc.findtext(
        "cap:references", namespaces=CAP
    )

    # the same as a drill: EXERCISE everywhere, CAP status Exercise
    page.context.clear_cookies()
    page.set_viewport_size({"width": 1280, "height": 900})
    login("sabina")
    page.goto(f"{live_server.url}/transboundary/")
    page.select_option("#drill-facility", label="Табошар (Истиклол)")
    page.click("#start-drill")
    page.wait_for_url(re.compile(r".*/transboundary/drills/\d+/$"))
    check_a11y(page)
    drill_url = page.url
    drill_notice = Notice.objects.get(exercise=True)
    page.goto(f"{live_server.url}/transboundary/notices/{drill_notice.pk}/")
    assert page.locator("#exercise-banner").count() == 1
    page.click("#submit-notice")
    page.wait_for_selector(".alert-success")
    _approve_on_phone(page, live_server, login, drill_notice.pk)
    page.goto(drill_url)
    report = page.locator("#drill-report").inner_text()
    assert report.count("—") <= 1  # every time filled (the draft may take under a minute)
    drill_notice.refresh_from_db()
    assert drill_notice.status == "sent"
    assert drill_notice.approved_by == cochair
    drill_event = drill_notice.event
    public.set_published(secretariat, "alert", drill_event.pk, True)
    monitoring.resolve_alert(secretariat, AlertEvent.objects.get(pk=drill_event.pk), "drill over")
    doc = _feed_cap(page, live_server, drill_event.pk)
    assert doc.findtext("cap:status", namespaces=CAP) == "Exercise"
    assert doc.findtext("cap:msgType", namespaces=CAP) == "Update"
    feed = page.request.get(f"{live_server.url}/public/alerts.atom").text()
    assert "EXERCISE" in feed
    page.goto(f"{live_server.url}/public/")
    assert (
        page.locator("#public-alerts .badge", has_text=re.compile("УЧЕНИЯ|EXERCISE")).count() == 1
    )
    check_a11y(page)
    assert external_requests == []
