"""Readable numbers (issue 16, item 8) and the norm shown beside the TARP levels on the pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tailsafe.monitoring.numbers import readable, rounded, with_censor


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.005200000000000001, "0.0052"),
        (0.1 * 0.001, "0.0001"),
        (1e-7, "0.0000001"),
        (1234.5, "1234.5"),
        (45.0, "45"),
        (0.0, "0"),
        (-0.25, "-0.25"),
        (0.30000000000000004, "0.3"),
        (None, "—"),
    ],
)
def test_readable(value: float | None, expected: str) -> None:
    assert readable(value) == expected


def test_rounded_and_censored() -> None:
    assert rounded(10 / 12.4) == "0.806"
    assert rounded(0.015000000000000001, 4) == "0.015"
    assert with_censor(0.0001, "<") == "<0.0001"
    assert with_censor(None, "<") == "<DL"


def test_template_filters_use_the_readers_decimal_separator() -> None:
    template = Template(
        "{% load readings %}{{ v|reading:'mg/L' }} {{ v|reading_censored:'<' }} {{ w|rounded }}"
    )
    context = Context({"v": 0.005200000000000001, "w": 0.80645})
    with translation.override("ru"):
        assert template.render(context) == "0,0052 mg/L &lt;0,0052 0,806"
    with translation.override("en"):
        assert template.render(context) == "0.0052 mg/L &lt;0.0052 0.806"


@pytest.mark.django_db
@pytest.mark.usefixtures("english")
def test_pages_show_the_norm_beside_the_levels(
    run_import: Callable[..., Any], programme: dict[str, Any]
) -> None:
    import datetime as dt

    day = dt.date.today() - dt.timedelta(days=3)
    dates = [(day + dt.timedelta(days=k)).strftime("%d.%m.%Y") for k in range(3)]
    run_import(
        "point;parameter;taken_at;value;unit\n"
        f"DN-1;uranium;{dates[0]} 10:00;<0,05;мг/л\n"  # inconclusive
        f"DN-1;uranium;{dates[1]} 10:00;5,2;µg/L\n"  # 0.0052 mg/L, within
        f"DN-1;uranium;{dates[2]} 10:00;0,045;мг/л\n"  # exceeds
    )
    client = Client()
    client.force_login(programme["secretariat"])
    page = client.get(reverse("monitoring:point_detail", args=[programme["down"].pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Against the norm" in html
    assert "exceeds the norm" in html
    assert "beyond the norm: 1; inconclusive: 1" in html
    assert "0.045 mg/L" in html
    chart = client.get(reverse("monitoring:series_chart", args=[programme["u_down"].pk]))
    html = chart.content.decode()
    assert "0.0052 mg/L" in html
    assert "000000" not in html.split("series-data")[0]
    assert f"{dates[1]} 10:00" in html  # local time, not an ISO timestamp, in the table
    assert "inconclusive" in html
    alerts = client.get(reverse("monitoring:alert_list"))
    assert "exceeds the norm" in alerts.content.decode()
    dashboard = client.get(reverse("dashboard:home"))
    assert "1 beyond the norm, 1 inconclusive" in dashboard.content.decode()
