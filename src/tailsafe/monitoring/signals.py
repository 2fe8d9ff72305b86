"""Signals other areas listen to, so that monitoring never imports them (docs/architecture.md).

``alerts_opened`` is sent, after the transaction that opened them commits, with
``events``: the AlertEvent objects an import, a hand entry or a trend check opened or
escalated (returns to normal included; receivers filter what they need)."""

from __future__ import annotations

import django.dispatch

alerts_opened = django.dispatch.Signal()
