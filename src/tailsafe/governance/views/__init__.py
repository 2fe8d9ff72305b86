"""Governance views: load -> check access -> call a service -> render."""

from __future__ import annotations

from tailsafe.governance.views.establishment import (
    establishment_create,
    tor_document,
    tor_version_create,
    tor_view,
)
from tailsafe.governance.views.guests import (
    guest_archive,
    guest_edit,
    guest_list,
)
from tailsafe.governance.views.institutions import (
    institution_archive,
    institution_create,
    institution_detail,
    institution_edit,
    institution_list,
    lpi_changes,
)
from tailsafe.governance.views.members import (
    member_archive,
    member_detail,
    member_letter,
    member_list,
    member_nominate,
    member_renew,
)
from tailsafe.governance.views.rotation import (
    rotation_configure,
    rotation_view,
    term_edit,
)

__all__ = [
    "establishment_create",
    "guest_archive",
    "guest_edit",
    "guest_list",
    "institution_archive",
    "institution_create",
    "institution_detail",
    "institution_edit",
    "institution_list",
    "lpi_changes",
    "member_archive",
    "member_detail",
    "member_letter",
    "member_list",
    "member_nominate",
    "member_renew",
    "rotation_configure",
    "rotation_view",
    "term_edit",
    "tor_document",
    "tor_version_create",
    "tor_view",
]
