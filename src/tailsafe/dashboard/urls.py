from django.urls import path

from tailsafe.dashboard import views

app_name = "dashboard"
urlpatterns = [path("", views.start, name="home")]
