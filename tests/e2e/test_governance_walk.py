"""The foundation walk as a secretariat officer would do it, and a member who may not edit."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import DEMO_PDF
from tests.e2e.conftest import check_a11y

pytestmark = pytest.mark.django_db(transaction=True)


def test_secretariat_walk(
    page: Any,
    live_server: Any,
    users: dict[str, Any],
    login: Any,
    external_requests: list[str],
    tmp_path: Any,
) -> None:
    from tailsafe.core.models import User
    from tailsafe.governance.models import Institution, Membership

    login("alice")
    check_a11y(page)

    # Switch to Tajik: the page and the saved preference change.
    page.click("button[name=language][value=tg]")
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "tg"
    assert User.objects.get(username="alice").language == "tg"

    # Add an institution.
    page.goto(f"{live_server.url}/governance/institutions/new/")
    check_a11y(page)
    page.fill("input[name=key]", "aarhus_dushanbe")
    page.select_option("select[name=type]", "ngo")
    page.fill("input[name=name_ru]", "Орхусский центр Душанбе")
    page.fill("input[name=name_tg]", "Маркази Орхус дар Душанбе")
    page.fill("input[name=name_en]", "Aarhus Centre Dushanbe")
    page.fill("input[name=decided_at]", "Заседание 2, протокол п. 3")
    page.click("main button[type=submit]")
    page.wait_for_url("**/governance/institutions/*/")
    assert page.locator("h1").inner_text().startswith("Маркази Орхус дар Душанбе")
    inst = Institution.objects.get(key="aarhus_dushanbe")
    assert inst.lpi_changes.get().decided_at == "Заседание 2, протокол п. 3"

    # Nominate a member with a letter.
    letter = tmp_path / "nomination.pdf"
    letter.write_bytes(DEMO_PDF)
    page.click("a[href*='/governance/members/nominate/']")
    check_a11y(page)
    page.fill("input[name=new_person_name]", "Шарипов Комрон")
    page.fill("input[name=start_date]", "2026-12-01")
    page.fill("input[name=end_date]", "2027-12-01")  # too short: refused with a clear message
    page.set_input_files("input[name=letter]", str(letter))
    page.click("main button[type=submit]")
    assert page.locator(".invalid-feedback").count() >= 1
    assert Membership.objects.count() == 0
    page.fill("input[name=end_date]", "2028-11-30")
    page.set_input_files("input[name=letter]", str(letter))
    page.click("main button[type=submit]")
    page.wait_for_url("**/governance/members/*/")
    m = Membership.objects.get()
    assert (m.institution, m.person.full_name) == (inst, "Шарипов Комрон")

    # The rotation for the next ten years.
    page.goto(f"{live_server.url}/governance/rotation/")
    check_a11y(page)
    assert page.locator("#rotation-table tbody tr").count() == 10

    for path in (
        "/governance/institutions/",
        "/governance/members/",
        "/governance/guests/",
        "/governance/terms-of-reference/",
    ):
        page.goto(live_server.url + path)
        check_a11y(page)
    assert external_requests == []


def test_member_is_refused_the_edit(
    page: Any, live_server: Any, users: dict[str, Any], login: Any
) -> None:
    from tailsafe.governance.models import Institution

    login("charlie")
    page.goto(f"{live_server.url}/governance/institutions/")
    assert page.locator("text=Добавить организацию").count() == 0
    academy = Institution.objects.get(key="academy")
    response = page.goto(f"{live_server.url}/governance/institutions/{academy.pk}/edit/")
    assert response is not None
    assert response.status == 403
    check_a11y(page)
