import re

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
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


class TotpCodeForm(DkfdsFormMixin, forms.Form):
    """The six-digit code from the user's authenticator app (spaces are allowed and ignored)."""

    code = forms.CharField(
        label=_("Engangskode"),
        help_text=_("De 6 cifre, som din godkendelsesapp viser lige nu."),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
                "class": "input-width-s",
            }
        ),
        error_messages={"required": _("Skriv koden fra din godkendelsesapp.")},
    )

    def clean_code(self) -> str:
        code = re.sub(r"\s", "", self.cleaned_data["code"])
        if not re.fullmatch(r"\d{6}", code):
            raise forms.ValidationError(_("Koden består af 6 cifre."))
        return code


class PasswordLinkRequestForm(DkfdsFormMixin, PasswordResetForm):
    email = forms.EmailField(
        label=_("Din e-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"required": _("Skriv din e-mail."), "invalid": _("Skriv en gyldig e-mail.")},
    )


class NewPasswordForm(DkfdsFormMixin, SetPasswordForm):
    pass
