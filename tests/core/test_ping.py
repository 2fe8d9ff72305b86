"""The bare page /ping/: the layout and one line, for anyone (the load benchmark's baseline)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_ping_is_the_layout_and_one_line(client_as: Any, english: Any) -> None:
    anonymous = Client().get(reverse("ping"))
    assert anonymous.status_code == 200
    assert b"The platform is running." in anonymous.content
    signed_in = client_as("secretariat").get(reverse("ping"))
    assert signed_in.status_code == 200
    assert b'id="mainnav"' in signed_in.content  # the menu, as on every page
    assert Client().post(reverse("ping")).status_code == 405
