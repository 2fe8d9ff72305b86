from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tailsafe.core.forms import StyledFormMixin
from tailsafe.core.permissions import Perm, has_perm, own_institution_only
from tailsafe.core.roles import Role
from tailsafe.facilities.models import Facility
from tailsafe.governance.models import Institution
from tailsafe.inspections.models import Assessment
from tailsafe.methodology.models import MODULE_CHOICES

if TYPE_CHECKING:
    from tailsafe.core.models import User


class StartAssessmentForm(StyledFormMixin, forms.Form):
    facility = forms.ModelChoiceField(label=_("Facility"), queryset=Facility.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=())
    module = forms.ChoiceField(label=_("Checklist module"), choices=MODULE_CHOICES)

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        qs = Facility.objects.filter(archived_at__isnull=True).order_by("code")
        if own_institution_only(user):
            qs = qs.filter(operator_id=user.institution_id) if user.institution_id else qs.none()
        self.fields["facility"].queryset = qs  # type: ignore[attr-defined]
        kinds = []
        if has_perm(user, Perm.SELF_ASSESS):
            kinds.append((Assessment.Kind.SELF.value, Assessment.Kind.SELF.label))
        if has_perm(user, Perm.INSPECT):
            kinds.append((Assessment.Kind.AUTHORITY.value, Assessment.Kind.AUTHORITY.label))
        self.fields["kind"].choices = kinds  # type: ignore[attr-defined]


class BankImportForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name of the bank"), max_length=100)
    version = forms.CharField(label=_("Version"), max_length=40, initial="1")
    provisional = forms.BooleanField(label=_("Provisional"), required=False, initial=True)
    file = forms.FileField(label=_("Question bank (XLSX)"))


class PlanInspectionForm(StyledFormMixin, forms.Form):
    facility = forms.ModelChoiceField(
        label=_("Facility"), queryset=Facility.objects.filter(archived_at__isnull=True)
    )
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    module = forms.ChoiceField(label=_("Checklist module"), choices=MODULE_CHOICES)
    institutions = forms.ModelMultipleChoiceField(
        label=_("Participating institutions"),
        queryset=Institution.objects.filter(archived_at__isnull=True),
        help_text=_("At least two authorities."),
    )
    inspectors: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Inspectors"), queryset=None, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from tailsafe.core.models import User

        self.fields["inspectors"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            role=Role.INSPECTOR, is_active=True
        ).order_by("username")


class CompleteInspectionForm(StyledFormMixin, forms.Form):
    summary = forms.CharField(label=_("Summary of the inspection"), widget=forms.Textarea)
