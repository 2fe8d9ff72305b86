"""Generated workloads of the benchmarks, written straight into the database (bulk_create and
COPY), never through the services: the benchmarks time the pages and the importer, not the
generator. Deterministic (fixed seeds). Needs Django set up on the benchmark's own database.

- :func:`programme`: monitoring points with a uranium series each (bench_monitoring, W1);
- :func:`generate_observations`: readings for those series with COPY;
- :func:`generate_w1`: workload W1 of issue 9 (the national scale the pages are timed on).
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from decimal import Decimal
from typing import Any

W1 = {
    "facilities": 2_000,
    "institutions": 60,
    "members": 400,
    "meetings": 40,
    "action_items": 5_000,
    "points": 500,
    "observations": 5_000_000,
}
AGENDA_ITEMS_PER_MEETING = 6
ATTENDANCE_PER_MEETING = 25


def programme(points: int) -> tuple[Any, list[Any]]:
    """Reference institutions and norms, a secretariat user `bench`, and `points` monitoring
    points (10 per facility, on facilities `bench-N`) each with a uranium series."""
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
    for f in range(points // 10):
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


def value(rng: random.Random) -> float:
    """A uranium reading (mg/L): mostly well below the WHO value (0.03 mg/L); about 0.5 % above
    the alert threshold."""
    if rng.random() < 0.005:
        return round(rng.uniform(0.015, 0.1), 5)
    return round(rng.uniform(0.0005, 0.012), 5)


def generate_observations(pps: list[Any], total: int) -> None:
    """`total` readings with COPY, spread evenly over the series `pps` (3-hourly, ending
    2025-12-31), each with its TARP level and its verdict against the series' norm, as the
    importer stores them (a history without verdicts would make every "newest conclusive
    reading" lookup scan a whole series, which no imported series does)."""
    from django.db import connection

    from tailsafe.monitoring import thresholds
    from tailsafe.monitoring.importer import Classifier

    rng = random.Random(6)
    per_point = total // len(pps)
    end = dt.datetime(2025, 12, 31, 21, 0, tzinfo=dt.UTC)
    step = dt.timedelta(hours=3)
    cols = "point_id, parameter_id, taken_at, value, censored, unit, level, norm_result"
    with connection.cursor() as cur:
        with cur.cursor.copy(f"COPY monitoring_observation ({cols}) FROM STDIN") as copy:
            for pp in pps:
                classify = Classifier(pp.resolved_thresholds(), pp.direction)
                low, high, _norms = pp.norm_limits()
                start = end - step * (per_point - 1)
                lines = []
                for i in range(per_point):
                    v = value(rng)
                    when = (start + step * i).isoformat()
                    verdict = (
                        thresholds.compare_with_norm(v, maximum=high, minimum=low)
                        if high is not None or low is not None
                        else ""
                    )
                    lines.append(
                        f"{pp.point_id}\t{pp.parameter_id}\t{when}\t{v}\t\tmg/L\t"
                        f"{classify(v)}\t{verdict}\n"
                    )
                copy.write("".join(lines))
        cur.execute("ANALYZE monitoring_observation")


# --- W1 ---------------------------------------------------------------------------------------


def _n(key: str, scale: float) -> int:
    return max(1, round(W1[key] * scale))


def generate_w1(scale: float = 1.0) -> dict[str, Any]:
    """Workload W1 (issue 9) on an empty, migrated database: 2,000 facilities with their hazard
    assessments, 60 institutions, 400 members (users with roles and institutions, people with
    their seats), 40 meetings with agenda, attendance and minutes, 5,000 action items and
    5 million observations over 500 points. `scale` shrinks every count (for a quick try).

    Returns the counts and what the load benchmark opens: the secretariat user, a facility, a
    meeting and a series (ids).
    """
    from django.db import connection, transaction

    rng = random.Random(9)
    points = max(10, _n("points", scale) // 10 * 10)
    user, pps = programme(points)
    with transaction.atomic():
        institutions = _institutions(_n("institutions", scale))
        facilities = _facilities(rng, _n("facilities", scale), institutions)
        _assessments(facilities)
        people = _members(rng, _n("members", scale), institutions)
        meetings = _meetings(rng, _n("meetings", scale), institutions, people, user)
        _action_items(rng, _n("action_items", scale), meetings, institutions, user)
    generate_observations(pps, _n("observations", scale))
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    series = pps[0]
    latest_meeting = max(meetings, key=lambda m: m.number)
    return {
        "user_id": user.pk,
        "facility_id": facilities[len(facilities) // 2].pk,
        "meeting_id": latest_meeting.pk,
        "series_id": series.pk,
        "counts": _counts(),
    }


def _counts() -> dict[str, int]:
    from tailsafe.core.models import User
    from tailsafe.facilities.models import Facility
    from tailsafe.followup.models import ActionItem
    from tailsafe.governance.models import Institution, Membership
    from tailsafe.meetings.models import Meeting, Minutes
    from tailsafe.methodology.models import HazardAssessment
    from tailsafe.monitoring.models import MonitoringPoint, Observation

    return {
        "facilities": Facility.objects.count(),
        "hazard_assessments": HazardAssessment.objects.count(),
        "institutions": Institution.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "meetings": Meeting.objects.count(),
        "minutes": Minutes.objects.count(),
        "action_items": ActionItem.objects.count(),
        "points": MonitoringPoint.objects.count(),
        "observations": Observation.objects.count(),
    }


def _institutions(total: int) -> list[Any]:
    """The reference list (loaded by programme) completed with generated institutions."""
    from tailsafe.governance.models import Institution

    types = [t.value for t in Institution.Type]
    missing = total - Institution.objects.count()
    Institution.objects.bulk_create(
        Institution(
            key=f"w1-inst-{i}",
            type=types[i % len(types)],
            name_ru=f"Учреждение W1 {i}",
            name_en=f"W1 institution {i}",
            short_name=f"W1-{i}",
            in_lpi=i % 5 != 0,
        )
        for i in range(max(0, missing))
    )
    return list(Institution.objects.order_by("pk"))


def _facilities(rng: random.Random, total: int, institutions: list[Any]) -> list[Any]:
    """The programme's facilities (bench-N) and generated ones, all with THI/TRI inputs (some
    unknown, as in the real inventory: a few without a volume, hence without an index)."""
    from tailsafe.facilities.models import Facility

    existing = list(Facility.objects.order_by("pk"))
    new = [
        Facility(code=f"w1-{i}", name_ru=f"Хвостохранилище W1 {i}", name_en=f"W1 tailings {i}")
        for i in range(max(0, total - len(existing)))
    ]
    facilities = existing + new
    operators = [i for i in institutions if i.type == "operator"] or institutions
    for f in facilities:
        _fill(rng, f, operators)
    Facility.objects.bulk_update(existing, _fill_fields(), batch_size=500)
    Facility.objects.bulk_create(new, batch_size=500)
    return list(Facility.objects.order_by("pk"))


def _fill_fields() -> list[str]:
    return [
        "status",
        "confirmation",
        "commodity",
        "operator",
        "region",
        "district",
        "nearest_settlement",
        "latitude",
        "longitude",
        "location_basis",
        "volume_m3",
        "area_ha",
        "dam_type",
        "dam_height_m",
        "wgk",
        "radioactive",
        "management",
        "flood",
        "seismic",
        "dam_condition",
        "river",
        "basin",
        "distance_to_river_km",
        "distance_to_settlement_km",
        "distance_to_border_km",
        "population_downstream",
        "protected_area_downstream",
        "dam_across_watercourse",
        "seismic_msk64",
        "mudflow",
        "flash_flood",
        "confidence",
    ]


def _maybe(rng: random.Random, value: Any, unknown: float = 0.15) -> Any:
    return None if rng.random() < unknown else value


def _fill(rng: random.Random, f: Any, operators: list[Any]) -> None:
    def dec(low: float, high: float, places: str = "0.01") -> Decimal:
        return Decimal(str(rng.uniform(low, high))).quantize(Decimal(places))

    f.status = rng.choice(["active", "idle", "neglected", "abandoned", "remediated"])
    f.confirmation = rng.choice(["candidate", "confirmed"])
    f.commodity = rng.choice(["uranium", "gold", "silver", "antimony", "lead-zinc", "coal"])
    f.operator = rng.choice(operators) if rng.random() < 0.6 else None
    f.region = rng.choice(["Sughd", "Khatlon", "GBAO", "DRS"])
    f.district = f"District {rng.randint(1, 40)}"
    f.nearest_settlement = f"Settlement {rng.randint(1, 300)}"
    f.latitude = dec(37.0, 41.0, "0.000001")
    f.longitude = dec(67.5, 75.0, "0.000001")
    f.location_basis = rng.choice(["surveyed", "settlement_approximate"])
    f.volume_m3 = None if rng.random() < 0.05 else Decimal(round(10 ** rng.uniform(3, 8)))
    f.area_ha = _maybe(rng, dec(0.5, 200))
    f.dam_type = rng.choice(["upstream", "downstream", "centreline", ""])
    f.dam_height_m = _maybe(rng, dec(2, 80))
    f.wgk = _maybe(rng, rng.choice(["nwg", "1", "2", "3", "awg"])) or ""
    f.radioactive = _maybe(rng, rng.random() < 0.3)
    f.management = _maybe(rng, rng.choice(["adequate", "deficient", "abandoned"])) or ""
    f.flood = _maybe(rng, rng.choice(["outside", "prone", "valley_bottom"])) or ""
    f.seismic = _maybe(rng, rng.choice(["low", "moderate", "high"])) or ""
    f.dam_condition = _maybe(rng, rng.choice(["none", "minor", "serious"])) or ""
    f.river = f"River {rng.randint(1, 60)}"
    f.basin = rng.choice(["syr_darya", "zeravshan", "amu_darya", ""])
    f.distance_to_river_km = _maybe(rng, dec(0, 30))
    f.distance_to_settlement_km = _maybe(rng, dec(0, 20))
    f.distance_to_border_km = _maybe(rng, dec(0, 200))
    f.population_downstream = _maybe(rng, rng.randint(0, 50_000))
    f.protected_area_downstream = _maybe(rng, rng.random() < 0.3)
    f.dam_across_watercourse = _maybe(rng, rng.random() < 0.2)
    f.seismic_msk64 = _maybe(rng, dec(6, 9.5, "0.1"))
    f.mudflow = rng.choice(["none", "low", "moderate", "high", ""])
    f.flash_flood = rng.choice(["none", "low", "moderate", "high", ""])
    f.confidence = rng.choice(["high", "medium", "low"])


def _assessments(facilities: list[Any]) -> None:
    """One hazard assessment per facility with the active parameter set, computed by the real
    rule (methodology.services.recompute_assessment)."""
    from tailsafe.methodology import services as methodology

    ps = methodology.active_parameter_set()
    for f in facilities:
        methodology.recompute_assessment(f, ps, reason="W1 workload")


def _members(rng: random.Random, total: int, institutions: list[Any]) -> list[Any]:
    """Users with roles and institutions; members and co-chairs also as people with a seat
    (current, a few ending within 90 days, a few past)."""
    from django.utils import timezone

    from tailsafe.core.models import User
    from tailsafe.governance import demo as governance_demo
    from tailsafe.governance.models import Membership, Person

    governance_demo.load_rotation()
    roles = (
        ["member"] * 60
        + ["operator"] * 15
        + ["inspector"] * 10
        + ["guest"] * 5
        + ["co_chair"] * 4
        + ["secretariat"] * 4
        + ["admin"] * 2
    )
    users = User.objects.bulk_create(
        User(
            username=f"w1-user-{i}",
            first_name=f"Имя{i}",
            last_name=f"Фамилия{i}",
            email=f"w1-user-{i}@example.org",
            role=roles[i % len(roles)],
            institution=institutions[i % len(institutions)],
            password="!",  # unusable: nobody logs in as these
            is_demo=True,
        )
        for i in range(total)
    )
    seated = [u for u in users if u.role in ("member", "co_chair")]
    people = Person.objects.bulk_create(
        Person(full_name=f"W1: {u.last_name} {u.first_name}", user=u, is_demo=True) for u in seated
    )
    today = timezone.localdate()
    memberships = []
    for person, u in zip(people, seated, strict=True):
        pick = rng.random()
        if pick < 0.1:
            end = today + dt.timedelta(days=rng.randint(1, 89))  # ending soon
        elif pick < 0.2:
            end = today - dt.timedelta(days=rng.randint(30, 700))  # past
        else:
            end = today + dt.timedelta(days=rng.randint(90, 700))
        memberships.append(
            Membership(
                person=person,
                institution=u.institution,
                start_date=end - dt.timedelta(days=730),
                end_date=end,
                letter="governance/nominations/w1-letter.pdf",
                letter_reference=f"W1-{person.pk}",
            )
        )
    Membership.objects.bulk_create(memberships)
    return people


def _meetings(
    rng: random.Random, total: int, institutions: list[Any], people: list[Any], user: Any
) -> list[Any]:
    """Two meetings a year up to a few weeks ago, each with agenda, attendance and minutes
    (approved; the latest circulated for comments)."""
    from django.utils import timezone

    from tailsafe.meetings.models import AgendaItem, Attendance, Meeting, Minutes, MinutesItem

    now = timezone.now()
    meetings = Meeting.objects.bulk_create(
        Meeting(
            number=n + 1,
            title=f"Заседание рабочей группы W1 {n + 1}",
            starts_at=now - dt.timedelta(days=21 + 182 * (total - 1 - n)),
            place="Dushanbe",
            host=institutions[n % len(institutions)],
            status=Meeting.Status.MINUTES_APPROVED if n < total - 1 else Meeting.Status.HELD,
            agenda_status=Meeting.AgendaStatus.FINAL,
            created_by=user,
        )
        for n in range(total)
    )
    agenda = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=m,
            order=k + 1,
            title=f"Вопрос повестки {k + 1}",
            presenter=f"Докладчик {k + 1}",
            duration_min=20,
        )
        for m in meetings
        for k in range(AGENDA_ITEMS_PER_MEETING)
    )
    Attendance.objects.bulk_create(
        Attendance(
            meeting=m,
            person=p,
            name=p.full_name,
            institution=p.user.institution,
            present=rng.random() < 0.8,
        )
        for m in meetings
        for p in rng.sample(people, min(ATTENDANCE_PER_MEETING, len(people)))
    )
    minutes = Minutes.objects.bulk_create(
        Minutes(
            meeting=m,
            version=1,
            status=Minutes.Status.APPROVED if m.number < total else Minutes.Status.CIRCULATED,
            approved_by=user if m.number < total else None,
            approved_at=m.starts_at + dt.timedelta(days=14) if m.number < total else None,
        )
        for m in meetings
    )
    by_meeting: dict[int, list[Any]] = {}
    for a in agenda:
        by_meeting.setdefault(a.meeting_id, []).append(a)
    MinutesItem.objects.bulk_create(
        MinutesItem(
            minutes=mv,
            agenda_item=a,
            order=a.order,
            title=a.title,
            summary="Обсуждение. " * 20,
            decisions="Решено принять к сведению.",
            recommendations="",
        )
        for mv in minutes
        for a in by_meeting[mv.meeting_id]
    )
    return meetings


def _action_items(
    rng: random.Random, total: int, meetings: list[Any], institutions: list[Any], user: Any
) -> None:
    """Action items agreed at each meeting (minutes item, 1-2 responsible institutions), due
    30-400 days later; most of the older ones done, some overdue; each meeting's first agenda
    item reviews the previous meeting's items."""
    from django.utils import timezone

    from tailsafe.followup.models import ActionItem
    from tailsafe.meetings.models import AgendaItem, MinutesItem

    today = timezone.localdate()
    minutes_items: dict[int, list[Any]] = {}
    for mi in MinutesItem.objects.select_related("minutes"):
        minutes_items.setdefault(mi.minutes.meeting_id, []).append(mi)
    items = []
    for i in range(total):
        meeting = meetings[i % len(meetings)]
        due = timezone.localtime(meeting.starts_at).date() + dt.timedelta(days=rng.randint(30, 400))
        if due < today - dt.timedelta(days=180):
            status = rng.choices(["done", "dropped", "open", "in_progress"], [85, 5, 5, 5])[0]
        else:
            status = rng.choices(["done", "open", "in_progress"], [20, 50, 30])[0]
        items.append(
            ActionItem(
                meeting=meeting,
                minutes_item=rng.choice(minutes_items[meeting.pk]),
                description=f"Поручение W1 {i}: подготовить и представить информацию. " * 2,
                due_date=due,
                status=status,
                created_by=user,
            )
        )
    items = ActionItem.objects.bulk_create(items, batch_size=1000)
    responsible = ActionItem.responsible.through
    responsible.objects.bulk_create(
        (
            responsible(actionitem_id=item.pk, institution_id=inst.pk)
            for item in items
            for inst in rng.sample(institutions, rng.randint(1, 2))
        ),
        batch_size=2000,
    )
    first_agenda = {
        a.meeting_id: a for a in AgendaItem.objects.filter(order=1).order_by("meeting_id")
    }
    next_meeting = {p.pk: m.pk for p, m in itertools.pairwise(meetings)}
    reviewed = ActionItem.agenda_items.through
    reviewed.objects.bulk_create(
        (
            reviewed(actionitem_id=item.pk, agendaitem_id=first_agenda[next_meeting[m]].pk)
            for item in items
            if (m := item.meeting_id) in next_meeting
        ),
        batch_size=2000,
    )
