from django.urls import path

from tailsafe.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.centre, name="centre"),
    path("<int:pk>/read/", views.mark_read, name="mark_read"),
    path("<int:pk>/files/<int:index>/", views.attachment, name="attachment"),
    path("read-all/", views.mark_all_read, name="mark_all_read"),
    path("preferences/", views.preferences, name="preferences"),
]
