"""Facility and parameter-set forms; the services do the checking that needs the database."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tailsafe.core.forms import StyledFormMixin
from tailsafe.core.once import OnceFormMixin
from tailsafe.facilities.choices import CONFIDENCE_CHOICES
from tailsafe.facilities.models import Facility
from tailsafe.facilities.services import EDITABLE_FIELDS

NULL_BOOLEAN_FIELDS = (
    "radioactive",
    "protected_area_downstream",
    "dam_across_watercourse",
)


class YesNoUnknownSelect(forms.NullBooleanSelect):
    """Django's NullBooleanSelect (a stored True/False is pre-selected as "true"/"false") with
    the project's labels. A plain Select rendered True as "True", matched no option, and so an
    unchanged save turned every stored yes/no into unknown."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.choices = [("unknown", _("unknown")), ("true", _("yes")), ("false", _("no"))]


class FacilityForm(OnceFormMixin, StyledFormMixin, forms.ModelForm[Facility]):
    change_source = forms.CharField(
        label=_("Source of the values changed"),
        max_length=1000,
        required=False,
        help_text=_("A document, inspection or person; kept next to every value you change."),
    )
    change_confidence = forms.ChoiceField(
        label=_("Confidence of the values changed"),
        choices=[("", "—"), *CONFIDENCE_CHOICES],
        required=False,
    )
    # The facility's version when the form was opened: a save is refused once it moved on.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    class Meta:
        model = Facility
        fields = list(EDITABLE_FIELDS)
        widgets = {name: YesNoUnknownSelect() for name in NULL_BOOLEAN_FIELDS}

    def __init__(self, *args: Any, operator_user: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in NULL_BOOLEAN_FIELDS:
            self.fields[name] = forms.NullBooleanField(
                label=Facility._meta.get_field(name).verbose_name,  # type: ignore[union-attr]
                required=False,
                widget=YesNoUnknownSelect(attrs={"class": "form-select"}),
            )
            if self.instance and self.instance.pk:
                self.initial[name] = getattr(self.instance, name)
        if self.instance and self.instance.pk:
            self.initial["version"] = self.instance.version
        if operator_user:
            self.fields.pop("operator")
        for name in (
            "notes",
            "sources",
            "hazardous_substances",
            "wgk_justification",
            "radioactive_justification",
        ):
            if name in self.fields:
                self.fields[name].widget.attrs["rows"] = 3
        for name in (
            "status_note",
            "operator_note",
            "natural_hazards_note",
            "climate_notes",
        ):
            if name in self.fields:
                self.fields[name].widget.attrs["rows"] = 2

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k in EDITABLE_FIELDS}

    def provenance(self) -> dict[str, Any]:
        source = self.cleaned_data.get("change_source") or ""
        confidence = self.cleaned_data.get("change_confidence") or ""
        if not source and not confidence:
            return {}
        return {
            name: {"source": source, "confidence": confidence, "note": ""}
            for name in self.changed_data
            if name in EDITABLE_FIELDS
        }


class ParameterSetUploadForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Parameter-set file (YAML or JSON)"),
        help_text=_("The whole set; a missing term or a non-numeric point rejects the file."),
    )
