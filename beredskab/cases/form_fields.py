"""What the forms of the case and risk pages are built from: date, text and line fields (their
text inputs strip control characters, `CleanCharField`), the choice of a case worker, and the
risk gate's questions on a form (`GateQuestionsMixin`): who from the family or network takes
part, and whether names in the text are only mentioned."""

import hashlib

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from beredskab.accounts.models import User
from beredskab.core.dates import DateRange, PlausibleDateField
from beredskab.core.forms import CleanCharField
from beredskab.core.roles import Capability

from .policies import roles_with

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y"]


YES_NO = [("yes", _("Ja")), ("no", _("Nej"))]


TEXT_MAX = 20000


def date_field(label, *, plausible: DateRange, required=True, help_text=""):
    """A date input with its plausible range (beredskab.core.dates), refused next to the field."""
    return PlausibleDateField(
        plausible=plausible,
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Skriv datoen som dd-mm-åååå.")},
    )


def text_field(label, *, required=True, help_text="", max_length=TEXT_MAX, rows=5):
    return CleanCharField(
        label=label,
        required=required,
        help_text=help_text,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def line_field(label, *, required=True, help_text="", max_length=200):
    return CleanCharField(label=label, required=required, help_text=help_text, max_length=max_length)


def person_label(person) -> str:
    return f"{person.name} ({person.get_relation_display()})"


def worker_choices(unit_id: int) -> list[tuple[int, str]]:
    """(pk, name) of the active case workers of the unit, by name."""
    users = (
        User.objects.filter(
            is_active=True,
            role_assignments__unit_id=unit_id,
            role_assignments__role__in=roles_with(Capability.CASE_WORK),
        )
        .distinct()
        .order_by("full_name")
    )
    return [(u.pk, u.full_name or u.email) for u in users]


class WorkerChoiceField(forms.TypedChoiceField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("coerce", int)
        super().__init__(*args, **kwargs)


MENTIONS_SALT = "beredskab.gate.mentions"


class GateQuestionsMixin:
    """The questions the risk gate asks of a record (beredskab/cases/risk/gate.py): who from the
    family or network it involves (`people`), that nobody does (`no_family`, where the kind of
    record asks), and, only when the service found family names in the text, whether they are
    just mentioned (`mentions_confirmed`)."""

    people_label = _("Hvem fra familie og netværk deltog?")
    no_family_label = _("Ingen fra familie eller netværk deltog")

    def setup_gate_questions(self, people, *, ask_no_family: bool) -> None:
        self.fields["people"] = forms.TypedMultipleChoiceField(
            label=self.people_label,
            coerce=int,
            required=False,
            widget=forms.CheckboxSelectMultiple(attrs={"class": "form-checkbox"}),
            choices=[(p.pk, person_label(p)) for p in people],
            help_text=_("Risikoporten gælder, når nogen fra familie eller netværk er med."),
        )
        if not people:
            del self.fields["people"]
        if ask_no_family:
            self.fields["no_family"] = forms.BooleanField(
                label=self.no_family_label,
                required=False,
                widget=forms.CheckboxInput(attrs={"class": "form-checkbox"}),
            )

    # Who is answering, on which case (set by the page before validating): see `_question_scope`.
    gate_scope = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_mentions_question()

    def add_mentions_question(self) -> None:
        """The answer to "the text names family members: are they only mentioned?" It counts
        only together with the signed question (`mentions_token`), which names what was asked,
        on which case, by whom, in which form and about which text: ticking the hidden box in
        the first post, or reusing a token elsewhere, answers nothing."""
        self.fields["mentions_confirmed"] = forms.BooleanField(required=False, widget=forms.HiddenInput)
        self.fields["mentions_token"] = forms.CharField(required=False, widget=forms.HiddenInput)

    def _question_scope(self, data) -> str:
        texts = "\x00".join(
            f"{name}={value}"
            for name, value in sorted(data.items())
            if isinstance(value, str) and not name.startswith("mentions_")
        )
        digest = hashlib.sha256(texts.encode()).hexdigest()
        return f"{type(self).__name__}:{self.gate_scope}:{digest}"

    def ask_about_mentions(self, reason: str, mentions: list[str]) -> None:
        """Show the question the service asked, next to its checkbox (typed values stay)."""
        field = self.fields.pop("mentions_confirmed")  # shown last, after the text it is about
        self.fields["mentions_confirmed"] = field
        field.widget = forms.CheckboxInput(attrs={"class": "form-checkbox"})
        field.label = _("Personerne nævnes kun. De deltager ikke og får ikke besked.")
        data = self.data.copy()
        question = {"mentions": mentions, "scope": self._question_scope(self.cleaned_data)}
        data[self.add_prefix("mentions_token")] = signing.dumps(question, salt=MENTIONS_SALT)
        data[self.add_prefix("mentions_confirmed")] = ""
        self.data = data
        self.add_error("mentions_confirmed", reason)

    def clean(self):
        data = super().clean()
        if "mentions_token" in self.fields:
            asked: list[str] = []
            if data.get("mentions_confirmed"):
                try:
                    question = signing.loads(data.get("mentions_token") or "", salt=MENTIONS_SALT, max_age=3600)
                    if question.get("scope") == self._question_scope(data):
                        asked = list(question.get("mentions") or [])
                except (signing.BadSignature, AttributeError):
                    asked = []
            data["mentions_confirmed"] = tuple(asked)
            data.pop("mentions_token", None)
        return data

    def chosen_people(self, people) -> list:
        chosen = set(self.cleaned_data.get("people") or [])
        return [p for p in people if p.pk in chosen]
