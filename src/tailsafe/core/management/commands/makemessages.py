"""makemessages that also extracts ``N_("...")``: the alias of gettext_noop with which stored
texts mark their message keys (core.stored_text), and ``N_`` with a context is not used."""

from __future__ import annotations

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    xgettext_options = [*makemessages.Command.xgettext_options, "--keyword=N_"]
