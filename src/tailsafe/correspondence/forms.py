from django import forms
from django.utils.translation import gettext_lazy as _

from tailsafe.core.forms import StyledFormMixin
from tailsafe.core.once import OnceFormMixin
from tailsafe.correspondence.models import Letter
from tailsafe.governance.models import Institution


class RegisterLetterForm(OnceFormMixin, StyledFormMixin, forms.Form):
    direction = forms.ChoiceField(label=_("Direction"), choices=Letter.Direction.choices)
    number = forms.CharField(label=_("Number"), max_length=60)
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    correspondent = forms.CharField(label=_("Sender or addressee"), max_length=300)
    institution = forms.ModelChoiceField(
        label=_("Institution (sender or addressee)"),
        queryset=Institution.objects.filter(archived_at__isnull=True),
        required=False,
        help_text=_("Its users can read the letter."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=400)
    file = forms.FileField(
        label=_("File"), required=False, help_text=_("PDF or a scanned image (PNG, JPEG, TIFF).")
    )


class DraftLetterForm(OnceFormMixin, StyledFormMixin, forms.Form):
    correspondent = forms.CharField(label=_("Addressee"), max_length=300)
    institution = forms.ModelChoiceField(
        label=_("Institution (sender or addressee)"),
        queryset=Institution.objects.filter(archived_at__isnull=True),
        required=False,
        help_text=_("Its users can read the letter."),
    )
    subject = forms.CharField(label=_("Subject"), max_length=400)
    body = forms.CharField(label=_("Text of the letter"), widget=forms.Textarea(attrs={"rows": 10}))


class RejectForm(StyledFormMixin, forms.Form):
    comments = forms.CharField(
        label=_("Comments for the secretariat"), widget=forms.Textarea(attrs={"rows": 3})
    )
