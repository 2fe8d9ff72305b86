"""Monitoring at national scale (issue 6): 5 million observations over 500 points on PostgreSQL.

(a) import rate of a 1,000,000-row lab CSV through the real importer (streaming, validation,
TARP levels, duplicate checks, one transaction, alert events) as a ratio to a raw PostgreSQL
COPY of the same file into a bare table, both in the same run (target >= 0.3);
(b) "latest value per point with its level" for all points and "exceedances of one year"
(targets < 200 ms each, median of 5 warm runs).

Runs only when DATABASE_URL points to PostgreSQL, in a dedicated database `tailsafe_bench`
(dropped and created anew, never the dev data), in a child process so Django's settings of
the calling process are untouched.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BENCH_DB = "tailsafe_bench"
POINTS = 500
OBSERVATIONS = 5_000_000
IMPORT_ROWS = 1_000_000
TARGETS = {"import_ratio_min": 0.3, "latest_ms_max": 200.0, "exceedances_ms_max": 200.0}


def run() -> dict[str, Any]:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return {"skipped": "needs PostgreSQL"}
    parts = urlparse(url)
    admin_url = urlunparse(parts._replace(path="/postgres"))
    bench_url = urlunparse(parts._replace(path=f"/{BENCH_DB}"))
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        conn.execute(f"CREATE DATABASE {BENCH_DB}")
    env = {**os.environ, "DATABASE_URL": bench_url, "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}"}
    env["TASKS_BACKEND"] = "django.tasks.backends.immediate.ImmediateBackend"
    env["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child"],
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    if proc.returncode != 0:
        return {"error": proc.stderr[-3000:]}
    figures: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return figures


def _child() -> dict[str, Any]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tailsafe.settings")
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    figures: dict[str, Any] = {"database": connection.settings_dict["NAME"]}
    started = time.perf_counter()
    user, pps = _programme()
    figures["setup_s"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    _generate(pps)
    figures["generate_5m_s"] = round(time.perf_counter() - started, 2)
    with connection.cursor() as cur:
        cur.execute("SELECT COUNT(*) FROM monitoring_observation")
        figures["observations"] = cur.fetchone()[0]
    figures.update(_import_ratio(user, pps))
    figures.update(_queries())
    figures["targets"] = TARGETS
    figures["meets_targets"] = {
        "import_ratio": figures["import_ratio"] >= TARGETS["import_ratio_min"],
        "latest": figures["latest_per_point_ms"] < TARGETS["latest_ms_max"],
        "exceedances": figures["exceedances_year_ms"] < TARGETS["exceedances_ms_max"],
    }
    return figures


def _programme() -> tuple[Any, list[Any]]:
    from tailsafe.core.models import User
    from tailsafe.facilities.models import Facility
    from tailsafe.governance import demo as governance_demo
    from tailsafe.monitoring import demo
    from tailsafe.monitoring.models import LimitNorm, MonitoringPoint, Parameter, PointParameter

    governance_demo.load_institutions()
    demo.load(None)
    user = User.objects.create_user("bench", role="secretariat", password=None)
    uranium = Parameter.objects.get(code="uranium")
    norm = LimitNorm.objects.get(parameter=uranium, norm__startswith="WHO")
    pps = []
    for f in range(POINTS // 10):
        facility = Facility.objects.create(
            code=f"bench-{f}", name_ru=f"Бенч {f}", name_en=f"Bench {f}", is_demo=True
        )
        for p in range(10):
            point = MonitoringPoint.objects.create(
                facility=facility,
                code=f"B{f:03d}-{p}",
                name=f"bench {f}-{p}",
                kind="surface_down" if p % 2 else "surface_up",
                is_demo=True,
            )
            pps.append(
                PointParameter.objects.create(
                    point=point,
                    parameter=uranium,
                    norm=norm,
                    mode="norm_multiple",
                    alert=0.5,
                    alarm=1.0,
                    emergency=3.0,
                    sampling_interval_days=30,
                )
            )
    return user, pps


def _value(rng: random.Random) -> float:
    # mostly well below the WHO value (0.03 mg/L); about 0.5 % above the alert threshold
    if rng.random() < 0.005:
        return round(rng.uniform(0.015, 0.1), 5)
    return round(rng.uniform(0.0005, 0.012), 5)


def _generate(pps: list[Any]) -> None:
    """5 million readings with COPY (3-hourly, 10,000 per point, ending 2025-12-31)."""
    import datetime as dt

    from django.db import connection

    from tailsafe.monitoring.importer import Classifier

    rng = random.Random(6)
    per_point = OBSERVATIONS // len(pps)
    end = dt.datetime(2025, 12, 31, 21, 0, tzinfo=dt.UTC)
    step = dt.timedelta(hours=3)
    cols = "point_id, parameter_id, taken_at, value, censored, unit, level"
    with connection.cursor() as cur:
        with cur.cursor.copy(f"COPY monitoring_observation ({cols}) FROM STDIN") as copy:
            for pp in pps:
                classify = Classifier(pp.resolved_thresholds(), pp.direction)
                start = end - step * (per_point - 1)
                lines = []
                for i in range(per_point):
                    v = _value(rng)
                    when = (start + step * i).isoformat()
                    lines.append(
                        f"{pp.point_id}\t{pp.parameter_id}\t{when}\t{v}\t\tmg/L\t{classify(v)}\n"
                    )
                copy.write("".join(lines))
        cur.execute("ANALYZE monitoring_observation")


def _import_ratio(user: Any, pps: list[Any]) -> dict[str, Any]:
    import datetime as dt

    from django.db import connection

    from tailsafe.monitoring import importer, services

    rng = random.Random(7)
    per_point = IMPORT_ROWS // len(pps)
    start = dt.datetime(2026, 1, 2, 0, 0)  # local time, after the generated readings
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "lab.csv"
        with path.open("w", encoding="cp1251", newline="") as fh:
            fh.write("Точка;Показатель;Дата отбора;Результат;Ед. изм.\n")
            for pp in pps:
                code = pp.point.code
                for i in range(per_point):
                    when = start + dt.timedelta(hours=i)
                    value = f"{_value(rng)}".replace(".", ",")
                    fh.write(f"{code};Уран;{when:%d.%m.%Y %H:%M};{value};мг/л\n")
        size = path.stat().st_size
        # raw COPY of the same file into a bare table (text columns, no checks, no indexes)
        with connection.cursor() as cur:
            cur.execute(
                "CREATE TABLE bench_raw (point text, parameter text, taken_at text, "
                "value text, unit text)"
            )
            started = time.perf_counter()
            with (
                path.open("rb") as raw,
                cur.cursor.copy(
                    "COPY bench_raw FROM STDIN "
                    "(FORMAT csv, DELIMITER ';', HEADER true, ENCODING 'WIN1251')"
                ) as copy,
            ):
                while block := raw.read(1 << 20):
                    copy.write(block)
            raw_s = time.perf_counter() - started
            cur.execute("SELECT COUNT(*) FROM bench_raw")
            raw_rows = cur.fetchone()[0]
            cur.execute("DROP TABLE bench_raw")
        started = time.perf_counter()
        with path.open("rb") as raw:
            report = services.import_stream(raw, "lab.csv", importer.Options(), user)
        ours_s = time.perf_counter() - started
    if not report.ok:
        raise RuntimeError(f"bench import rejected: {report.messages[:3]}")
    return {
        "import_rows": report.imported,
        "import_file_mb": round(size / 1e6, 1),
        "import_s": round(ours_s, 2),
        "import_rows_per_s": round(report.imported / ours_s),
        "raw_copy_rows": raw_rows,
        "raw_copy_s": round(raw_s, 2),
        "raw_copy_rows_per_s": round(raw_rows / raw_s),
        "import_ratio": round(raw_s / ours_s, 3),
        "import_events": report.events,
        "import_phases_s": report.as_dict()["timings"],
    }


def _timed(fn: Any, runs: int = 5) -> tuple[float, Any]:
    fn()  # warm
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def _queries() -> dict[str, Any]:
    import datetime as dt

    from tailsafe.monitoring import services

    latest_ms, latest = _timed(services.latest_per_point)
    start = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    exc_ms, rows = _timed(
        lambda: list(
            services.exceedances(start, end).values_list(
                "point_id", "parameter_id", "taken_at", "value", "level"
            )
        )
    )
    return {
        "latest_per_point_ms": round(latest_ms, 1),
        "latest_series": len(latest),
        "exceedances_year_ms": round(exc_ms, 1),
        "exceedances_year_rows": len(rows),
    }


if __name__ == "__main__" and "--child" in sys.argv:
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    print(json.dumps(_child()))
