"""Case pages. Thin: selectors read (through CasePolicy), services write, the risk gate and the
other case rules answer in the services and the pages show their Danish reasons.

A case the user may not see is "not found" (404); an action the user may not take on a case
they can see is refused (403) with the reason.
"""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from beredskab.accounts.models import User
from beredskab.audit.purposes import Purpose
from beredskab.audit.services import audit_record
from beredskab.core import submissions
from beredskab.core.pdf import render_pdf
from beredskab.core.policies import PolicyDenied
from beredskab.core.workdays import to_local
from beredskab.intake.deadlines import RECEIPT_WORKING_DAYS
from beredskab.intake.models import Report
from beredskab.risk import gate

from . import audit_actions, documents, forms, selectors, services
from .clocks import case_clocks, worst_state
from .disclosure import SUBJECT_FIELDS, Disclosure, Recipient
from .errors import CaseError
from .gate_state import gate_token
from .models import (
    Case,
    CasePerson,
    CaseReport,
    CaseShare,
    CaseStatus,
    DisclosureRestriction,
    Intervention,
    JournalEntry,
    NetworkStepKind,
    Screening,
    ScreeningOutcome,
    Task,
    TaskStatus,
)
from .policies import case_policy, lead_unit_ids
from .view_helpers import (
    case_for_page,
    case_url,
    case_work_required,
    form_page,
    outbound_check,
    post_action,
    refused,
)


def _today() -> datetime.date:
    return to_local(timezone.now()).date()


# --- lists ---------------------------------------------------------------------------------


def _list_rows(user, cases):
    """A row per case; the child as this user may see them (restrictions apply to lists too)."""
    now = timezone.now()
    rows = []
    for case in cases:
        clocks = case_clocks(case, include_done=False)
        rows.append(
            {
                "case": case,
                "subject": selectors.disclosure_for(user, case).subject(on=_today()),
                "next_clock": clocks[0] if clocks else None,
                "state": worst_state(clocks, now),
            }
        )
    return rows


@case_work_required
def queue(request):
    """New reports first by urgency (acute), then by deadline; and cases without an owner."""
    items = selectors.queue_reports(user=request.user)
    unowned = selectors.unowned_cases(user=request.user)
    selectors.audit_queue_view(request.user, len(items) + len(unowned))
    selectors.audit_listed(request.user, [i.report for i in items], purpose=Purpose.INTAKE)
    selectors.audit_listed(request.user, unowned)
    lead_units = lead_unit_ids(request.user)
    return render(
        request,
        "cases/queue.html",
        {
            "items": [
                {"report": i.report, "clock": i.clock, "age": i.report.subject_age, "held": i.held} for i in items
            ],
            "unowned": _list_rows(request.user, unowned),
            "lead_units": lead_units,
        },
    )


@case_work_required
def my_cases(request):
    mine = selectors.my_cases(user=request.user)
    shared = selectors.shared_cases(user=request.user)
    selectors.audit_listed(request.user, mine)
    selectors.audit_listed(request.user, shared, purpose=Purpose.COLLABORATION)
    return render(
        request,
        "cases/case_list.html",
        {
            "title": _("Mine sager"),
            "rows": _list_rows(request.user, mine),
            "shared_rows": _list_rows(request.user, shared),
            "show_owner": False,
        },
    )


@case_work_required
def unit_cases(request):
    status = request.GET.get("status") or None
    if status not in CaseStatus.values:
        status = None
    cases = selectors.unit_cases(user=request.user, status=status)
    selectors.audit_listed(request.user, cases)
    return render(
        request,
        "cases/case_list.html",
        {
            "title": _("Enhedens sager"),
            "rows": _list_rows(request.user, cases),
            "shared_rows": [],
            "show_owner": True,
            "statuses": CaseStatus.choices,
            "status": status,
        },
    )


@case_work_required
def deadlines(request):
    mine = request.GET.get("vis") == "mine"
    clocks = selectors.deadlines(user=request.user, mine_only=mine)
    return render(request, "cases/deadlines.html", {"clocks": clocks, "mine": mine})


# --- the queue: take a report into a case --------------------------------------------------


def _queue_report(request, reference: str) -> Report:
    try:
        return selectors.queue_report_for_reading(user=request.user, reference=reference)
    except Report.DoesNotExist:
        raise Http404 from None


def _open_forms(request, report: Report, matches, *, open_data=None, add_data=None):
    held = selectors.report_hold(report)
    candidates = [report, *[r for r in matches.reports if r.receiving_unit_id == report.receiving_unit_id]]
    report_choices = [
        (r.reference, _("%(ref)s, modtaget %(date)s") % {"ref": r.reference, "date": _local_date(r.received_at)})
        for r in candidates
    ]
    may_assign = report.receiving_unit_id in lead_unit_ids(request.user)
    open_form = forms.OpenCaseForm(
        open_data,
        report_choices=report_choices,
        unit_id=report.receiving_unit_id,
        may_assign=may_assign,
        user=request.user,
        held=held is not None,
        initial={"reports": [report.reference]},
        prefix="open",
    )
    open_cases = [c for c in matches.cases if c.is_open and c.unit_id == report.receiving_unit_id]
    if held is not None:  # a held report goes to its case and nowhere else
        open_cases = [c for c in open_cases if c.pk == held.case_id]
    add_form = (
        forms.AddToCaseForm(
            add_data,
            case_choices=[(c.reference, c.reference) for c in open_cases],
            prefix="add",
        )
        if open_cases
        else None
    )
    for form in (open_form, add_form):
        if form is not None:
            submissions.add_token(form)
    return open_form, add_form, candidates


