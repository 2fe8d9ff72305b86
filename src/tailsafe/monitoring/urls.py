from django.urls import path

from tailsafe.monitoring import views, views_export, views_programme

app_name = "monitoring"

urlpatterns = [
    path("", views.point_list, name="point_list"),
    path("points/<int:pk>/", views.point_detail, name="point_detail"),
    path("points/new/", views_programme.point_create, name="point_create"),
    path("points/<int:pk>/edit/", views_programme.point_edit, name="point_edit"),
    path("points/<int:pk>/programme/new/", views_programme.entry_create, name="entry_create"),
    path("programme/<int:pk>/edit/", views_programme.entry_edit, name="entry_edit"),
    path("series/<int:pk>/", views.series_chart, name="series_chart"),
    path("series/<int:pk>/data.json", views.series_data, name="series_data"),
    path("series/<int:pk>/edit/", views.series_edit, name="series_edit"),
    path("import/", views.import_upload, name="import_upload"),
    path("import/<int:pk>/", views.import_detail, name="import_detail"),
    path("import/<int:pk>/progress/", views.import_progress, name="import_progress"),
    path("mappings/new/", views.mapping_edit, name="mapping_create"),
    path("mappings/<int:pk>/", views.mapping_edit, name="mapping_edit"),
    path("observations/new/", views.observation_create, name="observation_create"),
    path("export/", views_export.readings_export, name="readings_export"),
    path("points.geojson", views_export.points_geojson, name="points_geojson"),
    path("facility/<int:pk>/points/", views_export.facility_points, name="facility_points"),
    path("alerts/", views.alert_list, name="alert_list"),
    path("alerts/<int:pk>/acknowledge/", views.alert_acknowledge, name="alert_acknowledge"),
    path("alerts/<int:pk>/resolve/", views.alert_resolve, name="alert_resolve"),
]
