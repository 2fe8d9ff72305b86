from django.urls import path

from tailsafe.public import views

app_name = "public"
urlpatterns = [
    path("", views.index, name="index"),
    path("manage/", views.manage, name="manage"),
    path("manage/<slug:kind>/<int:pk>/", views.toggle, name="toggle"),
]
