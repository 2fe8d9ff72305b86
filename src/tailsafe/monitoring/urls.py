from django.urls import path

from tailsafe.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.point_list, name="point_list"),
    path("points/<int:pk>/", views.point_detail, name="point_detail"),
    path("series/<int:pk>/", views.series_chart, name="series_chart"),
    path("series/<int:pk>/data.json", views.series_data, name="series_data"),
    path("series/<int:pk>/edit/", views.series_edit, name="series_edit"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/<int:pk>/", views.import_detail, name="import_detail"),
    path("import/<int:pk>/progress/", views.import_progress, name="import_progress"),
    path("mappings/new/", views.mapping_edit, name="mapping_create"),
    path("mappings/<int:pk>/", views.mapping_edit, name="mapping_edit"),
    path("observations/new/", views.observation_create, name="observation_create"),
    path("alerts/", views.alert_list, name="alert_list"),
    path("alerts/<int:pk>/acknowledge/", views.alert_acknowledge, name="alert_acknowledge"),
    path("alerts/<int:pk>/resolve/", views.alert_resolve, name="alert_resolve"),
]
