"""Forms of the case pages. They validate input and keep what the user typed; the services
decide and write. Every text input strips control characters (CleanCharField); the fields and
the risk gate's questions they are built from are in `beredskab.cases.form_fields`."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from beredskab.accounts.models import Unit
from beredskab.core import dates
from beredskab.core.forms import DkfdsFormMixin
from beredskab.core.text import reason_problem

from .breakglass import MIN_REASON_LENGTH
from .form_fields import (
    YES_NO,
    GateQuestionsMixin,
    WorkerChoiceField,
    date_field,
    line_field,
    person_label,
    text_field,
    worker_choices,
)
from .models import (
    Audience,
    CloseOutcome,
    DecisionKind,
    FeedbackOutcome,
    InterventionKind,
    InterventionStatus,
    JournalKind,
    PreventionLevel,
    Relation,
    ScreeningOutcome,
    SendChannel,
    YesNoUnknown,
)


class BaseForm(DkfdsFormMixin, forms.Form):
    pass


# --- queue ---------------------------------------------------------------------------------


class OpenCaseForm(BaseForm):
    reports = forms.MultipleChoiceField(
        label=_("Underretninger, der samles i sagen"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Vælg også tidligere underretninger om samme barn, som ikke er lagt på en sag."),
    )
    owner = WorkerChoiceField(label=_("Sagsbehandler"), required=False)
    hold_release_reason = text_field(
        _("Hvorfor skal der være en ny sag?"),
        rows=3,
        max_length=2000,
        help_text=_(
            "Barnet har allerede en sag. Den nye sag arver markeringen, begrænsningerne og beskyttelsen. "
            "Begrundelsen gemmes i loggen."
        ),
    )

    def __init__(self, *args, report_choices, unit_id: int, may_assign: bool, user, held: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not (held and may_assign):
            del self.fields["hold_release_reason"]
        self.fields["reports"].choices = report_choices
        if may_assign:
            self.fields["owner"].choices = worker_choices(unit_id)
            self.fields["owner"].initial = user.pk
            self.fields["owner"].required = True
        else:
            del self.fields["owner"]


class AddToCaseForm(BaseForm):
    case = forms.ChoiceField(label=_("Læg underretningen på sagen"), widget=forms.RadioSelect)

    def __init__(self, *args, case_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = case_choices


class AssignForm(BaseForm):
    owner = WorkerChoiceField(label=_("Sagsbehandler"))

    def __init__(self, *args, unit_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = worker_choices(unit_id)


# --- the reports' clocks -------------------------------------------------------------------


class UrgentAssessmentForm(GateQuestionsMixin, BaseForm):
    required_when = {"actions_taken": _("skal udfyldes ved akut handling")}
    child_in_danger = forms.ChoiceField(
        label=_("Er barnets sundhed eller udvikling i fare?"), choices=YesNoUnknown.choices, widget=forms.RadioSelect
    )
    acute_action_needed = forms.TypedChoiceField(
        label=_("Er der behov for akut handling?"),
        choices=YES_NO,
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    actions_taken = text_field(
        _("Akutte handlinger"),
        required=False,
        help_text=_("Hvad er gjort eller sat i gang?"),
    )
    reasons = text_field(_("Begrundelse"))
    nsk_aerk_possible = forms.BooleanField(
        label=_("Der kan være tale om negativ social kontrol eller en æresrelateret konflikt"),
        required=False,
        help_text=_(
            "Så må forældre og netværk ikke inddrages, før en risikovurdering er godkendt (barnets lov § 18, stk. 3)."
        ),
    )

    def clean(self):
        data = super().clean()
        if data.get("acute_action_needed") and not (data.get("actions_taken") or "").strip():
            self.add_error("actions_taken", _("Beskriv de akutte handlinger."))
        return data


class ReceiptForm(BaseForm):
    sent_on = date_field(_("Sendt den"), plausible=dates.PAST_EVENT)
    channel = forms.ChoiceField(label=_("Sendt som"), choices=SendChannel.choices, widget=forms.RadioSelect)


class FeedbackForm(BaseForm):
    sent_on = date_field(_("Givet den"), plausible=dates.PAST_EVENT)
    outcome = forms.ChoiceField(label=_("Tilbagemelding"), choices=FeedbackOutcome.choices, widget=forms.RadioSelect)
    channel = forms.ChoiceField(label=_("Givet som"), choices=SendChannel.choices, widget=forms.RadioSelect)


# --- screening -----------------------------------------------------------------------------


class ScreeningForm(GateQuestionsMixin, BaseForm):
    required_when = {"not_involved_reason": _("skal udfyldes, hvis markeringen er fjernet")}
    outcome = forms.ChoiceField(
        label=_("Udfald af screeningen"), choices=ScreeningOutcome.choices, widget=forms.RadioSelect
    )
    reasons = text_field(_("Begrundelse"))
    nsk_aerk_possible = forms.BooleanField(
        label=_("Der kan være tale om negativ social kontrol eller en æresrelateret konflikt"),
        required=False,
        help_text=_(
            "Så skal risikoen vurderes, før forældre eller netværk inddrages (barnets lov § 18, stk. 3). Fjerner du "
            "markeringen, skal du begrunde det, og risikoporten åbner først, når en leder har godkendt det."
        ),
    )
    not_involved_reason = text_field(
        _("Hvorfor er NSK/ÆRK ikke involveret?"),
        required=False,
        rows=3,
        help_text=_("En leder godkender begrundelsen."),
    )
    earlier_honour_conflicts = forms.ChoiceField(
        label=_("Har der været tidligere æresrelaterede konflikter?"),
        choices=YesNoUnknown.choices,
        widget=forms.RadioSelect,
    )
    earlier_conflicts_note = text_field(_("Om tidligere konflikter"), required=False, rows=3)

    def clean(self):
        data = super().clean()
        if "nsk_aerk_possible" in data and not data["nsk_aerk_possible"]:
            problem = reason_problem(data.get("not_involved_reason", ""))
            if problem:
                self.add_error("not_involved_reason", problem)
        return data


class SubjectForm(BaseForm):
    name = line_field(_("Barnets navn"), required=False)
    address = text_field(
        _("Barnets adresse"),
        required=False,
        rows=2,
        help_text=_("Må en ny adresse ikke videregives, så opret en videregivelsesbegrænsning på den bagefter."),
    )


# --- family and network --------------------------------------------------------------------


class PersonForm(BaseForm):
    required_when = {"contact_note": _("skal udfyldes, hvis personen ikke må kontaktes")}
    name = line_field(_("Navn"))
    relation = forms.ChoiceField(label=_("Relation til barnet"), choices=Relation.choices)
    birth_year = forms.IntegerField(label=_("Fødselsår"), required=False, min_value=1900, max_value=2100)
    lives_abroad = forms.BooleanField(label=_("Bor i udlandet"), required=False)
    contact_details = text_field(_("Kontaktoplysninger"), required=False, rows=2)
    possible_perpetrator = forms.BooleanField(
        label=_("Mulig udøver"), required=False, help_text=_("Kan udøve kontrol, pres eller vold over for barnet.")
    )
    may_contact = forms.ChoiceField(
        label=_("Må personen kontaktes?"), choices=YesNoUnknown.choices, widget=forms.RadioSelect
    )
    contact_note = text_field(
        _("Om kontakt"), required=False, rows=2, help_text=_("Fx hvorfor personen ikke må kontaktes.")
    )
    notes = text_field(_("Noter"), required=False, rows=3)

    def clean(self):
        data = super().clean()
        if data.get("may_contact") == YesNoUnknown.NO and not (data.get("contact_note") or "").strip():
            self.add_error("contact_note", _("Skriv, hvorfor personen ikke må kontaktes."))
        return data


class NetworkStepForm(GateQuestionsMixin, BaseForm):
    people = forms.TypedMultipleChoiceField(
        label=_("Hvem drejer det sig om?"), coerce=int, widget=forms.CheckboxSelectMultiple
    )
    occurred_on = date_field(_("Dato"), plausible=dates.PAST_EVENT)
    summary = text_field(_("Indhold"), help_text=_("Hvad blev sagt, sendt, delt eller givet aktindsigt i?"))

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].choices = [(p.pk, person_label(p)) for p in people]


# --- closing -------------------------------------------------------------------------------


class CloseForm(GateQuestionsMixin, BaseForm):
    outcome = forms.ChoiceField(label=_("Udfald"), choices=CloseOutcome.choices, widget=forms.RadioSelect)
    note = text_field(_("Begrundelse"), required=False, rows=4)


class ReopenForm(GateQuestionsMixin, BaseForm):
    reason = text_field(_("Hvorfor genåbnes sagen?"), rows=3)


# --- case work -----------------------------------------------------------------------------


class JournalForm(GateQuestionsMixin, BaseForm):
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=JournalKind.choices,
        help_text=_(
            "Ved telefonsamtale, møde og korrespondance skal du angive, hvem fra familien der deltog. Har nogen fra "
            "familien selv henvendt sig, så vælg “Uanmeldt henvendelse fra familien”, og fortæl ikke om underretningen."
        ),
    )
    occurred_on = date_field(_("Dato for det, notatet handler om"), plausible=dates.PAST_EVENT)
    body = text_field(_("Notat"), rows=8)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_gate_questions(people, ask_no_family=True)


class TaskForm(GateQuestionsMixin, BaseForm):
    people_label = _("Er opgaven en kontakt med nogen fra familie eller netværk?")
    title = line_field(_("Opgave"), help_text=_("Kort og uden personoplysninger, fx “Ring til skolen”."))
    details = text_field(_("Beskrivelse"), required=False, rows=3)
    due_on = date_field(_("Frist"), plausible=dates.TASK_DUE)
    owner = WorkerChoiceField(label=_("Ansvarlig"))

    def __init__(self, *args, unit_id: int, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = worker_choices(unit_id)
        self.setup_gate_questions(people, ask_no_family=False)


class DecisionForm(GateQuestionsMixin, BaseForm):
    people_label = _("Hvem fra familie og netværk er part, høres eller får afgørelsen?")
    no_family_label = _("Ingen fra familie eller netværk")
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=DecisionKind.choices,
        widget=forms.RadioSelect,
        help_text=_("En afgørelse og en partshøring når parterne: angiv hvem, eller at det ikke er familien."),
    )
    decided_on = date_field(_("Dato"), plausible=dates.PAST_EVENT)
    title = line_field(_("Overskrift"))
    text = text_field(_("Indhold og begrundelse"), rows=6)
    legal_basis = line_field(_("Hjemmel"), required=False, help_text=_("Fx barnets lov § 32."))

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_gate_questions(people, ask_no_family=True)


class InterventionForm(GateQuestionsMixin, BaseForm):
    kind = forms.ChoiceField(label=_("Indsats"), choices=InterventionKind.choices)
    prevention_level = forms.ChoiceField(
        label=_("Forebyggelsesniveau"), choices=PreventionLevel.choices, widget=forms.RadioSelect
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (InterventionStatus.ACTIVE, InterventionStatus.ACTIVE.label),
            (InterventionStatus.PLANNED, InterventionStatus.PLANNED.label),
        ],
        widget=forms.RadioSelect,
        initial=InterventionStatus.ACTIVE,
    )
    starts_on = date_field(_("Start"), plausible=dates.INTERVENTION_START)
    ends_on = date_field(_("Forventet slut"), plausible=dates.INTERVENTION_END, required=False)
    legal_basis = line_field(_("Hjemmel"), required=False)
    description = text_field(_("Beskrivelse"), required=False, rows=4)

    def __init__(self, *args, levels=None, **kwargs):
        super().__init__(*args, **kwargs)
        if levels:
            # The plan in force names and describes its prevention levels.
            self.fields["prevention_level"].choices = levels

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("Slutdatoen ligger før startdatoen."))
        return data


class InterventionEndForm(GateQuestionsMixin, BaseForm):
    ended_on = date_field(_("Afsluttet den"), plausible=dates.INTERVENTION_END)
    note = text_field(_("Om afslutningen"), required=False, rows=3)


# --- collaboration and disclosure ----------------------------------------------------------


class ShareForm(GateQuestionsMixin, BaseForm):
    unit = forms.ModelChoiceField(label=_("Enhed"), queryset=Unit.objects.none(), empty_label=_("Vælg enhed"))
    purpose = line_field(_("Formål"), max_length=300, help_text=_("Hvorfor skal enheden se sagen?"))

    def __init__(self, *args, exclude_unit_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.exclude(pk=exclude_unit_id).order_by("name")


class RevokeShareForm(BaseForm):
    reason = line_field(_("Begrundelse"), required=False, max_length=300)


class RestrictionForm(BaseForm):
    required_when = {"person": _("skal vælges ved “En bestemt person”")}
    item = forms.ChoiceField(label=_("Oplysning"))
    audience = forms.ChoiceField(label=_("Må ikke videregives til"), choices=Audience.choices, widget=forms.RadioSelect)
    person = forms.TypedChoiceField(label=_("Personen"), required=False, coerce=int, empty_value=None)
    reason = text_field(
        _("Begrundelse"), rows=3, help_text=_("Fx hensyn til barnets sikkerhed (forvaltningsloven § 15 b).")
    )

    def __init__(self, *args, item_choices, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].choices = [("", _("Vælg oplysning")), *item_choices]
        self.fields["person"].choices = [
            ("", _("Vælg person")),
            *[(p.pk, person_label(p)) for p in people],
        ]

    def clean(self):
        data = super().clean()
        if data.get("audience") == Audience.PERSON and not data.get("person"):
            self.add_error("person", _("Vælg personen."))
        return data


# --- protected cases, break-glass and the outbound check -----------------------------------


class ProtectionForm(BaseForm):
    """Protect a case (reason and named people), or change who is named on a protected case."""

    reason = text_field(
        _("Begrundelse for beskyttelse"),
        rows=3,
        max_length=2000,
        help_text=_("Fx at et familiemedlem arbejder i kommunen. Begrundelsen ses kun af de navngivne."),
    )
    members = forms.TypedMultipleChoiceField(
        label=_("Hvem må se sagen?"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Du kan altid selv se sagen. Alle andre, også i enheden og i enheder sagen er delt med, kan ikke."),
    )

    def __init__(self, *args, member_choices, ask_reason: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].choices = member_choices
        if not ask_reason:
            del self.fields["reason"]


class BreakGlassForm(BaseForm):
    reference = line_field(
        _("Sagsnummer"), max_length=20, help_text=_("Fx K-2026-00012. Sagsnummeret står på sagens papirer.")
    )
    reason = text_field(
        _("Begrundelse for nødadgang"),
        rows=4,
        max_length=2000,
        help_text=_("Hvorfor skal du se sagen nu? Mindst 20 tegn. Begrundelsen gennemgås af en leder."),
    )

    def clean_reference(self):
        value = self.cleaned_data["reference"].strip().upper()
        if not re.fullmatch(r"K-\d{4}-\d{5,}", value):
            raise forms.ValidationError(_("Skriv sagsnummeret som K-åååå-nnnnn, fx K-2026-00012."))
        return value

    def clean_reason(self):
        value = self.cleaned_data["reason"].strip()
        if len(value) < MIN_REASON_LENGTH:
            raise forms.ValidationError(_("Begrundelsen skal være på mindst %(n)s tegn.") % {"n": MIN_REASON_LENGTH})
        return value


class BreakGlassReviewForm(BaseForm):
    note = text_field(_("Note fra gennemgangen"), required=False, rows=3, max_length=2000)


class OutboundReleaseForm(BaseForm):
    """The outbound check found values the recipient may not get: black them out (default) or
    release some with a written reason."""

    required_when = {"reason": _("skal udfyldes, hvis du frigiver noget")}

    release = forms.MultipleChoiceField(
        label=_("Send alligevel (frigiv)"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
        help_text=_("Det, du ikke vælger, bliver overstreget i dokumentet."),
    )
    reason = text_field(
        _("Begrundelse for at frigive"),
        required=False,
        rows=3,
        max_length=2000,
        help_text=_("Begrundelsen gemmes på sagen og i loggen."),
    )

    def __init__(self, *args, secrets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["release"].choices = [(s.key, s.label) for s in secrets]

    def clean(self):
        data = super().clean()
        if data.get("release"):
            problem = reason_problem(data.get("reason", ""))
            if problem:
                self.add_error("reason", problem)
        return data


# --- decisions at the risk gate ------------------------------------------------------------


class ReasonForm(BaseForm):
    """A leader's or worker's decision at the risk gate: a written reason and a confirmation."""

    reason = text_field(_("Begrundelse"), rows=5, max_length=4000)
    confirm = forms.BooleanField(label=_("Jeg har læst ovenstående og står inde for beslutningen."))
    # What the page was shown for (the last new report or reopening): see cases.gate_state.
    gate_token = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, reason_help: str = "", gate_token: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gate_token"].initial = gate_token
        if reason_help:
            self.fields["reason"].help_text = reason_help

    def clean_reason(self):
        value = self.cleaned_data["reason"].strip()
        problem = reason_problem(value)
        if problem:
            raise forms.ValidationError(problem)
        return value