def _local_date(moment) -> str:
    from django.utils.formats import date_format

    from beredskab.core.workdays import to_local

    return date_format(to_local(moment), "j. F Y H:i")


def _render_queue_report(request, report, matches, open_form, add_form, status=200):
    link = CaseReport.objects.filter(report=report).select_related("case").first()
    from .clocks import report_assessment_clock

    return render(
        request,
        "cases/queue_report.html",
        {
            "report": report,
            "clock": report_assessment_clock(report),
            "matches": matches,
            "open_form": open_form,
            "add_form": add_form,
            "in_case": link.case if link else None,
            "may_see_case": bool(link and case_policy.can(request.user, "view", link.case)),
            "held": selectors.report_hold(report),
        },
        status=status,
    )


@case_work_required
def queue_report(request, report_reference: str):
    report = _queue_report(request, report_reference)
    matches = selectors.matches_for_report(user=request.user, report=report)
    open_form, add_form, _candidates = _open_forms(request, report, matches)
    return _render_queue_report(request, report, matches, open_form, add_form)


@require_POST
@case_work_required
def queue_open_case(request, report_reference: str):
    report = _queue_report(request, report_reference)
    matches = selectors.matches_for_report(user=request.user, report=report)
    open_form, add_form, candidates = _open_forms(request, report, matches, open_data=request.POST)
    if open_form.is_valid():
        chosen = [r for r in candidates if r.reference in open_form.cleaned_data["reports"]]
        owner = None
        owner_id = open_form.cleaned_data.get("owner")
        if owner_id:
            owner = User.objects.filter(pk=owner_id).first()
        try:
            case = submissions.submit_once(
                user=request.user,
                form=open_form,
                perform=lambda: services.case_open(
                    actor=request.user,
                    reports=chosen,
                    owner=owner,
                    hold_release_reason=open_form.cleaned_data.get("hold_release_reason", ""),
                ),
                default_url=case_url,
            )
        except submissions.AlreadySubmitted as already:
            response = submissions.already_submitted_response(
                request, already, open_form, fallback_url=reverse("cases:queue_report", args=[report.reference])
            )
            if response is not None:
                return response
        except CaseError as error:
            open_form.add_error(None, error.reason)
        else:
            messages.success(request, _("Sag %(ref)s er oprettet.") % {"ref": case.reference})
            return redirect(case_url(case))
    return _render_queue_report(request, report, matches, open_form, add_form, status=400)


@require_POST
@case_work_required
def queue_add_to_case(request, report_reference: str):
    report = _queue_report(request, report_reference)
    matches = selectors.matches_for_report(user=request.user, report=report)
    open_form, add_form, _candidates = _open_forms(request, report, matches, add_data=request.POST)
    if add_form is None:
        raise Http404
    if add_form.is_valid():
        case = next(c for c in matches.cases if c.reference == add_form.cleaned_data["case"])
        try:
            submissions.submit_once(
                user=request.user,
                form=add_form,
                perform=lambda: services.case_add_report(actor=request.user, case=case, report=report),
                default_url=case_url(case),
            )
        except submissions.AlreadySubmitted as already:
            response = submissions.already_submitted_response(
                request, already, add_form, fallback_url=reverse("cases:queue_report", args=[report.reference])
            )
            if response is not None:
                return response
        except (CaseError, PolicyDenied) as error:
            add_form.add_error(None, error.reason)
        else:
            messages.success(
                request,
                _("Underretningen er lagt på sag %(ref)s. Husk vurderingen inden for 24 timer.")
                % {"ref": case.reference},
            )
            return redirect(case_url(case))
    return _render_queue_report(request, report, matches, open_form, add_form, status=400)


# --- the case page -------------------------------------------------------------------------

NETWORK_KIND_SLUGS = {
    NetworkStepKind.CONTACT: "kontakt",
    NetworkStepKind.LETTER: "brev",
    NetworkStepKind.MEETING: "moede",
    NetworkStepKind.DOCUMENT_SHARE: "dokumenter",
    NetworkStepKind.FILE_ACCESS: "aktindsigt",
}
KIND_BY_SLUG = {slug: kind for kind, slug in NETWORK_KIND_SLUGS.items()}


def _restriction_items(case: Case) -> list[tuple[str, str, object, str]]:
    """(value, label, item, field) for everything on the case a restriction can be put on."""
    items = [(f"case:{case.pk}:{name}", label, case, name) for name, label in SUBJECT_FIELDS.items()]
    for cr in case.case_reports.all():
        ref = cr.report.reference
        items.append(
            (
                f"casereport:{cr.pk}:reporter",
                _("Underretning %(ref)s: indberetterens identitet") % {"ref": ref},
                cr,
                "reporter",
            )
        )
        items.append((f"casereport:{cr.pk}:", _("Underretning %(ref)s: hele underretningen") % {"ref": ref}, cr, ""))
    for person in case.people.all():
        label = f"{person.name} ({person.get_relation_display()})"
        items.append(
            (
                f"caseperson:{person.pk}:contact_details",
                _("%(p)s: kontaktoplysninger") % {"p": label},
                person,
                "contact_details",
            )
        )
        items.append((f"caseperson:{person.pk}:", _("%(p)s: alle oplysninger") % {"p": label}, person, ""))
    for entry in case.journal.all():
        items.append((f"journalentry:{entry.pk}:", _("Journalnotat nr. %(n)s") % {"n": entry.number}, entry, ""))
    for decision in case.decisions.all():
        items.append((f"decision:{decision.pk}:", _("Beslutning: %(t)s") % {"t": decision.title}, decision, ""))
    for consultation in case.consultations.all():
        items.append(
            (
                f"consultation:{consultation.pk}:",
                _("Konsultation %(date)s med %(who)s")
                % {"date": consultation.consulted_on.strftime("%d-%m-%Y"), "who": consultation.partner_name},
                consultation,
                "",
            )
        )
    for assessment in case.risk_assessments.all():
        for field, label in (("scenarios", _("scenarier")), ("safety_measures", _("sikkerhedsforanstaltninger"))):
            items.append(
                (
                    f"riskassessment:{assessment.pk}:{field}",
                    _("Risikovurdering version %(v)s: %(f)s") % {"v": assessment.version, "f": label},
                    assessment,
                    field,
                )
            )
    return items


