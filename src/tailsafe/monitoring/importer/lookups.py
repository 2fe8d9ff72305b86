"""The monitoring programme as an import looks it up: series and their thresholds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models.functions import Lower

from tailsafe.core.permissions import Perm, has_perm
from tailsafe.monitoring import rules, units
from tailsafe.monitoring import thresholds as tarp
from tailsafe.monitoring.importer.reading import Classifier
from tailsafe.monitoring.models import MonitoringPoint, Parameter, PointParameter

if TYPE_CHECKING:
    from tailsafe.core.models import User

# --- the programme: lookups ----------------------------------------------------------------


@dataclass
class Series:
    """A point-parameter as the importer needs it, resolved once per file."""

    pp_id: int
    point_id: int
    parameter_id: int
    unit: str
    non_negative: bool
    detection_limit: float | None
    thresholds: dict[str, float]
    direction: str
    classifier: Classifier
    bq_per_mg: float | None = None
    norm_min: float | None = None
    norm_max: float | None = None
    norm_label: str = ""
    # what this file does to the series (for the alert events)
    worst_rank: int = 0
    worst_at: dt.datetime | None = None
    worst_value: float | None = None
    latest_at: dt.datetime | None = None
    latest_level: str = "normal"
    latest_value: float | None = None
    # what it does to the series' state against its norm (the norm events)
    exceed_at: dt.datetime | None = None
    exceed_value: float | None = None
    conclusive_at: dt.datetime | None = None
    conclusive_verdict: str = ""
    conclusive_value: float | None = None

    @property
    def has_norm(self) -> bool:
        return self.norm_min is not None or self.norm_max is not None

    def verdict(self, value: float | None, censored: str) -> str:
        """The reading against the series' norm (thresholds.compare_with_norm); "" without a
        norm; "inconclusive" for a "not detected" reading whose detection limit is unknown."""
        if not self.has_norm:
            return ""
        if value is None:
            return tarp.INCONCLUSIVE
        return tarp.compare_with_norm(
            value, censored or None, maximum=self.norm_max, minimum=self.norm_min
        )

    def see_norm(self, taken_at: dt.datetime, verdict: str, value: float | None) -> None:
        """Record a reading's verdict: the first reading beyond the norm in the file, and the
        newest conclusive one (inconclusive readings change no state)."""
        if verdict == tarp.EXCEEDS and (self.exceed_at is None or taken_at < self.exceed_at):
            self.exceed_at, self.exceed_value = taken_at, value
        if verdict in (tarp.EXCEEDS, tarp.WITHIN) and (
            self.conclusive_at is None or taken_at > self.conclusive_at
        ):
            self.conclusive_at, self.conclusive_verdict = taken_at, verdict
            self.conclusive_value = value

    def see(self, taken_at: dt.datetime, level: str, value: float | None) -> None:
        rank = tarp.level_rank(level)
        if rank > self.worst_rank or (
            rank == self.worst_rank
            and rank
            and self.worst_at is not None
            and taken_at < self.worst_at
        ):
            self.worst_rank, self.worst_at, self.worst_value = rank, taken_at, value
        if self.latest_at is None or taken_at > self.latest_at:
            self.latest_at, self.latest_level, self.latest_value = taken_at, level, value


class Programme:
    """Points, parameters and their programme, looked up lazily and cached per file."""

    def __init__(self, user: User) -> None:
        self.user = user
        self.points: dict[str, MonitoringPoint | None] = {}
        self.params: dict[str, Parameter] = {}
        for p in Parameter.objects.all():
            for key in (p.code, p.name_ru, p.name_en, p.name_tg):
                if key:
                    self.params.setdefault(key.strip().lower(), p)
        self.series: dict[tuple[int, int], Series | None] = {}
        self.own_only = not (
            has_perm(user, Perm.MANAGE_MONITORING) or has_perm(user, Perm.HANDLE_ALERTS)
        )

    def point(self, code: str) -> MonitoringPoint | None:
        hit = self.points.get(code)
        if hit is not None:
            return hit
        key = code.strip().lower()
        if key not in self.points:
            self.points[key] = (
                MonitoringPoint.objects.select_related("facility")
                .filter(code__iexact=key, active=True)
                .first()
            )
        if self.points[key] is not None:
            self.points[code] = self.points[key]
        return self.points[key]

    def parameter(self, name: str) -> Parameter | None:
        hit = self.params.get(name)
        if hit is None:
            hit = self.params.get(name.strip().lower())
            if hit is not None and len(self.params) < 100000:
                self.params[name] = hit
        return hit

    def may_submit(self, point: MonitoringPoint) -> bool:
        """Operators submit only for the points of their own institution's facilities."""
        if not self.own_only:
            return True
        return rules.can_submit(self.user, point)

    def get_series(self, point: MonitoringPoint, param: Parameter) -> Series | None:
        key = (point.pk, param.pk)
        if key not in self.series:
            pp = (
                PointParameter.objects.select_related("parameter", "norm", "point")
                .filter(point=point, parameter=param)
                .first()
            )
            self.series[key] = None if pp is None else self._series_of(pp)
        return self.series[key]

    def preload(self, codes: Iterable[str], pairs: Iterable[tuple[str, str]]) -> None:
        """Look up many points and their series in two queries (the bulk path knows every
        distinct code of a file at once); point() and get_series() then answer from memory."""
        keys = {code.strip().lower() for code in codes} - set(self.points)
        if keys:
            found = (
                MonitoringPoint.objects.select_related("facility")
                .annotate(code_lower=Lower("code"))
                .filter(code_lower__in=keys, active=True)
                .order_by("pk")
            )
            for found_point in found:
                self.points.setdefault(found_point.code_lower, found_point)
            for key in keys:
                self.points.setdefault(key, None)
        wanted: set[tuple[int, int]] = set()
        for code, name in pairs:
            point, param = self.point(code), self.parameter(name)
            if point is not None and param is not None:
                wanted.add((point.pk, param.pk))
        todo = wanted - set(self.series)
        if not todo:
            return
        for pp in PointParameter.objects.select_related("parameter", "norm", "point").filter(
            point_id__in={p for p, _q in todo}, parameter_id__in={q for _p, q in todo}
        ):
            self.series[(pp.point_id, pp.parameter_id)] = self._series_of(pp)
        for pair in todo:
            self.series.setdefault(pair, None)

    def _series_of(self, pp: PointParameter) -> Series:
        try:
            rule = pp.resolved_thresholds()
            tarp.validate_thresholds(rule, pp.direction)
        except (ValueError, Exception):  # a misconfigured programme: no levels
            rule = {}
        lower, upper, norms = pp.norm_limits()
        if lower is not None and upper is not None and lower > upper:
            lower = None  # norms that contradict each other: the maxima still apply
        return Series(
            pp_id=pp.pk,
            point_id=pp.point_id,
            parameter_id=pp.parameter_id,
            unit=pp.parameter.unit,
            non_negative=pp.parameter.non_negative,
            detection_limit=pp.parameter.detection_limit,
            thresholds=rule,
            direction=pp.direction,
            classifier=Classifier(rule, pp.direction),
            bq_per_mg=units.uranium_bq_per_mg(pp.parameter.code),
            norm_min=lower,
            norm_max=upper,
            norm_label="; ".join(str(n) for n in norms),
        )
