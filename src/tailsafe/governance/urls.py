from django.urls import path

from tailsafe.governance import views

app_name = "governance"

urlpatterns = [
    path("institutions/", views.institution_list, name="institution_list"),
    path("institutions/new/", views.institution_create, name="institution_create"),
    path("institutions/<int:pk>/", views.institution_detail, name="institution_detail"),
    path("institutions/<int:pk>/edit/", views.institution_edit, name="institution_edit"),
    path("institutions/<int:pk>/archive/", views.institution_archive, name="institution_archive"),
    path("institutions/changes/", views.lpi_changes, name="lpi_changes"),
    path("members/", views.member_list, name="member_list"),
    path("members/nominate/", views.member_nominate, name="member_nominate"),
    path("members/<int:pk>/", views.member_detail, name="member_detail"),
    path("members/<int:pk>/renew/", views.member_renew, name="member_renew"),
    path("members/<int:pk>/archive/", views.member_archive, name="member_archive"),
    path("members/<int:pk>/letter/", views.member_letter, name="member_letter"),
    path("rotation/", views.rotation_view, name="rotation"),
    path("rotation/configure/", views.rotation_configure, name="rotation_configure"),
    path("rotation/<int:year>/", views.term_edit, name="term_edit"),
    path("guests/", views.guest_list, name="guest_list"),
    path("guests/new/", views.guest_edit, name="guest_create"),
    path("guests/<int:pk>/edit/", views.guest_edit, name="guest_edit"),
    path("guests/<int:pk>/archive/", views.guest_archive, name="guest_archive"),
    path("terms-of-reference/", views.tor_view, name="tor"),
    path(
        "terms-of-reference/establishment/new/",
        views.establishment_create,
        name="establishment_create",
    ),
    path("terms-of-reference/new/", views.tor_version_create, name="tor_version_create"),
    path(
        "terms-of-reference/<str:kind>/<int:pk>/document/", views.tor_document, name="tor_document"
    ),
]
