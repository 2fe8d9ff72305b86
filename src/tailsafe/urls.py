from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from tailsafe.core import twofactor
from tailsafe.core import views as core_views

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("ping/", core_views.ping, name="ping"),
    path("language/", core_views.set_language, name="set_language"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/2fa/", twofactor.setup, name="2fa_setup"),
    path("account/2fa/verify/", twofactor.verify, name="2fa_verify"),
    path("admin/", admin.site.urls),
    path("governance/", include("tailsafe.governance.urls")),
    path("meetings/", include("tailsafe.meetings.urls")),
    path("followup/", include("tailsafe.followup.urls")),
    path("facilities/", include("tailsafe.facilities.urls")),
    path("inspections/", include("tailsafe.inspections.urls")),
    path("monitoring/", include("tailsafe.monitoring.urls")),
    path("knowledge/", include("tailsafe.knowledge.urls")),
    path("correspondence/", include("tailsafe.correspondence.urls")),
    path("search/", include("tailsafe.search.urls")),
    path("api/v1/", include("tailsafe.api.urls")),
    path("public/", include("tailsafe.public.urls")),
    path("notifications/", include("tailsafe.notifications.urls")),
    path("", include("tailsafe.dashboard.urls")),
]
