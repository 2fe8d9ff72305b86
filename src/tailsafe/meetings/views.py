"""Meetings views: load -> check access -> call a service -> render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tailsafe.core.audit import history_of
from tailsafe.core.forms import add_service_errors
from tailsafe.core.permissions import Perm, has_perm, requires
from tailsafe.core.uploads import attachment
from tailsafe.followup import services as followup
from tailsafe.governance.models import Institution
from tailsafe.meetings import papers, services
from tailsafe.meetings.forms import (
    POSITION_CHOICES,
    AgendaItemForm,
    CommentForm,
    CorrectionForm,
    DocumentForm,
    MeetingForm,
    ProposalForm,
    ReplyForm,
)
from tailsafe.meetings.models import (
    AgendaDocument,
    AgendaItem,
    Meeting,
    Minutes,
    MinutesItem,
    Position,
    Proposal,
)

TABS = ("agenda", "invitations", "attendance", "minutes", "papers", "history")


def refused(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    """A 403 page that says why (object-level rules: leading co-chair, own institution)."""
    return render(request, "meetings/refused.html", {"message": str(exc)}, status=403)


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- M1 meetings ------------------------------------------------------------------------------


@requires(Perm.VIEW_INTERNAL)
def meeting_list(request: HttpRequest) -> HttpResponse:
    meetings = Meeting.objects.select_related("host").order_by("-starts_at")
    return render(request, "meetings/meeting_list.html", {"meetings": meetings})


@requires(Perm.MANAGE_MEETINGS)
def meeting_create(request: HttpRequest) -> HttpResponse:
    form = MeetingForm(request.POST or None, initial={"number": services.next_number()})
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.plan_meeting(request.user, form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Meeting planned."))
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "creating": True})


@requires(Perm.MANAGE_MEETINGS)
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    local = timezone.localtime(meeting.starts_at)
    initial = {
        "number": meeting.number,
        "title": meeting.title,
        "date": local.date(),
        "time": local.time(),
        "place": meeting.place,
        "online_link": meeting.online_link,
        "host": meeting.host,
    }
    if meeting.ends_at:
        initial["duration_hours"] = round(
            (meeting.ends_at - meeting.starts_at).total_seconds() / 3600, 1
        )
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_meeting(request.user, meeting, form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("meetings:meeting_detail", pk=meeting.pk)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting})


@requires(Perm.VIEW_INTERNAL)
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("host"), pk=pk)
    tab = request.GET.get("tab", "agenda")
    if tab not in TABS:
        tab = "agenda"
    ctx: dict[str, Any] = {
        "meeting": meeting,
        "tab": tab,
        "tabs": _tab_labels(),
        "can_edit": has_perm(request.user, Perm.MANAGE_MEETINGS)
        and meeting.agenda_status != Meeting.AgendaStatus.FINAL,
    }
    agenda = list(meeting.agenda_items.prefetch_related("documents", "action_items"))
    ctx["agenda"] = agenda
    if tab == "agenda":
        # offered only while the agenda can change (the template shows them only then)
        ctx["proposed"] = followup.open_items_for_agenda(meeting) if ctx["can_edit"] else []
        ctx["item_form"] = AgendaItemForm()
    elif tab == "invitations":
        ctx["invitations"] = meeting.invitations.select_related("institution").order_by(
            "guest", "name"
        )
    elif tab == "attendance":
        ctx["rows"] = services.attendance_candidates(meeting)
        ctx["participants"] = services.participants(meeting)
    elif tab == "minutes":
        ctx["versions"] = meeting.minutes_versions.order_by("-version")
        ctx["minutes"] = meeting.current_minutes()
        if ctx["minutes"]:
            ctx.update(papers.context(meeting, "minutes", ctx["minutes"]))
            ctx["comment_form"] = CommentForm()
            ctx["correction_form"] = CorrectionForm()
            ctx["comments"] = ctx["minutes"].comments.select_related("author", "item")
    elif tab == "papers":
        ctx["kinds"] = [
            ("agenda", _("Agenda")),
            ("participants", _("List of participants")),
            ("minutes", _("Minutes and action plan")),
        ]
        ctx["languages"] = [("ru", "Русский"), ("tg", "Тоҷикӣ"), ("en", "English")]
    elif tab == "history":
        ctx["history"] = history_of(meeting)
    return render(request, "meetings/meeting_detail.html", ctx)


def _tab_labels() -> list[tuple[str, str]]:
    return [
        ("agenda", _("Agenda")),
        ("invitations", _("Invitations")),
        ("attendance", _("Attendance")),
        ("minutes", _("Minutes")),
        ("papers", _("Papers")),
        ("history", _("History")),
    ]


@require_POST
@requires(Perm.MANAGE_MEETINGS)
def meeting_status(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    try:
        services.set_status(request.user, meeting, request.POST.get("status", ""))
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Status changed."))
    return redirect("meetings:meeting_detail", pk=pk)


# --- M2 agenda --------------------------------------------------------------------------------


@require_POST
@requires(Perm.MANAGE_MEETINGS)
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    form = AgendaItemForm(request.POST)
    if form.is_valid():
        try:
            services.add_agenda_item(request.user, meeting, form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Agenda item added."))
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else str(error))
    return redirect(reverse("meetings:meeting_detail", args=[pk]) + "?tab=agenda")


@requires(Perm.MANAGE_MEETINGS)
def agenda_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    form = AgendaItemForm(request.POST or None, instance=AgendaItem.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_agenda_item(request.user, item, form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Changes saved."))
            return redirect(
                reverse("meetings:meeting_detail", args=[item.meeting_id]) + "?tab=agenda"
            )
    return render(request, "meetings/agenda_item_form.html", {"form": form, "item": item})


@require_POST
@requires(Perm.MANAGE_MEETINGS)
def agenda_reorder(request: HttpRequest, pk: int) -> HttpResponse:
    """Drag and drop posts the new order as `order` ids (htmx); answers with the agenda list."""
    meeting = get_object_or_404(Meeting, pk=pk)
    ids = request.POST.getlist("order")
    error = ""
    try:
        services.reorder_agenda(request.user, meeting, ids)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.headers.get("HX-Request"):
        ctx = {
            "meeting": meeting,
            "agenda": list(meeting.agenda_items.prefetch_related("documents", "action_items")),
            "reorder_error": error,
            "can_edit": meeting.agenda_status != Meeting.AgendaStatus.FINAL,
        }
        return render(request, "meetings/_agenda_list.html", ctx, status=400 if error else 200)
    if error:
        messages.error(request, error)
    return redirect(reverse("meetings:meeting_detail", args=[pk]) + "?tab=agenda")


@require_POST
@requires(Perm.MANAGE_MEETINGS)
def agenda_move(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    try:
        services.move_agenda_item(request.user, item, request.POST.get("direction", ""))
    except ValidationError as exc:
        _errors(request, exc)
    return redirect(
        reverse("meetings:meeting_detail", args=[item.meeting_id]) + f"?tab=agenda#item-{item.pk}"
    )


@require_POST
@requires(Perm.MANAGE_MEETINGS)
def agenda_status(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    try:
        services.set_agenda_status(request.user, meeting, request.POST.get("status", ""))
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Agenda status changed."))
    return redirect(reverse("meetings:meeting_detail", args=[pk]) + "?tab=agenda")


@require_POST
@requires(Perm.MANAGE_MEETINGS)
def agenda_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Add the proposed open and overdue action items as a review item (M2)."""
    meeting = get_object_or_404(Meeting, pk=pk)
    try:
        followup.add_review_to_agenda(
            request.user, meeting, followup.open_items_for_agenda(meeting)
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("The open action items were added to the agenda."))
    return redirect(reverse("meetings:meeting_detail", args=[pk]) + "?tab=agenda")


