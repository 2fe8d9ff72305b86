from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest


@pytest.fixture
def operator_inst(reference_data: None) -> Any:
    from tailsafe.governance.models import Institution

    return Institution.objects.create(
        key="op-test", type="operator", name_ru="Оператор", name_en="Operator Ltd", in_lpi=False
    )


@pytest.fixture
def make_facility(db: None) -> Callable[..., Any]:
    from tailsafe.facilities.models import Facility
    from tailsafe.methodology.services import recompute_assessment

    def make(code: str, **values: Any) -> Any:
        defaults: dict[str, Any] = {
            "name_ru": f"Хвостохранилище {code}",
            "name_en": f"Tailings {code}",
            "volume_m3": Decimal("1000000"),
            "wgk": "2",
            "management": "deficient",
            "flood": "prone",
            "seismic": "high",
            "dam_condition": "minor",
            "basin": "syr_darya",
            "latitude": Decimal("40.2"),
            "longitude": Decimal("69.6"),
            "location_basis": "surveyed",
        }
        defaults.update(values)
        facility = Facility.objects.create(code=code, **defaults)
        recompute_assessment(facility, reason="test")
        return facility

    return make
