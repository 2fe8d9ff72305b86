"""Term report and handover pack (§22-24): what the group did during a co-chair's term (one
calendar year), as PDF and DOCX in ru/tg/en. Read-only: it reads every area, writes nothing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext as _

from tailsafe.correspondence.models import Letter
from tailsafe.followup.models import ActionItem
from tailsafe.governance import services as governance
from tailsafe.governance.signatories import term_signatory
from tailsafe.knowledge.models import CommissionedWork
from tailsafe.meetings import services as meetings
from tailsafe.meetings.models import Meeting, Proposal
from tailsafe.reports import render

MIN_MEETINGS_PER_YEAR = 2  # §25


def _optional_model(label: str, name: str) -> Any:
    try:
        return apps.get_model(label, name)
    except LookupError:
        return None


def _ranking_at(moment: dt.datetime) -> dict[int, dict[str, Any]]:
    """Facility -> its row of the one ranking (methodology.ranking.rank) as of `moment`."""
    from tailsafe.methodology import ranking

    facilities = apps.get_model("facilities", "Facility").objects.filter(archived_at__isnull=True)
    portfolio = ranking.rank(facilities, moment=moment)
    ranked = [r for r in portfolio.rows if r["rank"] is not None]
    return {r["facility_id"]: r for r in ranking.with_objects(ranked, facilities)}


def ranking_changes(year: int) -> list[dict[str, Any]]:
    tz = timezone.get_current_timezone()
    start = dt.datetime(year, 1, 1, tzinfo=tz)
    end = dt.datetime(year + 1, 1, 1, tzinfo=tz)
    before, after = _ranking_at(start), _ranking_at(end)
    rows = []
    for facility_id, row in sorted(after.items(), key=lambda kv: kv[1]["rank"]):
        old = before.get(facility_id)
        old_rank = old["rank"] if old else None
        if old_rank == row["rank"] and old and old["assessment_id"] == row["assessment_id"]:
            continue
        assessment = row["assessment"]
        rows.append(
            {
                "facility": row["facility"],
                "before": old_rank,
                "after": row["rank"],
                "thi_min": row["thi_min"],
                "thi_max": row["thi_max"],
                "estimate": row["estimate"],
                "parameter_set": assessment.parameter_set,
                "provisional": row["provisional"],
            }
        )
    return rows


def term_context(year: int) -> dict[str, Any]:
    today = timezone.localdate()
    leading, nxt = governance.leading_and_next(year)
    meeting_list = list(Meeting.objects.filter(starts_at__year=year).order_by("starts_at"))
    proposals = []
    for p in (
        Proposal.objects.filter(item__minutes__meeting__starts_at__year=year)
        .select_related("item__minutes__meeting")
        .order_by("item__minutes__meeting__starts_at", "id")
    ):
        proposals.append({"proposal": p, "adopted": meetings.outcome(p).adopted})
    recommendation_model = _optional_model("followup", "Recommendation")
    recommendations = []
    if recommendation_model is not None:
        for r in recommendation_model.objects.all()[:500]:
            status = getattr(r, "get_status_display", None)
            recommendations.append({"text": str(r), "status": status() if status else ""})
    items = list(ActionItem.objects.filter(due_date__year=year).order_by("due_date", "id"))
    done = [i for i in items if i.status == ActionItem.Status.DONE]
    overdue = [i for i in items if i.is_overdue(today)]
    works = list(
        CommissionedWork.objects.filter(created_at__year=year).select_related("report_to")
    ) + list(CommissionedWork.objects.filter(due_date__year=year).exclude(created_at__year=year))
    letters = list(Letter.objects.filter(date__year=year).order_by("date", "id"))
    alert_model = _optional_model("monitoring", "AlertEvent")
    alerts = None
    if alert_model is not None:
        raised = alert_model.objects.filter(opened_at__year=year).count()
        resolved = alert_model.objects.filter(resolved_at__year=year).count()
        alerts = {"raised": raised, "resolved": resolved}
    return {
        "year": year,
        "leading": leading,
        "next": nxt,
        "generated_at": timezone.now(),
        "meetings": meeting_list,
        "meetings_required": MIN_MEETINGS_PER_YEAR,
        "meetings_ok": len(meeting_list) >= MIN_MEETINGS_PER_YEAR,
        "proposals": proposals,
        "recommendations": recommendations,
        "recommendation_model": recommendation_model is not None,
        "action_items": items,
        "action_done": done,
        "action_overdue": overdue,
        "works": works,
        "letters": letters,
        "ranking": ranking_changes(year),
        "alerts": alerts,
        "draft": year >= today.year,
        "signatory": term_signatory(year),
    }


def term_pdf(year: int, language: str) -> bytes:
    return render.render_pdf("correspondence/term_report_pdf.html", term_context(year), language)


def _paper(ctx: dict[str, Any]) -> render.Paper:
    B = render.Block
    year = ctx["year"]
    paper = render.Paper(
        title=_("Term report and handover, %(year)s") % {"year": year},
        status=_("Leading co-chair: %(lead)s; next: %(next)s")
        % {"lead": ctx["leading"] or "—", "next": ctx["next"] or "—"},
        draft=ctx["draft"],
    )
    blocks = paper.blocks
    if ctx["signatory"] is not None:
        paper.signature = [
            f"{_('Leading co-chair')}: {ctx['signatory']}",
            "____________________",
        ]
    blocks.append(B("heading", _("Meetings")))
    blocks.append(
        B(
            "paragraph",
            _("%(n)s meetings held or planned; the rule asks for at least %(min)s (§25).")
            % {"n": len(ctx["meetings"]), "min": ctx["meetings_required"]},
        )
    )
    blocks.append(
        B(
            "table",
            columns=[_("No."), _("Title"), _("Date"), _("Status")],
            rows=[
                [str(m.number), m.title, f"{m.starts_at:%Y-%m-%d}", m.get_status_display()]
                for m in ctx["meetings"]
            ],
        )
    )
    blocks.append(B("heading", _("Decisions and recommendations")))
    blocks.append(
        B(
            "table",
            columns=[_("Kind"), _("Text"), _("Status")],
            rows=[
                [
                    p["proposal"].get_kind_display(),
                    p["proposal"].text,
                    _("adopted") if p["adopted"] else _("not adopted"),
                ]
                for p in ctx["proposals"]
            ]
            + [[_("recommendation"), r["text"], r["status"]] for r in ctx["recommendations"]],
        )
    )
    blocks.append(B("heading", _("Action items")))
    blocks.append(
        B(
            "paragraph",
            _("%(all)s due this year: %(done)s done, %(overdue)s overdue.")
            % {
                "all": len(ctx["action_items"]),
                "done": len(ctx["action_done"]),
                "overdue": len(ctx["action_overdue"]),
            },
        )
    )
    blocks.append(B("heading", _("Commissioned work")))
    blocks.append(
        B(
            "table",
            columns=[_("Kind"), _("Title"), _("Due date"), _("Status")],
            rows=[
                [w.get_kind_display(), w.title, str(w.due_date or "—"), w.get_status_display()]
                for w in ctx["works"]
            ],
        )
    )
    blocks.append(B("heading", _("Correspondence")))
    blocks.append(
        B(
            "table",
            columns=[_("Number"), _("Date"), _("Direction"), _("Subject"), _("Status")],
            rows=[
                [
                    lt.number or "—",
                    str(lt.date),
                    lt.get_direction_display(),
                    lt.subject,
                    lt.get_status_display(),
                ]
                for lt in ctx["letters"]
            ],
        )
    )
    blocks.append(B("heading", _("Changes in the facility ranking")))
    blocks.append(
        B(
            "table",
            columns=[
                _("Facility"),
                _("Rank before"),
                _("Rank after"),
                _("THI min–max"),
                _("Parameters"),
            ],
            rows=[
                [
                    str(r["facility"]),
                    str(r["before"] or "—"),
                    str(r["after"]),
                    f"{r['thi_min']:.2f}–{r['thi_max']:.2f}"
                    + (" (" + _("estimate from throughput") + ")" if r["estimate"] else ""),
                    str(r["parameter_set"])
                    + (" (" + _("provisional") + ")" if r["provisional"] else ""),
                ]
                for r in ctx["ranking"]
            ],
        )
    )
    blocks.append(B("heading", _("Alerts")))
    if ctx["alerts"] is None:
        blocks.append(B("paragraph", _("Monitoring alerts are not recorded on this platform.")))
    else:
        blocks.append(
            B(
                "paragraph",
                _("%(raised)s raised, %(resolved)s resolved.") % ctx["alerts"],
            )
        )
    return paper


def term_docx(year: int, language: str) -> bytes:
    return render.render_docx(_paper, term_context(year), language)
