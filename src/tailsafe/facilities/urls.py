from django.urls import path

from tailsafe.facilities import views

app_name = "facilities"
urlpatterns = [
    path("", views.facility_list, name="list"),
    path("new/", views.facility_create, name="create"),
    path("<int:pk>/", views.facility_detail, name="detail"),
    path("<int:pk>/sheet-<str:lang>.pdf", views.facility_sheet, name="sheet"),
    path("<int:pk>/edit/", views.facility_edit, name="edit"),
    path("<int:pk>/confirm/", views.facility_confirm, name="confirm"),
    path("<int:pk>/archive/", views.facility_archive, name="archive"),
    path("<int:pk>/publish/", views.facility_publish, name="publish"),
    path("ranking/", views.ranking, name="ranking"),
    path("map/", views.map_view, name="map"),
    path("basins/", views.basins, name="basins"),
    path("export/facilities.csv", views.export_csv, name="export_csv"),
    path("export/facilities.geojson", views.export_geojson, name="export_geojson"),
    path("parameter-sets/", views.parameter_sets, name="parameter_sets"),
    path(
        "parameter-sets/<int:pk>/activate/",
        views.parameter_set_activate,
        name="parameter_set_activate",
    ),
]
