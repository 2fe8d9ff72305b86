from django.urls import path

from tailsafe.meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("new/", views.meeting_create, name="meeting_create"),
    path("<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/status/", views.meeting_status, name="meeting_status"),
    path("<int:pk>/agenda/add/", views.agenda_add, name="agenda_add"),
    path("<int:pk>/agenda/reorder/", views.agenda_reorder, name="agenda_reorder"),
    path("<int:pk>/agenda/status/", views.agenda_status, name="agenda_status"),
    path("<int:pk>/agenda/review/", views.agenda_review, name="agenda_review"),
    path("agenda/<int:pk>/edit/", views.agenda_edit, name="agenda_edit"),
    path("agenda/<int:pk>/move/", views.agenda_move, name="agenda_move"),
    path("agenda/<int:pk>/document/", views.agenda_document, name="agenda_document"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    path("<int:pk>/invite/", views.invite, name="invite"),
    path("reply/<str:token>/", views.invitation_reply, name="invitation_reply"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/minutes/start/", views.minutes_start, name="minutes_start"),
    path("minutes/<int:pk>/", views.minutes_edit, name="minutes_edit"),
    path("minutes/<int:pk>/circulate/", views.minutes_circulate, name="minutes_circulate"),
    path("minutes/<int:pk>/approve/", views.minutes_approve, name="minutes_approve"),
    path("minutes/<int:pk>/correct/", views.minutes_correct, name="minutes_correct"),
    path("minutes/<int:pk>/comment/", views.minutes_comment, name="minutes_comment"),
    path("minutes/<int:pk>/diff/", views.minutes_diff, name="minutes_diff"),
    path("minutes/items/<int:pk>/proposal/", views.proposal_add, name="proposal_add"),
    path("proposals/<int:pk>/", views.proposal_positions, name="proposal_positions"),
    path("<int:pk>/papers/<str:kind>/<str:lang>.<str:fmt>", views.paper, name="paper"),
]
