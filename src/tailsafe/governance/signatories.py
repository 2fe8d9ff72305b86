"""Who signs a paper of the group (issue 15, item 7; §21-23, §28).

Minutes and letters are approved by a user account; the paper names the person behind it: the
senior official the leading authority nominated for the term, with their position and
authority, not the login ("Demo co-chair"). An approver who is not a term's official account
is named by their person record (or their account's full name)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ObjectDoesNotExist

from tailsafe.core.audit import person_name
from tailsafe.governance.models import CoChairTerm

if TYPE_CHECKING:
    from tailsafe.core.models import User


@dataclass(frozen=True)
class Signatory:
    name: str
    position: str
    institution: str

    def __str__(self) -> str:
        return ", ".join(part for part in (self.name, self.position, self.institution) if part)


def signatory_of(user: User | None, *years: int) -> Signatory | None:
    """The person who signed as `user`: the nominated senior official of the first of `years`
    whose term names `user` as the official's account; else the user's own person record."""
    if user is None:
        return None
    terms = {
        t.year: t
        for t in CoChairTerm.objects.filter(
            year__in=years, official_user_id=user.pk, senior_official__isnull=False
        ).select_related("senior_official", "institution")
    }
    for year in years:
        term = terms.get(year)
        if term is not None and term.senior_official is not None:
            official = term.senior_official
            return Signatory(
                official.full_name, official.position_title, str(term.institution.name)
            )
    person: Any = None
    with contextlib.suppress(ObjectDoesNotExist):
        person = user.person
    institution = getattr(user, "institution", None)
    return Signatory(
        person_name(user),
        str(getattr(person, "position_title", "") or ""),
        str(institution.name) if institution is not None else "",
    )


def term_signatory(year: int) -> Signatory | None:
    """Who signs the papers of the `year` term (the term report): the senior official the
    leading authority nominated, with position; None while no official is nominated."""
    term = (
        CoChairTerm.objects.filter(year=year)
        .select_related("senior_official", "institution", "official_user")
        .first()
    )
    if term is None or term.senior_official is None:
        return None
    official = term.senior_official
    return Signatory(official.full_name, official.position_title, str(term.institution.name))
