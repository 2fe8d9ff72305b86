"""Concurrent minutes edits on PostgreSQL (issue 9): saves of the same revision on two
connections at once never lose an update, and a save racing an approval never edits approved
minutes."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from tailsafe.meetings import services
from tailsafe.meetings.models import Minutes
from tests.concurrency import needs_postgresql, run_at_once, start, wait_for_lock_waiters

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql() -> None:
    needs_postgresql()


@pytest.fixture
def minutes(world: dict[str, Any], meeting: Any) -> Minutes:
    alice = world["users"]["secretariat"]
    services.add_agenda_item(alice, meeting, {"title": "Хвостохранилища"})
    return services.start_minutes(alice, meeting)


def test_a_save_waiting_behind_an_uncommitted_one_is_refused(
    world: dict[str, Any], minutes: Minutes
) -> None:
    alice = world["users"]["secretariat"]
    item = minutes.items.get()
    rev = minutes.revision
    first_saved, release = threading.Event(), threading.Event()

    def first() -> None:
        with transaction.atomic():
            services.save_minutes(alice, minutes, {item.pk: {"summary": "Первый"}}, rev)
            first_saved.set()
            assert release.wait(20)

    def second() -> None:
        assert first_saved.wait(20)
        services.save_minutes(alice, minutes, {item.pk: {"summary": "Второй"}}, rev)

    (t1, a), (t2, b) = start(first), start(second)
    wait_for_lock_waiters(1)  # the second save waits for the first one's row lock
    release.set()
    t1.join(30)
    t2.join(30)
    assert a.error is None, a.error
    assert isinstance(b.error, services.StaleMinutes), b.error
    item.refresh_from_db()
    minutes.refresh_from_db()
    assert item.summary == "Первый"
    assert minutes.revision == rev + 1


def test_many_saves_of_one_revision_at_once_only_one_wins(
    world: dict[str, Any], minutes: Minutes
) -> None:
    alice = world["users"]["secretariat"]
    item = minutes.items.get()
    rev = minutes.revision

    def save(text: str) -> str:
        services.save_minutes(alice, minutes, {item.pk: {"summary": text}}, rev)
        return text

    outcomes = run_at_once([lambda t=f"Редактор {i}": save(t) for i in range(4)])
    winners = [o.value for o in outcomes if o.error is None]
    assert len(winners) == 1, [o.error for o in outcomes]
    assert all(isinstance(o.error, services.StaleMinutes) for o in outcomes if o.error)
    item.refresh_from_db()
    assert item.summary == winners[0]


def test_a_save_racing_the_approval_does_not_touch_approved_minutes(
    world: dict[str, Any], minutes: Minutes
) -> None:
    users = world["users"]
    item = minutes.items.get()
    services.save_minutes(users["secretariat"], minutes, {item.pk: {"summary": "Согласовано"}}, 0)
    services.circulate_minutes(users["secretariat"], minutes)
    rev = Minutes.objects.get(pk=minutes.pk).revision
    approved, release = threading.Event(), threading.Event()

    def approve() -> None:
        with transaction.atomic():
            services.approve_minutes(users["co_chair"], minutes)
            approved.set()
            assert release.wait(20)

    def edit() -> None:
        assert approved.wait(20)
        services.save_minutes(users["secretariat"], minutes, {item.pk: {"summary": "Позже"}}, rev)

    (t1, a), (t2, b) = start(approve), start(edit)
    wait_for_lock_waiters(1)
    release.set()
    t1.join(30)
    t2.join(30)
    assert a.error is None, a.error
    # refused as approved (not as merely stale: saving again would not help)
    assert isinstance(b.error, ValidationError), b.error
    assert not isinstance(b.error, services.StaleMinutes), b.error
    item.refresh_from_db()
    assert item.summary == "Согласовано"
    assert Minutes.objects.get(pk=minutes.pk).is_frozen
