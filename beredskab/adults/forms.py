"""The forms of the adult track's pages (Danish; bad input is refused next to the field)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from beredskab.cases.form_fields import GateQuestionsMixin, date_field, line_field, text_field
from beredskab.cases.forms import BaseForm
from beredskab.core import dates

from .models import CounsellingBasis, ReferralKind, ReferralStatus, SupportOption
from .services.action_plans import FOLLOW_UP

CHECKBOX = {"class": "form-checkbox"}


class CounsellingForm(GateQuestionsMixin, BaseForm):
    required_when = {"interpreter_language": _("skal udfyldes, når der er brugt tolk")}
    people_label = _("Deltog nogen fra familie eller netværk?")

    basis = forms.ChoiceField(label=_("Hjemmel"), choices=CounsellingBasis.choices, widget=forms.RadioSelect)
    held_on = date_field(_("Dato for samtalen"), plausible=dates.PAST_EVENT)
    with_whom = line_field(_("Samtale med"), help_text=_("For eksempel: borgeren alene, borgeren og en veninde."))
    interpreter_used = forms.BooleanField(
        label=_("Der blev brugt tolk"), required=False, widget=forms.CheckboxInput(attrs=CHECKBOX)
    )
    interpreter_language = line_field(_("Tolkens sprog"), required=False, max_length=100)
    safe_place = line_field(
        _("Hvor var det sikkert at mødes?"), help_text=_("Skriv ikke en hemmelig adresse, kun stedets art.")
    )
    note = text_field(_("Kort notat"), required=False, rows=4, max_length=4000)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_gate_questions(people, ask_no_family=False)

    def clean(self):
        data = super().clean()
        if data.get("interpreter_used") and not data.get("interpreter_language"):
            self.add_error("interpreter_language", _("Skriv tolkens sprog."))
        return data


class ActionPlanForm(GateQuestionsMixin, BaseForm):
    required_when = {"consent_on": _("skal udfyldes, når borgeren har givet samtykke")}
    housing = text_field(_("Bolig"), required=False, rows=3, max_length=4000)
    work = text_field(_("Arbejde"), required=False, rows=3, max_length=4000)
    education = text_field(_("Uddannelse"), required=False, rows=3, max_length=4000)
    relatives = text_field(_("Forholdet til de pårørende"), required=False, rows=3, max_length=4000)
    wishes = text_field(_("Borgerens egne ønsker"), required=False, rows=4, max_length=4000)
    consent_given = forms.BooleanField(
        label=_("Borgeren har givet samtykke til planen"), required=False, widget=forms.CheckboxInput(attrs=CHECKBOX)
    )
    consent_on = date_field(_("Dato for samtykket"), plausible=dates.PAST_EVENT, required=False)
    consent_note = text_field(
        _("Hvad borgeren har givet samtykke til"),
        required=False,
        rows=2,
        max_length=2000,
        help_text=_("For eksempel: at vi taler med krisecentret og sikkerhedskonsulenten."),
    )
    support_options = forms.MultipleChoiceField(
        label=_("Valgte støttemuligheder"),
        choices=SupportOption.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX),
        help_text=_("Dialog eller mægling med familien kræver, at risikoporten er åben."),
    )
    support_note = text_field(_("Om støtten"), required=False, rows=3, max_length=4000)
    follow_up_on = date_field(_("Første opfølgning"), plausible=FOLLOW_UP, required=False)
    second_follow_up_on = date_field(_("Næste opfølgning"), plausible=FOLLOW_UP, required=False)

    def clean(self):
        data = super().clean()
        if data.get("consent_given") and not data.get("consent_on"):
            self.add_error("consent_on", _("Skriv datoen for borgerens samtykke."))
        first, second = data.get("follow_up_on"), data.get("second_follow_up_on")
        if first and second and second <= first:
            self.add_error("second_follow_up_on", _("Den næste opfølgning skal ligge efter den første."))
        return data


class AgreeForm(BaseForm):
    agreed_on = date_field(_("Aftalt med borgeren den"), plausible=dates.PAST_EVENT)


class ReferralForm(BaseForm):
    kind = forms.ChoiceField(label=_("Henvisning til"), choices=ReferralKind.choices, widget=forms.RadioSelect)
    place = line_field(_("Sted"), help_text=_("Krisecentrets eller botilbuddets navn. Adressen skrives ikke her."))
    requested_on = date_field(_("Anmodet den"), plausible=dates.PAST_EVENT)
    note = text_field(_("Bemærkning"), required=False, rows=3, max_length=2000)


class ReferralStatusForm(BaseForm):
    status = forms.ChoiceField(label=_("Ny status"))
    occurred_on = date_field(_("Dato"), plausible=dates.PAST_EVENT)
    note = text_field(_("Bemærkning"), required=False, rows=2, max_length=2000)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, ReferralStatus(s).label) for s in choices]
