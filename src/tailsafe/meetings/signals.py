"""Signals other areas listen to, so that meetings never imports them (docs/architecture.md).

``consensus_lost`` is sent inside the transaction that recorded the change, with ``proposal``
(an adopted proposal whose consensus no longer holds: a later objection, a withdrawn position
or a change of attendance; §28) and ``user`` (who made the change). Receivers write in the
same transaction: follow-up un-adopts the recommendation the proposal produced.

``minutes_approved`` is sent inside the approval's transaction, with ``minutes`` and ``user``
(the approving co-chair): follow-up enters the recommendations the minutes adopted by consensus
in the register (§27-28)."""

from __future__ import annotations

import django.dispatch

consensus_lost = django.dispatch.Signal()
minutes_approved = django.dispatch.Signal()
