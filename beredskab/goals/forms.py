"""The dashboard's filters: a period, a unit, a track. Sent by GET (no personal data: dates, a
unit and a track), so a filtered dashboard can be bookmarked. Nothing here filters by a person's
ethnicity, religion or nationality: the system holds none of them."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from beredskab.accounts.models import Unit
from beredskab.cases.models import Track
from beredskab.core import dates
from beredskab.core.forms import DkfdsFormMixin

from .scope import Filters

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"]
DATE_ERRORS = {"invalid": _("Skriv en gyldig dato, fx 23-11-2026."), "required": _("Skriv en dato.")}
LONGEST_DAYS = 5 * 366


def _date_field(label):
    return dates.PlausibleDateField(
        plausible=dates.RECORDS_PERIOD,
        label=label,
        input_formats=DATE_INPUT_FORMATS,
        error_messages=DATE_ERRORS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class FiltersForm(DkfdsFormMixin, forms.Form):
    fra = _date_field(_("Fra og med"))
    til = _date_field(_("Til og med"))
    enhed = forms.ModelChoiceField(
        label=_("Enhed"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("Alle enheder"),
        error_messages={"invalid_choice": _("Vælg en enhed på listen.")},
    )
    spor = forms.ChoiceField(
        label=_("Spor"),
        choices=[("", _("Børn, unge og voksne")), *Track.choices],
        required=False,
        error_messages={"invalid_choice": _("Vælg et spor på listen.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enhed"].queryset = Unit.objects.select_related("centre").order_by("centre__name", "name")
        self.fields["enhed"].label_from_instance = lambda unit: f"{unit.name} ({unit.centre.name})"

    def clean(self):
        data = super().clean()
        start, end = data.get("fra"), data.get("til")
        if start and end:
            if end < start:
                self.add_error("til", _("Slutdatoen skal ligge efter startdatoen."))
            elif end - start > datetime.timedelta(days=LONGEST_DAYS):
                self.add_error("til", _("Vælg en periode på højst 5 år."))
        return data

    def filters(self) -> Filters:
        data = self.cleaned_data
        unit = data.get("enhed")
        return Filters(
            start=data["fra"], end=data["til"], unit_id=unit.pk if unit else None, track=data.get("spor", "")
        )
