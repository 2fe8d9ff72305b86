from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _

from tailsafe.core.forms import StyledFormMixin
from tailsafe.core.once import OnceFormMixin
from tailsafe.knowledge.models import ActionMeasure, CommissionedWork
from tailsafe.meetings.models import Meeting


class _Styled(StyledFormMixin, forms.ModelForm[Any]):
    pass


def _widgets(model: type[models.Model], fields: tuple[str, ...]) -> dict[str, Any]:
    widgets: dict[str, Any] = {}
    for name in fields:
        field = model._meta.get_field(name)
        if isinstance(field, models.DateField):
            widgets[name] = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        elif isinstance(field, models.TextField):
            widgets[name] = forms.Textarea(attrs={"rows": 3})
    return widgets


def record_form(model: type[models.Model], fields: tuple[str, ...]) -> type[forms.ModelForm[Any]]:
    return modelform_factory(model, form=_Styled, fields=fields, widgets=_widgets(model, fields))


class WorkForm(OnceFormMixin, StyledFormMixin, forms.ModelForm[CommissionedWork]):
    tor_upload = forms.FileField(
        label=_("Terms of reference (PDF)"), required=False, help_text=_("PDF only.")
    )

    class Meta:
        model = CommissionedWork
        fields = (
            "kind",
            "title",
            "description",
            "decision",
            "decision_minutes",
            "contractor",
            "institution",
            "due_date",
            "report_to",
        )
        widgets = {
            "due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["report_to"].queryset = Meeting.objects.exclude(  # type: ignore[attr-defined]
            agenda_status=Meeting.AgendaStatus.FINAL
        ).order_by("starts_at")


class ReportForm(StyledFormMixin, forms.Form):
    report = forms.FileField(label=_("Report (PDF)"))


class AcceptForm(StyledFormMixin, forms.Form):
    note = forms.CharField(
        label=_("Decision of the group (reference)"), required=False, max_length=2000
    )


class SelfAssessmentForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    assessed_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    answers = forms.CharField(
        label=_("Questions and answers"),
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_('One per line: "question | answer".'),
    )
    measures = forms.ModelMultipleChoiceField(
        label=_("Linked action plan measures"),
        queryset=ActionMeasure.objects.all(),
        required=False,
    )

    def clean_answers(self) -> list[tuple[str, str]]:
        pairs = []
        for line in self.cleaned_data["answers"].splitlines():
            if not line.strip():
                continue
            question, sep, answer = line.partition("|")
            if not sep:
                raise ValidationError(
                    _('Each line needs "question | answer"; this one has no "|": %(line)s')
                    % {"line": line[:80]}
                )
            pairs.append((question.strip(), answer.strip()))
        return pairs
