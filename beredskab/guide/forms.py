import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from beredskab.core import dates
from beredskab.core.dates import PlausibleDateField
from beredskab.core.forms import DkfdsFormMixin
from beredskab.plan.opening import COPENHAGEN

from . import selectors

DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%y"]
TIME_FORMATS = ["%H:%M", "%H.%M", "%H:%M:%S", "%H"]


class WhoForm(DkfdsFormMixin, forms.Form):
    """Who is the concern about, and who are you? Both choices come from the plan."""

    gruppe = forms.ChoiceField(
        label=_("Hvem drejer din bekymring sig om?"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Vælg, hvem din bekymring drejer sig om."),
            "invalid_choice": _("Vælg en af mulighederne."),
        },
    )
    rolle = forms.ChoiceField(
        label=_("Hvem er du?"),
        help_text=_(
            "Fagpersoner har en skærpet pligt til at underrette. "
            "Svaret bruges kun til at vise dig den rette vejledning."
        ),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Vælg, om du er fagperson eller privatperson."),
            "invalid_choice": _("Vælg en af mulighederne."),
        },
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        choices = selectors.group_choices(plan, uncovered=True)
        self.fields["gruppe"].choices = [(c.value, selectors.choice_label(c)) for c in choices]
        self.fields["rolle"].choices = selectors.reader_choices(plan)


class PreviewForm(DkfdsFormMixin, forms.Form):
    """The plan coordinator's "what would the guide say then?": a version, a date and a time."""

    plan = forms.ModelChoiceField(
        label=_("Version af planen"),
        queryset=None,
        empty_label=None,
        error_messages={
            "required": _("Vælg en version af planen."),
            "invalid_choice": _("Vælg en version fra listen."),
        },
    )
    dato = PlausibleDateField(
        plausible=dates.PREVIEW_DATE,
        label=_("Dato"),
        help_text=_("Fx 25.12.2026."),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Skriv en dato."), "invalid": _("Skriv en gyldig dato, fx 25.12.2026.")},
    )
    tid = forms.TimeField(
        label=_("Klokkeslæt"),
        help_text=_("Dansk tid, fx 02:00."),
        input_formats=TIME_FORMATS,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"required": _("Skriv et klokkeslæt."), "invalid": _("Skriv et gyldigt klokkeslæt, fx 02:00.")},
    )
    gruppe = forms.ChoiceField(
        label=_("Hvem drejer bekymringen sig om?"),
        required=False,
        error_messages={"invalid_choice": _("Vælg en af mulighederne.")},
    )
    rolle = forms.ChoiceField(
        label=_("Hvem spørger?"),
        choices=[(slug, selectors.audience_label(a)) for slug, a in selectors.AUDIENCE_SLUGS.items()],
        error_messages={"required": _("Vælg, hvem der spørger."), "invalid_choice": _("Vælg en af mulighederne.")},
    )

    def __init__(self, *args, user, default_plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        plans = selectors.preview_plans(user)
        self.fields["plan"].queryset = plans
        self.fields["plan"].label_from_instance = lambda p: (
            f"{p.municipality_name} {p.version_label} ({p.get_status_display().lower()})"
        )
        # Target groups differ between versions: offer those of the chosen version (or the default).
        chosen = default_plan
        if self.is_bound and str(self.data.get("plan", "")).isdigit():
            chosen = plans.filter(pk=int(self.data["plan"])).first() or chosen
        choices = [("", _("Den første målgruppe i planen"))]
        if chosen is not None:
            choices += [(c.value, selectors.choice_label(c)) for c in selectors.group_choices(chosen)]
        self.fields["gruppe"].choices = choices

    def clean(self):
        cleaned = super().clean()
        day, time = cleaned.get("dato"), cleaned.get("tid")
        if day and time:
            moment = datetime.datetime.combine(day, time, tzinfo=COPENHAGEN)
            roundtrip = moment.astimezone(datetime.UTC).astimezone(COPENHAGEN)
            if roundtrip.replace(tzinfo=None) != moment.replace(tzinfo=None):
                self.add_error(
                    "tid",
                    _("Klokkeslættet findes ikke denne dag, fordi uret stilles frem til sommertid. Vælg fx 03:00."),
                )
            else:
                cleaned["moment"] = moment
        return cleaned


class PostcodeForm(DkfdsFormMixin, forms.Form):
    """Only for plans that route a target group by district: the person's postcode (optional)."""

    postnummer = forms.RegexField(
        label=_("Personens postnummer"),
        help_text=_(
            "Kommunen fordeler henvendelserne efter, hvor personen bor. Kender du ikke postnummeret, så spring over."
        ),
        regex=r"^\d{4}$",
        required=False,
        max_length=4,
        strip=True,
        error_messages={"invalid": _("Skriv et postnummer med fire cifre.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "size": "6"}),
    )