@case_work_required
def case_detail(request, reference: str):
    case = case_for_page(request, reference, full=True)
    user = request.user
    disclosure = selectors.disclosure_for(user, case)
    is_team = case_policy.is_team(user, case)
    gate_decision = gate.gate_decision(case)
    step_decisions = {kind: gate.check_network_step(case, kind) for kind in NetworkStepKind.values}
    pending_screening = gate.screening_awaiting_approval(case)
    corrections: dict[int, list[JournalEntry]] = {}
    for entry in case.journal.all():
        if entry.corrects_id:
            corrections.setdefault(entry.corrects_id, []).append(entry)
    for entry in case.journal.all():
        entry.fixed_by = corrections.get(entry.pk, [])
    assessments = list(case.risk_assessments.all())
    labels = {value: label for value, label, _item, _field in _restriction_items(case)} if is_team else {}
    restriction_rows = [
        {"restriction": r, "label": labels.get(f"{r.content_type.model}:{r.object_id}:{r.field_name}", "")}
        for r in case.restrictions.all()
        if r.lifted_at is None
    ]
    context = {
        "case": case,
        "disclosure": disclosure,
        "is_team": is_team,
        "is_lead": case_policy.is_lead(user, case),
        "can_work": case_policy.can(user, "work", case),
        "can_journal": case_policy.can(user, "write_journal", case),
        "can_reply": case_policy.can(user, "reply", case),
        "can_claim": not case.owner_id and case_policy.can(user, "claim", case),
        "can_share": case_policy.can(user, "share", case),
        "can_reopen": case_policy.can(user, "reopen", case),
        "can_protect": case_policy.can(user, "protect", case),
        "protection_members": list(case.protection_members.select_related("user")) if case.protected else [],
        "break_glass": case_policy.active_break_glass(user, case)
        if case_policy.is_break_glass_viewer(user, case)
        else None,
        "clocks": case_clocks(case),
        "subject": disclosure.subject(on=_today()),
        "gate_decision": gate_decision,
        "network_actions": [
            {
                "kind": kind,
                "label": NetworkStepKind(kind).label,
                "slug": NETWORK_KIND_SLUGS[kind],
                "decision": step_decisions[kind],
            }
            for kind in NetworkStepKind.values
        ],
        "active_override": gate_decision.override,
        "confirmable": gate.awaiting_confirmation(case) if case_policy.can(user, "work", case) else None,
        "pending_screening": pending_screening,
        "gate_token": gate_token(case),
        "can_approve_screening": bool(
            pending_screening
            and case_policy.is_lead(user, case)
            and pending_screening.screened_by_id != user.pk
            and case.is_open
        ),
        "assessments": assessments,
        "open_assessment": next((a for a in assessments if a.status in ("draft", "completed")), None),
        "pending_assessment": any(cr.urgent_assessment_id is None for cr in case.case_reports.all()),
        "latest_screening": (list(case.screenings.all()) or [None])[-1],
        "matches": selectors.matches_for_case(user=user, case=case) if is_team else None,
        "open_tasks": [t for t in case.tasks.all() if t.status == TaskStatus.OPEN],
        "closed_tasks": [t for t in case.tasks.all() if t.status != TaskStatus.OPEN],
        "active_shares": [s for s in case.shares.all() if s.revoked_at is None],
        "restriction_rows": restriction_rows,
        "screening_allows_work": bool(
            case.screenings.all() and list(case.screenings.all())[-1].outcome != ScreeningOutcome.NO_ACTION
        ),
        "CaseStatus": CaseStatus,
        "purpose_choices": [(p, Purpose(p).label) for p in selectors.CHOOSABLE_READ_PURPOSES],
        "read_purpose": selectors.read_purpose(user, case, request.GET.get("formaal")),
    }
    return render(request, "cases/case_detail.html", context)


