"""Named write operations for correspondence (A4, §28). Each checks permission, applies the
rule, records the audit entry and runs in one transaction."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from tailsafe.core.audit import save_with_audit
from tailsafe.core.permissions import Perm, require
from tailsafe.core.stored_text import StoredText, text
from tailsafe.core.uploads import LETTER_KINDS, validate_document
from tailsafe.correspondence.models import Letter
from tailsafe.governance import services as governance
from tailsafe.governance.rules import require_leading_cochair
from tailsafe.governance.signatories import Signatory, signatory_of
from tailsafe.notifications import services as notifications
from tailsafe.notifications.models import Kind
from tailsafe.reports import render

if TYPE_CHECKING:
    from tailsafe.core.models import User

LETTER_FIELDS = ("direction", "number", "date", "correspondent", "institution", "subject", "body")
DRAFT_FIELDS = ("date", "correspondent", "institution", "subject", "body")
NUMBER_PREFIX = "IIWG"


def _check_number(number: str | None, exclude_pk: int | None = None) -> None:
    if not number:
        return
    clash = Letter.objects.filter(number=number)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise ValidationError(
            {
                "number": _(
                    "Number %(n)s is already used by another letter in the register; "
                    "give this letter its own number."
                )
                % {"n": number}
            }
        )


def _save_new(letter: Letter, user: User, reason: str) -> None:
    try:
        with transaction.atomic():
            save_with_audit(letter, user, reason)
    except IntegrityError as exc:  # a concurrent registration took the number
        raise ValidationError(
            {"number": _("Number %(n)s is already used.") % {"n": letter.number}}
        ) from exc


@transaction.atomic
def register_letter(
    user: User, data: dict[str, Any], *, upload: UploadedFile[bytes] | None = None
) -> Letter:
    """Register an incoming or outgoing letter with its number (A4). A number already in the
    register is refused and nothing is recorded."""
    require(user, Perm.MANAGE_CORRESPONDENCE)
    letter = Letter(**{k: v for k, v in data.items() if k in LETTER_FIELDS})
    letter.number = (letter.number or "").strip() or None
    if not letter.number:
        raise ValidationError({"number": _("Give the letter's number.")})
    _check_number(letter.number)
    if upload is not None:
        validate_document(upload, LETTER_KINDS)
    letter.status = Letter.Status.REGISTERED
    letter.created_by = user
    letter.full_clean(exclude=["number"])
    _save_new(letter, user, "letter registered")
    if upload is not None:
        letter.file.save(upload.name or "letter.pdf", upload, save=False)
        save_with_audit(letter, user, "file attached")
    return letter


@transaction.atomic
def draft_group_letter(user: User, data: dict[str, Any]) -> Letter:
    """The secretariat drafts an outgoing letter on behalf of the group (§28, A4)."""
    require(user, Perm.MANAGE_CORRESPONDENCE)
    letter = Letter(**{k: v for k, v in data.items() if k in DRAFT_FIELDS})
    letter.direction = Letter.Direction.OUTGOING
    letter.on_behalf_of_group = True
    letter.status = Letter.Status.DRAFT
    letter.number = None
    letter.created_by = user
    if not letter.body.strip():
        raise ValidationError({"body": _("Write the text of the letter.")})
    letter.full_clean()
    save_with_audit(letter, user, "draft")
    return letter


def _locked(letter: Letter, version: int | str | None) -> Letter:
    locked = Letter.objects.select_for_update().get(pk=letter.pk)
    if locked.status == Letter.Status.APPROVED:
        raise ValidationError(
            _("This letter was already approved (number %(n)s); nothing was changed.")
            % {"n": locked.number},
            code="replayed",
        )
    if version is not None and str(version) != str(locked.version):
        raise ValidationError(
            _(
                "This page is out of date: the letter changed since you opened it. "
                "Nothing was changed; open the letter again."
            ),
            code="stale",
        )
    return locked


@transaction.atomic
def update_draft(user: User, letter: Letter, data: dict[str, Any], version: int | str) -> Letter:
    """Edit a draft or a returned letter (not once submitted or approved)."""
    require(user, Perm.MANAGE_CORRESPONDENCE)
    locked = _locked(letter, version)
    if not locked.is_editable:
        raise ValidationError(_("Only a draft or a returned letter can be edited."))
    for key in DRAFT_FIELDS:
        if key in data:
            setattr(locked, key, data[key])
    locked.full_clean()
    locked.version += 1
    save_with_audit(locked, user, "draft edited")
    return locked


@transaction.atomic
def submit_for_approval(user: User, letter: Letter, version: int | str | None = None) -> Letter:
    """Send the draft to the leading co-chair of the current term (§28)."""
    require(user, Perm.MANAGE_CORRESPONDENCE)
    locked = _locked(letter, version)
    if not locked.can_be_submitted:
        raise ValidationError(_("Only a draft letter of the group can be submitted."))
    leading = governance.leading_cochair_user()
    if leading is None:
        raise ValidationError(
            _(
                "No leading co-chair is recorded for %(year)s: record the co-chair term "
                "(Co-chairs page) before submitting."
            )
            % {"year": timezone.localdate().year}
        )
    locked.status = Letter.Status.SUBMITTED
    locked.submitted_to = leading
    locked.version += 1
    save_with_audit(locked, user, "submitted for approval")

    notifications.notify(
        [leading],
        Kind.APPROVAL,
        text(N_("A letter awaits your approval: %(subject)s"), subject=locked.subject),
        text(
            N_(
                "The secretariat submitted the letter to %(to)s for approval on behalf of the "
                "group (§28). Approve it or return it with comments on the platform."
            ),
            to=locked.correspondent,
        ),
        _letter_link(locked),
        key=_letter_key(locked, "submitted"),
    )
    return locked


def _letter_link(letter: Letter) -> str:
    return reverse("correspondence:letter_detail", args=[letter.pk])


def _letter_key(letter: Letter, event: str) -> str:
    # the version changes with every step, so a letter resubmitted after a return is news again
    return f"letter-{event}:{letter.pk}:{letter.version}"


def _tell_author(letter: Letter, title: StoredText, body: StoredText) -> None:
    """The secretariat officer who drafted the letter hears the co-chair's decision (stored
    texts: shown in the reader's language)."""
    if letter.created_by is not None:
        notifications.notify(
            [letter.created_by],
            Kind.APPROVAL,
            title,
            body,
            _letter_link(letter),
            key=_letter_key(letter, "decided"),
        )


