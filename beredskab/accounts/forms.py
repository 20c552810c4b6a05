from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from beredskab.core.forms import DkfdsFormMixin


class EmailLoginForm(DkfdsFormMixin, AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "username", "autofocus": True})
    )
    error_messages = {
        "invalid_login": _("E-mail eller adgangskode er forkert. Bemærk store og små bogstaver."),
        "inactive": _("Denne konto er deaktiveret."),
    }
