"""The English words of the pure run-out rule (``runout.VERDICTS``, ``runout.LIMITS_NOTE``),
marked here for the catalogues so pages show them in the reader's language. The rule module
imports no Django; tests/methodology/test_runout_labels.py keeps this list equal to it."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_noop as N_

from tailsafe.methodology import runout

MARKED = (
    N_("within the central estimate"),
    N_("within the 90% band"),
    N_("beyond the band"),
    N_("distance unknown"),
    N_(
        "Screening aid, not a dam-break study: the failure table mixes the extent of the solid "
        "deposit with the distance a contaminant plume travelled in a river (Brumadinho 600 km, "
        "Fundão 668 km), so the band is wide."
    ),
)


def verdict_label(code: str) -> str:
    """A run-out verdict in the reader's language."""
    return gettext(runout.VERDICTS[code])


def limits_note() -> str:
    """What the run-out screen cannot tell, in the reader's language."""
    return gettext(runout.LIMITS_NOTE)
