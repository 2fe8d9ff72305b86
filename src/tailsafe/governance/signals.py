"""Signals other areas listen to, so that governance never imports them (docs/architecture.md).

``leading_cochair_changed`` is sent after the transaction that changed who holds the leading
co-chair's approval rights commits (a new rotation order, a term recorded or recomputed):
items waiting for approval move to whoever holds them now (correspondence, meetings)."""

from __future__ import annotations

import django.dispatch

leading_cochair_changed = django.dispatch.Signal()
