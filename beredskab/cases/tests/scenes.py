"""Scenes for the double-submit tests (test_double_submit.py): for each staff URL that makes a
record, a user, the page, the URL its form posts to and valid data; and row counts to compare."""

import datetime
import re

from django.apps import apps
from django.urls import reverse

from beredskab.accounts.models import Unit
from beredskab.audit.models import AuditEvent
from beredskab.cases.models import CaseReport
from beredskab.core.roles import Role
from beredskab.core.submissions import TOKEN_FIELD

from .factories import (
    NOT_INVOLVED_REASON,
    OVERRIDE_REASON,
    add_parent,
    approved_assessment,
    assess,
    complete_assessment,
    cpr_for,
    make_report,
    open_case,
    refresh,
    screen,
    turning_18_in,
)

TODAY = datetime.date.today().isoformat()
REASON = "Barnets sikkerhed kræver det, og skolen er orienteret om aftalen i dag."


# --- the scenes: one per URL, each ready for a valid post ----------------------------------


def form_errors(response) -> list[str]:
    html = response.content.decode()
    return re.findall(r"<li>([^<]*)</li>", html[html.find("error-summary") :])[:5]


def token_on_page(html: str, prefix: str = "") -> str | None:
    found = re.search(rf'name="{re.escape(prefix + TOKEN_FIELD)}" value="([^"]*)"', html)
    return found.group(1) if found else None


