from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from tailsafe.core.forms import StyledFormMixin
from tailsafe.core.once import OnceFormMixin
from tailsafe.followup.models import ActionItem
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
