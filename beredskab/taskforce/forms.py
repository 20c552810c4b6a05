"""Forms of the taskforce pages. They validate input; the services decide and write."""

from django import forms
from django.utils.translation import gettext_lazy as _

from beredskab.cases.form_fields import date_field
from beredskab.core.forms import DkfdsFormMixin

from .models import AbsenceKind, RosterRole
from .services import ABSENCE_DATE


class BaseForm(DkfdsFormMixin, forms.Form):
    pass


def _person_field(label, choices):
    return forms.TypedChoiceField(
        label=label,
        coerce=int,
        choices=[("", _("Vælg medarbejder")), *choices],
        error_messages={"required": _("Vælg en medarbejder."), "invalid_choice": _("Vælg en medarbejder fra listen.")},
    )


def _role_field():
    return forms.ChoiceField(
        label=_("Rolle i taskforcen"),
        choices=RosterRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg nøglemedarbejder eller bagvagt.")},
    )


class MemberAddForm(BaseForm):
    user = _person_field(_("Medarbejder"), ())
    role = _role_field()

    def __init__(self, *args, user_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].choices = [("", _("Vælg medarbejder")), *user_choices]


class MemberRoleForm(BaseForm):
    role = _role_field()


class AbsenceForm(BaseForm):
    member = _person_field(_("Medarbejder"), ())
    kind = forms.ChoiceField(
        label=_("Fravær"),
        choices=AbsenceKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg ferie, sygdom eller kursus.")},
    )
    starts_on = date_field(_("Fra og med"), plausible=ABSENCE_DATE)
    ends_on = date_field(_("Til og med"), plausible=ABSENCE_DATE)

    def __init__(self, *args, member_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", _("Vælg medarbejder")), *member_choices]

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("Slutdatoen ligger før startdatoen."))
        return data


class ReassignForm(BaseForm):
    kind = forms.ChoiceField(choices=[("report", "report"), ("case", "case")], widget=forms.HiddenInput)
    pk = forms.IntegerField(widget=forms.HiddenInput)
    owner = _person_field(_("Ny ejer"), ())

    def __init__(self, *args, candidate_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("Vælg medarbejder")), *candidate_choices]
