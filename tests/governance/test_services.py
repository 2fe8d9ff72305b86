"""Governance services against the database: rules, permissions and the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from tailsafe.governance import services
from tailsafe.governance.models import Institution, LpiChange, Membership, Person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english() -> Any:
    """The messages below are matched in English (the source language)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def person(users: dict[str, Any]) -> Person:
    return services.create_person(users["secretariat"], {"full_name": "Test Person"})


def nominate(
    user: Any,
    person: Person,
    upload: Any,
    start: dt.date = dt.date(2026, 1, 1),
    end: dt.date = dt.date(2027, 12, 31),
    key: str = "academy",
) -> Membership:
    return services.nominate_member(
        user,
        person=person,
        institution=Institution.objects.get(key=key),
        start_date=start,
        end_date=end,
        letter=upload(),
    )


def test_nomination_is_recorded_with_history(
    users: dict[str, Any], person: Person, pdf_upload: Any
) -> None:
    m = nominate(users["secretariat"], person, pdf_upload)
    assert m.letter.name.endswith(".pdf")
    record = m.history.first()
    assert record.history_user == users["secretariat"]
    assert record.history_type == "+"


def test_term_under_two_years_is_refused(
    users: dict[str, Any], person: Person, pdf_upload: Any
) -> None:
    with pytest.raises(ValidationError) as exc:
        nominate(users["secretariat"], person, pdf_upload, end=dt.date(2027, 12, 30))
    assert "two years" in str(exc.value)
    assert Membership.objects.count() == 0


