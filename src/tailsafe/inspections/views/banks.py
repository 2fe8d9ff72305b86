"""Pages of the question banks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tailsafe.core.permissions import Perm, requires
from tailsafe.inspections.forms import (
    BankImportForm,
)
from tailsafe.inspections.views.base import CATEGORY_LABELS
from tailsafe.methodology import question_bank
from tailsafe.methodology.models import QuestionBank

if TYPE_CHECKING:
    from tailsafe.core.typing import AuthenticatedHttpRequest

# --- question banks ---------------------------------------------------------------------------


@requires(Perm.MANAGE_PARAMETERS)
def banks(request: AuthenticatedHttpRequest) -> HttpResponse:
    question_bank.active_bank()
    report: list[Any] = []
    if request.method == "POST":
        form = BankImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                bank = question_bank.import_bank_xlsx(
                    request.user,
                    upload.read(),
                    name=form.cleaned_data["name"],
                    version=form.cleaned_data["version"],
                    provisional=form.cleaned_data["provisional"],
                    filename=upload.name or "",
                )
            except question_bank.BankImportError as exc:
                report = exc.problems
                form.add_error(None, _("The question bank was not imported; nothing changed."))
            else:
                messages.success(
                    request,
                    _("Question bank %(name)s imported (inactive).") % {"name": bank.name},
                )
                return redirect("inspections:banks")
    else:
        form = BankImportForm()
    return render(
        request,
        "inspections/banks.html",
        {"banks": QuestionBank.objects.all(), "form": form, "report": report},
        status=400 if report else 200,
    )


@requires(Perm.MANAGE_PARAMETERS)
@require_POST
def bank_activate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    bank = get_object_or_404(QuestionBank, pk=pk)
    question_bank.activate_bank(request.user, bank)
    messages.success(request, _("Question bank %(name)s is now active.") % {"name": bank.name})
    return redirect("inspections:banks")


@requires(Perm.MANAGE_PARAMETERS)
def bank_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    bank = get_object_or_404(QuestionBank, pk=pk)
    return render(
        request,
        "inspections/bank_detail.html",
        {"bank": bank, "questions": bank.questions.all(), "category_labels": CATEGORY_LABELS},
    )
