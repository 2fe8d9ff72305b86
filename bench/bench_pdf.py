"""Benchmark: the PDF of minutes with 40 agenda items and 100 action items (issue 3; target
< 2 s). `run()` builds the meeting in a throwaway test database (migrated in memory for SQLite),
then times the minutes paper rendered by WeasyPrint (and, for comparison, the DOCX).
Runnable alone: `PYTHONPATH=src .venv/bin/python bench/bench_pdf.py` prints JSON and writes
bench/results_pdf.json."""

from __future__ import annotations

import datetime as dt
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

AGENDA_ITEMS = 40
ACTION_ITEMS = 100
TARGET_S = 2.0
REPEAT = 3


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tailsafe.settings")
    import django
    from django.conf import settings

    if not settings.configured or not django.apps.apps.ready:
        django.setup()


def _build() -> Any:
    from django.utils import timezone

    from tailsafe.core.models import User
    from tailsafe.followup import services as followup
    from tailsafe.governance import demo
    from tailsafe.governance.models import Institution, Membership, Person
    from tailsafe.meetings import services

    demo.load_institutions()
    demo.load_rotation()
    alice = User.objects.create(username="bench-secretariat", role="secretariat")
    institutions = list(Institution.objects.filter(in_lpi=True).order_by("key"))
    today = timezone.localdate()
    for n, inst in enumerate(institutions):
        person = Person.objects.create(full_name=f"Участник {n}", email=f"m{n}@example.org")
        Membership.objects.create(
            person=person,
            institution=inst,
            start_date=today - dt.timedelta(days=10),
            end_date=today + dt.timedelta(days=800),
            letter="bench.pdf",
        )
    when = timezone.make_aware(dt.datetime.combine(today, dt.time(10, 0)))
    meeting = services.plan_meeting(
        alice, {"title": "Заседание для замера", "starts_at": when, "place": "Душанбе"}
    )
    for i in range(1, AGENDA_ITEMS + 1):
        services.add_agenda_item(
            alice,
            meeting,
            {"title": f"Пункт повестки {i}: хвостохранилище №{i}", "presenter": "МРГ"},
        )
    services.record_attendance(
        alice, meeting, [r["key"] for r in services.attendance_candidates(meeting)]
    )
    minutes = services.start_minutes(alice, meeting)
    items = list(minutes.items.all())
    text = "Обсуждено состояние дамбы, данные мониторинга и план работ. " * 6
    services.save_minutes(
        alice,
        minutes,
        {
            it.pk: {"summary": text, "decisions": "Принять к сведению.", "recommendations": ""}
            for it in items
        },
        minutes.revision,
    )
    for n, item in enumerate(items):
        proposal = services.add_proposal(alice, item, text=f"Предложение {n}", kind="decision")
        for k, inst in enumerate(institutions[:5]):
            value = "support" if k else ("stand_aside" if n % 2 else "support")
            services.record_position(
                alice, proposal, inst, value, "Причина" if value != "support" else ""
            )
    for n in range(ACTION_ITEMS):
        followup.create_action_item(
            alice,
            description=f"Действие {n}: подготовить отчёт об обследовании для секретариата",
            responsible=[institutions[n % len(institutions)]],
            due_date=today + dt.timedelta(days=n),
            minutes_item=items[n % len(items)],
        )
    return meeting


def run() -> dict[str, Any]:
    os.environ.setdefault("DATABASE_URL", "sqlite:///:memory:")
    _django()
    from django.core import mail
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    from tailsafe.meetings import papers

    setup_test_environment()
    mail.outbox = []
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        meeting = _build()
        pdf_times, docx_times = [], []
        size = 0
        for _ in range(REPEAT):
            started = time.perf_counter()
            data, _ct, _name = papers.render(meeting, "minutes", "pdf", "ru")
            pdf_times.append(time.perf_counter() - started)
            size = len(data)
        for _ in range(REPEAT):
            started = time.perf_counter()
            papers.render(meeting, "minutes", "docx", "ru")
            docx_times.append(time.perf_counter() - started)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
    median = statistics.median(pdf_times)
    return {
        "agenda_items": AGENDA_ITEMS,
        "action_items": ACTION_ITEMS,
        "pdf_median_s": round(median, 3),
        "pdf_min_s": round(min(pdf_times), 3),
        "pdf_first_s": round(pdf_times[0], 3),
        "pdf_bytes": size,
        "docx_median_s": round(statistics.median(docx_times), 3),
        "target_s": TARGET_S,
        "meets_target": median < TARGET_S,
    }


if __name__ == "__main__":
    figures = run()
    text = json.dumps(figures, indent=2, ensure_ascii=False)
    (Path(__file__).resolve().parent / "results_pdf.json").write_text(text)
    print(text)
