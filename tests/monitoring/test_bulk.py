"""The PostgreSQL bulk path stores exactly what the checked path stores, and leaves every file
it cannot take whole to the checked path (which writes the report)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from tailsafe.monitoring import bulk
from tailsafe.monitoring.models import AlertEvent, Observation

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the bulk path is PostgreSQL's COPY"
    ),
]

HEADER = "Точка;Показатель;Дата отбора;Результат;Ед. изм.\n"

GOOD_FILES = {
    "cp1251, decimal comma, levels up and down": (
        HEADER
        + "UP-1;Уран;01.03.2025 10:00;0,002;мг/л\n"
        + "DN-1;Уран;01.03.2025 10:00;0,015;мг/л\n"  # = 0.5 x WHO 0.03: alert (reached)
        + "DN-1;Уран;02.03.2025 10:00;0,095;мг/л\n"  # emergency
        + "DN-1;Уран;03.03.2025 10:00;0,004;мг/л\n"  # back to normal, newest
        + "DN-1;arsenic;01.03.2025 10:00;7,5;мкг/л\n"  # converted: 0.0075 mg/L, alert
        + "FB-1;Freeboard;01.03.2025;1,5;м\n"  # falling: alarm reached exactly
        + "FB-1;Freeboard;02.03.2025;250;см\n"  # 2.5 m
    ).encode("cp1251"),
    "censored values and not detected": (
        HEADER
        + "UP-1;Уран;04.03.2025 10:00;<0,001;мг/л\n"
        + "DN-1;Уран;04.03.2025 10:00;н/о;мг/л\n"  # the detection limit, censored
        + "DN-1;Уран;05.03.2025 10:00;>0,2;мг/л\n"  # at least 0.2: emergency
        + "UP-1;Уран;05.03.2025 10:00;1 234,5;мкг/л\n"  # thousands separator, converted
        + "UP-1;Уран;06.03.2025 10:00; 0,0021 ;мг/л\n"  # spaces around a number
        + "UP-1;Уран;07.03.2025 10:00;2E-3;мг/л\n"
    ).encode("utf-8"),
    "ISO dates, comma delimiter, no unit column": (
        b"point,parameter,taken_at,value\n"
        b"UP-1,uranium,2025-03-08T09:30,0.001\n"
        b"DN-1,uranium,2025-03-08 09:30,0.031\n"
        b"FB-1,freeboard,2025-03-08,0.9\n"
    ),
    "DL and LOQ columns, norm verdicts and norm events": (
        "point;parameter;taken_at;value;unit;DL;LOQ\n"
        "UP-1;uranium;09.03.2025 10:00;<DL;µg/L;0,1;0,3\n"  # 1e-4 mg/L, within the norm
        "UP-1;uranium;10.03.2025 10:00;0,0021;мг/л;;\n"
        "DN-1;uranium;09.03.2025 10:00;<0,05;мг/л;;\n"  # DL above 0.03: inconclusive
        "DN-1;uranium;10.03.2025 10:00;45;мкг/л;1;3\n"  # exceeds: a norm event
        "DN-1;uranium;11.03.2025 10:00;н/о;мкг/л;;\n"  # the method's DL, within: recovery
        "DN-1;arsenic;09.03.2025 10:00;0,02;мг/л;0,001;\n"  # the parameter's WHO norm
    ).encode(),
}


def stored() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    rows = list(
        Observation.objects.order_by("point_id", "parameter_id", "taken_at").values_list(
            "point__code",
            "parameter__code",
            "taken_at",
            "value",
            "censored",
            "unit",
            "level",
            "detection_limit",
            "quantification_limit",
            "norm_result",
        )
    )
    events = list(
        AlertEvent.objects.order_by("series_id", "opened_at", "id").values_list(
            "series__point__code", "basis", "from_level", "to_level", "value", "trend"
        )
    )
    return rows, events


@pytest.mark.parametrize("name", list(GOOD_FILES))
def test_bulk_and_checked_paths_store_the_same(
    name: str, run_import: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    content = GOOD_FILES[name]
    report = run_import(content)
    assert report.ok, report.messages
    assert report.path == "bulk", report.bulk_declined
    by_bulk = stored()
    assert len(by_bulk[0]) == report.imported == content.count(b"\n") - 1

    Observation.objects.all().delete()
    AlertEvent.objects.all().delete()
    monkeypatch.setattr(bulk, "applies", lambda file_name: False)
    checked = run_import(content)
    assert checked.ok
    assert checked.path == "checked"
    assert stored() == by_bulk
    assert (
        checked.rows,
        checked.imported,
        checked.events,
        checked.exceeding,
        checked.inconclusive,
    ) == (report.rows, report.imported, report.events, report.exceeding, report.inconclusive)


BAD_FILES = {
    "unknown point": HEADER + "XX-9;Уран;01.03.2025 10:00;0,002;мг/л\n",
    "negative concentration": HEADER + "UP-1;Уран;01.03.2025 10:00;-0,002;мг/л\n",
    "incompatible unit": HEADER + "UP-1;Уран;01.03.2025 10:00;0,002;м\n",
    "future date": HEADER + "UP-1;Уран;01.03.2099 10:00;0,002;мг/л\n",
    "bad value": HEADER + "UP-1;Уран;01.03.2025 10:00;0,0,2;мг/л\n",
    "duplicate in the file": HEADER
    + "UP-1;Уран;01.03.2025 10:00;0,002;мг/л\n"
    + "UP-1;Уран;01.03.2025 10:00;0,003;мг/л\n",
    "wrong column count": HEADER + "UP-1;Уран;01.03.2025 10:00;0,002\n",
    "blank line inside": HEADER + "UP-1;Уран;01.03.2025 10:00;0,002;мг/л\n\n"
    "UP-1;Уран;02.03.2025 10:00;0,002;мг/л\n",
    "quoted cells": HEADER + 'UP-1;"Уран";01.03.2025 10:00;"0,002";мг/л\n',
    "a detection limit in words": "point;parameter;taken_at;value;unit;DL\n"
    "UP-1;uranium;01.03.2025 10:00;<DL;мг/л;about 0,1\n",
    "a negative detection limit": "point;parameter;taken_at;value;unit;DL\n"
    "UP-1;uranium;01.03.2025 10:00;<DL;мг/л;-0,1\n",
}


GOOD_BUT_NOT_FOR_BULK = {"blank line inside", "quoted cells"}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_files_the_bulk_path_leaves_to_the_checked_path(
    name: str, run_import: Callable[..., Any]
) -> None:
    report = run_import(BAD_FILES[name].encode("utf-8"))
    assert report.path == "checked"
    assert report.bulk_declined
    if name in GOOD_BUT_NOT_FOR_BULK:
        assert report.ok, report.messages
        assert Observation.objects.count() == report.imported > 0
    else:
        assert not report.ok
        assert report.messages
        assert Observation.objects.count() == 0


def test_bad_file_stores_nothing_and_drops_its_tables(run_import: Callable[..., Any]) -> None:
    report = run_import(BAD_FILES["negative concentration"].encode("utf-8"))
    assert not report.ok
    assert Observation.objects.count() == 0
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_class WHERE relname LIKE 'mon_bulk_%%'")
        assert cur.fetchone()[0] == 0
