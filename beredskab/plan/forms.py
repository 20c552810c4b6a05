from django import forms
from django.utils.translation import gettext_lazy as _

from beredskab.core import dates
from beredskab.core.dates import PlausibleDateField
from beredskab.core.forms import CleanInputMixin, DkfdsFormMixin


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PlanAdoptForm(DkfdsFormMixin, forms.Form):
    """The council's decision and when the version comes into force. Posted twice: first to
    check it and show the confirmation step (the comparison with the version in force), then
    with `confirmed` to adopt."""

    adopted_by = forms.CharField(
        label=_("Vedtaget af"), max_length=200, help_text=_("Fx Ishøj Byråd."), widget=forms.TextInput()
    )
    adopted_on = PlausibleDateField(
        plausible=dates.PLAN_DATE,
        label=_("Dato for beslutningen"),
        widget=DateInput(),
        help_text=_("Dagen, hvor byrådet vedtog planen."),
    )
    case_reference = forms.CharField(
        label=_("Sagsnummer"),
        max_length=100,
        help_text=_("Sagsnummeret på byrådets beslutning, fx 24/1234."),
        widget=forms.TextInput(),
    )
    in_force_from = PlausibleDateField(
        plausible=dates.PLAN_DATE,
        label=_("Træder i kraft den"),
        widget=DateInput(),
        help_text=_("I dag eller en senere dato. Indtil da gælder den nuværende plan."),
    )
    # Set by the confirmation step's button: only then is the version adopted.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput())
    # The version in force the confirmation step compared with (0: none): if another tab has
    # put another version in force since, the service refuses and the comparison is shown again.
    compared_with = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput())
    # The draft's fingerprint when the confirmation step showed its comparison
    # (`services.plan_fingerprint`): edited since (another tab), the service refuses.
    compared_draft = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput())
    published_on = PlausibleDateField(
        plausible=dates.PLAN_DATE,
        label=_("Offentliggjort den"),
        required=False,
        widget=DateInput(),
        help_text=_("Kan udfyldes senere."),
    )


class PlanDraftNewForm(DkfdsFormMixin, forms.Form):
    version_label = forms.CharField(
        label=_("Navn på den nye version"),
        max_length=60,
        required=False,
        help_text=_("Fx 2028. Tomt felt: der dannes et navn som '2024 udkast 1'."),
    )


class PlanFactConfirmForm(CleanInputMixin, forms.Form):
    fact = forms.CharField(max_length=300, widget=forms.HiddenInput())


class PlanRollBackForm(DkfdsFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Begrundelse"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Fx at den nye version har et forkert telefonnummer. Skriv ingen personoplysninger."),
    )


class PlanCancelScheduledForm(DkfdsFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Begrundelse"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Fx at datoen for ikrafttrædelse var forkert. Skriv ingen personoplysninger."),
    )
