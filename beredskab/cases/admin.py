"""The admin shows cases only to those CasePolicy lets see them, read-only, with each opened
case audited. The one thing that can be added here, a step involving the parents or the
network, goes through the same service (and so the same risk gate) as the case page."""

import uuid

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from beredskab.audit.purposes import Purpose
from beredskab.audit.services import audit_record
from beredskab.cases.risk.gate import audit_refusal, check_network_step
from beredskab.cases.risk.mentions import NetworkMentioned, check_mentions
from beredskab.core import dates, submissions
from beredskab.core.admin_site import ReadOnlyAdminMixin
from beredskab.core.dates import PlausibleDateField
from beredskab.core.policies import PolicyDenied
from beredskab.core.roles import Capability

from . import audit_actions, services
from .errors import CaseError
from .models import (
    Case,
    CasePerson,
    CaseReport,
    CaseShare,
    Decision,
    DisclosureRestriction,
    Intervention,
    JournalEntry,
    NetworkStep,
    Screening,
    Task,
    UrgentAssessment,
)
from .policies import case_policy, case_unit_ids


class ReadOnlyCaseAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only, and only the rows of the cases of the user's own team: the admin shows rows
    as stored, so a unit a case is shared with (whose pages black out what is restricted from
    it) sees none of it here."""

    case_field = "case"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        visible = case_policy.visible(request.user, Case.objects.all()).filter(unit_id__in=case_unit_ids(request.user))
        if queryset.model is Case:
            return queryset.filter(pk__in=visible.values("pk"))
        return queryset.filter(**{f"{self.case_field}__in": visible.values("pk")})

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def get_actions(self, request, action_location=None):
        return {}

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None:
            case = obj if isinstance(obj, Case) else getattr(obj, self.case_field)
            audit_record(
                actor=request.user,
                action=audit_actions.CASE_VIEWED,
                target=obj,
                person_ref=case.person_ref,
                purpose=Purpose.CASE_WORK,
                new={"case": case.reference, "via": "admin"},
            )
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Case)
class CaseAdmin(ReadOnlyCaseAdmin):
    list_display = ["reference", "unit", "owner", "status", "nsk_aerk_flag", "opened_at"]
    list_filter = ["status", "nsk_aerk_flag", "unit"]
    search_fields = ["=reference"]
    exclude = ["subject_cpr", "subject_cpr_index"]


for model, display in [
    (CaseReport, ["case", "report", "receipt_sent_on", "feedback_sent_on"]),
    (UrgentAssessment, ["case", "assessed_at", "child_in_danger", "acute_action_needed"]),
    (Screening, ["case", "screened_at", "outcome", "nsk_aerk_possible"]),
    (CasePerson, ["case", "relation", "possible_perpetrator", "may_contact"]),
    (JournalEntry, ["case", "number", "kind", "occurred_on", "author"]),
    (Task, ["case", "title", "due_on", "owner", "status"]),
    (Decision, ["case", "kind", "decided_on", "title"]),
    (Intervention, ["case", "kind", "prevention_level", "status", "starts_on"]),
    (CaseShare, ["case", "unit", "shared_at", "revoked_at"]),
    (DisclosureRestriction, ["case", "content_type", "object_id", "field_name", "audience", "lifted_at"]),
]:
    admin.site.register(model, type(f"{model.__name__}Admin", (ReadOnlyCaseAdmin,), {"list_display": display}))


class NetworkStepAdminForm(forms.ModelForm):
    """Asks the risk gate while the form is validated; the service asks again when saving."""

    request = None  # set by NetworkStepAdmin.get_form
    occurred_on = PlausibleDateField(plausible=dates.PAST_EVENT, label=_("dato"), widget=AdminDateWidget)
    # One-time token (beredskab.core.submissions): a double post records one step.
    submission_token = forms.UUIDField(required=False, widget=forms.HiddenInput, initial=uuid.uuid4)

    class Meta:
        model = NetworkStep
        fields = ["case", "kind", "people", "occurred_on", "summary"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "case" in self.fields:
            self.fields["case"].queryset = case_policy.visible(self.request.user, Case.objects.all())
        if "people" in self.fields:
            self.fields["people"].queryset = CasePerson.objects.filter(
                case__in=case_policy.visible(self.request.user, Case.objects.all())
            )

    def clean(self):
        data = super().clean()
        if submissions.token_used(data.get(submissions.TOKEN_FIELD)):
            self.data = self.data.copy()
            self.data[submissions.TOKEN_FIELD] = str(uuid.uuid4())
            raise ValidationError(
                _("Formularen er allerede sendt, og skridtet er registreret. Der er ikke registreret noget nyt.")
            )
        case, kind = data.get("case"), data.get("kind")
        if case is None or not kind:
            return data
        decision = case_policy.decide(self.request.user, "work", case)
        if not decision:
            raise ValidationError(decision.reason)
        gate = check_network_step(case, kind)
        if not gate.allowed:
            # Refused here, before the service is called: written to the audit log like every
            # refusal (the admin's form errors do not roll the transaction back; a refusal
            # raised later, inside the service, would be).
            audit_refusal(actor=self.request.user, case=case, by="admin:network_step", kind=kind)
            raise ValidationError(gate.reason)
        try:
            check_mentions(case, [data.get("summary", "")], named=list(data.get("people") or []))
        except NetworkMentioned as question:
            audit_refusal(actor=self.request.user, case=case, by="admin:network_step", kind=kind, question=True)
            raise ValidationError(question.reason) from None
        if any(p.case_id != case.pk for p in data.get("people") or []):
            raise ValidationError(_("Vælg personer fra den valgte sags familie og netværk."))
        return data


@admin.register(NetworkStep)
class NetworkStepAdmin(ReadOnlyCaseAdmin):
    list_display = ["case", "kind", "occurred_on", "gate_basis"]
    form = NetworkStepAdminForm

    def has_add_permission(self, request):
        return request.user.is_active and request.user.is_staff and request.user.has_capability(Capability.CASE_WORK)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"request": request})

    def add_view(self, request, form_url="", extra_context=None):
        try:
            return super().add_view(request, form_url, extra_context)
        except submissions.AlreadySubmitted as already:  # two posts at the same moment: the first made it
            messages.info(request, _("Formularen var allerede sendt, og skridtet er registreret én gang."))
            return redirect(already.previous.redirect_url or reverse("admin:cases_networkstep_changelist"))

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            step = submissions.submit_once(
                user=request.user,
                form=form,
                perform=lambda: services.network_step_record(
                    actor=request.user,
                    case=data["case"],
                    kind=data["kind"],
                    people=list(data["people"]),
                    occurred_on=data["occurred_on"],
                    summary=data["summary"],
                ),
                default_url=lambda step: reverse("admin:cases_networkstep_change", args=[step.pk]),
            )
        except (CaseError, PolicyDenied) as error:
            # The form already asked; this happens only if the case changed in between.
            raise PolicyDenied(error.reason) from error
        obj.pk = step.pk
        obj.id = step.pk

    def save_related(self, request, form, formsets, change):
        """The service set the people."""
