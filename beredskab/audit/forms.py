from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beredskab.core import cpr, dates
from beredskab.core.crypto import person_ref_for_cpr
from beredskab.core.forms import DkfdsFormMixin

from .people import PersonLookup, resolve_person
from .purposes import Purpose
from .registry import all_actions
from .selectors import SearchCriteria

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"]
DATE_ERRORS = {"invalid": _("Skriv en gyldig dato, fx 23-11-2026.")}
SEARCH_PURPOSES = [Purpose.AUDIT, Purpose.CITIZEN_REQUEST, Purpose.ADMINISTRATION]


def _date_field(label, *, plausible: dates.DateRange):
    return dates.PlausibleDateField(
        plausible=plausible,
        label=label,
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        error_messages=DATE_ERRORS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class CprField(forms.CharField):
    """A CPR number, checked with beredskab.core.cpr (a mod-11 failure is not an error)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault(
            "widget", forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric", "class": "input-width-s"})
        )
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return ""
        return cpr.parse(value).digits


class AuditSearchForm(DkfdsFormMixin, forms.Form):
    """Search criteria for the audit log. Sent by POST, so nothing typed here (a CPR number, a
    colleague's name) ends up in a URL, a browser history or a proxy log."""

    required_when = {"target_type": _("skal udfyldes, når du søger på et objekt-id")}

    cpr = CprField(
        label=_("CPR-nummer"),
        required=False,
        help_text=_("Find opslag på en person. Nummeret gemmes ikke; søgningen sker på en nøglet kode."),
    )
    person_ref = forms.CharField(
        label=_("Personreference"),
        required=False,
        max_length=128,
        help_text=_("Den tekniske personreference fra loggen, fx cpr:… Brug den eller CPR-nummeret."),
    )
    actor = forms.CharField(
        label=_("Bruger"),
        required=False,
        max_length=200,
        help_text=_("Brugerens id (tal) eller en del af navnet."),
    )
    target_type = forms.CharField(
        label=_("Objekttype"),
        required=False,
        max_length=100,
        help_text=_("Fx cases.case for en sag eller accounts.user for en bruger."),
    )
    target_id = forms.CharField(label=_("Objekt-id"), required=False, max_length=64)
    action = forms.ChoiceField(label=_("Handling"), required=False)
    date_from = _date_field(_("Fra dato"), plausible=dates.RECORDS_PERIOD)
    date_to = _date_field(_("Til dato"), plausible=dates.RECORDS_PERIOD)
    purpose = forms.ChoiceField(
        label=_("Formål med søgningen"),
        choices=[(p.value, p.label) for p in SEARCH_PURPOSES],
        initial=Purpose.AUDIT,
        help_text=_("Søgningen bliver selv skrevet i revisionsloggen med dette formål."),
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Alle handlinger"))] + [
            (action.name, f"{action.label} ({action.name})") for action in all_actions()
        ]

    def clean_person_ref(self) -> str:
        return self.cleaned_data["person_ref"].strip()

    def clean_target_id(self) -> str:
        return self.cleaned_data["target_id"].strip()

    def clean_target_type(self) -> str:
        return self.cleaned_data["target_type"].strip().lower()

    def clean_date_from(self):
        value = self.cleaned_data["date_from"]
        if value and value > timezone.localdate():
            raise ValidationError(_("Fra-datoen ligger i fremtiden."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("cpr") and data.get("person_ref"):
            self.add_error("person_ref", _("Udfyld enten CPR-nummer eller personreference, ikke begge."))
        if data.get("target_id") and not data.get("target_type"):
            self.add_error("target_type", _("Skriv objekttypen, når du søger på et objekt-id."))
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", _("Til-datoen skal være samme dag som eller efter fra-datoen."))
        return data

    def criteria(self) -> SearchCriteria:
        data = self.cleaned_data
        person_ref = person_ref_for_cpr(data["cpr"]) if data.get("cpr") else data.get("person_ref", "")
        return SearchCriteria(
            person_ref=person_ref,
            actor=data.get("actor", "").strip(),
            target_type=data.get("target_type", ""),
            target_id=data.get("target_id", ""),
            action=data.get("action", ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


class CitizenAccessForm(DkfdsFormMixin, forms.Form):
    """Who asks which look-ups were made on their data: the CPR number, or (for a person the
    system never knew by CPR number) the name and birth date."""

    required_when = {
        "cpr": _("eller navn og fødselsdato"),
        "name": _("hvis CPR-nummeret ikke kendes"),
        "birth_date": _("hvis CPR-nummeret ikke kendes"),
    }

    cpr = CprField(
        label=_("Borgerens CPR-nummer"),
        required=False,
        help_text=_("10 cifre, fx 010203-1234. Nummeret gemmes ikke og vises ikke i adresselinjen."),
    )
    name = forms.CharField(
        label=_("Eller: borgerens navn"),
        required=False,
        max_length=200,
        help_text=_("Sammen med fødselsdatoen, hvis borgeren ikke kendes på CPR-nummer."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    birth_date = _date_field(_("Fødselsdato"), plausible=dates.BIRTH_DATE)

    def clean(self):
        data = super().clean()
        identified = data.get("cpr") or (data.get("name", "").strip() and data.get("birth_date"))
        if not identified and "cpr" not in self.errors:
            self.add_error("cpr", _("Skriv borgerens CPR-nummer, eller navn og fødselsdato."))
        return data

    def person(self) -> PersonLookup:
        data = self.cleaned_data
        return resolve_person(cpr_digits=data["cpr"], name=data.get("name", ""), birth_date=data.get("birth_date"))

    def shown_as(self) -> str:
        """How the person is named on the page and the PDF (the CPR number masked)."""
        if self.cleaned_data["cpr"]:
            return cpr.mask(self.cleaned_data["cpr"])
        return str(_("navn og fødselsdato"))