def check_leading_cochair(user: User) -> None:
    """Only the leading co-chair of the term in force on the day of approval approves letters
    of the group (§28; governance.rules.require_leading_cochair)."""
    require_leading_cochair(
        user,
        _(
            "Only the leading co-chair of %(year)s (%(authority)s) may approve or return "
            "letters on behalf of the group (§28). You are not recorded as that co-chair."
        ),
    )


def next_registration_number(year: int) -> str:
    prefix = f"{NUMBER_PREFIX}-{year}/"
    taken = Letter.objects.filter(number__startswith=prefix).values_list("number", flat=True)
    tails = [(n or "")[len(prefix) :] for n in taken]
    seq = max((int(t) for t in tails if t.isdigit()), default=0)
    return f"{prefix}{seq + 1:03d}"


@transaction.atomic
def approve_letter(
    user: User, letter: Letter, version: int | str | None, language: str = "ru"
) -> Letter:
    """The leading co-chair approves: approver, date and a registration number are stamped, the
    final PDF with the approval block is produced and the letter is frozen (§28, A4). An
    approval from an old page (already approved or returned, or changed since) changes nothing."""
    check_leading_cochair(user)
    locked = _locked(letter, version)
    if not locked.awaits_approval:
        raise ValidationError(
            _("This letter is not waiting for approval (it is %(status)s); nothing was changed.")
            % {"status": locked.get_status_display()},
            code="replayed",
        )
    now = timezone.now()
    locked.status = Letter.Status.APPROVED
    locked.approved_by = user
    locked.approved_at = now
    locked.date = timezone.localdate()
    locked.number = next_registration_number(locked.date.year)
    locked.version += 1
    pdf = letter_pdf(locked, language)
    locked.final_pdf.save(f"{locked.number.replace('/', '-')}.pdf", ContentFile(pdf), save=False)
    save_with_audit(locked, user, "approved")

    _tell_author(
        locked,
        text(N_("Letter approved: %(subject)s"), subject=locked.subject),
        text(
            N_(
                "The co-chair approved the letter; it is registered as %(number)s and its final "
                "PDF can be sent."
            ),
            number=locked.number,
        ),
    )
    return locked


@transaction.atomic
def reject_letter(user: User, letter: Letter, version: int | str | None, comments: str) -> Letter:
    """The leading co-chair returns the draft to the secretariat with comments."""
    check_leading_cochair(user)
    comments = (comments or "").strip()
    if not comments:
        raise ValidationError({"comments": _("Say what should change.")})
    locked = _locked(letter, version)
    if not locked.awaits_approval:
        raise ValidationError(
            _("This letter is not waiting for approval (it is %(status)s); nothing was changed.")
            % {"status": locked.get_status_display()},
            code="replayed",
        )
    locked.status = Letter.Status.REJECTED
    locked.review_comments = comments
    locked.version += 1
    save_with_audit(locked, user, "returned with comments")

    _tell_author(
        locked,
        text(N_("Letter returned with comments: %(subject)s"), subject=locked.subject),
        text(N_("The co-chair's comments: %(comments)s"), comments=comments),
    )
    return locked


def letter_pdf(letter: Letter, language: str = "ru") -> bytes:
    """The letter as a PDF; approved letters carry the approval block."""
    return render.render_pdf(
        "correspondence/letter_pdf.html",
        {"letter": letter, "draft": not letter.is_frozen, "signatory": letter_signatory(letter)},
        language,
        archival=letter.is_frozen,
    )


def letter_signatory(letter: Letter) -> Signatory | None:
    """Who signed an approved letter: the nominated official of the approver's term and their
    position, not the user account (issue 15, item 7)."""
    if letter.approved_by is None or letter.approved_at is None:
        return None
    return signatory_of(letter.approved_by, timezone.localtime(letter.approved_at).year)
