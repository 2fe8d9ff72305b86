"""The types of who is asking (issue 13, item 6).

`User` for code that only a signed-in person reaches (services, views behind `@requires` or
`@login_required`); `AnyUser` where an anonymous visitor arrives too (public pages, the
`*_visible_to` queries the public page and search call); `AuthenticatedHttpRequest` for the
views behind login, whose `request.user` is a `User`, not `User | AnonymousUser` (as
healthchecks does).

Import these under `if TYPE_CHECKING:` in modules that load before the apps are ready.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest

from tailsafe.core.models import User

AnyUser = User | AnonymousUser


class AuthenticatedHttpRequest(HttpRequest):
    """A request whose user signed in: the view is behind `@requires` or `@login_required`."""

    user: User
