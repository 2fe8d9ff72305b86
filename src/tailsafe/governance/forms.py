from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from tailsafe.core.forms import StyledFormMixin
from tailsafe.core.once import OnceFormMixin
from tailsafe.governance.models import Establishment, Guest, Institution, Membership, Person


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class InstitutionForm(OnceFormMixin, StyledFormMixin, forms.ModelForm[Institution]):
    effective_on = forms.DateField(
        label=_("LPI change effective on"), required=False, widget=DateInput()
    )
    decided_at = forms.CharField(
        label=_("Decided at (meeting and minutes reference)"),
        required=False,
        max_length=300,
        help_text=_(
            "Changes of the list of participating institutions follow the group's decisions (§19)."
        ),
    )

    class Meta:
        model = Institution
        fields = [
            "key",
            "type",
            "name_ru",
            "name_tg",
            "name_en",
            "short_name",
            "in_lpi",
            "rotating_cochair",
            "secretariat",
            "email",
            "source",
            "confidence",
        ]
        widgets = {"source": forms.Textarea(attrs={"rows": 2})}


class NominationForm(OnceFormMixin, StyledFormMixin, forms.Form):
    person = forms.ModelChoiceField(
        label=_("Existing person"),
        queryset=Person.active.all(),
        required=False,
        help_text=_("Or enter a new person's name below."),
    )
    new_person_name = forms.CharField(
        label=_("New person: full name"), required=False, max_length=200
    )
    new_person_email = forms.EmailField(label=_("New person: e-mail"), required=False)
    new_person_position = forms.CharField(
        label=_("New person: position"), required=False, max_length=200
    )
    new_person_language = forms.ChoiceField(
        label=_("New person: language of messages"),
        choices=[("", _("as the site (Russian)")), *settings.LANGUAGES],
        required=False,
        help_text=_("Reminders and invitations to someone without an account go in this language."),
    )
    institution = forms.ModelChoiceField(label=_("Institution"), queryset=Institution.active.all())
    seat = forms.ChoiceField(
        label=_("Seat"), choices=Membership.Seat.choices, initial=Membership.Seat.MEMBER
    )
    start_date = forms.DateField(label=_("Term starts"), widget=DateInput())
    end_date = forms.DateField(
        label=_("Term ends"), widget=DateInput(), help_text=_("At least two years (§19).")
    )
    letter = forms.FileField(label=_("Nomination letter (PDF or scanned image)"))
    letter_reference = forms.CharField(
        label=_("Letter number and date"), required=False, max_length=120
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("person") and not (data.get("new_person_name") or "").strip():
            raise forms.ValidationError(_("Choose an existing person or enter a new one."))
        if data.get("person") and (data.get("new_person_name") or "").strip():
            raise forms.ValidationError(
                _("Choose an existing person or enter a new one, not both.")
            )
        return data


class RenewalForm(StyledFormMixin, forms.Form):
    end_date = forms.DateField(
        label=_("New term ends"), widget=DateInput(), help_text=_("At least two years (§19).")
    )
    letter = forms.FileField(label=_("Nomination letter (PDF or scanned image)"))
    letter_reference = forms.CharField(
        label=_("Letter number and date"), required=False, max_length=120
    )


class RotationForm(StyledFormMixin, forms.Form):
    order = forms.CharField(
        label=_("Rotation order"),
        max_length=500,
        help_text=_("Institution keys separated by commas, in the order they lead."),
    )
    start_year = forms.IntegerField(label=_("Start year"), min_value=1990, max_value=2200)


class TermForm(StyledFormMixin, forms.Form):
    senior_official = forms.ModelChoiceField(
        label=_("Nominated senior official"), queryset=Person.active.all(), required=False
    )
    nominated_on = forms.DateField(label=_("Nominated on"), required=False, widget=DateInput())
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class GuestForm(OnceFormMixin, StyledFormMixin, forms.ModelForm[Guest]):
    class Meta:
        model = Guest
        fields = [
            "kind",
            "name",
            "organisation",
            "position_title",
            "email",
            "phone",
            "language",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class EstablishmentForm(StyledFormMixin, forms.ModelForm[Establishment]):
    class Meta:
        model = Establishment
        fields = ["basis", "adopted_on", "act", "document", "notes"]
        widgets = {"adopted_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 2})}


class TorVersionForm(StyledFormMixin, forms.Form):
    version = forms.CharField(label=_("Version"), max_length=40)
    adopted_on = forms.DateField(label=_("Adopted on"), widget=DateInput())
    adopting_act = forms.CharField(label=_("Adopting act"), max_length=300)
    document = forms.FileField(label=_("Document (PDF)"))
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
