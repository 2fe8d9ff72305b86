"""Export of readings as CSV and XLSX (issue 16, item 7): for the group and the neighbours,
with units, censoring, DL/LOQ, the norm and the comparison, the TARP level, the source batch
and who entered the reading. Only readings the user may see (rules.observations_visible_to);
every cell through core.spreadsheet.safe_cell (numbers stay numbers).

The "reported" column writes the value as the laboratory notation ("<0.05"), so an exported
file re-imports through a column mapping (value -> reported) into the same readings.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from tailsafe.core.spreadsheet import SafeWriter, safe_row, xlsx_bytes
from tailsafe.monitoring import rules
from tailsafe.monitoring.models import Observation, PointParameter
from tailsafe.monitoring.numbers import with_censor

if TYPE_CHECKING:
    from tailsafe.core.typing import AnyUser

COLUMNS = (
    "facility",
    "point",
    "parameter",
    "parameter_name",
    "taken_at",
    "value",
    "reported",
    "unit",
    "censor",
    "detection_limit",
    "quantification_limit",
    "norm",
    "norm_min",
    "norm_max",
    "norm_result",
    "tarp_level",
    "source_batch",
    "source_file",
    "entered_by",
)
XLSX_MAX_ROWS = 1_048_575  # a sheet's rows less the header


@dataclass(frozen=True)
class Filters:
    facility: int | None = None
    basin: str = ""
    point: int | None = None
    parameter: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None  # inclusive


def readings(
    user: AnyUser, filters: Filters, qs: QuerySet[Observation] | None = None
) -> QuerySet[Observation]:
    """The readings the user may see that match the filters, oldest first."""
    qs = rules.observations_visible_to(user, Observation.objects.all() if qs is None else qs)
    if filters.facility is not None:
        qs = qs.filter(point__facility_id=filters.facility)
    if filters.basin:
        qs = qs.filter(point__facility__basin=filters.basin)
    if filters.point is not None:
        qs = qs.filter(point_id=filters.point)
    if filters.parameter is not None:
        qs = qs.filter(parameter_id=filters.parameter)
    tz = timezone.get_current_timezone()
    if filters.start is not None:
        qs = qs.filter(taken_at__gte=dt.datetime.combine(filters.start, dt.time(), tz))
    if filters.end is not None:
        end = filters.end + dt.timedelta(days=1)
        qs = qs.filter(taken_at__lt=dt.datetime.combine(end, dt.time(), tz))
    return qs.order_by("point__facility__code", "point__code", "parameter__code", "taken_at")


def _norms(qs: QuerySet[Observation]) -> dict[tuple[int, int], tuple[str, Any, Any]]:
    """(point, parameter) -> (norm names, minimum, maximum) in the parameter's unit."""
    pairs = qs.order_by().values_list("point_id", "parameter_id").distinct()
    point_ids = {p for p, _ in pairs}
    out: dict[tuple[int, int], tuple[str, Any, Any]] = {}
    for pp in (
        PointParameter.objects.filter(point_id__in=point_ids)
        .select_related("parameter", "norm")
        .prefetch_related("parameter__norms")
    ):
        try:
            low, high, norms = pp.norm_limits()
        except (ValidationError, ValueError):
            continue
        if norms:
            out[(pp.point_id, pp.parameter_id)] = ("; ".join(n.norm for n in norms), low, high)
    return out


def rows(qs: QuerySet[Observation]) -> Iterator[list[Any]]:
    """The export rows (without the header), cells made safe for spreadsheets."""
    norms = _norms(qs)
    related = qs.select_related("point__facility", "parameter", "batch", "entered_by")
    for o in related.iterator(chunk_size=2000):
        norm, low, high = norms.get((o.point_id, o.parameter_id), ("", None, None))
        batch = o.batch
        who = o.entered_by
        yield safe_row(
            [
                o.point.facility.code,
                o.point.code,
                o.parameter.code,
                o.parameter.name,
                timezone.localtime(o.taken_at).isoformat(),
                o.value,
                with_censor(o.value, o.censored),
                o.unit,
                o.censored,
                o.detection_limit,
                o.quantification_limit,
                norm,
                low,
                high,
                o.norm_result,
                o.level,
                batch.pk if batch is not None else None,
                batch.file_name if batch is not None else "",
                (who.get_full_name() or who.get_username()) if who is not None else "",
            ]
        )


def to_csv(qs: QuerySet[Observation]) -> Iterator[str]:
    """CSV text in pieces (a header, then a chunk per thousand rows); UTF-8 with a BOM so
    spreadsheets read Cyrillic names."""
    out = io.StringIO()
    writer = SafeWriter(out)
    out.write("\ufeff")
    writer.writerow(COLUMNS)
    for n, row in enumerate(rows(qs), start=1):
        writer.writerow(["" if v is None else v for v in row])
        if n % 1000 == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def to_xlsx(qs: QuerySet[Observation]) -> bytes:
    def limited() -> Iterator[list[Any]]:
        yield list(COLUMNS)
        for n, row in enumerate(rows(qs)):
            if n >= XLSX_MAX_ROWS:
                break
            yield row

    return xlsx_bytes(limited(), "readings")


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def response(qs: QuerySet[Observation], fmt: str) -> HttpResponse | StreamingHttpResponse:
    """The readings as an attachment: CSV streamed, XLSX in one piece (used by the export
    page and the API)."""
    if fmt == "xlsx":
        done = HttpResponse(to_xlsx(qs), content_type=XLSX_TYPE)
        done["Content-Disposition"] = 'attachment; filename="tailsafe-readings.xlsx"'
        return done
    streamed = StreamingHttpResponse(to_csv(qs), content_type="text/csv; charset=utf-8")
    streamed["Content-Disposition"] = 'attachment; filename="tailsafe-readings.csv"'
    return streamed
