"""The plan's goals in figures: detection (reports and inquiries found), collaboration across
centres, and the plan's implementation. Aggregate queries only, whose results do not grow with
the number of reports (the warning signs, a JSON list per report, are counted by the database
from the lists: `jsonb_array_elements` on PostgreSQL, `json_each` on SQLite); the
implementation figures are the implementation app's own (`dissemination_coverage`,
`training_coverage`, `revision_due`)."""

import datetime

from django.db import connections
from django.db.models import Count, Exists, F, OuterRef, Q
from django.db.models.functions import TruncMonth
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from beredskab.cases.models import CaseShare, ComingOfAge, ComingOfAgeKind, Track
from beredskab.cases.risk.models import Consultation, PartnerKind
from beredskab.core.workdays import local_zone
from beredskab.implementation.revision import revision_due
from beredskab.implementation.selectors import dissemination_coverage, training_coverage
from beredskab.intake.models import Report, ReporterKind
from beredskab.plan.selectors import plan_in_force

from . import scope
from .scope import Filters
from .tables import Share, Table

REPEAT_DAYS = 365


def _track_label(unit_id: int, adult_ids: set[int]) -> str:
    return str(Track.ADULTS.label if unit_id in adult_ids else Track.CHILDREN.label)


def per_month(filters: Filters, adult_ids: set[int]) -> Table:
    rows = (
        scope.reports(filters, adult_ids=adult_ids)
        .annotate(month=TruncMonth("received_at", tzinfo=local_zone()))
        .values("month", "target_group")
        .annotate(n=Count("pk"))
        .order_by("month", "target_group")
    )
    return Table(
        "per_month",
        _("Underretninger og henvendelser pr. måned og målgruppe"),
        [_("Måned"), _("Antal"), _("Målgruppe")],
        [[date_format(r["month"], "F Y"), r["n"], r["target_group"] or _("Ikke oplyst")] for r in rows],
    )


def by_reporter(filters: Filters, adult_ids: set[int]) -> Table:
    labels = dict(ReporterKind.choices)
    rows = scope.reports(filters, adult_ids=adult_ids).values("reporter_kind").annotate(n=Count("pk")).order_by("-n")
    return Table(
        "by_reporter",
        _("Efter indberetterens type"),
        [_("Indberetter"), _("Antal")],
        [[str(labels.get(r["reporter_kind"], r["reporter_kind"])), r["n"]] for r in rows],
    )


def by_unit(filters: Filters, adult_ids: set[int]) -> Table:
    rows = (
        scope.reports(filters, adult_ids=adult_ids)
        .values("receiving_unit_id", "receiving_unit__name", "receiving_unit__centre__name")
        .annotate(n=Count("pk"))
        .order_by("receiving_unit__centre__name", "receiving_unit__name")
    )
    rows = list(rows)
    return Table(
        "by_unit",
        _("Efter center og modtagende enhed"),
        [_("Enhed"), _("Antal"), _("Center"), _("Spor")],
        [
            [
                r["receiving_unit__name"],
                r["n"],
                r["receiving_unit__centre__name"],
                _track_label(r["receiving_unit_id"], adult_ids),
            ]
            for r in rows
        ],
        # The totals show each track's sum (reports, inquiries): each track is guarded by itself.
        groups=[r["receiving_unit_id"] in adult_ids for r in rows],
    )


# The warning signs ticked on the reports: for each sign's text, the number of reports with it
# (a report counts once however often it names the sign), counted by the database from the JSON
# list itself. Only a list's objects with a text count, as the report form writes them.
_SIGNS_SQL = {
    "postgresql": """
        SELECT sign.value ->> 'text', COUNT(DISTINCT report.id)
        FROM ({reports}) report
        CROSS JOIN LATERAL jsonb_array_elements(
            CASE WHEN jsonb_typeof(report.observed_signs) = 'array' THEN report.observed_signs ELSE '[]' END
        ) AS sign(value)
        WHERE jsonb_typeof(sign.value) = 'object' AND jsonb_typeof(sign.value -> 'text') = 'string'
            AND sign.value ->> 'text' <> ''
        GROUP BY 1""",
    "sqlite": """
        SELECT json_extract(sign.value, '$.text'), COUNT(DISTINCT report.id)
        FROM ({reports}) report, json_each(
            CASE WHEN json_type(report.observed_signs) = 'array' THEN report.observed_signs ELSE '[]' END
        ) AS sign
        WHERE sign.type = 'object' AND json_type(sign.value, '$.text') = 'text'
            AND json_extract(sign.value, '$.text') <> ''
        GROUP BY 1""",
}