@require_POST
@case_work_required
def case_claim(request, reference: str):
    case = case_for_page(request, reference, audit=False)
    return post_action(
        request,
        case,
        lambda: services.case_claim(actor=request.user, case=case),
        success=_("Du er nu sagsbehandler på sagen."),
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def case_assign(request, reference: str):
    case = case_for_page(request, reference)
    form = forms.AssignForm(request.POST or None, unit_id=case.unit_id, initial={"owner": case.owner_id})

    def perform(data):
        owner = User.objects.filter(pk=data["owner"]).first()
        return services.case_assign(actor=request.user, case=case, owner=owner)

    return form_page(
        request,
        case,
        form,
        perform,
        title=_("Fordel sagen"),
        action="assign",
        success=_("Sagen er fordelt."),
        submit=_("Fordel"),
    )


@require_POST
@case_work_required
def case_status(request, reference: str):
    case = case_for_page(request, reference, audit=False)
    to_status = request.POST.get("to", "")
    if to_status != CaseStatus.IN_PROGRESS:
        raise Http404
    return post_action(
        request,
        case,
        lambda: services.case_transition(actor=request.user, case=case, to_status=to_status),
        success=_("Sagen er sat i gang."),
    )


@require_POST
@case_work_required
def case_flag(request, reference: str):
    """Mark the case: NSK/ÆRK may be involved. Removing the mark is a leader's decision with a
    reason on its own page (risk:not_involved), never a plain button."""
    case = case_for_page(request, reference, audit=False)
    if request.POST.get("flagged") != "1":
        decision = case_policy.decide(request.user, "override_gate", case)
        if not decision:
            return refused(request, decision.reason, case)
        return redirect("risk:not_involved", reference=case.reference)
    return post_action(
        request,
        case,
        lambda: services.case_flag_set(actor=request.user, case=case),
        success=_("Sagen er markeret med mulig NSK/ÆRK."),
        anchor="risikoport",
    )


@require_POST
@case_work_required
def screening_approve(request, reference: str, screening_id: int):
    """A leader approves a screening that rules NSK/ÆRK out (four eyes); the gate opens."""
    case = case_for_page(request, reference, audit=False)
    try:
        screening = Screening.objects.get(pk=screening_id, case=case)
    except Screening.DoesNotExist:
        raise Http404 from None
    return post_action(
        request,
        case,
        lambda: services.screening_gate_approve(
            actor=request.user, screening=screening, seen_gate_token=request.POST.get("gate_token", "")
        ),
        success=_("Screeningen er godkendt. Risikoporten er åben."),
        anchor="risikoport",
    )


# --- clocks --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@case_work_required
def urgent_assessment(request, reference: str):
    case = case_for_page(request, reference)
    form = forms.UrgentAssessmentForm(request.POST or None, initial={"nsk_aerk_possible": case.nsk_aerk_flag})
    pending = list(
        case.case_reports.filter(urgent_assessment__isnull=True)
        .select_related("report")
        .order_by("report__received_at")
    )
    return form_page(
        request,
        case,
        form,
        lambda d: services.urgent_assessment_record(actor=request.user, case=case, **d),
        title=_("Vurdering inden for 24 timer"),
        intro=_(
            "Barnets lov § 136: Inden for 24 timer efter modtagelsen vurderes, om barnets sundhed eller udvikling "
            "er i fare, og om der er behov for akut handling."
        ),
        anchor="vurdering",
        success=_("Vurderingen er registreret."),
        template="cases/urgent_assessment.html",
        context={"pending": pending},
    )


def _case_report(case: Case, case_report_id: int) -> CaseReport:
    try:
        return CaseReport.objects.select_related("report", "case").get(pk=case_report_id, case=case)
    except CaseReport.DoesNotExist:
        raise Http404 from None


@require_http_methods(["GET", "POST"])
@case_work_required
def receipt(request, reference: str, case_report_id: int):
    case = case_for_page(request, reference)
    case_report = _case_report(case, case_report_id)
    if not case_report.needs_receipt:
        return refused(request, _("Indberetteren er anonym og får ingen kvittering."), case)
    form = forms.ReceiptForm(request.POST or None, initial={"sent_on": forms.today()})
    return form_page(
        request,
        case,
        form,
        lambda d: services.receipt_record(actor=request.user, case_report=case_report, **d),
        title=_("Kvittering til indberetteren for %(ref)s") % {"ref": case_report.report.reference},
        intro=_(
            "Barnets lov § 137: Den, der har underrettet, skal have en kvittering inden for %(days)s arbejdsdage. "
            "Hent kvitteringsbrevet, send det, og registrér her, hvornår og hvordan det blev sendt."
        )
        % {"days": RECEIPT_WORKING_DAYS},
        action="reply",
        anchor="underretninger",
        success=_("Afsendelsen af kvitteringen er registreret."),
        context={"pdf_url": reverse("cases:receipt_letter", args=[case.reference, case_report.pk])},
        template="cases/receipt_form.html",
    )


@case_work_required
def receipt_letter(request, reference: str, case_report_id: int):
    """The receipt letter to the reporter: only what the reporter may see, never a CPR number."""
    case = case_for_page(request, reference, audit=False)
    decision = case_policy.decide(request.user, "reply", case)
    if not decision:
        return refused(request, decision.reason, case)
    case_report = _case_report(case, case_report_id)
    if not case_report.needs_receipt:
        return refused(request, _("Indberetteren er anonym og får ingen kvittering."), case)
    disclosure = Disclosure(case, Recipient.reporter())
    report = case_report.report
    audit_record(
        actor=request.user,
        action=audit_actions.RECEIPT_LETTER_GENERATED,
        target=case_report,
        person_ref=case.person_ref,
        purpose=Purpose.CASE_WORK,
        new={"case": case.reference, "report": report.reference},
    )
    pdf = render_pdf(
        "cases/pdf/receipt_letter.html",
        {
            "case": case,
            "report": report,
            "child_name": disclosure.value(case, "subject_name") if case.subject_name else "",
            "show_child_name": bool(case.subject_name) and disclosure.may_show(case, "subject_name"),
            "today": timezone.now(),
            "professional": case_report.needs_feedback,
            # What the letter states, from the records only (never an assessment not yet made).
            "assessed": case_report.urgent_assessment_id is not None,
            "case_closed": case.status == CaseStatus.CLOSED,
            "feedback_given": case_report.feedback_sent_on is not None,
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="kvittering-{report.reference}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
@case_work_required
def reporter_release(request, reference: str, case_report_id: int):
    """Release the reporter's identity toward the family (withheld by default in NSK/ÆRK)."""
    case = case_for_page(request, reference)
    case_report = _case_report(case, case_report_id)
    form = forms.ReasonForm(
        request.POST or None,
        reason_help=_("Hvorfor må familien få at vide, hvem der har underrettet? Fx at indberetteren har sagt ja."),
    )
    return form_page(
        request,
        case,
        form,
        lambda d: services.reporter_identity_release(actor=request.user, case_report=case_report, reason=d["reason"]),
        title=_("Frigiv indberetterens identitet over for familien"),
        intro=_(
            "I en sag om mulig negativ social kontrol eller æresrelateret konflikt tilbageholdes indberetterens "
            "identitet over for familien (forvaltningsloven § 15 b), fx ved aktindsigt. Her kan du beslutte at frigive "
            "den."
        ),
        anchor="underretninger",
        success=_("Indberetterens identitet er frigivet over for familien."),
        submit=_("Frigiv"),
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def feedback(request, reference: str, case_report_id: int):
    case = case_for_page(request, reference)
    case_report = _case_report(case, case_report_id)
    if not case_report.needs_feedback:
        return refused(request, _("Kun fagpersoner, der har underrettet, får en tilbagemelding."), case)
    form = forms.FeedbackForm(request.POST or None, initial={"sent_on": forms.today()})
    return form_page(
        request,
        case,
        form,
        lambda d: services.feedback_record(actor=request.user, case_report=case_report, **d),
        title=_("Tilbagemelding til fagpersonen for %(ref)s") % {"ref": case_report.report.reference},
        intro=_(
            "Barnets lov § 137: En fagperson, der har underrettet, skal have besked om, hvorvidt der er iværksat "
            "en afdækning, en børnefaglig undersøgelse eller støttende indsatser."
        ),
        action="reply",
        anchor="underretninger",
        success=_("Tilbagemeldingen er registreret."),
    )


# --- screening -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@case_work_required
def screening(request, reference: str):
    case = case_for_page(request, reference)
    has_signs = any(cr.report.observed_signs for cr in case.case_reports.select_related("report"))
    form = forms.ScreeningForm(
        request.POST or None,
        initial={"nsk_aerk_possible": True, "earlier_honour_conflicts": case.earlier_honour_conflicts},
    )
    intro = _(
        "Barnets lov § 18: Hver underretning screenes. Kan der være tale om negativ social kontrol eller en "
        "æresrelateret konflikt, laves en risikovurdering, før forældre eller netværk inddrages. Overvej, om der "
        "har været tidligere æresrelaterede konflikter."
    )
    return form_page(
        request,
        case,
        form,
        lambda d: services.screening_record(actor=request.user, case=case, **d),
        title=_("Screening"),
        intro=intro,
        anchor="screening",
        success=_("Screeningen er registreret."),
        context={"has_signs": has_signs},
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def subject(request, reference: str):
    case = case_for_page(request, reference)
    form = forms.SubjectForm(request.POST or None, initial={"name": case.subject_name, "address": case.subject_address})
    return form_page(
        request,
        case,
        form,
        lambda d: services.case_subject_update(actor=request.user, case=case, **d),
        title=_("Oplysninger om barnet"),
        anchor="barnet",
        success=_("Oplysningerne er gemt."),
    )


# --- family and network --------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@case_work_required
def person_add(request, reference: str):
    case = case_for_page(request, reference)
    form = forms.PersonForm(request.POST or None, initial={"may_contact": "unknown"})
    return form_page(
        request,
        case,
        form,
        lambda d: services.case_person_add(actor=request.user, case=case, **d),
        title=_("Tilføj person i familie og netværk"),
        anchor="netvaerk",
        success=_("Personen er tilføjet."),
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def person_edit(request, reference: str, person_id: int):
    case = case_for_page(request, reference)
    try:
        person = CasePerson.objects.get(pk=person_id, case=case)
    except CasePerson.DoesNotExist:
        raise Http404 from None
    initial = {f: getattr(person, f) for f in services.PERSON_FIELDS}
    form = forms.PersonForm(request.POST or None, initial=initial)
    return form_page(
        request,
        case,
        form,
        lambda d: services.case_person_update(actor=request.user, person=person, **d),
        title=_("Ret person i familie og netværk"),
        anchor="netvaerk",
        success=_("Personen er opdateret."),
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def network_step(request, reference: str, kind: str):
    case = case_for_page(request, reference)
    kind = KIND_BY_SLUG.get(kind)
    if kind is None:
        raise Http404
    people = list(case.people.all())
    form = forms.NetworkStepForm(request.POST or None, people=people, initial={"occurred_on": forms.today()})
    decision = gate.check_network_step(case, kind)

    def perform(data):
        chosen = [p for p in people if p.pk in data["people"]]
        return services.network_step_record(
            actor=request.user,
            case=case,
            kind=kind,
            people=chosen,
            occurred_on=data["occurred_on"],
            summary=data["summary"],
            mentions_confirmed=data.get("mentions_confirmed", ()),
        )

    return form_page(
        request,
        case,
        form,
        perform,
        title=NetworkStepKind(kind).label,
        anchor="inddragelse",
        submit=_("Registrér"),
        success=_("Skridtet er registreret."),
        template="cases/network_step.html",
        context={"gate": decision, "people": people, "is_lead": case_policy.is_lead(request.user, case)},
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def file_access_export(request, reference: str, step_id: int, person_id: int):
    """What a family or network member was given file access to (aktindsigt), with every
    restriction that covers them applied, the reporter withheld by default in an NSK/ÆRK case,
    and the outbound check on its free text before it is made."""
    case = case_for_page(request, reference, full=True, audit=False)
    decision = case_policy.decide(request.user, "view", case)
    if not decision or not case_policy.is_team(request.user, case):
        return refused(request, _("Kun sagens enhed kan danne aktindsigt."), case)
    step = next(
        (s for s in case.network_steps.all() if s.pk == step_id and s.kind == NetworkStepKind.FILE_ACCESS), None
    )
    person = next((p for p in (step.people.all() if step else []) if p.pk == person_id), None)
    if person is None:
        raise Http404
    gate_answer = gate.check_network_step(case, NetworkStepKind.FILE_ACCESS)
    if not gate_answer.allowed:
        return refused(request, gate_answer.reason, case)
    content = documents.file_access_content(case, person, today=_today())
    released = outbound_check(
        request,
        case,
        content.document,
        title=_("Aktindsigt til %(who)s: tjek før afsendelse") % {"who": person.get_relation_display()},
        submit=_("Dan aktindsigten"),
    )
    if isinstance(released, HttpResponse):
        return released
    try:
        services.file_access_release(actor=request.user, step=step, person=person)
    except CaseError as error:
        return refused(request, error.reason, case)
    if released:
        content = documents.file_access_content(case, person, today=_today(), released=released)
    pdf = render_pdf(
        "cases/pdf/file_access.html", {"case": case, "person": person, "content": content, "today": timezone.now()}
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="aktindsigt-{case.reference}.pdf"'
    return response


# --- case work -----------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@case_work_required
def journal_add(request, reference: str):
    case = case_for_page(request, reference)
    corrects = None
    number = request.GET.get("retter") or request.POST.get("retter")
    if number:
        try:
            corrects = JournalEntry.objects.get(case=case, number=int(number))
        except (JournalEntry.DoesNotExist, ValueError):
            raise Http404 from None
        if not selectors.disclosure_for(request.user, case).may_show(corrects):
            raise Http404  # a unit the case is shared with may not see (or correct) this entry
    # A unit the case is shared with sees only the people it may see (disclosure restrictions).
    people = selectors.disclosure_for(request.user, case).visible(list(case.people.all()))
    form = forms.JournalForm(
        request.POST or None,
        people=people,
        initial={"occurred_on": forms.today(), "kind": corrects.kind if corrects else "note"},
    )

    def perform(data):
        return services.journal_entry_add(
            actor=request.user,
            case=case,
            corrects=corrects,
            kind=data["kind"],
            occurred_on=data["occurred_on"],
            body=data["body"],
            participants=form.chosen_people(people),
            no_family=data.get("no_family", False),
            mentions_confirmed=data.get("mentions_confirmed", ()),
        )

    return form_page(
        request,
        case,
        form,
        perform,
        title=_("Ret journalnotat nr. %(n)s") % {"n": corrects.number} if corrects else _("Nyt journalnotat"),
        intro=_("Journalen ændres aldrig. En rettelse er et nyt notat, der henviser til det, det retter.")
        if corrects
        else "",
        action="write_journal",
        anchor="journal",
        success=_("Notatet er gemt i journalen."),
        template="cases/journal_form.html",
        context={"corrects": corrects},
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def task_add(request, reference: str):
    case = case_for_page(request, reference)
    people = list(case.people.all())
    form = forms.TaskForm(request.POST or None, unit_id=case.unit_id, people=people, initial={"owner": request.user.pk})

    def perform(data):
        return services.task_add(
            actor=request.user,
            case=case,
            owner=User.objects.filter(pk=data["owner"]).first(),
            title=data["title"],
            details=data["details"],
            due_on=data["due_on"],
            people=form.chosen_people(people),
            mentions_confirmed=data.get("mentions_confirmed", ()),
        )

    return form_page(
        request, case, form, perform, title=_("Ny opgave"), anchor="opgaver", success=_("Opgaven er oprettet.")
    )


@require_POST
@case_work_required
def task_close(request, reference: str, task_id: int):
    case = case_for_page(request, reference, audit=False)
    try:
        task = Task.objects.get(pk=task_id, case=case)
    except Task.DoesNotExist:
        raise Http404 from None
    status = TaskStatus.CANCELLED if request.POST.get("status") == TaskStatus.CANCELLED else TaskStatus.DONE
    return post_action(
        request,
        case,
        lambda: services.task_close(actor=request.user, task=task, status=status),
        success=_("Opgaven er afsluttet."),
        anchor="opgaver",
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def decision_add(request, reference: str):
    case = case_for_page(request, reference)
    people = list(case.people.all())
    form = forms.DecisionForm(request.POST or None, people=people, initial={"decided_on": forms.today()})

    def perform(data):
        return services.decision_record(
            actor=request.user,
            case=case,
            kind=data["kind"],
            decided_on=data["decided_on"],
            title=data["title"],
            text=data["text"],
            legal_basis=data["legal_basis"],
            people=form.chosen_people(people),
            no_family=data.get("no_family", False),
            mentions_confirmed=data.get("mentions_confirmed", ()),
        )

    return form_page(
        request,
        case,
        form,
        perform,
        title=_("Ny beslutning"),
        anchor="beslutninger",
        success=_("Beslutningen er registreret."),
    )


def _prevention_levels():
    """The plan in force's prevention levels (name and description), else the defaults."""
    from beredskab.plan.selectors import plan_in_force

    plan = plan_in_force()
    if plan is None:
        return None
    levels = list(plan.prevention_levels.all())
    if not levels:
        return None
    order = {"primary": 0, "secondary": 1, "tertiary": 2}
    return [
        (level.level, f"{level.name}: {level.description}" if level.description else level.name)
        for level in sorted(levels, key=lambda lv: order.get(lv.level, 9))
    ]


@require_http_methods(["GET", "POST"])
@case_work_required
def intervention_add(request, reference: str):
    case = case_for_page(request, reference)
    form = forms.InterventionForm(
        request.POST or None, levels=_prevention_levels(), initial={"starts_on": forms.today()}
    )
    return form_page(
        request,
        case,
        form,
        lambda d: services.intervention_add(actor=request.user, case=case, **d),
        title=_("Ny indsats"),
        anchor="indsatser",
        success=_("Indsatsen er oprettet."),
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def intervention_end(request, reference: str, intervention_id: int):
    case = case_for_page(request, reference)
    try:
        intervention = Intervention.objects.get(pk=intervention_id, case=case)
    except Intervention.DoesNotExist:
        raise Http404 from None
    form = forms.InterventionEndForm(request.POST or None, initial={"ended_on": forms.today()})
    return form_page(
        request,
        case,
        form,
        lambda d: services.intervention_end(actor=request.user, intervention=intervention, **d),
        title=_("Afslut indsats: %(kind)s") % {"kind": intervention.get_kind_display()},
        anchor="indsatser",
        success=_("Indsatsen er afsluttet."),
    )


# --- collaboration and disclosure ----------------------------------------------------------


@require_http_methods(["GET", "POST"])
@case_work_required
def share_add(request, reference: str):
    case = case_for_page(request, reference)
    form = forms.ShareForm(request.POST or None, exclude_unit_id=case.unit_id)
    return form_page(
        request,
        case,
        form,
        lambda d: services.case_share(actor=request.user, case=case, **d),
        title=_("Del sagen med en anden enhed"),
        intro=_(
            "Enheden kan se sagen og skrive i journalen, indtil delingen tilbagekaldes. Oplysninger med en "
            "videregivelsesbegrænsning til andre enheder vises ikke for dem."
        ),
        action="share",
        anchor="deling",
        success=_("Sagen er delt."),
        submit=_("Del sagen"),
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def share_revoke(request, reference: str, share_id: int):
    case = case_for_page(request, reference)
    done = submissions.redirect_if_done(request, fallback_url=case_url(case, "deling"))
    if done is not None:
        return done
    try:
        share = CaseShare.objects.select_related("unit").get(pk=share_id, case=case, revoked_at__isnull=True)
    except CaseShare.DoesNotExist:
        raise Http404 from None
    form = forms.RevokeShareForm(request.POST or None)
    return form_page(
        request,
        case,
        form,
        lambda d: services.case_share_revoke(actor=request.user, share=share, **d),
        title=_("Tilbagekald delingen med %(unit)s") % {"unit": share.unit.name},
        action="share",
        anchor="deling",
        success=_("Delingen er tilbagekaldt."),
        submit=_("Tilbagekald"),
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def restriction_add(request, reference: str):
    case = case_for_page(request, reference, full=True)
    items = _restriction_items(case)
    people = list(case.people.all())
    form = forms.RestrictionForm(
        request.POST or None, item_choices=[(v, label) for v, label, _i, _f in items], people=people
    )

    def perform(data):
        _value, _label, item, field = next(i for i in items if i[0] == data["item"])
        person = next((p for p in people if p.pk == data.get("person")), None)
        return services.restriction_add(
            actor=request.user,
            case=case,
            item=item,
            field_name=field,
            audience=data["audience"],
            person=person,
            reason=data["reason"],
        )

    return form_page(
        request,
        case,
        form,
        perform,
        title=_("Ny videregivelsesbegrænsning"),
        intro=_(
            "Oplysningen må ikke videregives til den valgte modtager. Begrænsningen gælder på alle sider, i alle "
            "PDF'er og i alle udtræk, systemet danner."
        ),
        anchor="begraensninger",
        success=_("Begrænsningen er oprettet."),
    )


@require_POST
@case_work_required
def restriction_lift(request, reference: str, restriction_id: int):
    case = case_for_page(request, reference, audit=False)
    try:
        restriction = DisclosureRestriction.objects.get(pk=restriction_id, case=case)
    except DisclosureRestriction.DoesNotExist:
        raise Http404 from None
    return post_action(
        request,
        case,
        lambda: services.restriction_lift(actor=request.user, restriction=restriction),
        success=_("Begrænsningen er ophævet."),
        anchor="begraensninger",
    )


# --- closing -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@case_work_required
def case_close(request, reference: str):
    case = case_for_page(request, reference)
    form = forms.CloseForm(request.POST or None)
    return form_page(
        request,
        case,
        form,
        lambda d: services.case_close(actor=request.user, case=case, **d),
        title=_("Luk sagen"),
        success=_("Sagen er lukket."),
        submit=_("Luk sagen"),
    )


@require_http_methods(["GET", "POST"])
@case_work_required
def case_reopen(request, reference: str):
    case = case_for_page(request, reference)
    form = forms.ReopenForm(request.POST or None)
    return form_page(
        request,
        case,
        form,
        lambda d: services.case_reopen(actor=request.user, case=case, **d),
        title=_("Genåbn sagen"),
        action="reopen",
        success=_("Sagen er genåbnet."),
        submit=_("Genåbn"),
    )


# --- protected cases -----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@case_work_required
def case_protection(request, reference: str):
    """A leader protects the case (reason and named people) or changes who is named."""
    from . import protection

    case = case_for_page(request, reference)
    member_choices = [(u.pk, u.full_name or u.email) for u in protection.eligible_members(case)]
    initial = {"members": list(case.protection_members.values_list("user_id", flat=True))}
    if not case.protected and case.owner_id:
        initial["members"] = [case.owner_id]
    form = forms.ProtectionForm(
        request.POST or None, member_choices=member_choices, ask_reason=not case.protected, initial=initial
    )

    def perform(data):
        members = list(User.objects.filter(pk__in=data["members"]))
        if case.protected:
            return protection.case_protection_members_set(actor=request.user, case=case, members=members)
        return protection.case_protect(actor=request.user, case=case, reason=data["reason"], members=members)

    return form_page(
        request,
        case,
        form,
        perform,
        title=_("Hvem må se sagen") if case.protected else _("Gør sagen beskyttet"),
        intro=_(
            "En beskyttet sag kan kun ses af de medarbejdere, du vælger, og af dig. Den vises ikke i lister, "
            "køer, frister eller søgninger for andre, og forsøg på at åbne den bliver meldt til enhedens ledere."
        ),
        action="protect",
        anchor="beskyttelse",
        success=_("Adgangen til sagen er gemt.") if case.protected else _("Sagen er nu beskyttet."),
        submit=_("Gem") if case.protected else _("Gør sagen beskyttet"),
        template="cases/protection_form.html",
    )


@require_POST
@case_work_required
def case_unprotect(request, reference: str):
    from . import protection

    case = case_for_page(request, reference, audit=False)
    return post_action(
        request,
        case,
        lambda: protection.case_unprotect(actor=request.user, case=case),
        success=_("Beskyttelsen er ophævet. Sagen kan igen ses af enheden."),
        anchor="beskyttelse",
    )


# --- break-glass ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@case_work_required
def break_glass(request):
    """Emergency access: the reference and a reason in a POST form, never in the URL."""
    from . import breakglass

    form = forms.BreakGlassForm(request.POST or None)
    submissions.add_token(form)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                access = submissions.submit_once(
                    user=request.user,
                    form=form,
                    perform=lambda: breakglass.break_glass_open(
                        actor=request.user,
                        reference=form.cleaned_data["reference"],
                        reason=form.cleaned_data["reason"],
                    ),
                    default_url=lambda access: case_url(access.case),
                )
            except submissions.AlreadySubmitted as done:
                response = submissions.already_submitted_response(
                    request, done, form, fallback_url=reverse("cases:break_glass")
                )
                if response is not None:
                    return response
                status = 409
            except breakglass.AlreadyVisible as already:
                messages.info(request, _("Du har allerede adgang til sagen."))
                return redirect(case_url(already.case))
            except breakglass.BreakGlassRefused as refused:
                # One answer, never sooner, whether the case is missing, protected or not allowed.
                form.add_error("reference", refused.reason)
                status = 403
                refused.wait()
            except PolicyDenied as error:
                form.add_error(None, error.reason)
                status = 403
            except CaseError as error:
                form.add_error(None, error.reason)
            else:
                messages.warning(
                    request,
                    _("Du har nødadgang til sagen til kl. %(time)s. Al læsning registreres og gennemgås af en leder.")
                    % {"time": _local_time(access.expires_at)},
                )
                return redirect(case_url(access.case))
    return render(
        request,
        "cases/break_glass.html",
        {"form": form, "minutes": int(breakglass.duration().total_seconds() // 60)},
        status=status,
    )


def _local_time(moment) -> str:
    from django.utils.formats import date_format

    from beredskab.core.workdays import to_local

    return date_format(to_local(moment), "H:i")


def _lead_required(request):
    from beredskab.accounts.roles import Capability

    if not request.user.has_capability(Capability.CASE_LEAD):
        raise PermissionDenied


@case_work_required
def break_glass_reviews(request):
    """The leader's list: break-glass accesses not yet reviewed, and refused attempts."""
    from . import breakglass

    _lead_required(request)
    accesses = list(breakglass.pending_reviews(user=request.user))
    refusals = breakglass.recent_refusals(user=request.user)
    audit_record(
        actor=request.user,
        action=audit_actions.BREAK_GLASS_LIST_VIEWED,
        purpose=Purpose.SUPERVISION,
        new={"count": len(accesses), "refusals": len(refusals)},
    )
    references = dict(Case.objects.filter(pk__in=[e.target_id for e in refusals]).values_list("pk", "reference"))
    rows = [{"event": e, "reference": references.get(int(e.target_id), "")} for e in refusals]
    return render(request, "cases/break_glass_reviews.html", {"accesses": accesses, "refusals": rows})


@case_work_required
def gate_oversight(request):
    """The leader's list: every gate opened by a leader's decision that still stands, and
    screenings that rule NSK/ÆRK out and wait for a leader's approval."""
    _lead_required(request)
    oversight = selectors.gate_oversight(user=request.user)
    return render(request, "cases/gate_oversight.html", {"oversight": oversight})


@require_http_methods(["GET", "POST"])
@case_work_required
def break_glass_review(request, access_id: int):
    from . import breakglass

    _lead_required(request)
    done = submissions.redirect_if_done(request, fallback_url=reverse("cases:break_glass_reviews"))
    if done is not None:
        return done
    access = next((a for a in breakglass.pending_reviews(user=request.user) if a.pk == access_id), None)
    if access is None:
        raise Http404
    form = forms.BreakGlassReviewForm(request.POST or None)
    submissions.add_token(form)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            done_url = reverse("cases:break_glass_reviews")
            try:
                submissions.submit_once(
                    user=request.user,
                    form=form,
                    perform=lambda: breakglass.break_glass_review(
                        actor=request.user, access=access, note=form.cleaned_data["note"]
                    ),
                    default_url=done_url,
                )
            except submissions.AlreadySubmitted as already:
                response = submissions.already_submitted_response(request, already, form, fallback_url=done_url)
                if response is not None:
                    return response
                status = 409
            except (PolicyDenied, CaseError) as error:
                form.add_error(None, error.reason)
                status = 409
            else:
                messages.success(request, _("Nødadgangen er markeret som gennemgået."))
                return redirect(reverse("cases:break_glass_reviews"))
    return render(request, "cases/break_glass_review.html", {"access": access, "form": form}, status=status)
