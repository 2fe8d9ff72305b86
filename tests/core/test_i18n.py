"""P1, issue 18 §1 and §3: data in three languages, lang marks, Django's defaults translated,
dates and numbers in each language's own format."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template
from django.utils import formats, translation

from tailsafe.core.i18n import text_language
from tailsafe.core.vocabulary import commodity_label, matching_words


def test_tajik_dates_have_no_russian_abbreviation() -> None:
    day = dt.date(2026, 12, 5)
    with translation.override("tg"):
        shown = formats.date_format(day, "DATE_FORMAT")
    assert shown == "5 декабри соли 2026"
    with translation.override("tg"):
        assert formats.date_format(dt.date(2015, 5, 29), "DATE_FORMAT") == "29 майи соли 2015"
    with translation.override("ru"):
        assert formats.date_format(day, "DATE_FORMAT") == "5 декабря 2026 г."


@pytest.mark.parametrize(
    ("lang", "expected"), [("ru", "1\xa0234,5"), ("tg", "1\xa0234,5"), ("en", "1,234.5")]
)
def test_numbers_in_each_languages_format(lang: str, expected: str) -> None:
    with translation.override(lang):
        assert formats.number_format(Decimal("1234.5"), use_l10n=True, force_grouping=True) == (
            expected
        )


@pytest.mark.parametrize(("lang", "label"), [("ru", "— Выберите —"), ("tg", "— Интихоб кунед —")])
def test_blank_choice_is_translated(lang: str, label: str) -> None:
    from tailsafe.governance.models import Institution

    class Form(forms.ModelForm):
        class Meta:
            model = Institution
            fields = ["type"]

    with translation.override(lang):
        html = str(Form()["type"])
    assert label in html
    assert "Select an option" not in html


def test_text_language_guess() -> None:
    assert text_language("Кумитаи ҳолатҳои фавқулодда") == "tg"
    assert text_language("Демо: Алиев Фаррух") == "ru"
    assert text_language("Aarhus Centre") == "en"
    assert text_language("12,5 / 3") == ""


@pytest.mark.parametrize(
    ("lang", "html"),
    [
        ("tg", "Демо: Назаров"),  # Russian-looking name on a Tajik page: no Russian-only letter
        ("en", '<span lang="ru">Демо: Назаров</span>'),
        ("ru", "Демо: Назаров"),
    ],
)
def test_mark_lang_marks_only_other_languages(lang: str, html: str) -> None:
    # On a Tajik page a Cyrillic name without Tajik letters is taken for Russian and marked.
    expected = '<span lang="ru">Демо: Назаров</span>' if lang == "tg" else html
    with translation.override(lang):
        out = Template("{% load lang %}{{ v|mark_lang }}").render(Context({"v": "Демо: Назаров"}))
    assert out == expected


def test_commodity_words_in_every_language() -> None:
    assert commodity_label("lead, zinc", "ru") == "свинец, цинк"
    assert commodity_label("uranium (hydrometallurgical mill waste)", "tg") == (
        "уран (hydrometallurgical mill waste)"
    )
    with translation.override("tg"):
        out = Template("{% load lang %}{{ v|commodity }}").render(
            Context({"v": "fluorspar (tungsten planned)"})
        )
    assert out == 'флюорит (волфрам<span lang="en"> planned)</span>'
    with translation.override("tg"):
        out = Template("{% load lang %}{{ v|commodity }}").render(Context({"v": "gold, silver"}))
    assert out == "тилло, нуқра"
    assert matching_words("уран") == {"uranium"}
    assert matching_words("тилло") == {"gold"}
    assert matching_words("золото") == {"gold"}


@pytest.mark.django_db
def test_tajik_names_loaded_without_overwriting_edits(reference_data: None) -> None:
    from tailsafe.governance.demo import apply_tajik_names
    from tailsafe.governance.models import Institution

    emergencies = Institution.objects.get(key="emergencies")
    assert emergencies.name_tg.startswith("Кумитаи ҳолатҳои фавқулодда")
    assert "khf.tj" in emergencies.name_tg_source
    assert emergencies.name_tg_confidence == "high"
    with translation.override("tg"):
        assert emergencies.name == emergencies.name_tg
    Institution.objects.filter(key="geology").update(name_tg="Саридораи геология (таҳрир)")
    assert apply_tajik_names() == 0  # idempotent: nothing empty left to fill
    assert Institution.objects.get(key="geology").name_tg == "Саридораи геология (таҳрир)"
    with translation.override("en"):
        out = Template("{% load lang %}{% localized i 'name' %}").render(
            Context({"i": Institution(name_ru="Только русское", name_en="")})
        )
    assert out == '<span lang="ru">Только русское</span>'


def test_select_options_in_another_language_are_marked() -> None:
    """A language's own name and a Russian-only name in a select carry their ``lang``; an option
    in the page's language and the blank choice do not (WCAG 3.1.2)."""
    from django import forms
    from django.conf import settings

    from tailsafe.core.forms import StyledFormMixin

    class Choose(StyledFormMixin, forms.Form):
        language = forms.ChoiceField(choices=[("", "—"), *settings.LANGUAGES], required=False)
        person = forms.ChoiceField(choices=[("1", "Демо: Саидова Мадина"), ("2", "Demo person")])

    with translation.override("tg"):
        html = str(Choose())
    assert '<option value="ru" lang="ru">Русский</option>' in html
    assert '<option value="en" lang="en">English</option>' in html
    assert '<option value="tg">Тоҷикӣ</option>' in html
    assert '<option value="" selected>—</option>' in html
    assert '<option value="1" lang="ru">Демо: Саидова Мадина</option>' in html
    assert '<option value="2" lang="en">Demo person</option>' in html


@pytest.mark.parametrize(("lang", "label"), [("ru", "— Выберите —"), ("tg", "— Интихоб кунед —")])
def test_filter_blank_choice_is_translated(lang: str, label: str) -> None:
    """django-filter's blank choice (the API's browsable filter form) is Django's translated
    label, not "---------"."""
    from tailsafe.api.filters import FacilityFilter

    with translation.override(lang):
        html = str(FacilityFilter().form["status"])
    assert label in html
    assert "---------" not in html
