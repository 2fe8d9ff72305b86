"""Reference and demo data of this area; idempotent.

load(None): the reference norms (data/water_limits.csv, with source and confidence) and the
standard parameters. load(users): demo points with thresholds and a handful of demo readings
for one or two facilities, if facilities exist (all marked demo).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

DATA = Path(__file__).resolve().parent / "data"

# code: (name_ru, name_en, unit, method, detection limit, names in water_limits.csv)
# fmt: off
PARAMETERS: dict[str, tuple[str, str, str, str, float | None, tuple[str, ...]]] = {
    "uranium": ("Уран", "Uranium", "mg/L", "ICP-MS", 0.0001, ("uranium",)),
    "arsenic": ("Мышьяк", "Arsenic", "mg/L", "ICP-MS", 0.001, ("arsenic",)),
    "lead": ("Свинец", "Lead", "mg/L", "ICP-MS", 0.001, ("lead",)),
    "cadmium": ("Кадмий", "Cadmium", "mg/L", "ICP-MS", 0.0001, ("cadmium",)),
    "mercury": ("Ртуть", "Mercury", "mg/L", "CV-AAS", 0.0001, ("mercury (inorganic)", "mercury")),
    "antimony": ("Сурьма", "Antimony", "mg/L", "ICP-MS", 0.001, ("antimony",)),
    "copper": ("Медь", "Copper", "mg/L", "ICP-OES", 0.005, ("copper",)),
    "manganese": ("Марганец", "Manganese", "mg/L", "ICP-OES", 0.005, ("manganese",)),
    "chromium": (
        "Хром (общий)",
        "Chromium (total)",
        "mg/L",
        "ICP-OES",
        0.005,
        ("chromium (total)",),
    ),
    "cyanide": (
        "Цианиды (общие)",
        "Cyanide (total)",
        "mg/L",
        "photometry",
        0.005,
        ("cyanide (total)",),
    ),
    "nitrate": (
        "Нитраты (NO3)",
        "Nitrate (as NO3)",
        "mg/L",
        "ion chromatography",
        0.1,
        ("nitrate (as NO3)",),
    ),
    "ra226": ("Радий-226", "Radium-226", "Bq/L", "radiochemistry", 0.01, ("radium-226",)),
    "ra228": ("Радий-228", "Radium-228", "Bq/L", "radiochemistry", 0.02, ("radium-228",)),
    "u238": ("Уран-238", "Uranium-238", "Bq/L", "alpha spectrometry", 0.005, ("uranium-238",)),
    "u234": ("Уран-234", "Uranium-234", "Bq/L", "alpha spectrometry", 0.005, ("uranium-234",)),
    "th230": ("Торий-230", "Thorium-230", "Bq/L", "alpha spectrometry", 0.005, ("thorium-230",)),
    "pb210": ("Свинец-210", "Lead-210", "Bq/L", "radiochemistry", 0.02, ("lead-210",)),
    "po210": (
        "Полоний-210",
        "Polonium-210",
        "Bq/L",
        "alpha spectrometry",
        0.005,
        ("polonium-210",),
    ),
    "gross_alpha": (
        "Суммарная альфа-активность",
        "Gross alpha",
        "Bq/L",
        "screening",
        0.02,
        ("gross alpha",),
    ),
    "gross_beta": (
        "Суммарная бета-активность",
        "Gross beta",
        "Bq/L",
        "screening",
        0.05,
        ("gross beta",),
    ),
    "rn222": ("Радон-222", "Radon-222", "Bq/L", "emanometry", 1.0, ("radon-222",)),
    "pond_level": ("Уровень пруда", "Pond level", "m", "staff gauge", None, ()),
    "freeboard": ("Сухой запас (превышение гребня)", "Freeboard", "m", "survey", None, ()),
    "seepage": ("Фильтрационный расход", "Seepage flow", "L/s", "V-notch weir", None, ()),
    "piezometric": ("Пьезометрический уровень", "Piezometric level", "m", "piezometer", None, ()),
    "settlement": ("Осадка", "Settlement", "mm", "levelling", None, ()),
    # units of methodology.md T6 besides concentrations (no norm in water_limits.csv)
    "ph": ("Водородный показатель (pH)", "pH", "pH", "pH meter", None, ()),
    "conductivity": (
        "Удельная электропроводность",
        "Electrical conductivity",
        "uS/cm",
        "conductivity meter",
        None,
        (),
    ),
    "temperature": ("Температура воды", "Water temperature", "degC", "thermometer", None, ()),
    "turbidity": ("Мутность", "Turbidity", "NTU", "turbidimeter", None, ()),
    "rn222_air": ("Радон-222 в воздухе", "Radon-222 in air", "Bq/m3", "radon monitor", None, ()),
    "gamma_dose": (
        "Мощность дозы гамма-излучения",
        "Gamma dose rate",
        "uSv/h",
        "dose rate meter",
        None,
        (),
    ),
    "u_sediment": ("Уран в донных отложениях", "Uranium in sediment", "mg/kg", "ICP-MS", None, ()),
    "pore_pressure": ("Поровое давление", "Pore pressure", "kPa", "piezometer", None, ()),
}

# Tajik names of the parameters (translators' choice, following the catalogue's words for the
# point kinds: "сатҳи ҳавзи таҳшинкунӣ", "захираи баландии сарбанд", "сарфи обҳои тарашшӯҳ").
PARAMETER_NAMES_TG = {
    "uranium": "Уран",
    "arsenic": "Арсен",
    "lead": "Сурб",
    "cadmium": "Кадмий",
    "mercury": "Симоб",
    "antimony": "Сурма",
    "copper": "Мис",
    "manganese": "Манган",
    "chromium": "Хром (умумӣ)",
    "cyanide": "Сианидҳо (умумӣ)",
    "nitrate": "Нитратҳо (NO3)",
    "ra226": "Радий-226",
    "ra228": "Радий-228",
    "u238": "Уран-238",
    "u234": "Уран-234",
    "th230": "Торий-230",
    "pb210": "Сурб-210",
    "po210": "Полоний-210",
    "gross_alpha": "Фаъолнокии умумии алфа",
    "gross_beta": "Фаъолнокии умумии бета",
    "rn222": "Радон-222",
    "pond_level": "Сатҳи ҳавзи таҳшинкунӣ",
    "freeboard": "Захираи баландии сарбанд",
    "seepage": "Сарфи обҳои тарашшӯҳ",
    "piezometric": "Сатҳи пйезометрӣ",
    "settlement": "Нишаст",
    "ph": "Нишондиҳандаи гидрогенӣ (pH)",
    "conductivity": "Гузаронандагии хоси барқ",
    "temperature": "Ҳарорати об",
    "turbidity": "Тирагӣ",
    "rn222_air": "Радон-222 дар ҳаво",
    "gamma_dose": "Тавони вояи шуоъҳои гамма",
    "u_sediment": "Уран дар таҳшинҳои поёнӣ",
    "pore_pressure": "Фишори ковокӣ",
}

# A range norm the group can use for the demo: the pH range that methodology.md T6 names as
# its example of a range norm. It is not a verified regulatory norm, so it has no source and
# low confidence (shown as provisional); the group replaces it with the norm it adopts.
DEMO_PH_NORM = {
    "parameter_name": "pH",
    "norm": "TailSafe demo range (methodology.md example)",
    "value": 8.5,
    "lower_value": 6.5,
    "unit": "pH",
    "basis": "range named as an example in the methodology (T6); not a verified norm",
    "source": "",
    "confidence": "low",
}
# fmt: on


def load_reference() -> None:
    from tailsafe.monitoring.models import LimitNorm, Parameter

    by_csv_name: dict[str, Any] = {}
    for code, (ru, en, unit, method, dl, csv_names) in PARAMETERS.items():
        param, _ = Parameter.objects.get_or_create(
            code=code,
            defaults={
                "name_ru": ru,
                "name_tg": PARAMETER_NAMES_TG.get(code, ""),
                "name_en": en,
                "unit": unit,
                "method": method,
                "detection_limit": dl,
            },
        )
        if not param.name_tg and PARAMETER_NAMES_TG.get(code):
            # Fill a Tajik name never given; one the group typed is kept.
            Parameter.objects.filter(pk=param.pk, name_tg="").update(
                name_tg=PARAMETER_NAMES_TG[code]
            )
        for name in csv_names:
            by_csv_name[name] = param
    with (DATA / "water_limits.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            LimitNorm.objects.update_or_create(
                parameter_name=row["parameter"],
                norm=row["norm"],
                defaults={
                    "parameter": by_csv_name.get(row["parameter"]),
                    "value": float(row["value"]),
                    "unit": row["unit"],
                    "basis": row["basis"],
                    "source": row["source"],
                    "confidence": row["confidence"],
                },
            )


def load_demo_norms() -> None:
    """The demo pH range (DEMO_PH_NORM), linked to the pH parameter."""
    from tailsafe.monitoring.models import LimitNorm, Parameter

    values = dict(DEMO_PH_NORM)
    LimitNorm.objects.update_or_create(
        parameter_name=values.pop("parameter_name"),
        norm=values.pop("norm"),
        defaults={**values, "parameter": Parameter.objects.filter(code="ph").first()},
    )


def load(users: dict[str, Any] | None) -> None:
    """Load reference data (always) and demo data (when users is not None)."""
    with transaction.atomic():
        load_reference()
        if users is not None:
            load_demo_norms()
            load_demo()


def load_demo() -> None:
    from tailsafe.facilities.demo import DEMO_OPERATOR_KEY
    from tailsafe.facilities.models import Facility
    from tailsafe.governance.models import Institution
    from tailsafe.monitoring.models import (
        LimitNorm,
        MonitoringPoint,
        Observation,
        Parameter,
        PointParameter,
    )
    from tailsafe.monitoring.services import readings_changed

    prefixes = {
        fac.pk: f"demo-{n}" for n, fac in enumerate(Facility.objects.order_by("code")[:2], 1)
    }
    # The demo operator's facility (facilities.demo.load_demo_operator) gets the same demo
    # programme, so the operator's own-facility pages have points and readings (issue 16).
    own = Facility.objects.filter(operator__key=DEMO_OPERATOR_KEY).order_by("code").first()
    if own is not None and own.pk not in prefixes:
        prefixes[own.pk] = "demo-op"
    facilities = list(Facility.objects.filter(pk__in=prefixes).order_by("code"))
    inspectorate = Institution.objects.filter(key="industrial_safety").first()
    environment = Institution.objects.filter(key="environment").first()
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    who = LimitNorm.objects.filter(norm__startswith="WHO")
    for fac in facilities:
        prefix = prefixes[fac.pk]
        specs = [
            (f"{prefix}-up", "surface_up", "uranium", 0.002),
            (f"{prefix}-down", "surface_down", "uranium", 0.004),
            (f"{prefix}-pond", "pond_level", "pond_level", None),
            (f"{prefix}-fb", "freeboard", "freeboard", None),
        ]
        for code, kind, pcode, base in specs:
            point, _ = MonitoringPoint.objects.get_or_create(
                code=code,
                defaults={
                    "facility": fac,
                    "name": f"Demo {dict(MonitoringPoint.Kind.choices)[kind]}",
                    "kind": kind,
                    "responsible": inspectorate,
                    "is_demo": True,
                },
            )
            param = Parameter.objects.get(code=pcode)
            if pcode == "uranium":
                defaults: dict[str, Any] = {
                    "norm": who.filter(parameter=param).first(),
                    "mode": PointParameter.Mode.NORM_MULTIPLE,
                    "alert": 0.5,
                    "alarm": 1.0,
                    "emergency": 3.0,
                    "sampling_interval_days": 30,
                    "expected_response": "Resample within 48 h; inform the environment committee.",
                }
            elif pcode == "freeboard":
                defaults = {
                    "direction": PointParameter.Direction.FALLING,
                    "alert": 2.0,
                    "alarm": 1.5,
                    "emergency": 1.0,
                    "sampling_interval_days": 7,
                    "expected_response": "Lower the pond; inspect the spillway.",
                }
            else:
                defaults = {
                    "alert": 10.0,
                    "alarm": 11.0,
                    "emergency": 12.0,
                    "sampling_interval_days": 7,
                }
            pp, created = PointParameter.objects.get_or_create(
                point=point, parameter=param, defaults=defaults
            )
            if created:
                pp.notified.set([i for i in (inspectorate, environment) if i])
                values = {
                    "uranium": [(base or 0.0) * (1 + 0.1 * k) for k in range(6)],
                    "pond_level": [8.0 + 0.1 * k for k in range(6)],
                    "freeboard": [3.0 - 0.05 * k for k in range(6)],
                }[pcode]
                Observation.objects.bulk_create(
                    Observation(
                        point=point,
                        parameter=param,
                        taken_at=now - dt.timedelta(days=30 * (6 - k)),
                        value=v,
                        unit=param.unit,
                        level="normal",
                    )
                    for k, v in enumerate(values)
                )
                readings_changed()
