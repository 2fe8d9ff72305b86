"""Signals other areas listen to, so that meetings never imports them (docs/architecture.md).

``consensus_lost`` is sent inside the transaction that recorded the change, with ``proposal``
(an adopted proposal whose consensus no longer holds: a later objection, a withdrawn position
or a change of attendance; §28) and ``user`` (who made the change). Receivers write in the
same transaction: follow-up un-adopts the recommendation the proposal produced."""

from __future__ import annotations

import django.dispatch

consensus_lost = django.dispatch.Signal()
