"""Concurrent facility edits on PostgreSQL (issue 9): two transactions on two connections save
the same version at the same time; exactly one wins and its change is never overwritten."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import transaction

from tailsafe.facilities import services
from tailsafe.facilities.models import Facility
from tests.concurrency import needs_postgresql, run_at_once, start, wait_for_lock_waiters

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql() -> None:
    needs_postgresql()


def test_a_save_waiting_behind_an_uncommitted_one_is_refused(
    users: dict[str, Any], make_facility: Any
) -> None:
    """Alice's save holds the row (not yet committed) while Bob saves the same version: Bob
    waits for the lock, then sees Alice's version and is refused; Alice's change stays."""
    f = make_facility("PG1", notes="")
    secretariat = users["secretariat"]
    bob_copy = Facility.objects.get(pk=f.pk)
    alice_saved, release = threading.Event(), threading.Event()

    def alice() -> None:
        with transaction.atomic():
            services.update_facility(secretariat, Facility.objects.get(pk=f.pk), {"notes": "A"})
            alice_saved.set()
            assert release.wait(20)

    def bob() -> None:
        assert alice_saved.wait(20)
        services.update_facility(secretariat, bob_copy, {"notes": "B", "dam_condition": "none"})

    (ta, a), (tb, b) = start(alice), start(bob)
    wait_for_lock_waiters(1)  # Bob is blocked by Alice's uncommitted save
    release.set()
    ta.join(30)
    tb.join(30)
    assert a.error is None, a.error
    assert isinstance(b.error, services.StaleFacility), b.error
    f.refresh_from_db()
    assert (f.notes, f.dam_condition, f.version) == ("A", "minor", 2)


def test_many_saves_of_one_version_at_once_only_one_wins(
    users: dict[str, Any], make_facility: Any
) -> None:
    f = make_facility("PG2", notes="")
    secretariat = users["secretariat"]
    copies = [Facility.objects.get(pk=f.pk) for _ in range(4)]

    def save(copy: Facility, note: str) -> Facility:
        return services.update_facility(secretariat, copy, {"notes": note})

    outcomes = run_at_once([lambda c=c, n=f"editor {i}": save(c, n) for i, c in enumerate(copies)])
    winners = [o for o in outcomes if o.error is None]
    assert len(winners) == 1, [o.error for o in outcomes]
    assert all(isinstance(o.error, services.StaleFacility) for o in outcomes if o.error)
    f.refresh_from_db()
    assert f.notes == winners[0].value.notes
    assert f.version == 2
    assert f.history.count() == 2  # created, then the one winning save
