"""Remember the interface language per user (P1)."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

SUPPORTED = {code for code, _name in settings.LANGUAGES}


class UserLanguageMiddleware:
    """After authentication: a signed-in user's saved language wins, then the language cookie;
    otherwise Russian, the group's working language (not the browser's guess)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user and user.is_authenticated else ""
        if language not in SUPPORTED:
            cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
            language = cookie if cookie in SUPPORTED else settings.LANGUAGE_CODE
        if language in SUPPORTED:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if language in SUPPORTED and not response.has_header("Content-Language"):
            response.headers["Content-Language"] = language
        return response


class SecondFactorMiddleware:
    """A user who enrolled a second factor (TOTP) must confirm a code after the password
    before anything else; co-chairs and admins are offered enrolment (issue 9)."""

    ALLOWED_PREFIXES = ("/account/2fa/verify/", "/logout/", "/static/", "/healthz", "/language/")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.shortcuts import redirect
        from django_otp import user_has_device

        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(self.ALLOWED_PREFIXES)
            and user_has_device(user, confirmed=True)
        ):
            return redirect(f"/account/2fa/verify/?next={request.get_full_path()}")
        return self.get_response(request)
