"""Correspondence views: load -> check access -> call a service -> render."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tailsafe.core import once
from tailsafe.core.audit import history_of
from tailsafe.core.forms import service_errors
from tailsafe.core.permissions import Perm, has_perm, requires
from tailsafe.correspondence import rules, services, termreport
from tailsafe.correspondence.forms import DraftLetterForm, RegisterLetterForm, RejectForm
from tailsafe.correspondence.models import Letter
from tailsafe.governance import services as governance
from tailsafe.governance.rules import is_leading_cochair

if TYPE_CHECKING:
    from tailsafe.core.typing import AuthenticatedHttpRequest


def refused(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return render(request, "meetings/refused.html", {"message": str(exc)}, status=403)


def _language(request: AuthenticatedHttpRequest) -> str:
    lang = (get_language() or "ru")[:2]
    return lang if lang in dict(settings.LANGUAGES) else "ru"


def _letter_url(letter: Letter) -> str:
    return reverse("correspondence:letter_detail", args=[letter.pk])


@requires(Perm.VIEW_INTERNAL)
def letter_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    letters = rules.letters_visible_to(
        request.user, Letter.objects.select_related("approved_by").order_by("-date", "-id")
    )
    direction = request.GET.get("direction", "")
    if direction in Letter.Direction.values:
        letters = letters.filter(direction=direction)
    return render(
        request,
        "correspondence/letter_list.html",
        {"letters": letters, "direction": direction, "year": timezone.localdate().year},
    )


@requires(Perm.MANAGE_CORRESPONDENCE)
def letter_register(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = RegisterLetterForm(
        request.POST or None, request.FILES or None, initial={"date": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("file", None)
        try:
            with service_errors(form, field="file") as outcome:
                letter = once.create_once(
                    request,
                    lambda: services.register_letter(request.user, data, upload=upload),
                    _letter_url,
                )
        except once.AlreadyCreated as done:
            return once.show_first(request, done)
        if outcome:
            messages.success(request, _("Letter registered."))
            return redirect("correspondence:letter_detail", pk=letter.pk)
    return render(
        request,
        "correspondence/letter_form.html",
        {"form": form, "title": _("Register a letter"), "multipart": True},
    )


@requires(Perm.MANAGE_CORRESPONDENCE)
def letter_draft(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = DraftLetterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with service_errors(form) as outcome:
                letter = once.create_once(
                    request,
                    lambda: services.draft_group_letter(request.user, form.cleaned_data),
                    _letter_url,
                )
        except once.AlreadyCreated as done:
            return once.show_first(request, done)
        if outcome:
            messages.success(request, _("Draft saved."))
            return redirect("correspondence:letter_detail", pk=letter.pk)
    return render(
        request,
        "correspondence/letter_form.html",
        {"form": form, "title": _("Draft a letter on behalf of the group")},
    )


@requires(Perm.MANAGE_CORRESPONDENCE)
def letter_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = get_object_or_404(Letter, pk=pk)
    if not letter.on_behalf_of_group:
        raise Http404
    form = DraftLetterForm(
        request.POST or None,
        initial={
            k: getattr(letter, k) for k in ("correspondent", "institution", "subject", "body")
        },
    )
    if request.method == "POST" and form.is_valid():
        with service_errors(form) as outcome:
            services.update_draft(
                request.user, letter, form.cleaned_data, request.POST.get("version", "")
            )
        if outcome:
            messages.success(request, _("Draft saved."))
            return redirect("correspondence:letter_detail", pk=letter.pk)
    return render(
        request,
        "correspondence/letter_form.html",
        {"form": form, "title": letter.subject, "letter": letter},
    )


@requires(Perm.VIEW_INTERNAL)
def letter_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = get_object_or_404(
        rules.letters_visible_to(
            request.user, Letter.objects.select_related("approved_by", "submitted_to")
        ),
        pk=pk,
    )
    leading = governance.leading_cochair_user()
    can_decide = letter.awaits_approval and is_leading_cochair(request.user)
    return render(
        request,
        "correspondence/letter_detail.html",
        {
            "letter": letter,
            "leading": leading,
            "can_decide": can_decide,
            "reject_form": RejectForm(),
            "signatory": services.letter_signatory(letter),
            "history": history_of(letter) if has_perm(request.user, Perm.VIEW_HISTORY) else None,
        },
    )


@require_POST
@requires(Perm.MANAGE_CORRESPONDENCE)
def letter_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = get_object_or_404(Letter, pk=pk)
    with service_errors(request) as outcome:
        services.submit_for_approval(request.user, letter, request.POST.get("version"))
    if outcome:
        messages.success(request, _("Submitted to the leading co-chair for approval."))
    return redirect("correspondence:letter_detail", pk=pk)


@require_POST
@requires(Perm.CHAIR)
def letter_approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = get_object_or_404(Letter, pk=pk)
    try:
        with service_errors(request) as outcome:
            letter = services.approve_letter(
                request.user, letter, request.POST.get("version"), _language(request)
            )
    except PermissionDenied as exc:
        return refused(request, exc)
    if outcome:
        messages.success(request, _("Approved and registered as %(n)s.") % {"n": letter.number})
    return redirect("correspondence:letter_detail", pk=pk)


@require_POST
@requires(Perm.CHAIR)
def letter_reject(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = get_object_or_404(Letter, pk=pk)
    form = RejectForm(request.POST)
    comments = request.POST.get("comments", "")
    try:
        with service_errors(request) as outcome:
            services.reject_letter(request.user, letter, request.POST.get("version"), comments)
    except PermissionDenied as exc:
        return refused(request, exc)
    if outcome:
        del form
        messages.success(request, _("Returned to the secretariat with comments."))
    return redirect("correspondence:letter_detail", pk=pk)


@requires(Perm.VIEW_INTERNAL)
def letter_file(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    letter = get_object_or_404(rules.letters_visible_to(request.user), pk=pk)
    if not letter.file:
        raise Http404
    return FileResponse(letter.file.open("rb"), as_attachment=False)


@requires(Perm.VIEW_INTERNAL)
def letter_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse | FileResponse:
    """The final PDF of an approved letter (frozen), or a draft preview of any other."""
    letter = get_object_or_404(rules.letters_visible_to(request.user), pk=pk)
    if letter.final_pdf:
        return FileResponse(
            letter.final_pdf.open("rb"), content_type="application/pdf", as_attachment=False
        )
    if not letter.on_behalf_of_group:
        raise Http404
    pdf = services.letter_pdf(letter, _language(request))
    return HttpResponse(pdf, content_type="application/pdf")


@requires(Perm.VIEW_INTERNAL)
def term_report(request: AuthenticatedHttpRequest, year: int) -> HttpResponse:
    ctx = termreport.term_context(year)
    ctx["languages"] = settings.LANGUAGES
    return render(request, "correspondence/term_report.html", ctx)


@requires(Perm.VIEW_INTERNAL)
def term_report_file(
    request: AuthenticatedHttpRequest, year: int, lang: str, fmt: str
) -> HttpResponse:
    if lang not in dict(settings.LANGUAGES) or fmt not in ("pdf", "docx"):
        raise Http404
    if fmt == "pdf":
        data, ctype = termreport.term_pdf(year, lang), "application/pdf"
    else:
        data = termreport.term_docx(year, lang)
        ctype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    response = HttpResponse(data, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="term-report-{year}-{lang}.{fmt}"'
    return response
