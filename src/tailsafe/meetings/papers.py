"""Meeting papers (M6; §24): the agenda, the list of participants and the minutes with the
action plan, as PDF or DOCX in ru, tg or en. The rendering itself is the reports tool shelf."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tailsafe.governance.signatories import Signatory, signatory_of
from tailsafe.meetings import services
from tailsafe.meetings.models import Meeting, Minutes, Proposal
from tailsafe.reports.render import Block, Paper, render_docx, render_pdf

KINDS = ("agenda", "participants", "minutes")
FORMATS = ("pdf", "docx")


@dataclass
class ProposalRow:
    proposal: Proposal
    adopted: bool
    supporters: list[Any]
    stood_aside: list[Any]  # positions, with reasons
    objectors: list[Any]


def _proposal_row(proposal: Proposal, present_keys: set[str]) -> ProposalRow:
    from tailsafe.meetings import consensus

    positions = list(proposal.positions.select_related("institution"))
    by_key = {p.institution.key: p for p in positions}
    result = consensus.decide({k: p.position for k, p in by_key.items()}, present_keys)
    return ProposalRow(
        proposal=proposal,
        adopted=result.adopted,
        supporters=[by_key[k] for k in result.supporters],
        stood_aside=[by_key[k] for k in result.stood_aside],
        objectors=[by_key[k] for k in result.objectors],
    )


def context(meeting: Meeting, kind: str, minutes: Minutes | None = None) -> dict[str, Any]:
    """Everything a paper of `kind` shows. Strings that need a language stay lazy."""
    ctx: dict[str, Any] = {
        "meeting": meeting,
        "kind": kind,
        "agenda": list(meeting.agenda_items.prefetch_related("documents", "action_items")),
        "participants": services.participants(meeting),
    }
    if kind == "agenda":
        ctx["draft"] = meeting.agenda_status != Meeting.AgendaStatus.FINAL
    elif kind == "participants":
        ctx["draft"] = meeting.status != Meeting.Status.MINUTES_APPROVED
    else:
        minutes = minutes or meeting.current_minutes()
        present = {i.key for i in services.present_institutions(meeting)}
        items = []
        if minutes is not None:
            for item in minutes.items.prefetch_related("proposals"):
                items.append(
                    {
                        "item": item,
                        "proposals": [_proposal_row(p, present) for p in item.proposals.all()],
                    }
                )
        ctx.update(
            minutes=minutes,
            signatory=_signatory(meeting, minutes),
            items=items,
            draft=minutes is None or not minutes.is_frozen,
            action_items=list(
                meeting.action_items.prefetch_related("responsible").order_by("due_date", "id")
            ),
        )
    return ctx


def _signatory(meeting: Meeting, minutes: Minutes | None) -> Signatory | None:
    """Who signed approved minutes: the term's nominated official (issue 15, item 7)."""
    if minutes is None or not minutes.is_frozen or minutes.approved_at is None:
        return None
    year = timezone.localtime(minutes.approved_at).year
    return signatory_of(minutes.approved_by, year, meeting.year)


def title_of(kind: str, meeting: Meeting) -> str:
    names = {
        "agenda": _("Agenda"),
        "participants": _("List of participants"),
        "minutes": _("Minutes and action plan"),
    }
    return f"{names[kind]} — {_('meeting')} №{meeting.number}"


def status_line(ctx: dict[str, Any]) -> str:
    meeting: Meeting = ctx["meeting"]
    when = date_format(timezone.localtime(meeting.starts_at), "DATETIME_FORMAT")
    parts = [
        f"{meeting.title}. {when}",
        ", ".join(x for x in (meeting.place, meeting.online_link) if x),
    ]
    minutes = ctx.get("minutes")
    if ctx["kind"] == "minutes" and minutes is not None:
        if minutes.is_frozen:
            parts.append(
                _("Version %(v)s, approved on %(when)s by %(who)s")
                % {
                    "v": minutes.version,
                    "when": date_format(timezone.localtime(minutes.approved_at), "DATE_FORMAT"),
                    "who": ctx.get("signatory") or minutes.approved_by,
                }
            )
        else:
            parts.append(
                _("Version %(v)s, %(status)s, not approved")
                % {"v": minutes.version, "status": minutes.get_status_display()}
            )
    elif ctx["kind"] == "agenda":
        parts.append(_("Agenda: %(s)s") % {"s": meeting.get_agenda_status_display()})
    else:
        parts.append(_("Status: %(s)s") % {"s": meeting.get_status_display()})
    return " · ".join(p for p in parts if p)