def test_duplicate_seat_is_refused(users: dict[str, Any], person: Person, pdf_upload: Any) -> None:
    nominate(users["secretariat"], person, pdf_upload)
    with pytest.raises(ValidationError, match="already holds a seat"):
        nominate(
            users["secretariat"],
            person,
            pdf_upload,
            start=dt.date(2027, 6, 1),
            end=dt.date(2029, 6, 1),
        )
    assert Membership.objects.count() == 1
    # a seat for another institution is fine
    nominate(users["secretariat"], person, pdf_upload, key="geology")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("letter.exe", b"MZ\x90\x00binary", "Only these file types"),
        ("letter.pdf", b"<html><script>alert(1)</script>", "Only these file types"),
        ("letter.pdf", b"", "empty"),
    ],
)
def test_bad_letters_are_refused(
    users: dict[str, Any], person: Person, name: str, content: bytes, message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        services.nominate_member(
            users["secretariat"],
            person=person,
            institution=Institution.objects.get(key="academy"),
            start_date=dt.date(2026, 1, 1),
            end_date=dt.date(2028, 1, 1),
            letter=SimpleUploadedFile(name, content),
        )
    assert Membership.objects.count() == 0


def test_letter_over_the_size_limit(
    settings: Any, users: dict[str, Any], person: Person, pdf_upload: Any
) -> None:
    settings.MAX_UPLOAD_BYTES = 100
    with pytest.raises(ValidationError, match="too large"):
        nominate(
            users["secretariat"], person, lambda: pdf_upload(content=b"%PDF-1.4\n" + b"x" * 200)
        )
    assert Membership.objects.count() == 0


def test_renewal_starts_after_the_old_term(
    users: dict[str, Any], person: Person, pdf_upload: Any
) -> None:
    m = nominate(users["secretariat"], person, pdf_upload)
    new = services.renew_membership(
        users["secretariat"], m, end_date=dt.date(2029, 12, 31), letter=pdf_upload()
    )
    assert new.start_date == dt.date(2028, 1, 1)
    assert new.renewal_of == m
    with pytest.raises(ValidationError, match="already been renewed"):
        services.renew_membership(
            users["secretariat"], m, end_date=dt.date(2031, 12, 31), letter=pdf_upload()
        )


@pytest.mark.parametrize("role", ["member", "co_chair", "operator", "inspector", "guest"])
def test_only_the_secretariat_nominates(
    role: str, users: dict[str, Any], person: Person, pdf_upload: Any
) -> None:
    with pytest.raises(PermissionDenied):
        nominate(users[role], person, pdf_upload)


def test_expiring_and_without_member(
    users: dict[str, Any], person: Person, pdf_upload: Any
) -> None:
    today = dt.date(2027, 11, 1)
    nominate(users["secretariat"], person, pdf_upload)  # ends 2027-12-31
    expiring = services.expiring_memberships(today)
    assert [m.person for m in expiring] == [person]
    without = services.institutions_without_member(today)
    assert "academy" not in {i.key for i in without}
    assert "geology" in {i.key for i in without}


def test_lpi_changes_are_dated_and_referenced(users: dict[str, Any]) -> None:
    inst = services.create_institution(
        users["secretariat"],
        {"key": "new_ngo", "type": "ngo", "name_ru": "НКО", "name_en": "NGO", "in_lpi": True},
        effective_on=dt.date(2026, 5, 1),
        decided_at="Meeting 3, minutes item 4",
    )
    change = LpiChange.objects.get(institution=inst)
    assert (change.kind, change.effective_on, change.decided_at) == (
        "added",
        dt.date(2026, 5, 1),
        "Meeting 3, minutes item 4",
    )
    services.update_institution(
        users["secretariat"], inst, {"in_lpi": False}, decided_at="Meeting 4"
    )
    assert LpiChange.objects.filter(institution=inst, kind="removed").exists()
    inst.refresh_from_db()
    assert inst.history.count() == 2


def test_institution_names_fall_back_to_russian(users: dict[str, Any]) -> None:
    from django.utils import translation

    inst = Institution.objects.get(key="academy")
    with translation.override("tg"):
        assert inst.name == inst.name_tg == "Академияи миллии илмҳои Тоҷикистон"
    inst.name_tg = ""
    with translation.override("tg"):
        assert inst.name == inst.name_ru
    with translation.override("en"):
        assert inst.name == inst.name_en


def test_archive_is_not_delete(users: dict[str, Any]) -> None:
    inst = Institution.objects.get(key="geology")
    services.archive_institution(users["secretariat"], inst)
    inst.refresh_from_db()
    assert inst.is_archived
    assert not inst.in_lpi
    assert Institution.objects.filter(pk=inst.pk).exists()
    assert not Institution.active.filter(pk=inst.pk).exists()


def test_rotation_defaults_and_configuration(users: dict[str, Any]) -> None:
    config = services.rotation_config()
    assert config.order == list(services.DEFAULT_ROTATION_ORDER)
    rows = services.rotation_schedule(config.start_year, 10)
    assert len(rows) == 10
    assert rows[0]["leading"].key == "energy_water"
    assert rows[5]["leading"].key == "energy_water"
    with pytest.raises(ValidationError, match="Unknown institutions"):
        services.configure_rotation(users["admin"], order=["energy_water", "nope"], start_year=2026)
    with pytest.raises(ValidationError, match="twice"):
        services.configure_rotation(users["admin"], order=["industry", "industry"], start_year=2026)
    with pytest.raises(PermissionDenied):
        services.configure_rotation(users["member"], order=["industry"], start_year=2026)
    five = ["industry", "energy_water", "emergencies", "environment", "industrial_safety"]
    services.configure_rotation(users["secretariat"], order=five, start_year=2020)
    lead, nxt = services.leading_and_next(2021)
    assert (lead.key, nxt.key) == ("energy_water", "emergencies")


def test_cochair_term_records_the_official(users: dict[str, Any], person: Person) -> None:
    year = services.rotation_config().start_year
    term = services.record_cochair_term(
        users["secretariat"], year=year, senior_official=person, official_user=users["co_chair"]
    )
    assert term.institution.key == "energy_water"
    assert services.leading_cochair_user(year) == users["co_chair"]