@requires(Perm.MANAGE_MEETINGS)
def agenda_document(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(AgendaItem.objects.select_related("meeting"), pk=pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attach_document(
                request.user,
                item,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Document attached."))
            return redirect(
                reverse("meetings:meeting_detail", args=[item.meeting_id]) + "?tab=agenda"
            )
    return render(request, "meetings/document_form.html", {"form": form, "item": item})


@requires(Perm.VIEW_INTERNAL)
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    doc = get_object_or_404(AgendaDocument, pk=pk)
    return attachment(doc.file)


# --- M3 invitations and attendance ----------------------------------------------------------


@requires(Perm.MANAGE_MEETINGS)
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    invitees = services.possible_invitees()
    invited = {
        (f"p{i.person_id}" if i.person_id else f"g{i.guest_id}") for i in meeting.invitations.all()
    }
    error = ""
    if request.method == "POST":
        keys = request.POST.getlist("invitee")
        try:
            sent, skipped = services.invite(
                request.user,
                meeting,
                keys,
                reply_url=lambda token: request.build_absolute_uri(
                    reverse("meetings:invitation_reply", args=[token])
                ),
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(
                request, _("%(n)s invitations sent with the calendar file.") % {"n": len(sent)}
            )
            if skipped:
                messages.warning(
                    request,
                    _("Not sent (already invited or no e-mail address): %(names)s")
                    % {"names": ", ".join(skipped)},
                )
            return redirect(reverse("meetings:meeting_detail", args=[pk]) + "?tab=invitations")
    return render(
        request,
        "meetings/invite.html",
        {"meeting": meeting, "invitees": invitees, "invited": invited, "error": error},
    )


def invitation_reply(request: HttpRequest, token: str) -> HttpResponse:
    """The reply link of an invitation e-mail: public on purpose, the token is the key (M3).
    A wrong or used link shows a clear message and changes nothing."""
    try:
        invitation = services.invitation_for_token(token)
    except ValidationError as exc:
        return render(
            request, "meetings/reply.html", {"link_error": " ".join(exc.messages)}, status=404
        )
    form = ReplyForm(request.POST or None)
    status = 200
    if invitation.replied_at is not None and request.method != "POST":
        return render(request, "meetings/reply.html", {"invitation": invitation, "done": True})
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.reply_to_invitation(
                token, form.cleaned_data["reply"], form.cleaned_data["delegate_name"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
            status = 400
        else:
            return render(request, "meetings/reply.html", {"invitation": invitation, "done": True})
    return render(
        request, "meetings/reply.html", {"invitation": invitation, "form": form}, status=status
    )


@require_POST
@requires(Perm.MANAGE_MEETINGS)
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    try:
        services.record_attendance(request.user, meeting, request.POST.getlist("present"))
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Attendance saved."))
    return redirect(reverse("meetings:meeting_detail", args=[pk]) + "?tab=attendance")


# --- M4 minutes -------------------------------------------------------------------------------


@require_POST
@requires(Perm.MANAGE_MEETINGS)
def minutes_start(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    try:
        minutes = services.start_minutes(request.user, meeting)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect(reverse("meetings:meeting_detail", args=[pk]) + "?tab=minutes")
    return redirect("meetings:minutes_edit", pk=minutes.pk)


def _editor_context(minutes: Minutes) -> dict[str, Any]:
    ctx = papers.context(minutes.meeting, "minutes", minutes)
    ctx["present"] = services.present_institutions(minutes.meeting)
    return ctx


@requires(Perm.MANAGE_MEETINGS)
def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    minutes = get_object_or_404(Minutes.objects.select_related("meeting"), pk=pk)
    if minutes.is_frozen:
        messages.error(
            request, _("Approved minutes cannot be edited; record a correction as a new version.")
        )
        return redirect(
            reverse("meetings:meeting_detail", args=[minutes.meeting_id]) + "?tab=minutes"
        )
    ctx = _editor_context(minutes)
    ctx.update(minutes=minutes, revision=minutes.revision, posted={}, error="")
    status = 200
    if request.method == "POST":
        data: dict[int, dict[str, str]] = {}
        for entry in ctx["items"]:
            item = entry["item"]
            data[item.pk] = {
                key: request.POST.get(f"item-{item.pk}-{key}", "")[:20000]
                for key in services.MINUTES_ITEM_FIELDS
            }
        try:
            expected = int(request.POST.get("revision", ""))
        except ValueError:
            expected = -1
        try:
            services.save_minutes(request.user, minutes, data, expected)
        except services.StaleMinutes as exc:
            # Nothing is lost: the user's text goes back into the form, now at the saved
            # revision (saving again is a deliberate choice), with the saved text beside it.
            saved = Minutes.objects.get(pk=minutes.pk)
            ctx.update(error=" ".join(exc.messages), posted=data, revision=saved.revision)
            ctx["saved"] = {
                item.pk: {
                    k: getattr(item, k)
                    for k in services.MINUTES_ITEM_FIELDS
                    if getattr(item, k) != data.get(item.pk, {}).get(k, getattr(item, k))
                }
                for item in saved.items.all()
            }
            status = 409
        except ValidationError as exc:
            # Nothing is lost: the user's text goes back into the form.
            ctx.update(error=" ".join(exc.messages), posted=data, revision=expected)
            status = 409
        else:
            messages.success(request, _("Minutes saved."))
            return redirect("meetings:minutes_edit", pk=minutes.pk)
    for entry in ctx["items"]:
        item = entry["item"]
        posted = ctx["posted"].get(item.pk)
        entry["values"] = posted or {k: getattr(item, k) for k in services.MINUTES_ITEM_FIELDS}
        entry["saved"] = ctx.get("saved", {}).get(item.pk, {})
    ctx["proposal_form"] = ProposalForm()
    return render(request, "meetings/minutes_edit.html", ctx, status=status)


def _minutes_action(request: HttpRequest, pk: int, action: Any, done: str) -> HttpResponse:
    minutes = get_object_or_404(Minutes.objects.select_related("meeting"), pk=pk)
    try:
        action(minutes)
    except PermissionDenied as exc:
        return refused(request, exc)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, done)
    return redirect(reverse("meetings:meeting_detail", args=[minutes.meeting_id]) + "?tab=minutes")


@require_POST
@requires(Perm.MANAGE_MEETINGS)
def minutes_circulate(request: HttpRequest, pk: int) -> HttpResponse:
    return _minutes_action(
        request,
        pk,
        lambda m: services.circulate_minutes(request.user, m),
        _("The minutes are circulated for comments."),
    )


@require_POST
@requires(Perm.CHAIR)
def minutes_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _minutes_action(
        request,
        pk,
        lambda m: services.approve_minutes(request.user, m),
        _("The minutes are approved and frozen."),
    )


@require_POST
@requires(Perm.MANAGE_MEETINGS)
def minutes_correct(request: HttpRequest, pk: int) -> HttpResponse:
    minutes = get_object_or_404(Minutes, pk=pk)
    try:
        new = services.correct_minutes(request.user, minutes, request.POST.get("reason", ""))
    except ValidationError as exc:
        _errors(request, exc)
        return redirect(
            reverse("meetings:meeting_detail", args=[minutes.meeting_id]) + "?tab=minutes"
        )
    messages.success(request, _("A new version was opened for the correction."))
    return redirect("meetings:minutes_edit", pk=new.pk)


@require_POST
@requires(Perm.COMMENT_MINUTES)
def minutes_comment(request: HttpRequest, pk: int) -> HttpResponse:
    minutes = get_object_or_404(Minutes, pk=pk)
    item = None
    item_id = request.POST.get("item", "")
    if item_id.isdigit():
        item = MinutesItem.objects.filter(pk=int(item_id)).first()
    try:
        services.comment_minutes(request.user, minutes, request.POST.get("text", "")[:5000], item)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Comment added."))
    return redirect(reverse("meetings:meeting_detail", args=[minutes.meeting_id]) + "?tab=minutes")


@requires(Perm.VIEW_INTERNAL)
def minutes_diff(request: HttpRequest, pk: int) -> HttpResponse:
    minutes = get_object_or_404(Minutes.objects.select_related("meeting", "previous"), pk=pk)
    if minutes.previous is None:
        raise Http404
    return render(
        request,
        "meetings/minutes_diff.html",
        {"minutes": minutes, "meeting": minutes.meeting, "lines": services.diff_lines(minutes)},
    )


# --- M5 consensus -----------------------------------------------------------------------------


@require_POST
@requires(Perm.MANAGE_MEETINGS)
def proposal_add(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(MinutesItem.objects.select_related("minutes"), pk=pk)
    form = ProposalForm(request.POST)
    if form.is_valid():
        try:
            proposal = services.add_proposal(request.user, item, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            return redirect("meetings:proposal_positions", pk=proposal.pk)
    else:
        messages.error(request, _("Write the proposal."))
    return redirect(
        reverse("meetings:minutes_edit", args=[item.minutes_id]) + f"#section-{item.pk}"
    )


@requires(Perm.STATE_POSITION)
def proposal_positions(request: HttpRequest, pk: int) -> HttpResponse:
    """Each present institution's position on a proposal (§28). The secretariat records any
    institution's position; a member only their own institution's."""
    proposal = get_object_or_404(Proposal.objects.select_related("item__minutes__meeting"), pk=pk)
    minutes = proposal.item.minutes
    present = services.present_institutions(minutes.meeting)
    manager = has_perm(request.user, Perm.MANAGE_MEETINGS)
    own = getattr(request.user, "institution_id", None)
    editable = [i for i in present if manager or i.pk == own]
    current = {p.institution_id: p for p in proposal.positions.all()}
    errors: dict[int, str] = {}
    posted: dict[int, tuple[str, str]] = {}
    if request.method == "POST":
        if minutes.is_frozen:
            messages.error(request, _("Approved minutes cannot be edited."))
            return redirect("meetings:proposal_positions", pk=pk)
        for inst in editable:
            value = request.POST.get(f"position-{inst.pk}", "")
            reason = request.POST.get(f"reason-{inst.pk}", "")[:2000]
            posted[inst.pk] = (value, reason)
            if not value:
                continue
            try:
                services.record_position(request.user, proposal, inst, value, reason)
            except ValidationError as exc:
                errors[inst.pk] = " ".join(exc.messages)
            except PermissionDenied as exc:
                return refused(request, exc)
        if not errors:
            messages.success(request, _("Positions saved."))
            return redirect("meetings:proposal_positions", pk=pk)
        current = {p.institution_id: p for p in proposal.positions.all()}
    rows = []
    for inst in present:
        pos: Position | None = current.get(inst.pk)
        value, reason = posted.get(
            inst.pk, (pos.position if pos else "", pos.reason if pos else "")
        )
        rows.append(
            {
                "institution": inst,
                "value": value,
                "reason": reason,
                "editable": inst in editable and not minutes.is_frozen,
                "error": errors.get(inst.pk, ""),
            }
        )
    return render(
        request,
        "meetings/proposal_positions.html",
        {
            "proposal": proposal,
            "minutes": minutes,
            "meeting": minutes.meeting,
            "rows": rows,
            "choices": POSITION_CHOICES,
            "outcome": services.outcome(proposal),
            "institutions": {
                i.key: i for i in Institution.objects.filter(pk__in=[i.pk for i in present])
            },
            "history": history_of_positions(proposal)
            if has_perm(request.user, Perm.VIEW_HISTORY)
            else [],
        },
        status=400 if errors else 200,
    )


def history_of_positions(proposal: Proposal) -> list[Any]:
    """Every change of every position on the proposal (M5: position changes are audited)."""
    records = (
        Position.history.filter(proposal_id=proposal.pk)
        .select_related("history_user", "institution")
        .order_by("-history_date", "-history_id")[:200]
    )
    return list(records)


# --- M6 papers --------------------------------------------------------------------------------


@requires(Perm.VIEW_INTERNAL)
def paper(request: HttpRequest, pk: int, kind: str, lang: str, fmt: str) -> HttpResponse:
    meeting = get_object_or_404(Meeting, pk=pk)
    if kind not in papers.KINDS or fmt not in papers.FORMATS or lang not in ("ru", "tg", "en"):
        raise Http404
    data, content_type, name = papers.render(meeting, kind, fmt, lang)
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
