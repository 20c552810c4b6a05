"""Forms for the case's track and the transition at 18 (`beredskab.cases.services.track`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from beredskab.accounts.models import Unit
from beredskab.accounts.selectors import adults_units
from beredskab.core import dates
from beredskab.core.forms import DkfdsFormMixin

from .form_fields import date_field, text_field
from .models import ComingOfAgeKind, Consent, Track


class TrackForm(DkfdsFormMixin, forms.Form):
    track = forms.ChoiceField(
        label=_("Spor"),
        choices=[
            (Track.CHILDREN, _("Børn og unge")),
            (Track.ADULTS, _("Voksne (serviceloven)")),
        ],
        widget=forms.RadioSelect,
    )
    reason = text_field(_("Hvorfor rettes sporet?"), rows=3)


class ComingOfAgeForm(DkfdsFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Beslutning"), choices=ComingOfAgeKind.choices, widget=forms.RadioSelect)
    to_unit = forms.ModelChoiceField(
        label=_("Voksenenhed"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Kun ved overdragelse."),
    )
    consent = forms.ChoiceField(label=_("Den unges samtykke"), choices=Consent.choices, widget=forms.RadioSelect)
    support_until = date_field(
        _("Fortsat støtte til og med"),
        plausible=dates.INTERVENTION_END,
        required=False,
        help_text=_("Kun ved fortsat støtte. Senest dagen før den unge fylder 23 år."),
    )
    reason = text_field(_("Begrundelse"), rows=4)

    def __init__(self, *args, proposed_unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = adults_units().order_by("name")
        if proposed_unit is not None:
            self.fields["to_unit"].initial = proposed_unit.pk

    def clean(self):
        data = super().clean()
        if data.get("kind") == ComingOfAgeKind.HANDOVER and not data.get("to_unit"):
            self.add_error("to_unit", _("Vælg den enhed, sagen overdrages til."))
        return data


class LegalHoldForm(DkfdsFormMixin, forms.Form):
    reason = text_field(_("Begrundelse"), rows=3)
