from django.urls import path

from tailsafe.transboundary import views

app_name = "transboundary"
urlpatterns = [
    path("", views.index, name="index"),
    path("bodies/", views.bodies, name="bodies"),
    path("facilities/<int:pk>/contacts/", views.contacts, name="contacts"),
    path("notices/<int:pk>/", views.notice, name="notice"),
    path("notices/<int:pk>/submit/", views.submit, name="submit"),
    path("notices/<int:pk>/approve/", views.approve, name="approve"),
    path("notices/<int:pk>/followup/", views.followup, name="followup"),
    path("drills/start/", views.start_drill, name="start_drill"),
    path("drills/<int:pk>/", views.drill, name="drill"),
    path("alerts/<int:pk>/cap.xml", views.alert_cap, name="alert_cap"),
]
