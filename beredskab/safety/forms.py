"""The forms of the safety pages (Danish; bad input is refused next to the field)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from beredskab.accounts.models import User
from beredskab.cases.form_fields import date_field, line_field, text_field
from beredskab.cases.forms import BaseForm
from beredskab.core import dates

from .models import NeverChannel, SafeDocument, TripKind
from .services.plans import MAX_NO_SHOW_HOURS

CHECKBOX = {"class": "form-checkbox"}


def staff_choices() -> list[tuple[int, str]]:
    """(pk, name) of the active staff users, by name: the no-show reporter may work outside
    the case's unit (e.g. the school contact)."""
    return [(u.pk, u.full_name or u.email) for u in User.objects.filter(is_active=True).order_by("full_name", "pk")]


class SafetyPlanForm(BaseForm):
    made_with_person_on = date_field(_("Aftalt med den unge den"), plausible=dates.PAST_EVENT)
    safe_channels = text_field(
        _("Sikre måder at kontakte den unge på"),
        rows=3,
        max_length=2000,
        help_text=_("Fx via skolens kontaktperson, eller på det mobilnummer den unge selv har givet os."),
    )
    never_channels = forms.MultipleChoiceField(
        label=_("Kanaler, der aldrig må bruges"),
        choices=NeverChannel.choices,
        widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX),
    )
    never_note = text_field(_("Om kanalerne"), required=False, rows=2, max_length=2000)
    code_word = line_field(
        _("Kodeord"),
        required=False,
        max_length=100,
        help_text=_("Et ord, den unge kan sige eller skrive, når det er farligt at tale frit. Gemmes krypteret."),
    )
    documents = forms.MultipleChoiceField(
        label=_("Dokumenter i sikkerhed"),
        choices=SafeDocument.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX),
    )
    documents_note = text_field(
        _("Hvor dokumenterne opbevares"),
        required=False,
        rows=2,
        max_length=2000,
        help_text=_("Skriv ikke en hemmelig adresse, kun stedets art (fx en boks hos sagsbehandleren)."),
    )
    no_show_reporter = forms.TypedChoiceField(
        label=_("Hvem melder, hvis den unge ikke møder op?"),
        coerce=int,
        help_text=_("Fx skolens kontaktperson. Personen kan melde udeblivelsen med ét klik."),
    )
    no_show_hours = forms.IntegerField(
        label=_("Reaktionstid ved udeblivelse (timer)"),
        min_value=1,
        max_value=MAX_NO_SHOW_HOURS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    no_show_reaction = text_field(
        _("Hvem reagerer hvordan, hvis den unge ikke møder op eller ikke kommer hjem?"), rows=3, max_length=2000
    )

    # The plan's version the page showed (`SafetyPlan.updated_at`): a form from a stale tab is refused.
    seen_version = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["no_show_reporter"].choices = [("", "—"), *staff_choices()]

    def reporter(self):
        return User.objects.get(pk=self.cleaned_data["no_show_reporter"])


class NewSafetyPlanForm(SafetyPlanForm):
    without_family = forms.BooleanField(
        label=_("Planen er lavet med den unge og uden familien, og den deles aldrig med familien"),
        widget=forms.CheckboxInput(attrs=CHECKBOX),
        error_messages={"required": _("Bekræft, at planen er lavet med den unge og uden familien.")},
    )


class ScenarioForm(BaseForm):
    scenario = forms.ChoiceField(label=_("Scenarie fra risikovurderingen"), widget=forms.RadioSelect)
    actions = text_field(_("Det gør den unge"), rows=4, max_length=4000)
    contact_codes = forms.MultipleChoiceField(
        label=_("Ring til (døgnet rundt)"),
        widget=forms.CheckboxSelectMultiple(attrs=CHECKBOX),
        help_text=_("Kontakterne hentes fra den gældende beredskabsplan, så numrene altid er de nyeste."),
    )
    safe_places = text_field(_("Sikre steder"), required=False, rows=2, max_length=2000)

    def __init__(self, *args, scenarios, contacts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scenario"].choices = [(s, s) for s in scenarios]
        self.fields["contact_codes"].choices = contacts


class NoShowHandleForm(BaseForm):
    action_taken = text_field(_("Det blev gjort"), rows=4, max_length=4000)


class TripForm(BaseForm):
    kind = forms.ChoiceField(label=_("Rejsen er"), choices=TripKind.choices, widget=forms.RadioSelect)
    destination = line_field(_("Land"), max_length=100)
    departs_on = date_field(_("Afrejse"), plausible=dates.TASK_DUE, required=False)
    expected_return_on = date_field(_("Forventet hjemkomst"), plausible=dates.TASK_DUE, required=False)
    passport_holder = line_field(_("Hvem har passet?"), required=False, max_length=200)
    person_said = text_field(_("Det siger den unge selv"), required=False, rows=3, max_length=4000)


class ReturnForm(BaseForm):
    returned_on = date_field(_("Set tilbage den"), plausible=dates.PAST_EVENT)
    note = text_field(
        _("Hvor og af hvem"),
        required=False,
        rows=2,
        max_length=2000,
        help_text=_("Fx mødt i skole, eller til næste aftale."),
    )
