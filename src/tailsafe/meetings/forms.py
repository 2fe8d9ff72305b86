from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tailsafe.core.forms import StyledFormMixin
from tailsafe.core.once import OnceFormMixin
from tailsafe.governance.forms import DateInput
from tailsafe.governance.models import Institution
from tailsafe.meetings.consensus import POSITIONS
from tailsafe.meetings.models import AgendaItem, Invitation, Proposal


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class MeetingForm(OnceFormMixin, StyledFormMixin, forms.Form):
    number = forms.IntegerField(
        label=_("Number"), min_value=1, required=False, help_text=_("Leave empty for the next.")
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    time = forms.TimeField(label=_("Starts at (Dushanbe time)"), widget=TimeInput())
    duration_hours = forms.DecimalField(
        label=_("Duration (hours)"),
        min_value=0.5,
        max_value=72,
        decimal_places=1,
        required=False,
        help_text=_("Leave empty to use the agenda's durations."),
    )
    place = forms.CharField(label=_("Place"), max_length=300, required=False)
    online_link = forms.URLField(label=_("Online link"), required=False)
    host = forms.ModelChoiceField(
        label=_("Hosting authority"),
        queryset=Institution.active.all(),
        required=False,
        help_text=_("Empty: the leading co-chair authority of the year (§25)."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date") and data.get("time"):
            naive = dt.datetime.combine(data["date"], data["time"])
            data["starts_at"] = timezone.make_aware(naive)
            if data.get("duration_hours"):
                data["ends_at"] = data["starts_at"] + dt.timedelta(
                    hours=float(data["duration_hours"])
                )
            else:
                data["ends_at"] = None
        return data

    def service_data(self) -> dict[str, Any]:
        keys = ("number", "title", "starts_at", "ends_at", "place", "online_link", "host")
        return {k: self.cleaned_data.get(k) for k in keys}


class AgendaItemForm(StyledFormMixin, forms.ModelForm[AgendaItem]):
    class Meta:
        model = AgendaItem
        fields = ["title", "presenter", "duration_min", "facility_reference", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class DocumentForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    file = forms.FileField(label=_("File (PDF or scanned image)"))


class ReplyForm(StyledFormMixin, forms.Form):
    reply = forms.ChoiceField(
        label=_("Your reply"), choices=Invitation.Reply.choices, widget=forms.RadioSelect
    )
    delegate_name = forms.CharField(
        label=_("Delegate (if you send one)"), max_length=200, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reply"].widget.attrs["class"] = "form-check-input"


class ProposalForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Proposal.Kind.choices)
    text = forms.CharField(label=_("Proposal"), widget=forms.Textarea(attrs={"rows": 2}))


POSITION_CHOICES = [("", _("— no position —"))] + [
    (value, label)
    for value, label in (
        ("support", _("supports")),
        ("stand_aside", _("stands aside")),
        ("object", _("objects")),
    )
    if value in POSITIONS
]


class CommentForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}))


class CorrectionForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("What the correction is for"), widget=forms.Textarea(attrs={"rows": 2})
    )
