from django.urls import path

from tailsafe.correspondence import views

app_name = "correspondence"

urlpatterns = [
    path("", views.letter_list, name="letter_list"),
    path("register/", views.letter_register, name="letter_register"),
    path("draft/", views.letter_draft, name="letter_draft"),
    path("<int:pk>/", views.letter_detail, name="letter_detail"),
    path("<int:pk>/edit/", views.letter_edit, name="letter_edit"),
    path("<int:pk>/submit/", views.letter_submit, name="letter_submit"),
    path("<int:pk>/approve/", views.letter_approve, name="letter_approve"),
    path("<int:pk>/reject/", views.letter_reject, name="letter_reject"),
    path("<int:pk>/file/", views.letter_file, name="letter_file"),
    path("<int:pk>/pdf/", views.letter_pdf, name="letter_pdf"),
    path("term-report/<int:year>/", views.term_report, name="term_report"),
    path(
        "term-report/<int:year>/<str:lang>.<str:fmt>",
        views.term_report_file,
        name="term_report_file",
    ),
]
