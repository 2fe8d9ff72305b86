"""View tests: object-level 403, bad input, autosave, reports."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tailsafe.inspections import services
from tests.inspections.conftest import answer_all

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_operator_opening_another_operators_assessment_gets_403(
    ops: dict[str, Any], facilities: dict[str, Any]
) -> None:
    theirs = services.start_assessment(ops["olim"], facilities["B"], "self", "basic")
    c = _client(ops["dilnoza"])
    assert c.get(f"/inspections/assessments/{theirs.pk}/").status_code == 403
    assert c.post(f"/inspections/assessments/{theirs.pk}/submit/").status_code == 403
    assert c.get(f"/inspections/facilities/{facilities['B'].pk}/compare/").status_code == 403
    assert _client(ops["olim"]).get(f"/inspections/assessments/{theirs.pk}/").status_code == 200


def test_autosave_and_bad_values(ops: dict[str, Any], facilities: dict[str, Any]) -> None:
    a = services.start_assessment(ops["dilnoza"], facilities["A"], "self", "basic")
    q = services.questions_for(a.bank, a.module)[0]
    c = _client(ops["dilnoza"])
    url = f"/inspections/assessments/{a.pk}/answer/"
    r = c.post(
        url,
        {"question": q.pk, "answer": "partly", "credibility": "verified"},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200
    assert "score-panel" in r.content.decode()
    assert a.answers.get(question=q).answer == "partly"
    r = c.post(url, {"question": q.pk, "answer": "bogus"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200
    assert "listed answers" in r.content.decode()
    assert c.post(url, {"question": "x"}).status_code == 404
    r = c.post(
        "/inspections/start/", {"facility": facilities["B"].pk, "kind": "self", "module": "basic"}
    )
    assert r.status_code == 400  # not their facility: not offered in the form


def test_evidence_upload_checked(
    ops: dict[str, Any], facilities: dict[str, Any], pdf_upload: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    a = services.start_assessment(ops["dilnoza"], facilities["A"], "self", "basic")
    q = services.questions_for(a.bank, a.module)[0]
    c = _client(ops["dilnoza"])
    url = f"/inspections/assessments/{a.pk}/evidence/"
    bad = SimpleUploadedFile("x.pdf", b"MZ not a pdf")
    r = c.post(url, {"question": q.pk, "file": bad}, follow=True)
    assert "alert-danger" in r.content.decode()
    assert not a.answers.filter(question=q, evidence__isnull=False).exists()
    c.post(url, {"question": q.pk, "file": pdf_upload()})
    assert a.answers.get(question=q).evidence.count() == 1


def test_report_pdf_and_docx(users: dict[str, Any], joint_inspection: Any) -> None:
    import io

    from pypdf import PdfReader

    ji = joint_inspection
    c = _client(users["secretariat"])
    for lang in ("ru", "tg", "en"):
        r = c.get(f"/inspections/joint/{ji.pk}/report-{lang}.pdf")
        assert r.status_code == 200
        assert r["Content-Type"] == "application/pdf"
        text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(r.content)).pages)
        assert "provisional-1" in text
        r = c.get(f"/inspections/joint/{ji.pk}/report-{lang}.docx")
        assert r.status_code == 200
        assert r.content[:2] == b"PK"
    assert c.get(f"/inspections/joint/{ji.pk}/report-xx.pdf").status_code == 404
    assert c.get(f"/inspections/joint/{ji.pk}/report-ru.csv").status_code == 404


def test_pages_render(
    users: dict[str, Any], ops: dict[str, Any], facilities: dict[str, Any]
) -> None:
    a = services.start_assessment(ops["dilnoza"], facilities["A"], "self", "basic")
    answer_all(ops["dilnoza"], a, "partly", "stated")
    services.submit_assessment(ops["dilnoza"], a)
    c = _client(users["secretariat"])
    for url in (
        "/inspections/",
        "/inspections/matrix/",
        f"/inspections/assessments/{a.pk}/",
        f"/inspections/facilities/{facilities['A'].pk}/compare/",
        "/inspections/joint/",
    ):
        assert c.get(url).status_code == 200, url
    body = c.get("/inspections/matrix/").content.decode()
    assert "platform convention" in body
    assert "Draft recommendation" in c.get(f"/inspections/assessments/{a.pk}/").content.decode()


def test_joint_findings_saved_all_at_once(
    users: dict[str, Any], facilities: dict[str, Any]
) -> None:
    """Issue 15: on a joint inspection every question typed is saved with one action, whichever
    "Record" button is pressed; an unchanged page writes nothing."""
    import datetime as dt

    from tailsafe.governance.models import Institution
    from tailsafe.inspections.models import Finding

    insp = users["inspector"]
    ji = services.plan_inspection(
        insp,
        facilities["A"],
        date=dt.date(2026, 5, 1),
        module="basic",
        institutions=Institution.objects.all()[:2],
    )
    q1, q2, q3 = services.questions_for(ji.bank, ji.module)[:3]
    c = _client(insp)
    page = c.get(f"/inspections/joint/{ji.pk}/").content.decode()
    assert 'id="findings-form"' in page
    assert "data-unsaved-warning" in page
    post = {
        "question": [q1.pk, q2.pk, q3.pk],
        f"answer-{q1.pk}": "not",
        f"credibility-{q1.pk}": "verified",
        f"text-{q1.pk}": "Нет разрешения",
        f"answer-{q2.pk}": "compliant",
        f"text-{q2.pk}": "Есть план",
        "focus": q2.pk,  # the button of the second question was pressed
    }
    r = c.post(f"/inspections/joint/{ji.pk}/findings/", post)
    assert r.status_code == 302
    assert r["Location"].endswith(f"#q-{q2.pk}")
    found = {f.question_id: f for f in Finding.objects.filter(inspection=ji)}
    assert set(found) == {q1.pk, q2.pk}
    assert found[q1.pk].text == "Нет разрешения"
    assert found[q2.pk].answer == "compliant"
    history = sum(f.history.count() for f in found.values())
    c.post(f"/inspections/joint/{ji.pk}/findings/", post)
    assert sum(f.history.count() for f in Finding.objects.filter(inspection=ji)) == history
