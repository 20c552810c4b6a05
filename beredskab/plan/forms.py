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
    adopted_by = forms.CharField(
        label=_("Vedtaget af"), max_length=200, help_text=_("Fx Ishøj Byråd."), widget=forms.TextInput()
    )
    adopted_on = PlausibleDateField(plausible=dates.PLAN_DATE, label=_("Vedtaget den"), widget=DateInput())
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
    fact = forms.CharField(max_length=100, widget=forms.HiddenInput())