class Scene:
    """Users, a case and whatever the URL needs; `build(name)` gives (user, get_url, post_url, data, prefix)."""

    def __init__(self, make_user, worker, leader, other_worker):
        self.make_user, self.worker, self.leader, self.other_worker = make_user, worker, leader, other_worker

    def case(self, **kwargs):
        return open_case(self.worker, **kwargs)

    def assessed(self):
        return assess(self.case(), self.worker)

    def open_gate_case(self):
        case = screen(assess(self.case(), self.worker), self.worker, flag=True)
        from beredskab.cases.risk.services import gate_override_grant

        gate_override_grant(actor=self.leader, case=refresh(case), reason=OVERRIDE_REASON)
        return refresh(case)

    def build(self, name):
        # One table, a branch per form page (who posts, the page, the URL, the data): kept as one
        # piece so a new form page is added in one place, next to the others.
        w, lead = self.worker, self.leader
        url = lambda view, *args: reverse(view, args=args)  # noqa: E731
        if name == "cases:queue_open_case":
            report = make_report(subject_cpr="", subject_name="Sami Testesen")
            page = url("cases:queue_report", report.reference)
            return w, page, url(name, report.reference), {"open-reports": report.reference}, "open-"
        if name == "cases:queue_add_to_case":
            case = self.case()
            report = make_report()  # about the same child: held for the case
            page = url("cases:queue_report", report.reference)
            return w, page, url(name, report.reference), {"add-case": case.reference}, "add-"
        if name == "cases:assign":
            case = self.case()
            return lead, None, url(name, case.reference), {"owner": self.make_worker().pk}, ""
        if name == "cases:urgent_assessment":
            case = self.case()
            data = {"child_in_danger": "unknown", "acute_action_needed": "no", "reasons": "Ikke akut fare nu."}
            return w, None, url(name, case.reference), data, ""
        if name in ("cases:receipt", "cases:feedback"):
            case = self.case()
            cr = CaseReport.objects.get(case=case)
            data = {"sent_on": TODAY, "channel": "letter", "outcome": "afdaekning"}
            return w, None, url(name, case.reference, cr.pk), data, ""
        if name == "cases:reporter_release":
            case = self.case()
            cr = CaseReport.objects.get(case=case)
            return w, None, url(name, case.reference, cr.pk), {"reason": REASON, "confirm": "on"}, ""
        if name == "cases:screening":
            case = self.assessed()
            data = {
                "outcome": "investigation",
                "reasons": "Flere tegn på kontrol.",
                "nsk_aerk_possible": "on",
                "earlier_honour_conflicts": "unknown",
            }
            return w, None, url(name, case.reference), data, ""
        if name == "cases:subject":
            case = self.case()
            return w, None, url(name, case.reference), {"name": "Amira Testesen", "address": "Nyvej 2"}, ""
        if name in ("cases:person_add", "cases:person_edit"):
            case = self.case()
            data = {"name": "Moster Testesen", "relation": "uncle_aunt", "may_contact": "yes"}
            if name == "cases:person_add":
                return w, None, url(name, case.reference), data, ""
            person = add_parent(case, w)
            return w, None, url(name, case.reference, person.pk), {**data, "relation": "mother"}, ""
        if name == "cases:network_step":
            case = self.open_gate_case()
            person = add_parent(case, w)
            data = {"people": [person.pk], "occurred_on": TODAY, "summary": "Telefonsamtale om skolegang."}
            return w, None, url(name, case.reference, "kontakt"), data, ""
        if name == "cases:journal_add":
            case = self.case()
            data = {"kind": "note", "occurred_on": TODAY, "body": "Notat om skolens henvendelse.", "no_family": "on"}
            return w, None, url(name, case.reference), data, ""
        if name == "cases:task_add":
            case = self.case()
            data = {"title": "Ring til skolen", "due_on": TODAY, "owner": w.pk}
            return w, None, url(name, case.reference), data, ""
        if name == "cases:decision_add":
            case = self.case()
            data = {
                "kind": "professional",
                "decided_on": TODAY,
                "title": "Afdækning",
                "text": "Vi afdækker.",
                "no_family": "on",
            }
            return w, None, url(name, case.reference), data, ""
        if name in ("cases:intervention_add", "cases:intervention_end"):
            case = self.open_gate_case()
            data = {"kind": "counselling", "prevention_level": "secondary", "status": "active", "starts_on": TODAY}
            if name == "cases:intervention_add":
                return w, None, url(name, case.reference), data, ""
            from beredskab.cases.services import intervention_add

            intervention = intervention_add(
                actor=w, case=case, kind="counselling", prevention_level="secondary", starts_on=datetime.date.today()
            )
            return w, None, url(name, case.reference, intervention.pk), {"ended_on": TODAY}, ""
        if name in ("cases:share_add", "cases:share_revoke"):
            case = self.case()
            unit = Unit.objects.get(code="familieraadgivning")
            if name == "cases:share_add":
                return lead, None, url(name, case.reference), {"unit": unit.pk, "purpose": "Samarbejde"}, ""
            from beredskab.cases.services import case_share

            share = case_share(actor=lead, case=case, unit=unit, purpose="Samarbejde")
            return lead, None, url(name, case.reference, share.pk), {"reason": "Slut"}, ""
        if name == "cases:restriction_add":
            case = self.case()
            data = {"item": f"case:{case.pk}:subject_address", "audience": "network", "reason": "Sikkerhed."}
            return w, None, url(name, case.reference), data, ""
        if name == "cases:protection":
            case = self.case()
            return lead, None, url(name, case.reference), {"reason": REASON, "members": [w.pk]}, ""
        if name == "cases:track":
            case = self.case()
            return lead, None, url(name, case.reference), {"track": "adults", "reason": REASON}, ""
        if name == "cases:legal_hold":
            case = self.case()
            return lead, None, url(name, case.reference), {"reason": REASON}, ""
        if name == "cases:coming_of_age":
            case = self.case(subject_cpr=cpr_for(turning_18_in(60)))
            adults = Unit.objects.get(code="taskforce-voksne")
            data = {"kind": "handover", "to_unit": adults.pk, "consent": "given", "reason": REASON}
            return lead, None, url(name, case.reference), data, ""
        if name == "cases:close":
            case = screen(self.assessed(), w, flag=False, outcome="no_action")
            return w, None, url(name, case.reference), {"outcome": "no_further_action", "note": "Afsluttet."}, ""
        if name == "cases:reopen":
            case = screen(self.assessed(), w, flag=False, outcome="no_action")
            from beredskab.cases.services import case_close

            case_close(actor=w, case=case, outcome="no_further_action")
            return w, None, url(name, case.reference), {"reason": "Ny viden fra skolen om fraværet."}, ""
        if name in ("cases:break_glass", "cases:break_glass_review"):
            case = self.case()
            data = {"reference": case.reference, "reason": REASON}
            if name == "cases:break_glass":
                return self.other_worker, url(name), url(name), data, ""
            from beredskab.cases.breakglass import break_glass_open

            access = break_glass_open(actor=self.other_worker, reference=case.reference, reason=REASON)
            return lead, None, url(name, access.pk), {"note": "Gennemgået."}, ""
        if name == "risk:edit":
            case = self.assessed()
            from beredskab.cases.risk.services import risk_assessment_start

            assessment = risk_assessment_start(actor=w, case=case)
            page = url(name, case.reference, assessment.version)
            return w, page, page, {"action": "save", "conclusion": "Kladde."}, ""
        if name == "risk:review":
            case = self.assessed()
            assessment = complete_assessment(case, w)
            return lead, None, url(name, case.reference, assessment.version), {"decision": "approve", "note": "OK"}, ""
        if name in ("risk:override", "risk:not_involved", "risk:confirm_assessment"):
            case = screen(self.assessed(), w, flag=True)
            if name == "risk:confirm_assessment":
                approved_assessment(case, w, lead)
                from beredskab.cases.gate_state import reset_gate
                from beredskab.cases.models import GateResetCause

                reset_gate(actor=None, case=refresh(case), cause=GateResetCause.NEW_REPORT)
            page = url(name, case.reference)
            user = w if name == "risk:confirm_assessment" else lead
            reason = NOT_INVOLVED_REASON if name == "risk:not_involved" else REASON
            return user, page, page, {"reason": reason, "confirm": "on"}, ""
        if name == "risk:consultation_add":
            from beredskab.cases.risk.views import _plan_partners

            case = self.case()
            partners = _plan_partners()
            data = {
                "partner": f"partner:{partners[0].pk}" if partners else "kind:police",
                "consulted_on": TODAY,
                "identification": "anonymised",
                "question": "Hvordan vurderer I faren?",
                "advice": "Hold øje med fraværet.",
            }
            return w, None, url(name, case.reference), data, ""
        if name == "plan:cancel_scheduled":
            from beredskab.core import dates
            from beredskab.plan.selectors import plan_in_force
            from beredskab.plan.services import plan_adopt, plan_draft_new_version

            coordinator = self.make_user(Role.PLAN_COORDINATOR)
            draft = plan_draft_new_version(actor=coordinator, from_plan=plan_in_force())
            waiting = plan_adopt(
                actor=coordinator,
                plan=draft,
                adopted_by="Byrådet",
                adopted_on=dates.today(),
                in_force_from=dates.today() + datetime.timedelta(days=7),
            )
            return coordinator, None, url(name, waiting.pk), {"reason": "Forkert dato"}, ""
        if name in ("plan:adopt", "plan:draft_new"):
            from beredskab.plan.selectors import plan_in_force
            from beredskab.plan.services import plan_draft_new_version, plan_fingerprint

            coordinator = self.make_user(Role.PLAN_COORDINATOR)
            in_force = plan_in_force()
            if name == "plan:draft_new":
                return coordinator, None, url(name, in_force.pk), {"version_label": ""}, ""
            draft = plan_draft_new_version(actor=coordinator, from_plan=in_force)
            data = {
                "adopted_by": "Byrådet",
                "adopted_on": TODAY,
                "case_reference": "26/1",
                "in_force_from": TODAY,
                "confirmed": "on",
                "compared_draft": plan_fingerprint(draft),
            }
            return coordinator, None, url(name, draft.pk), data, ""
        if name.startswith("adults:"):
            from beredskab.adults.tests.scenes import adult_scene

            return adult_scene(self.make_user, name)
        if name.startswith("implementation:"):
            from beredskab.implementation.tests.scenes import implementation_scene

            return implementation_scene(self.make_user, name)
        if name.startswith("safety:"):
            from beredskab.safety.tests.scenes import safety_scene

            return safety_scene(self.make_user, w, name)
        raise AssertionError(f"no scene for {name}")

    def make_worker(self):
        return self.make_user(Role.CHILD_CASEWORKER, "straxen", full_name="Simon Sagsbehandler")


def row_counts() -> dict[str, int]:
    """Rows per table, leaving out what a page view writes anyway (reads in the audit log,
    sessions, the tokens themselves)."""
    counts = {}
    for model in apps.get_models():
        if model._meta.label in ("sessions.Session", "core.FormSubmission", "axes.AccessLog"):
            continue
        queryset = model._default_manager.all()
        if model is AuditEvent:
            queryset = queryset.exclude(action__endswith="_viewed").exclude(action__endswith="_read")
        counts[model._meta.label] = queryset.count()
    return counts


def grown(before: dict[str, int], after: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {label: (before[label], after[label]) for label in after if after[label] > before.get(label, 0)}
