"""An edit form submitted unchanged changes nothing (issue 15, item 2): each form is opened in a
real browser as a user allowed to edit the record, saved without touching anything, and every
stored field is compared before and after."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.forms.models import model_to_dict

from tests.e2e.test_facilities import _facility

pytestmark = pytest.mark.django_db(transaction=True)

# Bumped by every save on purpose (optimistic locking, audit timestamps).
VOLATILE = {"version", "updated_at", "modified_at", "updated", "modified"}


def _stored(obj: Any) -> dict[str, Any]:
    obj.refresh_from_db()
    return {k: v for k, v in model_to_dict(obj).items() if k not in VOLATILE}


@pytest.mark.parametrize("flags", [(True, False, True), (False, True, None)])
def test_facility_edit_unchanged(
    page: Any, live_server: Any, users: dict[str, Any], login: Any, flags: tuple[Any, ...]
) -> None:
    radioactive, dam_across, protected = flags
    f = _facility(
        "UN",
        radioactive=radioactive,
        dam_across_watercourse=dam_across,
        protected_area_downstream=protected,
        wgk="3",
        dam_height_m=Decimal("30.50"),
    )
    before = _stored(f)
    login("alice")
    page.goto(f"{live_server.url}/facilities/{f.pk}/edit/")
    page.click("main button[type=submit]")
    page.wait_for_url(f"**/facilities/{f.pk}/")
    assert _stored(f) == before
