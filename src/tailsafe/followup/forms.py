from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tailsafe.core.forms import StyledFormMixin
from tailsafe.core.once import OnceFormMixin
from tailsafe.facilities.models import Facility
from tailsafe.followup.models import ActionItem, Recommendation
from tailsafe.governance.forms import DateInput
from tailsafe.governance.models import Institution


class ActionItemForm(OnceFormMixin, StyledFormMixin, forms.Form):
    description = forms.CharField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 3}))
    responsible = forms.ModelMultipleChoiceField(
        label=_("Responsible institutions"),
        queryset=Institution.active.filter(in_lpi=True),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())


class ProgressForm(OnceFormMixin, StyledFormMixin, forms.Form):
    text = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 3}))
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("— unchanged —")), *ActionItem.Status.choices],
        required=False,
    )
    evidence = forms.FileField(label=_("Evidence (PDF or scanned image)"), required=False)


class RecommendationForm(StyledFormMixin, forms.Form):
    """The secretariat corrects a recommendation; the stage, status and the public switch are
    their own actions, never fields here."""

    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 4}))
    term = forms.ChoiceField(label=_("Term"), required=False)
    addressee = forms.ModelChoiceField(
        label=_("Addressed institution"), queryset=Institution.objects.none(), required=False
    )
    also_addressed = forms.ModelMultipleChoiceField(
        label=_("Also addressed to"),
        queryset=Institution.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    facility = forms.ModelChoiceField(
        label=_("Facility"), queryset=Facility.objects.none(), required=False
    )
    due_date = forms.DateField(label=_("Due date"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["term"].choices = [("", "—"), *Recommendation.Term.choices]  # type: ignore[attr-defined]
        institutions = Institution.objects.order_by("name_ru")
        self.fields["addressee"].queryset = institutions  # type: ignore[attr-defined]
        self.fields["also_addressed"].queryset = institutions  # type: ignore[attr-defined]
        self.fields["facility"].queryset = Facility.objects.order_by("code")  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(rec: Recommendation) -> dict[str, Any]:
        return {
            "text": rec.text,
            "term": rec.term,
            "addressee": rec.addressee,
            "also_addressed": list(rec.also_addressed.all()),
            "facility": rec.facility,
            "due_date": rec.due_date,
        }
