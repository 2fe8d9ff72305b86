"""Forms of the monitoring pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tailsafe.core.forms import StyledFormMixin
from tailsafe.core.once import OnceFormMixin
from tailsafe.facilities.choices import BASIN_CHOICES
from tailsafe.facilities.models import Facility
from tailsafe.governance.models import Institution
from tailsafe.monitoring.models import (
    ColumnMapping,
    LimitNorm,
    MonitoringPoint,
    Parameter,
    PointParameter,
)


class ImportForm(StyledFormMixin, forms.Form):
    file = forms.FileField(
        label=_("Laboratory file (CSV or XLSX)"),
        help_text=_(
            "Columns: point, parameter, date, value and optionally unit, detection limit (DL) "
            "and quantification limit (LOQ) in the value's unit. UTF-8 or Windows-1251; "
            "decimal comma allowed; <0,001 is kept as below the detection limit."
        ),
    )
    mapping = forms.ModelChoiceField(
        label=_("Laboratory column mapping"),
        queryset=ColumnMapping.objects.all(),
        required=False,
        empty_label=_("standard column names"),
    )


class MappingForm(StyledFormMixin, forms.ModelForm[ColumnMapping]):
    col_point = forms.CharField(label=_("Column of the point code"), required=False)
    col_parameter = forms.CharField(label=_("Column of the parameter"), required=False)
    col_taken_at = forms.CharField(label=_("Column of the sampling date"), required=False)
    col_value = forms.CharField(label=_("Column of the value"), required=False)
    col_unit = forms.CharField(label=_("Column of the unit"), required=False)
    col_detection_limit = forms.CharField(
        label=_("Column of the detection limit (optional)"), required=False
    )
    col_quantification_limit = forms.CharField(
        label=_("Column of the quantification limit (optional)"), required=False
    )

    class Meta:
        model = ColumnMapping
        fields = ["lab", "encoding", "decimal", "delimiter", "date_format"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ColumnMapping.FIELDS:
            self.fields[f"col_{name}"].initial = (self.instance.columns or {}).get(name, "")

    def save(self, commit: bool = True) -> ColumnMapping:
        mapping: ColumnMapping = super().save(commit=False)
        mapping.columns = {
            name: self.cleaned_data[f"col_{name}"].strip()
            for name in ColumnMapping.FIELDS
            if self.cleaned_data.get(f"col_{name}", "").strip()
        }
        return mapping


class ObservationForm(StyledFormMixin, forms.Form):
    series = forms.ModelChoiceField(
        label=_("Point and parameter"),
        queryset=PointParameter.objects.select_related("point", "parameter"),
    )
    taken_at = forms.DateTimeField(
        label=_("Sampled at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    value = forms.CharField(
        label=_("Value"), max_length=40, help_text=_("e.g. 0.015 or <0.001 or n.d.")
    )
    unit = forms.CharField(
        label=_("Unit"),
        max_length=20,
        required=False,
        help_text=_("Empty: the parameter's unit."),
    )
    detection_limit = forms.CharField(
        label=_("detection limit"),
        max_length=40,
        required=False,
        help_text=_("Optional, in the unit of the value."),
    )
    quantification_limit = forms.CharField(
        label=_("quantification limit"),
        max_length=40,
        required=False,
        help_text=_("Optional, in the unit of the value."),
    )


class SeriesForm(StyledFormMixin, forms.ModelForm[PointParameter]):
    class Meta:
        model = PointParameter
        fields = [
            "norm",
            "sampling_interval_days",
            "mode",
            "direction",
            "alert",
            "alarm",
            "emergency",
            "trend_horizon_days",
            "notified",
            "expected_response",
        ]
        widgets = {"expected_response": forms.Textarea(attrs={"rows": 3})}


class NoteForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=1000)


class PointForm(StyledFormMixin, forms.ModelForm[MonitoringPoint]):
    """A monitoring point: code, name, kind, location, the institution responsible for its
    alerts, active (issue 16, item 5; issue 15: without a responsible institution no inspector
    may acknowledge or close the point's alarms)."""

    class Meta:
        model = MonitoringPoint
        fields = ["code", "name", "kind", "latitude", "longitude", "responsible", "active"]
        help_texts = {
            "responsible": _("Its inspectors acknowledge and close the alerts of this point.")
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # active institutions, and the stored one even if archived since (an unchanged edit
        # must stay valid and change nothing)
        stored = Q(pk=self.instance.responsible_id) if self.instance.responsible_id else Q()
        self.fields["responsible"].queryset = Institution.objects.filter(  # type: ignore[attr-defined]
            Q(archived_at__isnull=True) | stored
        )


class PointCreateForm(OnceFormMixin, PointForm):
    facility = forms.ModelChoiceField(label=_("facility"), queryset=Facility.objects.none())

    class Meta(PointForm.Meta):
        fields = ["facility", *PointForm.Meta.fields]

    def __init__(self, *args: Any, facilities: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if facilities is not None:
            self.fields["facility"].queryset = facilities  # type: ignore[attr-defined]


ENTRY_FORM_FIELDS = [
    "norm",
    "sampling_interval_days",
    "mode",
    "direction",
    "alert",
    "alarm",
    "emergency",
    "trend_horizon_days",
    "expected_response",
]


class EntryForm(StyledFormMixin, forms.ModelForm[PointParameter]):
    """A parameter of a point's programme: norm, sampling, TARP thresholds and response."""

    class Meta:
        model = PointParameter
        fields = ENTRY_FORM_FIELDS
        widgets = {"expected_response": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["norm"].queryset = LimitNorm.objects.select_related(  # type: ignore[attr-defined]
            "parameter"
        )


class EntryCreateForm(OnceFormMixin, EntryForm):
    class Meta(EntryForm.Meta):
        fields = ["parameter", *ENTRY_FORM_FIELDS]
        labels = {"parameter": _("parameter")}

    def validate_unique(self) -> None:
        """The point is set by the service, which reports a duplicate parameter itself."""


class ExportForm(StyledFormMixin, forms.Form):
    """Which readings to export (issue 16, item 7); every field optional."""

    facility = forms.ModelChoiceField(
        label=_("facility"), queryset=Facility.objects.none(), required=False
    )
    basin = forms.ChoiceField(label=_("River basin"), required=False)
    point = forms.ModelChoiceField(
        label=_("monitoring point"), queryset=MonitoringPoint.objects.none(), required=False
    )
    parameter = forms.ModelChoiceField(
        label=_("parameter"), queryset=Parameter.objects.all(), required=False
    )
    start = forms.DateField(
        label=_("Period from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Period to (inclusive)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(
        self, *args: Any, facilities: Any = None, points: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["basin"].choices = [("", "—"), *BASIN_CHOICES]  # type: ignore[attr-defined]
        if facilities is not None:
            self.fields["facility"].queryset = facilities  # type: ignore[attr-defined]
        if points is not None:
            self.fields["point"].queryset = points  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end of the period is before its start."))
        return data


class ResolveForm(StyledFormMixin, forms.Form):
    """Closing an alert: the reason is required (issue 15, item 6)."""

    reason = forms.CharField(label=_("Reason for closing"), max_length=2000)
