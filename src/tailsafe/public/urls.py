from django.urls import path

from tailsafe.public import views

app_name = "public"
urlpatterns = [
    path("", views.index, name="index"),
    path("manage/", views.manage, name="manage"),
    path("alerts/<int:pk>/cap.xml", views.alert_cap, name="alert_cap"),
    path("alerts.atom", views.alerts_atom, name="alerts_atom"),
    path("manage/<slug:kind>/<int:pk>/", views.toggle, name="toggle"),
]
