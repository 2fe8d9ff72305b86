"""The ranking, the map and the basins pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tailsafe.core import versioned
from tailsafe.core.permissions import Perm, requires
from tailsafe.facilities import indexes, mapdata
from tailsafe.facilities.choices import BASIN_CHOICES
from tailsafe.facilities.indexes import RANKING_VERSION, TERM_LABELS, term_rows
from tailsafe.facilities.models import Facility
from tailsafe.facilities.rules import facilities_visible_to
from tailsafe.facilities.screening import percent
from tailsafe.facilities.views.base import RANKING_FIELDS, RANKING_PAGE, _active, _ranked
from tailsafe.methodology import ranking as portfolio_ranking
from tailsafe.methodology import runout, runout_labels
from tailsafe.methodology import services as methodology
from tailsafe.methodology.thi import THI_EQUATION, TRI_EQUATION, TRI_TERM_KEYS

if TYPE_CHECKING:
    from tailsafe.core.typing import AuthenticatedHttpRequest

# --- ranking, map, basins --------------------------------------------------------------------


@requires(Perm.VIEW_INTERNAL)
def ranking(request: AuthenticatedHttpRequest) -> HttpResponse:
    # every facility is ranked, a page of them is built and shown (issue 9: 2,000 rows)
    facilities = Facility.objects.filter(archived_at__isnull=True)
    visible = facilities_visible_to(request.user, facilities).values_list("pk", flat=True)
    portfolio = indexes.portfolio()
    order = portfolio.among(visible)
    page = Paginator(order, RANKING_PAGE).get_page(request.GET.get("page"))
    term_labels = [TERM_LABELS[k] for k in TRI_TERM_KEYS]

    def rows_html() -> str:
        rows = portfolio_ranking.with_objects(page, facilities.only(*RANKING_FIELDS))
        for row in rows:
            row["terms"] = term_rows(row["assessment"])
        return render_to_string(
            "facilities/_ranking_rows.html", {"rows": rows, "term_labels": term_labels}
        )

    # the rows of this page as HTML until the ranking's version changes, keyed by the language
    # and the page's rows (who sees what)
    shown = [(r["facility_id"], r["rank"], r["tertile"], r["assessment_id"]) for r in page]
    return render(
        request,
        "facilities/ranking.html",
        {
            "rows_html": versioned.cached(
                "facilities.ranking_rows",
                (get_language(), shown),
                [RANKING_VERSION],
                rows_html,
            ),
            "page": page,
            "ranking": portfolio,
            "parameter_set": _active(),
            "term_labels": term_labels,
            "thi_equation": THI_EQUATION,
            "tri_equation": TRI_EQUATION,
        },
    )


@requires(Perm.VIEW_INTERNAL)
def map_view(request: AuthenticatedHttpRequest) -> HttpResponse:
    rows = _ranked(user=request.user)
    return render(
        request,
        "facilities/map.html",
        {
            "rows": rows,
            "markers": mapdata.markers(rows, lambda f: reverse("facilities:detail", args=[f.pk])),
            "map_labels": mapdata.map_labels(),
            "empty_basins": mapdata.empty_basins(rows),
            "basins": BASIN_CHOICES,
            "parameter_set": _active(),
        },
    )


@requires(Perm.VIEW_INTERNAL)
def basins(request: AuthenticatedHttpRequest) -> HttpResponse:
    ps = _active()
    rows = _ranked(user=request.user)
    groups = []
    for key, label in [*BASIN_CHOICES, ("", _("basin unknown"))]:
        items = []
        for row in rows:
            f = row["facility"]
            if f.basin != key:
                continue
            try:
                gistm = methodology.gistm_class(f, ps.params)
                screen = methodology.runout_screen(f, ps.params)
            except ValueError:
                gistm, screen = None, None
            border = screen.verdicts["border"] if screen else "no_volume"
            probability = percent(screen.exceedance.get("border")) if screen else ""
            items.append(
                {
                    **row,
                    "gistm": gistm,
                    "screen": screen,
                    "border_verdict": border,
                    "border_probability": probability,
                    "border_label": (
                        runout_labels.verdict_label(border)
                        if border in runout.VERDICTS
                        else _("volume unknown")
                    ),
                }
            )
        countries = sorted(
            {
                i["facility"].downstream_countries
                for i in items
                if i["facility"].downstream_countries
            }
        )
        groups.append({"key": key, "label": label, "items": items, "countries": countries})
    return render(
        request,
        "facilities/basins.html",
        {
            "groups": groups,
            "parameter_set": ps,
            "runout_note": runout_labels.limits_note(),
            "fit": methodology.current_runout_fit(),
        },
    )
