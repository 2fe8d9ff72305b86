"""Two-factor login (TOTP, RFC 6238) with django-otp: enrol a device, verify after password."""

from __future__ import annotations

from typing import TYPE_CHECKING

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from tailsafe.core.audit import save_with_audit
from tailsafe.core.forms import StyledFormMixin

if TYPE_CHECKING:
    from tailsafe.core.models import User
    from tailsafe.core.typing import AuthenticatedHttpRequest


class TokenForm(StyledFormMixin, forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Six-digit code from your authenticator app"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def clean_token(self) -> str:
        token = str(self.cleaned_data["token"]).strip()
        if not token.isdigit():
            raise forms.ValidationError(_("The code has six digits."))
        return token


def _pending_device(user: User) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="TailSafe", confirmed=False)


@login_required
def setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the QR code (or type the key), confirm with a code."""
    confirmed = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    if confirmed:
        return render(request, "core/2fa_setup.html", {"enrolled": True})
    device = _pending_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            with transaction.atomic():
                device.confirmed = True
                device.save()
                save_with_audit(request.user, request.user, "two-factor login enabled")
            otp_login(request, device)
            messages.success(request, _("Two-factor login is on."))
            return redirect("dashboard:home")
        form.add_error("token", _("This code is not valid. Check the time on your phone."))
    qr = segno.make(device.config_url, error="m")
    svg = qr.svg_inline(scale=4, title=_("QR code for the authenticator app"))
    secret = device.config_url.split("secret=")[1].split("&")[0]
    return render(
        request,
        "core/2fa_setup.html",
        {
            "form": form,
            "qr": mark_safe(svg),  # noqa: S308 (segno's SVG of our own otpauth URI)
            "secret": secret,
            "enrolled": False,
        },  # segno output, no user input
    )


@login_required
def verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    """After the password: ask for the code of the enrolled device."""
    target = request.GET.get("next") or request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for device in TOTPDevice.objects.filter(user=request.user, confirmed=True):
            if device.verify_token(form.cleaned_data["token"]):
                otp_login(request, device)
                return redirect(target)
        form.add_error("token", _("This code is not valid."))
    return render(request, "core/2fa_verify.html", {"form": form, "next": target})
