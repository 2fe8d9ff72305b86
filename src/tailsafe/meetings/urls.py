from django.urls import path

from tailsafe.meetings.views import agenda, consensus, invitations, meeting_views, minutes

app_name = "meetings"

urlpatterns = [
    path("", meeting_views.meeting_list, name="meeting_list"),
    path("new/", meeting_views.meeting_create, name="meeting_create"),
    path("<int:pk>/", meeting_views.meeting_detail, name="meeting_detail"),
    path("<int:pk>/edit/", meeting_views.meeting_edit, name="meeting_edit"),
    path("<int:pk>/status/", meeting_views.meeting_status, name="meeting_status"),
    path("<int:pk>/agenda/add/", agenda.agenda_add, name="agenda_add"),
    path("<int:pk>/agenda/reorder/", agenda.agenda_reorder, name="agenda_reorder"),
    path("<int:pk>/agenda/status/", agenda.agenda_status, name="agenda_status"),
    path("agenda/<int:pk>/edit/", agenda.agenda_edit, name="agenda_edit"),
    path("agenda/<int:pk>/move/", agenda.agenda_move, name="agenda_move"),
    path("agenda/<int:pk>/withdraw/", agenda.agenda_withdraw, name="agenda_withdraw"),
    path("agenda/<int:pk>/document/", agenda.agenda_document, name="agenda_document"),
    path("documents/<int:pk>/", agenda.document_download, name="document_download"),
    path("<int:pk>/invite/", invitations.invite, name="invite"),
    path("reply/<str:token>/", invitations.invitation_reply, name="invitation_reply"),
    path("<int:pk>/attendance/", invitations.attendance, name="attendance"),
    path("<int:pk>/minutes/start/", minutes.minutes_start, name="minutes_start"),
    path("minutes/<int:pk>/", minutes.minutes_edit, name="minutes_edit"),
    path("minutes/<int:pk>/circulate/", minutes.minutes_circulate, name="minutes_circulate"),
    path("minutes/<int:pk>/approve/", minutes.minutes_approve, name="minutes_approve"),
    path("minutes/<int:pk>/correct/", minutes.minutes_correct, name="minutes_correct"),
    path("minutes/<int:pk>/comment/", minutes.minutes_comment, name="minutes_comment"),
    path("minutes/<int:pk>/diff/", minutes.minutes_diff, name="minutes_diff"),
    path("minutes/items/<int:pk>/proposal/", minutes.proposal_add, name="proposal_add"),
    path("proposals/<int:pk>/", minutes.proposal_positions, name="proposal_positions"),
    path("proposals/<int:pk>/put/", consensus.proposal_put, name="proposal_put"),
    path("positions/<int:pk>/withdraw/", consensus.position_withdraw, name="position_withdraw"),
    path("<int:pk>/papers/<str:kind>/<str:lang>.<str:fmt>", meeting_views.paper, name="paper"),
]