def _names(positions: list[Any], with_reason: bool) -> str:
    out = []
    for pos in positions:
        text = str(pos.institution.name)
        if with_reason and pos.reason:
            text += f" ({pos.reason})"
        out.append(text)
    return "; ".join(out)


def _docx(ctx: dict[str, Any]) -> Paper:
    meeting: Meeting = ctx["meeting"]
    kind = ctx["kind"]
    paper = Paper(title=title_of(kind, meeting), status=status_line(ctx), draft=ctx["draft"])
    blocks = paper.blocks
    if kind == "agenda":
        rows = [
            [str(i.order), i.title, i.presenter, str(i.duration_min)]
            for i in ctx["agenda"]
            if not i.is_withdrawn
        ]
        blocks.append(
            Block("table", columns=["№", _("Item"), _("Presenter"), _("Minutes")], rows=rows)
        )
    elif kind == "participants":
        rows = [
            [
                str(n),
                a.name,
                str(a.institution.name) if a.institution else a.organisation,
                _("guest") if a.is_guest else _("member"),
            ]
            for n, a in enumerate(ctx["participants"], start=1)
        ]
        blocks.append(
            Block(
                "table", columns=["№", _("Name"), _("Institution"), _("Participation")], rows=rows
            )
        )
    else:
        for entry in ctx["items"]:
            item = entry["item"]
            blocks.append(Block("heading", f"{item.order}. {item.title}", level=2))
            for label, text in (
                (_("Summary"), item.summary),
                (_("Decisions"), item.decisions),
                (_("Recommendations"), item.recommendations),
            ):
                if text.strip():
                    blocks.append(Block("paragraph", str(label), bold=True))
                    blocks.append(Block("paragraph", text))
            for row in entry["proposals"]:
                p = row.proposal
                verdict = _("adopted by consensus") if row.adopted else _("not adopted")
                blocks.append(
                    Block("paragraph", f"{p.get_kind_display()}: {p.text} — {verdict}", bold=True)
                )
                if row.supporters:
                    blocks.append(
                        Block("paragraph", f"{_('Supported by')}: {_names(row.supporters, False)}")
                    )
                if row.stood_aside:
                    blocks.append(
                        Block("paragraph", f"{_('Stood aside')}: {_names(row.stood_aside, True)}")
                    )
                if row.objectors:
                    blocks.append(
                        Block("paragraph", f"{_('Objected')}: {_names(row.objectors, True)}")
                    )
        blocks.append(Block("heading", str(_("Action plan")), level=2))
        rows = [
            [
                str(n),
                a.description,
                "; ".join(str(i.name) for i in a.responsible.all()),
                date_format(a.due_date, "DATE_FORMAT"),
                str(a.get_status_display()),
            ]
            for n, a in enumerate(ctx["action_items"], start=1)
        ]
        blocks.append(
            Block(
                "table",
                columns=["№", _("Action"), _("Responsible"), _("Due date"), _("Status")],
                rows=rows,
            )
        )
        if ctx.get("signatory") is not None:
            paper.signature = [
                f"{_('Approved by the leading co-chair')}: {ctx['signatory']}",
                "____________________",
            ]
        blocks.append(Block("heading", str(_("List of participants")), level=2))
        blocks.append(
            Block(
                "paragraph",
                "; ".join(
                    a.name + (f" ({_('guest')})" if a.is_guest else "") for a in ctx["participants"]
                ),
            )
        )
    return paper


def render(
    meeting: Meeting, kind: str, fmt: str, language: str, minutes: Minutes | None = None
) -> tuple[bytes, str, str]:
    """The paper's bytes, content type and file name (`minutes`: the version to print, by
    default the current one)."""
    ctx = context(meeting, kind, minutes)
    name = f"iiwg-{meeting.number}-{kind}-{language}.{fmt}"
    if fmt == "pdf":
        archival = kind == "minutes" and not ctx["draft"]  # approved minutes: PDF/A
        data = render_pdf(f"meetings/papers/{kind}.html", ctx, language, archival=archival)
        return data, "application/pdf", name
    data = render_docx(_docx, ctx, language)
    return (
        data,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        name,
    )
