from django.urls import path
from rest_framework.routers import DefaultRouter

from tailsafe.api import views

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_format_suffixes = False
router.register("institutions", views.InstitutionViewSet, basename="institution")
router.register("members", views.MemberViewSet, basename="member")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("action-items", views.ActionItemViewSet, basename="actionitem")
router.register("recommendations", views.RecommendationViewSet, basename="recommendation")
router.register("facilities", views.FacilityViewSet, basename="facility")
router.register("hazard-assessments", views.HazardAssessmentViewSet, basename="hazard")
router.register("parameter-sets", views.ParameterSetViewSet, basename="parameterset")
router.register("monitoring-points", views.MonitoringPointViewSet, basename="point")
router.register("observations", views.ObservationViewSet, basename="observation")
router.register("alerts", views.AlertViewSet, basename="alert")
router.register("public/facilities", views.PublicFacilityViewSet, basename="public-facility")
router.register("public/meetings", views.PublicMeetingViewSet, basename="public-meeting")
router.register(
    "public/recommendations", views.PublicRecommendationViewSet, basename="public-recommendation"
)

urlpatterns = [
    path("openapi.json", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.DocsView.as_view(url_name="api:schema"), name="docs"),
    path("facilities.geojson", views.FacilityGeoJSON.as_view(), name="facilities-geojson"),
    path("facilities.csv", views.FacilityCSV.as_view(), name="facilities-csv"),
    path(
        "public/facilities.geojson",
        views.PublicFacilityGeoJSON.as_view(),
        name="public-facilities-geojson",
    ),
    path("public/facilities.csv", views.PublicFacilityCSV.as_view(), name="public-facilities-csv"),
    *router.urls,
]
