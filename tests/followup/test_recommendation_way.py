"""A recommendation's whole way (issue 15, item 3): from a joint inspection's finding or a
decision in the minutes, through a proposal, consensus and approved minutes, into the register,
followed up by its addressees with evidence, then published. Each step asks its predicate in
followup.rules; a refused step says why and changes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tailsafe.followup import recommendations as recs
from tailsafe.followup import rules
from tailsafe.followup.models import Recommendation
from tests.conftest import DEMO_PDF
from tests.facilities.conftest import make_facility, operator_inst  # noqa: F401
from tests.inspections.conftest import facilities, ops  # noqa: F401
from tests.meetings.conftest import meeting, world  # noqa: F401

pytestmark = pytest.mark.django_db


def _history_count(rec: Recommendation) -> int:
    return rec.history.count()  # type: ignore[attr-defined]


def _completed_inspection(world: dict[str, Any], facility: Any) -> Any:  # noqa: F811
    from tailsafe.governance.models import Institution
    from tailsafe.inspections import services

    insp = world["users"]["inspector"]
    ji = services.plan_inspection(
        insp,
        facility,
        date=dt.date.today() - dt.timedelta(days=3),
        module="basic",
        institutions=list(Institution.objects.filter(key__in=["academy", "industry"])),
        inspectors=[insp],
    )
    q = services.questions_for(ji.bank, ji.module)[0]
    services.record_findings(
        insp, ji, {q.pk: {"answer": "not", "credibility": "verified", "text": "Трещина"}}
    )
    return services.complete_inspection(insp, ji, "Итог")


def _minutes_item(world: dict[str, Any], meeting: Any) -> Any:  # noqa: F811
    from tailsafe.meetings import services as meetings

    alice = world["users"]["secretariat"]
    meetings.add_agenda_item(alice, meeting, {"title": "Рекомендации"})
    people = world["people"]
    meetings.record_attendance(alice, meeting, [f"p{people[k].pk}" for k in ("charlie", "ivan")])
    return meetings.start_minutes(alice, meeting).items.get()


def _consensus(world: dict[str, Any], proposal: Any) -> None:  # noqa: F811
    from tailsafe.governance.models import Institution
    from tailsafe.meetings import services as meetings

    alice = world["users"]["secretariat"]
    for key in ("academy", "industry"):
        meetings.record_position(alice, proposal, Institution.objects.get(key=key), "support")


def _approve(world: dict[str, Any], minutes: Any) -> None:  # noqa: F811
    from tailsafe.meetings import services as meetings

    meetings.circulate_minutes(world["users"]["secretariat"], minutes)
    meetings.approve_minutes(world["users"]["co_chair"], minutes)


def test_finding_to_published_recommendation(
    world: dict[str, Any],  # noqa: F811
    meeting: Any,  # noqa: F811
    ops: dict[str, Any],  # noqa: F811
    facilities: dict[str, Any],  # noqa: F811
) -> None:
    from tailsafe.inspections import services
    from tailsafe.public import services as public

    alice = world["users"]["secretariat"]
    ji = _completed_inspection(world, facilities["A"])
    candidates = services.shortfalls(ji)
    assert candidates, "a finding below compliant is a candidate"
    assert candidates[0]["measures"], "a finding below compliant is a candidate"
    question = candidates[0]["question"]
    term, text = candidates[0]["measures"][0]
    rec = recs.draft_recommendation(
        alice,
        text=text,
        term=term,
        addressee=ops["own_inst"],
        also_addressed=[ops["other_inst"]],
        facility=ji.facility,
        question=question,
        source_inspection=ji,
    )
    assert rec.stage == "draft"
    assert rec.addressees() == [ops["own_inst"], ops["other_inst"]]
    assert rules.can_propose_recommendation(alice, rec)
    assert not rules.can_adopt_recommendation(alice, rec)
    assert not rules.can_publish_recommendation(alice, rec)

    item = _minutes_item(world, meeting)
    proposal = recs.propose(alice, rec, item)
    rec.refresh_from_db()
    assert rec.stage == "proposed"
    assert rec.proposal == proposal
    assert rules.can_adopt_recommendation(alice, rec)
    _consensus(world, proposal)
    # The minutes approved by the leading co-chair put it in the register: adopted.
    _approve(world, item.minutes)
    rec.refresh_from_db()
    assert rec.stage == "adopted"
    assert rec.adopted_at is not None
    assert not rules.can_adopt_recommendation(alice, rec)

    # Both addressed institutions report progress; the second one with evidence.
    assert rules.can_update_recommendation(ops["dilnoza"], rec)
    assert rules.can_update_recommendation(ops["olim"], rec)
    evidence = SimpleUploadedFile("act.pdf", DEMO_PDF, content_type="application/pdf")
    recs.update_status(
        ops["olim"], rec, status="in_progress", progress=30, text="Начато", evidence=evidence
    )
    rec.refresh_from_db()
    assert rec.status == "in_progress"
    assert rec.progress == 30
    assert rec.updates.get().evidence.name.endswith(".pdf")

    # Published is its own action; an unpublished recommendation never shows on the public page.
    assert not public.published_recommendations().filter(pk=rec.pk).exists()
    assert rules.can_publish_recommendation(alice, rec)
    assert not rules.can_publish_recommendation(ops["dilnoza"], rec)
    public.set_published(alice, "recommendation", rec.pk, True)
    rec.refresh_from_db()
    assert rec.published
    assert public.published_recommendations().filter(pk=rec.pk).exists()
    assert not rules.can_publish_recommendation(alice, rec)
    assert rules.can_unpublish_recommendation(alice, rec)


def test_recommendation_adopted_in_the_minutes_enters_the_register(
    world: dict[str, Any],  # noqa: F811
    meeting: Any,  # noqa: F811
) -> None:
    from tailsafe.meetings import services as meetings
    from tailsafe.meetings.models import Proposal

    alice = world["users"]["secretariat"]
    item = _minutes_item(world, meeting)
    adopted = meetings.add_proposal(
        alice, item, text="Обновить план ликвидации аварий", kind=Proposal.Kind.RECOMMENDATION
    )
    _consensus(world, adopted)
    not_adopted = meetings.add_proposal(
        alice, item, text="Закрыть хвостохранилище", kind=Proposal.Kind.RECOMMENDATION
    )
    decision = meetings.add_proposal(alice, item, text="Провести заседание", kind="decision")
    _consensus(world, decision)
    assert not Recommendation.objects.exists()
    _approve(world, item.minutes)
    rec = Recommendation.objects.get()
    assert rec.proposal == adopted
    assert rec.text == "Обновить план ликвидации аварий"
    assert rec.stage == "adopted"
    # What the minutes did not say stays empty (never invented): term, due date, addressee.
    assert rec.term == ""
    assert rec.due_date is None
    assert rec.addressee is None
    assert not Recommendation.objects.filter(proposal=not_adopted).exists()
    # A correction re-approved does not enter it twice.
    new = meetings.correct_minutes(alice, item.minutes, "Опечатка")
    _approve(world, new)
    assert Recommendation.objects.count() == 1


def test_refused_steps_say_why_and_change_nothing(
    world: dict[str, Any],  # noqa: F811
    meeting: Any,  # noqa: F811
    ops: dict[str, Any],  # noqa: F811
) -> None:
    from tailsafe.public import services as public

    alice = world["users"]["secretariat"]
    member = world["users"]["member"]
    rec = recs.draft_recommendation(alice, text="Мера", term="short", addressee=ops["own_inst"])
    item = _minutes_item(world, meeting)
    before = _history_count(rec)
    with pytest.raises(PermissionDenied):
        recs.propose(ops["dilnoza"], rec, item)
    with pytest.raises(PermissionDenied):
        recs.record_adoption(member, rec)
    with pytest.raises(ValidationError):
        recs.record_adoption(alice, rec)  # not proposed yet
    with pytest.raises(ValidationError):
        recs.update_status(alice, rec, status="in_progress", progress=5, text="x")  # not adopted
    with pytest.raises(ValidationError):
        public.set_published(alice, "recommendation", rec.pk, True)  # not adopted
    with pytest.raises(PermissionDenied):
        recs.edit_recommendation(ops["dilnoza"], rec, {"text": "Другая"})
    rec.refresh_from_db()
    assert rec.stage == "draft"
    assert not rec.published
    assert rec.text == "Мера"
    assert _history_count(rec) == before
    assert not item.proposals.exists()

    proposal = recs.propose(alice, rec, item)
    with pytest.raises(ValidationError):
        recs.propose(alice, rec, item)  # proposed once only
    with pytest.raises(ValidationError) as no_consensus:
        recs.record_adoption(alice, rec)
    assert "§28" in " ".join(no_consensus.value.messages)
    assert item.proposals.count() == 1
    _consensus(world, proposal)
    recs.record_adoption(alice, rec)
    with pytest.raises(ValidationError):
        recs.record_adoption(alice, rec)  # already adopted
    with pytest.raises(PermissionDenied):
        recs.update_status(ops["olim"], rec, status="in_progress", progress=5, text="x")
    with pytest.raises(PermissionDenied):
        public.set_published(ops["dilnoza"], "recommendation", rec.pk, True)
    rec.refresh_from_db()
    assert rec.status == "not_started"
    assert not rec.published
    assert not rec.updates.exists()


def test_adoption_that_no_longer_holds_is_flagged(
    world: dict[str, Any],  # noqa: F811
    meeting: Any,  # noqa: F811
    ops: dict[str, Any],  # noqa: F811
    client: Any,
) -> None:
    from tailsafe.governance.models import Institution
    from tailsafe.meetings import services as meetings

    alice = world["users"]["secretariat"]
    rec = recs.draft_recommendation(alice, text="Мера", term="short", addressee=ops["own_inst"])
    item = _minutes_item(world, meeting)
    proposal = recs.propose(alice, rec, item)
    _consensus(world, proposal)
    recs.record_adoption(alice, rec)
    meetings.record_position(
        alice, proposal, Institution.objects.get(key="industry"), "object", "Нет средств"
    )
    rec.refresh_from_db()
    assert rec.stage == "proposed"
    assert rec.proposal.consensus_lost_at is not None
    assert not rules.can_publish_recommendation(alice, rec)
    assert not rules.can_update_recommendation(alice, rec)
    client.force_login(alice)
    page = client.get(reverse("followup:recommendation", args=[rec.pk])).content.decode()
    assert 'id="consensus-lost"' in page
    listing = client.get(reverse("followup:recommendations")).content.decode()
    assert "консенсус больше не действует" in listing


def test_each_stage_offers_its_next_step_only_to_who_may_take_it(
    world: dict[str, Any],  # noqa: F811
    meeting: Any,  # noqa: F811
    ops: dict[str, Any],  # noqa: F811
    client: Any,
) -> None:
    alice = world["users"]["secretariat"]
    member = world["users"]["member"]
    rec = recs.draft_recommendation(alice, text="Мера", term="short", addressee=ops["own_inst"])
    url = reverse("followup:recommendation", args=[rec.pk])
    propose_url = reverse("followup:recommendation_propose", args=[rec.pk])
    adopt_url = reverse("followup:recommendation_adopt", args=[rec.pk])
    update_url = reverse("followup:recommendation_update", args=[rec.pk])
    publish_url = reverse("public:toggle", args=["recommendation", rec.pk])

    client.force_login(alice)
    page = client.get(url).content.decode()
    assert 'id="no-minutes"' in page  # no draft minutes yet: says how to get there
    item = _minutes_item(world, meeting)
    page = client.get(url).content.decode()
    assert propose_url in page
    assert adopt_url not in page
    assert publish_url not in page
    client.force_login(member)
    assert propose_url not in client.get(url).content.decode()

    client.force_login(alice)
    client.post(propose_url, {"item": item.pk})
    rec.refresh_from_db()
    assert rec.stage == "proposed"
    page = client.get(url).content.decode()
    assert adopt_url in page
    assert propose_url not in page
    # Refused: no consensus yet -> a message in the user's language, nothing changes.
    response = client.post(adopt_url, follow=True, HTTP_ACCEPT_LANGUAGE="ru")
    assert "§28" in response.content.decode()
    rec.refresh_from_db()
    assert rec.stage == "proposed"
    _consensus(world, rec.proposal)
    client.post(adopt_url)
    rec.refresh_from_db()
    assert rec.stage == "adopted"

    page = client.get(url).content.decode()
    assert update_url in page
    assert publish_url in page
    assert adopt_url not in page
    client.force_login(ops["dilnoza"])
    page = client.get(url).content.decode()
    assert update_url in page
    assert publish_url not in page
    client.force_login(ops["olim"])
    assert client.get(url).status_code == 404  # not addressed, not published
    client.force_login(member)
    page = client.get(url).content.decode()
    assert update_url not in page
    assert publish_url not in page

    client.force_login(alice)
    response = client.post(publish_url, {"published": "1", "next": url})
    assert response.status_code == 302
    assert response["Location"] == url
    rec.refresh_from_db()
    assert rec.published
    assert f"recommendation-{rec.pk}" in client.get(reverse("public:index")).content.decode()
    client.force_login(ops["olim"])
    assert client.get(url).status_code == 200  # published: every operator reads it


def test_edit_saved_unchanged_writes_nothing(
    world: dict[str, Any],  # noqa: F811
    ops: dict[str, Any],  # noqa: F811
    client: Any,
) -> None:
    alice = world["users"]["secretariat"]
    rec = recs.draft_recommendation(
        alice,
        text="Мера\nвторая строка",
        term="mid",
        addressee=ops["own_inst"],
        also_addressed=[ops["other_inst"]],
    )
    before = _history_count(rec)
    client.force_login(alice)
    url = reverse("followup:recommendation_edit", args=[rec.pk])
    assert client.get(url).status_code == 200
    data = {
        "text": "Мера\r\nвторая строка",
        "term": "mid",
        "addressee": ops["own_inst"].pk,
        "also_addressed": [ops["other_inst"].pk],
        "facility": "",
        "due_date": rec.due_date.isoformat(),
    }
    assert client.post(url, data).status_code == 302
    rec.refresh_from_db()
    assert rec.text == "Мера\nвторая строка"
    assert _history_count(rec) == before
    data.update(term="long", also_addressed=[])
    client.post(url, data)
    rec.refresh_from_db()
    assert rec.term == "long"
    assert not rec.also_addressed.exists()
    assert _history_count(rec) == before + 1
    client.force_login(ops["dilnoza"])
    assert client.get(url).status_code == 403


def test_api_lists_the_next_steps_the_caller_may_take(
    world: dict[str, Any],  # noqa: F811
    ops: dict[str, Any],  # noqa: F811
    client: Any,
) -> None:
    alice = world["users"]["secretariat"]
    rec = recs.draft_recommendation(
        alice,
        text="Мера",
        term="short",
        addressee=ops["other_inst"],
        also_addressed=[ops["own_inst"]],
    )
    Recommendation.objects.filter(pk=rec.pk).update(stage="adopted")
    client.force_login(alice)
    row = client.get(f"/api/v1/recommendations/{rec.pk}/").json()
    assert row["next_steps"] == ["edit", "update", "publish"]
    assert row["also_addressed"] == [ops["own_inst"].key]
    client.force_login(ops["dilnoza"])  # addressed through "also addressed to"
    assert client.get(f"/api/v1/recommendations/{rec.pk}/").json()["next_steps"] == ["update"]
    client.force_login(world["users"]["member"])
    assert client.get(f"/api/v1/recommendations/{rec.pk}/").json()["next_steps"] == []


def test_draft_put_on_the_agenda_then_proposed_under_its_section(
    world: dict[str, Any],  # noqa: F811
    meeting: Any,  # noqa: F811
    ops: dict[str, Any],  # noqa: F811
) -> None:
    from tailsafe.meetings import services as meetings

    alice = world["users"]["secretariat"]
    rec = recs.draft_recommendation(alice, text="Мера", term="short", addressee=ops["own_inst"])
    with pytest.raises(PermissionDenied):
        recs.put_on_agenda(ops["dilnoza"], rec, meeting)
    assert not meeting.agenda_items.exists()
    agenda_item = recs.put_on_agenda(alice, rec, meeting)
    assert agenda_item.title == "Мера"
    assert agenda_item.meeting == meeting
    section = meetings.start_minutes(alice, meeting).items.get(agenda_item=agenda_item)
    recs.propose(alice, rec, section)
    with pytest.raises(ValidationError):
        recs.put_on_agenda(alice, rec, meeting)  # no longer a draft
    assert meeting.agenda_items.count() == 1
