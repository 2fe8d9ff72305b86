"""Correspondence (A4, §28): register, drafts, approval by the leading co-chair only, replayed
approvals refused, final PDF with the approval block; term report (§22-24)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from pypdf import PdfReader

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def term(users: dict[str, Any]) -> Any:
    from tailsafe.governance import services as governance

    return governance.record_cochair_term(
        users["secretariat"],
        year=timezone.localdate().year,
        senior_official=None,
        official_user=users["co_chair"],
    )


def _draft(users: dict[str, Any]) -> Any:
    from tailsafe.correspondence import services

    return services.draft_group_letter(
        users["secretariat"],
        {
            "correspondent": "UNECE secretariat",
            "subject": "Request for technical assistance",
            "body": "Dear colleagues,\nthe group asks for assistance.",
        },
    )


def test_register_number_reused_is_refused(users: dict[str, Any], pdf_upload: Any) -> None:
    from tailsafe.correspondence import services
    from tailsafe.correspondence.models import Letter

    data = {
        "direction": "incoming",
        "number": "01-12/345",
        "date": timezone.localdate(),
        "correspondent": "Ministry of Energy",
        "subject": "Data on Taboshar",
    }
    services.register_letter(users["secretariat"], data, upload=pdf_upload())
    with pytest.raises(ValidationError) as exc:
        services.register_letter(users["secretariat"], {**data, "subject": "Other"})
    assert "01-12/345" in str(exc.value.message_dict["number"])
    assert Letter.objects.count() == 1


def test_register_bad_file_changes_nothing(users: dict[str, Any], pdf_upload: Any) -> None:
    from tailsafe.correspondence import services
    from tailsafe.correspondence.models import Letter

    bad = pdf_upload("letter.exe", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ValidationError):
        services.register_letter(
            users["secretariat"],
            {
                "direction": "incoming",
                "number": "7",
                "date": timezone.localdate(),
                "correspondent": "x",
                "subject": "y",
            },
            upload=bad,
        )
    assert not Letter.objects.exists()


def test_only_secretariat_registers(users: dict[str, Any]) -> None:
    from tailsafe.correspondence import services

    with pytest.raises(PermissionDenied):
        services.draft_group_letter(users["member"], {"subject": "x", "body": "y"})


def test_approval_flow(users: dict[str, Any], make_user: Any, term: Any) -> None:
    from tailsafe.correspondence import services
    from tailsafe.correspondence.models import Letter

    other = make_user("co_chair", username="olim", institution="industry")
    letter = _draft(users)
    letter = services.submit_for_approval(users["secretariat"], letter, letter.version)
    assert letter.submitted_to == users["co_chair"]
    with pytest.raises(PermissionDenied) as exc:
        services.approve_letter(other, letter, letter.version)
    assert "leading co-chair" in str(exc.value)
    with pytest.raises(PermissionDenied):
        services.approve_letter(users["secretariat"], letter, letter.version)
    stale_version = letter.version
    approved = services.approve_letter(users["co_chair"], letter, letter.version, "en")
    assert approved.status == Letter.Status.APPROVED
    assert approved.number == f"IIWG-{timezone.localdate().year}/001"
    assert approved.approved_by == users["co_chair"]
    assert approved.approved_at
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(approved.final_pdf.read())).pages)
    assert "APPROVED" in text
    assert approved.number in text
    assert "bahrom" in text
    # replayed from the old page: already approved -> clear error, nothing changed
    before = Letter.objects.get(pk=letter.pk)
    with pytest.raises(ValidationError) as exc2:
        services.approve_letter(users["co_chair"], letter, stale_version)
    assert "already approved" in exc2.value.messages[0]
    with pytest.raises(ValidationError):
        services.reject_letter(users["co_chair"], letter, stale_version, "late")
    after = Letter.objects.get(pk=letter.pk)
    assert (after.version, after.number, after.status) == (
        before.version,
        before.number,
        before.status,
    )
    with pytest.raises(ValidationError):
        services.update_draft(users["secretariat"], letter, {"subject": "x"}, after.version)


def test_reject_returns_with_comments_and_stale_token(users: dict[str, Any], term: Any) -> None:
    from tailsafe.correspondence import services
    from tailsafe.correspondence.models import Letter

    letter = _draft(users)
    letter = services.submit_for_approval(users["secretariat"], letter, letter.version)
    old = letter.version
    with pytest.raises(ValidationError):
        services.reject_letter(users["co_chair"], letter, old, "  ")
    rejected = services.reject_letter(users["co_chair"], letter, old, "Shorter, please.")
    assert rejected.status == Letter.Status.REJECTED
    assert rejected.review_comments == "Shorter, please."
    # the approve button of the old page: stale version -> refused, nothing changed
    with pytest.raises(ValidationError) as exc:
        services.approve_letter(users["co_chair"], letter, old)
    assert "out of date" in exc.value.messages[0]
    assert Letter.objects.get(pk=letter.pk).status == Letter.Status.REJECTED
    edited = services.update_draft(
        users["secretariat"], rejected, {"body": "Short."}, rejected.version
    )
    again = services.submit_for_approval(users["secretariat"], edited, edited.version)
    assert again.status == Letter.Status.SUBMITTED


def test_submit_without_term_is_refused(users: dict[str, Any]) -> None:
    from tailsafe.correspondence import services

    letter = _draft(users)
    with pytest.raises(ValidationError):
        services.submit_for_approval(users["secretariat"], letter, letter.version)


def test_term_report_pdf_and_docx(users: dict[str, Any], term: Any) -> None:
    from docx import Document

    from tailsafe.correspondence import termreport

    year = timezone.localdate().year
    _draft(users)
    for lang in ("ru", "tg", "en"):
        pdf = termreport.term_pdf(year, lang)
        assert pdf.startswith(b"%PDF")
        assert termreport.term_docx(year, lang).startswith(b"PK")
    text = "".join(
        p.extract_text() for p in PdfReader(io.BytesIO(termreport.term_pdf(year, "en"))).pages
    )
    assert "Request for" in text
    assert "Alerts" in text
    doc = Document(io.BytesIO(termreport.term_docx(year, "en")))
    assert any("Term report" in p.text for p in doc.paragraphs)


def test_views_approve_refused_for_other_cochair(
    users: dict[str, Any], make_user: Any, term: Any, client_as: Any
) -> None:
    from django.test import Client

    from tailsafe.correspondence import services

    other = make_user("co_chair", username="olim", institution="industry")
    letter = _draft(users)
    letter = services.submit_for_approval(users["secretariat"], letter, letter.version)
    c = Client()
    c.force_login(other)
    r = c.post(f"/correspondence/{letter.pk}/approve/", {"version": letter.version})
    assert r.status_code == 403
    assert "leading co-chair" in r.content.decode()
    r = client_as("secretariat").post(
        "/correspondence/register/",
        {
            "direction": "incoming",
            "number": "",
            "date": "not a date",
            "correspondent": "",
            "subject": "",
        },
    )
    assert r.status_code == 200
    r = client_as("co_chair").get(f"/correspondence/{letter.pk}/")
    assert r.status_code == 200
    assert b"approve-letter" in r.content
    assert client_as("co_chair").get("/").status_code == 200


def test_letter_steps_notify_the_approver_and_the_author(users: dict[str, Any], term: Any) -> None:
    """P6: submitting tells the leading co-chair, returning and approving tell the drafter;
    each step once, a resubmission after a return again."""
    from tailsafe.correspondence import services
    from tailsafe.notifications.models import Notification

    def told(user: Any) -> list[str]:
        return list(
            Notification.objects.filter(user=user, kind="approval")
            .order_by("pk")
            .values_list("title", flat=True)
        )

    letter = _draft(users)
    letter = services.submit_for_approval(users["secretariat"], letter, letter.version)
    assert len(told(users["co_chair"])) == 1
    assert "Request for technical assistance" in told(users["co_chair"])[0]
    link = Notification.objects.get(user=users["co_chair"]).link
    assert link.endswith(f"/{letter.pk}/")
    letter = services.reject_letter(users["co_chair"], letter, letter.version, "Shorter.")
    assert len(told(users["secretariat"])) == 1
    assert not told(users["member"])
    letter = services.submit_for_approval(users["secretariat"], letter, letter.version)
    assert len(told(users["co_chair"])) == 2
    services.approve_letter(users["co_chair"], letter, letter.version, "en")
    assert len(told(users["secretariat"])) == 2
    assert len(told(users["co_chair"])) == 2  # the approver is not told of their own step
