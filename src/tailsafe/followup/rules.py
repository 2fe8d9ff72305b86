"""Who may read and update recommendations and action items (docs/permissions.md; A1, A2,
§27, issue 14).

A recommendation is the group's record: the group reads all; an operator reads those addressed
to their institution and the published ones; an inspector also those about a facility (their
inspections follow them up). An action item: the group reads all; operators and inspectors
those their institution is responsible for."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet

from tailsafe.core.permissions import (
    Perm,
    Scope,
    has_perm,
    institution_id,
    rule,
    scope_of,
)
from tailsafe.followup.models import ActionItem, Recommendation

if TYPE_CHECKING:
    from tailsafe.core.models import User
    from tailsafe.core.typing import AnyUser

_PUBLISHED = Q(published=True, stage=Recommendation.Stage.ADOPTED)


def _addressed(user: AnyUser) -> Q:
    inst = institution_id(user)
    if inst is None:
        return Q(pk__in=[])
    also = Recommendation.also_addressed.through.objects.filter(institution_id=inst)
    return Q(addressee_id=inst) | Q(pk__in=also.values("recommendation_id"))


def is_addressed(rec: Recommendation, inst: int | None) -> bool:
    """Whether the institution is one of the recommendation's addressees."""
    if inst is None:
        return False
    return rec.addressee_id == inst or any(i.pk == inst for i in rec.also_addressed.all())


def recommendations_visible_to(
    user: AnyUser, qs: QuerySet[Recommendation] | None = None
) -> QuerySet[Recommendation]:
    qs = Recommendation.objects.all() if qs is None else qs
    scope = scope_of(user)
    if scope == Scope.ALL:
        return qs
    if scope == Scope.TECHNICAL:
        return qs.filter(_addressed(user) | _PUBLISHED | Q(facility__isnull=False))
    if scope == Scope.OWN:
        return qs.filter(_addressed(user) | _PUBLISHED)
    return qs.none()


@rule("followup.recommendation", "view")
def can_view_recommendation(user: User, rec: Recommendation) -> bool:
    if not has_perm(user, Perm.VIEW_INTERNAL):
        return False
    scope = scope_of(user)
    if scope == Scope.ALL:
        return True
    published = rec.published and rec.stage == Recommendation.Stage.ADOPTED
    addressed = is_addressed(rec, institution_id(user))
    if scope == Scope.TECHNICAL:
        return addressed or published or rec.facility_id is not None
    return scope == Scope.OWN and (addressed or published)


@rule("followup.recommendation", "update")
def can_update_recommendation(user: User, rec: Recommendation) -> bool:
    """Report progress and evidence: the secretariat, or a user of an addressed institution
    (UPDATE_ACTION_ITEM), once adopted."""
    if rec.stage != Recommendation.Stage.ADOPTED:
        return False
    if has_perm(user, Perm.MANAGE_FOLLOWUP):
        return True
    return has_perm(user, Perm.UPDATE_ACTION_ITEM) and is_addressed(rec, institution_id(user))


# One predicate per verb of the recommendation's way (issue 15, item 3): the services require
# them, the views and templates ({% can "propose" rec as ok %}) offer a step only when it holds,
# and the API lists the ones that hold for the caller (``next_steps``).
RECOMMENDATION_STEPS = ("edit", "propose", "adopt", "update", "publish", "unpublish")


@rule("followup.recommendation", "edit")
def can_edit_recommendation(user: User, rec: Recommendation) -> bool:
    """Correct the text, term, addressees, facility and due date: the secretariat."""
    return has_perm(user, Perm.MANAGE_FOLLOWUP)


@rule("followup.recommendation", "propose")
def can_propose_recommendation(user: User, rec: Recommendation) -> bool:
    """Put a draft to a meeting (a proposal under a section of draft minutes): secretariat."""
    return rec.stage == Recommendation.Stage.DRAFT and has_perm(user, Perm.MANAGE_FOLLOWUP)


@rule("followup.recommendation", "adopt")
def can_adopt_recommendation(user: User, rec: Recommendation) -> bool:
    """Record the adoption of a proposed recommendation whose proposal the meeting adopted by
    consensus (§28): the secretariat."""
    return (
        rec.stage == Recommendation.Stage.PROPOSED
        and rec.proposal_id is not None
        and has_perm(user, Perm.MANAGE_FOLLOWUP)
    )


@rule("followup.recommendation", "publish")
def can_publish_recommendation(user: User, rec: Recommendation) -> bool:
    """Put an adopted recommendation on the public page: PUBLISH (its own action, never an
    edit-form field; docs/permissions.md)."""
    return (
        rec.stage == Recommendation.Stage.ADOPTED
        and not rec.published
        and has_perm(user, Perm.PUBLISH)
    )


@rule("followup.recommendation", "unpublish")
def can_unpublish_recommendation(user: User, rec: Recommendation) -> bool:
    """Take a recommendation off the public page: PUBLISH."""
    return rec.published and has_perm(user, Perm.PUBLISH)


def action_items_visible_to(
    user: AnyUser, qs: QuerySet[ActionItem] | None = None
) -> QuerySet[ActionItem]:
    qs = ActionItem.objects.all() if qs is None else qs
    scope = scope_of(user)
    if scope == Scope.ALL:
        return qs
    if scope in (Scope.OWN, Scope.TECHNICAL):
        inst = institution_id(user)
        if inst is None:
            return qs.none()
        return qs.filter(pk__in=ActionItem.objects.filter(responsible=inst).values("pk"))
    return qs.none()


@rule("followup.actionitem", "view")
def can_view_action_item(user: User, item: ActionItem) -> bool:
    if not has_perm(user, Perm.VIEW_INTERNAL):
        return False
    if scope_of(user) == Scope.ALL:
        return True
    inst = institution_id(user)
    return inst is not None and item.responsible.filter(pk=inst).exists()


@rule("followup.actionitem", "update")
def can_update_action_item(user: User, item: ActionItem) -> bool:
    """The secretariat updates any item; a responsible member only their own institution's
    items (A1)."""
    if has_perm(user, Perm.MANAGE_FOLLOWUP):
        return True
    inst = institution_id(user)
    if not has_perm(user, Perm.UPDATE_ACTION_ITEM) or inst is None:
        return False
    return item.responsible.filter(pk=inst).exists()
