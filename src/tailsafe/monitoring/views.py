"""Monitoring views: load -> check access -> call a service -> render."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tailsafe.core.audit import history_of
from tailsafe.core.forms import add_service_errors
from tailsafe.core.permissions import Perm, has_perm, requires
from tailsafe.facilities.models import Facility
from tailsafe.monitoring import rules, services
from tailsafe.monitoring.forms import (
    ImportForm,
    MappingForm,
    NoteForm,
    ObservationForm,
    ResolveForm,
    SeriesForm,
)
from tailsafe.monitoring.models import (
    AlertEvent,
    ColumnMapping,
    ImportBatch,
    MonitoringPoint,
    PointParameter,
)
from tailsafe.notifications import services as notifications
from tailsafe.notifications.models import Kind


def facility_url(facility: Any) -> str | None:
    try:
        return reverse("facilities:detail", args=[facility.pk])
    except NoReverseMatch:
        return None


@requires(Perm.VIEW_INTERNAL)
def point_list(request: HttpRequest) -> HttpResponse:
    points = rules.points_visible_to(
        request.user,
        MonitoringPoint.objects.select_related("facility", "responsible").filter(active=True),
    )
    facility = request.GET.get("facility", "")
    if facility.isdigit():
        points = points.filter(facility_id=int(facility))
    now = timezone.now()
    overdue: dict[int, int] = {}
    for pp in services.series_with_latest(PointParameter.objects.filter(point__in=points)):
        if services.is_overdue(pp, now):
            overdue[pp.point_id] = overdue.get(pp.point_id, 0) + 1
    groups: dict[Any, list[Any]] = {}
    for p in points:
        p.overdue = overdue.get(p.pk, 0)  # type: ignore[attr-defined]
        groups.setdefault(p.facility, []).append(p)
    return render(
        request,
        "monitoring/point_list.html",
        {
            "groups": [(f, facility_url(f), ps) for f, ps in groups.items()],
            "overdue_total": sum(overdue.values()),
            "can_add_point": rules.point_facilities_for(
                request.user, Facility.objects.filter(archived_at__isnull=True)
            ).exists(),
        },
    )


@requires(Perm.VIEW_INTERNAL)
def point_detail(request: HttpRequest, pk: int) -> HttpResponse:
    point = get_object_or_404(
        rules.points_visible_to(
            request.user, MonitoringPoint.objects.select_related("facility", "responsible")
        ),
        pk=pk,
    )
    now = timezone.now()
    rows = []
    programme = list(services.series_with_latest(point.programme.all()))
    counts = services.norm_counts(programme)
    for pp in programme:
        try:
            rule, limit, problem = pp.resolved_thresholds(), pp.limit_value(), ""
            norms = pp.applicable_norms()
        except ValidationError as exc:
            rule, limit, problem, norms = {}, None, "; ".join(exc.messages), []
        rows.append(
            {
                "pp": pp,
                "norms": norms,
                "counts": counts.get(pp.pk, {}),
                "rule": rule,
                "limit": limit,
                "problem": problem,
                "overdue": services.is_overdue(pp, now),
            }
        )
    tab = request.GET.get("tab", "overview")
    return render(
        request,
        "monitoring/point_detail.html",
        {
            "point": point,
            "rows": rows,
            "facility_url": facility_url(point.facility),
            "can_manage": rules.can_manage_point(request.user, point),
            "tab": tab,
            "history": history_of(point) if tab == "history" else None,
        },
    )


@requires(Perm.MANAGE_MONITORING)
def series_edit(request: HttpRequest, pk: int) -> HttpResponse:
    pp = get_object_or_404(PointParameter.objects.select_related("point", "parameter"), pk=pk)
    form = SeriesForm(request.POST or None, instance=PointParameter.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in SeriesForm.Meta.fields}
        try:
            services.configure_series(request.user, pp, data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Thresholds saved."))
            return redirect("monitoring:point_detail", pk=pp.point_id)
    return render(
        request,
        "monitoring/form.html",
        {"form": form, "title": _("Thresholds: %(series)s") % {"series": pp}},
    )


# --- imports ---------------------------------------------------------------------------------


@requires(Perm.SUBMIT_OBSERVATIONS)
def import_upload(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.create_import(
                request.user, form.cleaned_data["file"], mapping=form.cleaned_data["mapping"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("monitoring:import_detail", pk=batch.pk)
    services.fail_stale_imports()
    batches = services.visible_batches(request.user)[:20]
    return render(
        request,
        "monitoring/import_upload.html",
        {"form": form, "batches": batches, "mappings": ColumnMapping.objects.all()},
    )


def _batch(request: HttpRequest, pk: int) -> ImportBatch:
    try:
        return services.visible_batches(request.user).get(pk=pk)
    except ImportBatch.DoesNotExist:
        raise Http404 from None


@requires(Perm.SUBMIT_OBSERVATIONS)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    services.fail_stale_imports()
    batch = _batch(request, pk)
    return render(request, "monitoring/import_detail.html", {"batch": batch})


@requires(Perm.SUBMIT_OBSERVATIONS)
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    services.fail_stale_imports()
    batch = _batch(request, pk)
    response = render(request, "monitoring/_import_progress.html", {"batch": batch})
    if batch.finished and request.headers.get("HX-Request"):
        response["HX-Refresh"] = "true"
    return response


@requires(Perm.SUBMIT_OBSERVATIONS)
def mapping_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    instance = get_object_or_404(ColumnMapping, pk=pk) if pk else ColumnMapping()
    if pk and not rules.can_edit_mapping(request.user, instance):
        # Another institution's mapping: used as it is, or copied under a new name (issue 14).
        instance = ColumnMapping(
            lab="",
            columns=dict(instance.columns or {}),
            encoding=instance.encoding,
            decimal=instance.decimal,
            delimiter=instance.delimiter,
            date_format=instance.date_format,
        )
        if request.method != "POST":
            messages.info(
                request,
                _(
                    "This column mapping belongs to another institution. Save it under a new "
                    "laboratory name to make your own copy, or ask the secretariat to change it."
                ),
            )
    form = MappingForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_mapping(request.user, form.save(commit=False))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Column mapping saved."))
            return redirect("monitoring:import_upload")
    return render(
        request, "monitoring/form.html", {"form": form, "title": _("Laboratory column mapping")}
    )


@requires(Perm.SUBMIT_OBSERVATIONS)
def observation_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    if request.GET.get("series", "").isdigit():
        initial["series"] = request.GET["series"]
    form = ObservationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report = services.record_observation(
                request.user,
                data["series"],
                taken_at=data["taken_at"],
                value=data["value"],
                unit=data["unit"],
                detection_limit=data["detection_limit"],
                quantification_limit=data["quantification_limit"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if report.events:
                messages.warning(request, _("Reading saved; the TARP level changed."))
            elif report.exceeding:
                messages.warning(request, _("Reading saved; it exceeds the norm."))
            elif report.inconclusive:
                messages.warning(
                    request,
                    _("Reading saved; it cannot be compared with the norm (inconclusive)."),
                )
            else:
                messages.success(request, _("Reading saved."))
            return redirect("monitoring:point_detail", pk=data["series"].point_id)
    return render(request, "monitoring/form.html", {"form": form, "title": _("Enter a reading")})


# --- alerts ----------------------------------------------------------------------------------


@requires(Perm.VIEW_INTERNAL)
def alert_list(request: HttpRequest) -> HttpResponse:
    show = request.GET.get("show", "open")
    qs = rules.alerts_visible_to(
        request.user,
        AlertEvent.objects.select_related(
            "series__point__facility", "series__parameter", "acknowledged_by", "resolved_by"
        ),
    )
    if show == "open":
        qs = qs.filter(services.q_open()).exclude(to_level__in=["normal", "within"])
    else:
        show = "all"
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    for event in page:
        event.can_handle = services.can_handle(request.user, event)  # type: ignore[attr-defined]
    mine = notifications.unread_count(request.user, Kind.ALERT)
    return render(
        request,
        "monitoring/alert_list.html",
        {"page": page, "show": show, "unread": mine, "form": NoteForm()},
    )


@require_POST
@requires(Perm.HANDLE_ALERTS)
def alert_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(rules.alerts_visible_to(request.user), pk=pk)
    form = NoteForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        services.acknowledge_alert(request.user, event, note)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("Alert acknowledged."))
    return redirect("monitoring:alert_list")


@require_POST
@requires(Perm.HANDLE_ALERTS)
def alert_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    event = get_object_or_404(rules.alerts_visible_to(request.user), pk=pk)
    form = ResolveForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        services.resolve_alert(request.user, event, reason)
    except ValidationError as exc:
        for m in exc.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("Alert resolved."))
    return redirect("monitoring:alert_list")


# --- charts ------------------------------------------------------------------------------------


@requires(Perm.VIEW_INTERNAL)
def series_chart(request: HttpRequest, pk: int) -> HttpResponse:
    pp = get_object_or_404(
        PointParameter.objects.select_related("point__facility", "parameter", "norm").filter(
            point__in=rules.points_visible_to(request.user)
        ),
        pk=pk,
    )
    data = services.chart_data(pp)
    return render(
        request,
        "monitoring/chart.html",
        {
            "pp": pp,
            "data": data,
            "chart": services.chart_series(pp),
            "can_enter": has_perm(request.user, Perm.SUBMIT_OBSERVATIONS),
        },
    )


@requires(Perm.VIEW_INTERNAL)
def series_data(request: HttpRequest, pk: int) -> JsonResponse:
    pp = get_object_or_404(
        PointParameter.objects.select_related("point__facility", "parameter", "norm").filter(
            point__in=rules.points_visible_to(request.user)
        ),
        pk=pk,
    )
    try:
        width, start, end = _chart_params(request)
    except ValidationError as exc:
        return JsonResponse({"error": " ".join(exc.messages)}, status=400)
    return JsonResponse(services.chart_series(pp, width, start, end))


CHART_WIDTH_MAX = 10_000


def _chart_params(request: HttpRequest) -> tuple[int, dt.datetime | None, dt.datetime | None]:
    """`width` (readings the chart draws, 10 to 10,000) and the zoom range `from`/`to` (ISO
    date or date and time, local time) of the chart endpoint; bad input is a ValidationError
    in the user's language."""
    raw = request.GET.get("width", "")
    try:
        width = int(raw) if raw else services.CHART_WIDTH
    except ValueError:
        width = -1
    if not 10 <= width <= CHART_WIDTH_MAX:
        raise ValidationError(
            _("The chart width must be a whole number from 10 to %(max)s.")
            % {"max": CHART_WIDTH_MAX}
        )
    bounds: list[dt.datetime | None] = []
    for key in ("from", "to"):
        value = request.GET.get(key, "").strip()
        if not value:
            bounds.append(None)
            continue
        try:
            moment = parse_datetime(value) or (
                dt.datetime.combine(day, dt.time()) if (day := parse_date(value)) else None
            )
        except ValueError:
            moment = None
        if moment is None:
            raise ValidationError(
                _("“%(value)s” is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM).") % {"value": value}
            )
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        bounds.append(moment)
    start, end = bounds
    if start is not None and end is not None and start >= end:
        raise ValidationError(_("The start of the time range must be before its end."))
    return width, start, end
