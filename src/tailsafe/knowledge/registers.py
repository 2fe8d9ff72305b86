"""The registers of the knowledge base: which model, which columns, which fields a form edits."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tailsafe.knowledge.models import ActionMeasure, EprRecommendation, LegalAct, Lesson, Practice


@dataclass(frozen=True)
class Register:
    slug: str
    title: Promise
    model: type[models.Model]
    columns: tuple[str, ...]
    fields: tuple[str, ...]
    section: str


REGISTERS = {
    r.slug: r
    for r in (
        Register(
            "legislation",
            _("Legislation and policy"),
            LegalAct,
            ("title", "number", "adopted_on", "issuing_body", "status"),
            (
                "title",
                "number",
                "adopted_on",
                "issuing_body",
                "status",
                "summary",
                "proposals",
                "decision",
                "link",
            ),
            "K1",
        ),
        Register(
            "practices",
            _("Good practices and projects"),
            Practice,
            ("kind", "title", "organisation", "year"),
            (
                "kind",
                "title",
                "organisation",
                "year",
                "description",
                "results",
                "link",
                "facilities",
                "decision",
            ),
            "K2",
        ),
        Register(
            "lessons",
            _("Lessons learned"),
            Lesson,
            ("kind", "name", "country", "date_text", "fatalities", "released_volume_mm3"),
            (
                "kind",
                "name",
                "country",
                "place",
                "date_text",
                "facility_type",
                "operator",
                "cause",
                "released",
                "fatalities",
                "rivers",
                "transboundary",
                "lessons",
                "sources",
                "facility",
                "reviewed_at",
            ),
            "K3",
        ),
        Register(
            "epr",
            _("EPR recommendations"),
            EprRecommendation,
            ("code", "title"),
            ("code", "title", "summary", "full_text"),
            "K4",
        ),
        Register(
            "measures",
            _("National action plan measures"),
            ActionMeasure,
            ("recommendation", "text", "responsible", "deadline", "status"),
            ("recommendation", "text", "responsible", "deadline", "status"),
            "K4",
        ),
    )
}