def by_sign(filters: Filters, adult_ids: set[int]) -> Table:
    """The plan's warning signs ticked on the reports (the sign's text as the plan worded it):
    one row per sign, not per report."""
    reports = scope.reports(filters, adult_ids=adult_ids).order_by().values("id", "observed_signs")
    connection = connections[reports.db]
    sql, params = reports.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(_SIGNS_SQL[connection.vendor].replace("{reports}", sql), params)
        counts = cursor.fetchall()
    return Table(
        "by_sign",
        _("Efter bekymringstegn"),
        [_("Bekymringstegn"), _("Antal underretninger")],
        [[sign, n] for sign, n in sorted(counts, key=lambda item: (-item[1], item[0]))],
        note=_("En underretning kan have flere tegn."),
    )


def repeats_q() -> Q:
    """A report about a person (by the CPR blind index) with an earlier report about them within
    the 12 months before it."""
    earlier = Report.objects.filter(
        subject_cpr_index=OuterRef("subject_cpr_index"),
        received_at__lt=OuterRef("received_at"),
        received_at__gte=OuterRef("received_at") - datetime.timedelta(days=REPEAT_DAYS),
    )
    return ~Q(subject_cpr_index="") & Q(Exists(earlier))


def totals(filters: Filters, adult_ids: set[int]) -> dict:
    """Reports, inquiries, repeat reports and flagged cases: two aggregate queries."""
    reports = scope.reports(filters, adult_ids=adult_ids).aggregate(
        reports=Count("pk", filter=~Q(receiving_unit_id__in=adult_ids)),
        inquiries=Count("pk", filter=Q(receiving_unit_id__in=adult_ids)),
        repeats=Count("pk", filter=repeats_q()),
    )
    cases = scope.cases_received(filters).aggregate(
        cases=Count("pk"), flagged=Count("pk", filter=Q(nsk_aerk_flag=True))
    )
    return {**reports, **cases}


def totals_table(current: dict, earlier: dict) -> Table:
    rows = [
        (_("Underretninger (børn og unge)"), "reports"),
        (_("Henvendelser (voksne)"), "inquiries"),
        (_("Gentagne underretninger om samme person inden for 12 måneder"), "repeats"),
        (_("Sager oprettet"), "cases"),
        (_("Sager markeret med mulig NSK/ÆRK"), "flagged"),
    ]
    share = [
        _("Andel af sagerne markeret med mulig NSK/ÆRK"),
        # shown as the counts beside it are (`Table.shown`): of the rounded counts where they are rounded
        Share(current["flagged"], current["cases"]),
        Share(earlier["flagged"], earlier["cases"]),
    ]
    return Table(
        "totals",
        _("Opsporing i alt"),
        [_("Tal"), _("Perioden"), _("Samme periode sidste år")],
        [*([label, current[key], earlier[key]] for label, key in rows), share],
        chart=False,
    )


def collaboration(filters: Filters) -> Table:
    """Shares across centres, consultations with the plan's partners, decisions at 18."""
    cases = scope.cases(filters)
    period = {"gte": filters.since, "lt": filters.until}
    shares = CaseShare.objects.filter(
        case__in=cases, shared_at__gte=period["gte"], shared_at__lt=period["lt"]
    ).aggregate(
        across=Count("pk", filter=~Q(unit__centre_id=F("case__unit__centre_id"))),
        within=Count("pk", filter=Q(unit__centre_id=F("case__unit__centre_id"))),
    )
    consultations = dict(
        Consultation.objects.filter(case__in=cases, consulted_on__gte=filters.start, consulted_on__lte=filters.end)
        .values("partner_kind")
        .annotate(n=Count("pk"))
        .values_list("partner_kind", "n")
    )
    # A hand-over moves the case to the adults unit: the decision counts for both units.
    at_18 = ComingOfAge.objects.filter(decided_at__gte=period["gte"], decided_at__lt=period["lt"])
    if filters.unit_id:
        at_18 = at_18.filter(Q(from_unit_id=filters.unit_id) | Q(to_unit_id=filters.unit_id))
    at_18 = at_18.aggregate(
        handover=Count("pk", filter=Q(kind=ComingOfAgeKind.HANDOVER)),
        continued=Count("pk", filter=Q(kind=ComingOfAgeKind.CONTINUED_SUPPORT)),
    )
    rows = [
        [_("Sager delt med en enhed i et andet center"), shares["across"]],
        [_("Sager delt med en enhed i samme center"), shares["within"]],
        *([str(label), consultations.get(kind, 0)] for kind, label in PartnerKind.choices),
        [_("Overdraget til voksenområdet ved 18 år"), at_18["handover"]],
        [_("Fortsat støtte 18-22 år"), at_18["continued"]],
    ]
    return Table("collaboration", _("Samarbejde på tværs"), [_("Tal"), _("Antal")], rows)


def implementation(today: datetime.date) -> dict:
    """Dissemination and training coverage and the days left to the revision deadline (counts
    of staff, never names)."""
    dissemination = dissemination_coverage()
    training = training_coverage()
    due = revision_due(plan_in_force())
    return {
        "dissemination": dissemination,
        "training": training,
        "revision_due": due,
        "days_to_revision": (due - today).days if due else None,
    }
