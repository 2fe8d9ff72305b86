from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from tailsafe.core import twofactor
from tailsafe.core import views as core_views
from tailsafe.transboundary import views as tb_views

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
    # the internal CAP download moved to transboundary; its former address still answers
    path("monitoring/alerts/<int:pk>/cap.xml", tb_views.alert_cap),
    path("monitoring/", include("tailsafe.monitoring.urls")),
    path("transboundary/", include("tailsafe.transboundary.urls")),
    path("knowledge/", include("tailsafe.knowledge.urls")),
    path("correspondence/", include("tailsafe.correspondence.urls")),
    path("search/", include("tailsafe.search.urls")),
    path("api/v1/", include("tailsafe.api.urls")),
    path("public/", include("tailsafe.public.urls")),
    path("notifications/", include("tailsafe.notifications.urls")),
    path("", include("tailsafe.dashboard.urls")),
]

# JSON errors under /api/, Django's pages elsewhere (tailsafe.api.errors).
handler400 = "tailsafe.api.errors.bad_request"
handler403 = "tailsafe.api.errors.permission_denied"
handler404 = "tailsafe.api.errors.not_found"
handler500 = "tailsafe.api.errors.server_error"
