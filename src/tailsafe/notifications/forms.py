from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms

from tailsafe.notifications.models import Kind, NotificationPreference
from tailsafe.notifications.services import preference

if TYPE_CHECKING:
    from tailsafe.core.models import User


class PreferencesForm(forms.Form):
    """One channel and one timing per kind of event."""

    def __init__(self, user: User, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in Kind:
            channel, digest = preference(user, kind.value)
            self.fields[f"{kind.value}_channel"] = forms.ChoiceField(
                label=kind.label,
                choices=NotificationPreference.Channel.choices,
                initial=channel,
            )
            self.fields[f"{kind.value}_digest"] = forms.ChoiceField(
                label=kind.label,
                choices=NotificationPreference.Digest.choices,
                initial=digest,
            )
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"

    def rows(self) -> list[tuple[str, Any, Any]]:
        return [
            (str(kind.label), self[f"{kind.value}_channel"], self[f"{kind.value}_digest"])
            for kind in Kind
        ]

    def preferences(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {k.value: (data[f"{k.value}_channel"], data[f"{k.value}_digest"]) for k in Kind}
