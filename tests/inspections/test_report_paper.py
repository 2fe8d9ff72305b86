"""The joint inspection report is fit to sign (issue 18, item 5): columns that fit their words
in three languages, the summary first, measures in words, the draft stamp only while the
inspection is not completed, a signature block naming the inspectors."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from tailsafe.inspections import services
from tests.reports.layout import docx_languages, docx_title, overlapping
from tests.reports.test_render import docx_text, pdf_text

pytestmark = pytest.mark.django_db

SUMMARY = "Дамба в удовлетворительном состоянии; требуется обновить план действий."


def _get(user: Any, ji: Any, lang: str, fmt: str = "pdf") -> bytes:
    c = Client()
    c.force_login(user)
    r = c.get(f"/inspections/joint/{ji.pk}/report-{lang}.{fmt}")
    assert r.status_code == 200
    return r.content


@pytest.mark.parametrize("lang", ["ru", "tg", "en"])
def test_report_fit_to_sign(users: dict[str, Any], joint_inspection: Any, lang: str) -> None:
    from tailsafe.reports.render import draft_mark

    with translation.override(lang):
        stamp = draft_mark()
        summary_h, findings_h = str(translation.gettext("Summary")), translation.gettext("Findings")
        short = str(translation.gettext("short term (≤ 1 year)"))
    before = _get(users["secretariat"], joint_inspection, lang)
    assert stamp in pdf_text(before)  # planned: still a draft

    services.complete_inspection(users["inspector"], joint_inspection, SUMMARY)
    pdf = _get(users["secretariat"], joint_inspection, lang)
    text = pdf_text(pdf)
    assert not overlapping(pdf), overlapping(pdf)[:5]
    assert stamp not in text
    assert "provisional" in text  # the parameter set is still provisional, and says so
    assert text.index(summary_h) < text.index(findings_h)
    assert "Дамба в удовлетворительном" in text
    assert "[short]" not in text
    assert "[mid]" not in text
    assert "[long]" not in text
    assert short.split(" (")[0].capitalize() in text
    # The signature block: each inspector by name.
    for user in (users["inspector"], users["secretariat"]):
        assert user.get_full_name() in text

    docx = _get(users["secretariat"], joint_inspection, lang, "docx")
    words = docx_text(docx)
    assert words.index(summary_h) < words.index(findings_h)
    assert "[short]" not in words
    assert users["inspector"].get_full_name() in words
    assert docx_title(docx)
    assert docx_languages(docx) == {{"ru": "ru-RU", "tg": "tg-TJ", "en": "en-GB"}[lang]}
