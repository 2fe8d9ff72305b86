"""The radioactive toxicity override needs a written justification (issue 17, item 3): the
service refuses to set it without one, and the facility page says when one is missing. A hazard
class is recorded with its scheme, one scheme per facility."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tailsafe.facilities import services
from tailsafe.facilities.models import Facility

pytestmark = pytest.mark.django_db

BASE = {"name_ru": "Х", "name_en": "T", "volume_m3": Decimal(10**6)}


def test_create_refuses_the_override_without_a_justification(users: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as err:
        services.create_facility(users["secretariat"], {**BASE, "code": "U1", "radioactive": True})
    assert "radioactive_justification" in err.value.message_dict
    assert not Facility.objects.filter(code="U1").exists()
    f = services.create_facility(
        users["secretariat"],
        {
            **BASE,
            "code": "U2",
            "radioactive": True,
            "radioactive_justification": "Uranium mill tailings (IAEA 2007): Ra-226, radon.",
        },
    )
    assessment = f.current_assessment
    assert assessment is not None
    assert "toxicity_override_radioactive" in assessment.flags


def test_update_refuses_to_set_or_empty_the_justification(
    make_facility: Any, users: dict[str, Any]
) -> None:
    f = make_facility("U3", wgk="")
    with pytest.raises(ValidationError):
        services.update_facility(users["secretariat"], f, {"radioactive": True})
    f.refresh_from_db()
    assert f.radioactive is None
    f = services.update_facility(
        users["secretariat"],
        f,
        {"radioactive": True, "radioactive_justification": "Uranium legacy site."},
    )
    with pytest.raises(ValidationError):
        services.update_facility(users["secretariat"], f, {"radioactive_justification": " "})


def test_imported_without_one_can_be_edited_and_the_page_says_it_is_missing(
    make_facility: Any, users: dict[str, Any], client_as: Any
) -> None:
    f = make_facility("U4", wgk="", radioactive=True)  # as the inventory import leaves it
    url = reverse("facilities:detail", args=[f.pk])
    body = client_as("member").get(url).content.decode()
    assert 'id="override-justification-missing"' in body
    f = services.update_facility(users["secretariat"], f, {"river": "Syr Darya"})
    assert f.river == "Syr Darya"  # an unrelated edit is not blocked
    services.update_facility(
        users["secretariat"], f, {"radioactive_justification": "Ra-226 in the tailings."}
    )
    body = client_as("member").get(url).content.decode()
    assert 'id="override-justification-missing"' not in body


def test_one_scheme_per_facility(make_facility: Any, users: dict[str, Any]) -> None:
    f = make_facility("G1", wgk="")
    with pytest.raises(ValidationError) as err:
        services.update_facility(users["secretariat"], f, {"wgk": "2", "gost_class": "III"})
    assert "gost_class" in err.value.message_dict
    f.refresh_from_db()
    f = services.update_facility(users["secretariat"], f, {"gost_class": "I"})
    assert f.toxicity_scheme == Facility.ToxicityScheme.GOST
    assert f.wgk == ""
    a = f.current_assessment
    assert a.terms["toxicity"] == 3.0
    assert "toxicity_from_gost" in a.flags
