"""One key per reading (issue 20, item 4; migration monitoring 0012): on PostgreSQL a reading's
(point, parameter) must be a programme entry, checked by one foreign key; on every database a
programme entry with readings cannot be deleted."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from tailsafe.monitoring.models import Observation, Parameter
from tailsafe.monitoring.models.readings import SERIES_KEY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the composite key is PostgreSQL's"
)


def test_a_programme_entry_with_readings_cannot_be_deleted(
    run_import: Callable[..., Any], programme: dict[str, Any]
) -> None:
    run_import("point;parameter;taken_at;value\nDN-1;uranium;2025-03-02 10:00;0,01\n")
    with pytest.raises(ProtectedError, match=r"Observation\.series"):
        programme["u_down"].delete()
    assert Observation.objects.filter(point=programme["down"]).count() == 1
    programme["u_up"].delete()  # no readings: it goes


@on_postgresql
def test_a_reading_outside_the_programme_is_refused_by_the_database(
    programme: dict[str, Any],
) -> None:
    freeboard_point, arsenic = programme["fb"], Parameter.objects.get(code="arsenic")

    def store_and_check() -> None:
        with transaction.atomic():
            Observation.objects.create(
                point=freeboard_point,  # FB-1 measures freeboard, not arsenic
                parameter=arsenic,
                taken_at=timezone.now(),
                value=0.1,
                unit="mg/L",
            )
            with connection.cursor() as cur:
                cur.execute("SET CONSTRAINTS ALL IMMEDIATE")

    with pytest.raises(IntegrityError, match=SERIES_KEY):
        store_and_check()


@on_postgresql
def test_the_readings_table_has_one_foreign_key_for_point_and_parameter() -> None:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT conname, confrelid::regclass::text FROM pg_constraint "
            "WHERE conrelid = 'monitoring_observation'::regclass AND contype = 'f'"
        )
        keys = dict(cur.fetchall())
    assert keys == {SERIES_KEY: "monitoring_pointparameter"}
