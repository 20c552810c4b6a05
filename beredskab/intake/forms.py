"""The report form: plain Danish, every error next to its field, nothing the user typed lost."""

import datetime
import re
import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beredskab.core import cpr as cpr_numbers
from beredskab.core import scanning
from beredskab.core.dates import BIRTH_DATE, PlausibleDateField
from beredskab.core.forms import CleanCharField, DkfdsFormMixin, MultipleFileField
from beredskab.core.text import ascii_identifier
from beredskab.plan.localized import marked
from beredskab.plan.selectors import offered_readers

from .models import Knowledge, ReporterKind
from .services import ReportInput

YES_NO = [("no", _("Nej")), ("yes", _("Ja"))]
DATE_FORMATS = ["%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%Y-%m-%d", "%d%m%Y"]

# Accepted attachments: the extension must be one of these, and the file's bytes must be what
# the extension says (beredskab.core.scanning.detect: a renamed program, a zip posing as a
# .docx or binary bytes posing as text are refused). The detected type is what is stored and
# sent back, never the browser's. Legacy Office files (.doc, .xls, .ppt: OLE2, the classic
# macro carriers) and documents with macros are refused with a way out (PDF, .docx/.xlsx).
_ACCEPTED = {
    ".pdf": scanning.PDF,
    ".png": scanning.PNG,
    ".jpg": scanning.JPEG,
    ".jpeg": scanning.JPEG,
    ".gif": scanning.GIF,
    ".heic": scanning.HEIC,
    ".docx": scanning.DOCX,
    ".xlsx": scanning.XLSX,
    ".pptx": scanning.PPTX,
    ".odt": scanning.ODT,
    ".ods": scanning.ODS,
    ".txt": scanning.TEXT,
}
ACCEPTED_CONTENT_TYPES = frozenset(_ACCEPTED.values())
_LEGACY_OFFICE = {".doc", ".dot", ".xls", ".xlt", ".ppt", ".pps", ".pot"}
_MACRO_OFFICE = {".docm", ".dotm", ".xlsm", ".xltm", ".xlam", ".pptm", ".potm", ".ppsm"}


def _check_type(upload) -> None:
    """Refuse a file whose extension is not accepted or whose bytes are not what it claims."""
    name = upload.name.lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    legacy = _(
        "Vi kan ikke modtage filen %(name)s: ældre Office-formater (.doc, .xls, .ppt) og dokumenter med "
        "adgangskode kan skjule makroer. Gem den som PDF eller som .docx/.xlsx uden adgangskode, og vedhæft den igen."
    )
    if extension in _LEGACY_OFFICE:
        raise ValidationError(legacy % {"name": upload.name}, code="legacy_office")
    if extension not in _ACCEPTED and extension not in _MACRO_OFFICE:
        raise ValidationError(
            _("Filen %(name)s har en filtype, vi ikke kan modtage. Brug PDF, billeder eller kontordokumenter.")
            % {"name": upload.name},
            code="extension",
        )
    if upload.size > settings.INTAKE_MAX_ATTACHMENT_BYTES:
        raise ValidationError(_("Filen %(name)s er større end 10 MB.") % {"name": upload.name}, code="size")
    detected = scanning.detect(upload)
    if detected.legacy_office:
        raise ValidationError(legacy % {"name": upload.name}, code="legacy_office")
    if detected.macros or extension in _MACRO_OFFICE:
        raise ValidationError(
            _(
                "Filen %(name)s indeholder makroer, som vi ikke kan modtage. Gem den som PDF eller som "
                ".docx/.xlsx uden makroer, og vedhæft den igen."
            )
            % {"name": upload.name},
            code="macros",
        )
    if detected.content_type != _ACCEPTED[extension]:
        if extension == ".txt":
            raise ValidationError(
                _("Filen %(name)s er ikke almindelig tekst (UTF-8). Gem den som PDF, og vedhæft den igen.")
                % {"name": upload.name},
                code="not_text",
            )
        raise ValidationError(
            _("Filen %(name)s ser ikke ud til at være en %(type)s-fil.")
            % {"name": upload.name, "type": extension[1:].upper()},
            code="content",
        )


# How a reader the public pages offer reports (plan.models.Audience -> ReporterKind).
KIND_FOR_AUDIENCE = {
    "professional": ReporterKind.PROFESSIONAL,
    "citizen": ReporterKind.PRIVATE,
    "self": ReporterKind.SELF,
}
_KIND_LABELS = {
    ReporterKind.PROFESSIONAL: _("Fagperson, fx lærer, pædagog, sundhedsplejerske eller sagsbehandler"),
    ReporterKind.PRIVATE: _("Privatperson, fx nabo, ven eller familie"),
    ReporterKind.SELF: _("Det handler om mig selv"),
}
READER_PREFIX = "laeser-"  # a reader the plan adds, e.g. "laeser-sagsbehandler"
# The query parameter that opens the form with "Hvem er du?" answered (the guide's reader): only
# a choice's value, never personal data; a value the form does not offer is ignored.
REPORTER_PARAM = "hvem"


def reporter_value(audience: str, reader_code: str = "") -> str:
    """The "Hvem er du?" value for a reader of the guide: a reader the plan adds ("laeser-<code>"),
    else its audience's kind ("professional", "private", "self")."""
    return f"{READER_PREFIX}{reader_code}" if reader_code else str(KIND_FOR_AUDIENCE[audience])


def reporter_choices(offered) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """("Hvem er du?" choices, value -> ReporterKind) from `plan.selectors.offered_readers`:
    professionals (§ 133), citizens (§ 135) and the person themselves always, another authority,
    then the readers the plan adds (each reports as its audience)."""
    choices, kinds = [], {}
    for audience, reader in offered:
        kind = KIND_FOR_AUDIENCE[audience]
        value = f"{READER_PREFIX}{reader.code}" if reader else str(kind)
        label = marked(reader.shown_name) if reader else _KIND_LABELS[kind]  # lang="da" when untranslated
        choices.append((value, label))
        kinds[value] = kind
    always = [c for c in choices if not c[0].startswith(READER_PREFIX)]
    added = [c for c in choices if c[0].startswith(READER_PREFIX)]
    authority = (str(ReporterKind.AUTHORITY), ReporterKind.AUTHORITY.label)
    return [*always, authority, *added], {**kinds, str(ReporterKind.AUTHORITY): ReporterKind.AUTHORITY}


def _text(label, *, required=False, max_length=200, help_text="", widget=None):
    return CleanCharField(label=label, required=required, max_length=max_length, help_text=help_text, widget=widget)


class ReportForm(DkfdsFormMixin, forms.Form):
    # Required in some cases only (see clean()); never marked "(valgfri)". The five ways to
    # identify the person are explained once, above them (intake/form.html).
    required_when = {
        "reporter_name": _("skal udfyldes, medmindre du er anonym"),
        "reporter_organisation": _("skal udfyldes af fagpersoner og myndigheder"),
        "reporter_role": _("skal udfyldes af fagpersoner"),
        "reporter_phone": _("telefon eller e-mail, medmindre du er anonym"),
        "reporter_email": _("telefon eller e-mail, medmindre du er anonym"),
        **dict.fromkeys(
            ("subject_name", "subject_cpr", "subject_birth_date", "subject_address", "subject_institution"), ""
        ),
    }

    submission_token = forms.UUIDField(widget=forms.HiddenInput)

    # --- who reports
    reporter_kind = forms.ChoiceField(label=_("Hvem er du?"), choices=ReporterKind.choices, widget=forms.RadioSelect)
    reporter_anonymous = forms.BooleanField(
        label=_("Jeg vil være anonym (kun for privatpersoner)"),
        required=False,
        help_text=_(
            "Forældre får normalt lov at læse en underretning. Vil du være anonym, så udelad detaljer, "
            "der kan afsløre, hvem du er."
        ),
    )
    reporter_name = _text(_("Dit navn"))
    reporter_organisation = _text(_("Arbejdssted, center eller myndighed"))
    reporter_role = _text(_("Din stilling"))
    reporter_phone = _text(_("Dit telefonnummer"), max_length=30)
    reporter_email = forms.EmailField(label=_("Din e-mail"), required=False, max_length=254)

    # --- who it is about
    subject_name = _text(_("Navn"), help_text=_("Skriv det navn, du kender, også hvis det kun er fornavnet."))
    subject_cpr = _text(_("CPR-nummer"), max_length=20, help_text=_("Hvis du kender det. 10 cifre, fx 010203-1234."))
    subject_birth_date = PlausibleDateField(
        plausible=BIRTH_DATE,
        label=_("Fødselsdato"),
        required=False,
        input_formats=DATE_FORMATS,
        help_text=_("Hvis du ikke kender CPR-nummeret. Skriv som dd-mm-åååå."),
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": _("Skriv datoen som dd-mm-åååå, fx 23-11-2012.")},
    )
    subject_approximate_age = forms.IntegerField(
        label=_("Omtrentlig alder"),
        required=False,
        min_value=0,
        max_value=120,
        help_text=_("Hvis du hverken kender CPR-nummer eller fødselsdato. Lad feltet stå tomt, hvis du ikke ved det."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    subject_address = _text(_("Adresse"), max_length=300)
    subject_postcode = _text(_("Postnummer"), max_length=10, widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    subject_institution = _text(_("Skole, dagtilbud, uddannelse eller arbejdsplads"), max_length=300)
    subject_languages = _text(_("Sprog"), max_length=200, help_text=_("Hvilke sprog taler personen?"))
    interpreter_needed = forms.BooleanField(label=_("Der er brug for tolk"), required=False)
    other_children = _text(
        _("Andre børn i familien"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Søskende eller andre børn i hjemmet, hvis du kender dem."),
    )
    subject_knows = forms.ChoiceField(
        label=_("Ved personen, at du underretter?"),
        choices=Knowledge.choices,
        widget=forms.RadioSelect,
        initial=Knowledge.UNKNOWN,
    )

    # --- what was observed
    is_acute = forms.TypedChoiceField(
        label=_("Er nogen i fare lige nu?"),
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        initial="no",
    )
    observed_signs = forms.MultipleChoiceField(
        label=_("Hvilke bekymringstegn har du set?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Listen er ikke udtømmende. Tegnene kan også skyldes andet, så beskriv det, du har set."),
    )
    narrative = _text(
        _("Beskriv, hvad du har set eller hørt"),
        required=True,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Hvad skete der, hvornår, og hvem sagde hvad? Skriv så konkret som muligt."),
    )
    family_knows = forms.ChoiceField(
        label=_("Ved familien, at du underretter?"),
        choices=Knowledge.choices,
        widget=forms.RadioSelect,
        initial=Knowledge.UNKNOWN,
    )
    attachments = MultipleFileField(
        label=_("Bilag"),
        required=False,
        help_text=_("PDF, billeder eller kontordokumenter. Højst 5 filer på hver højst 10 MB."),
    )

    def __init__(self, *args, sign_choices=(), family_advice: str = "", sign_labels=None, readers=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices, self._reporter_kinds = reporter_choices(readers if readers is not None else offered_readers(None))
        self.fields["reporter_kind"].choices = choices
        labels = sign_labels or {}  # value -> the sign in the reader's language (stored: the plan's Danish)
        self.fields["observed_signs"].choices = [
            (group, [(value, labels.get(value, text)) for value, text in options]) for group, options in sign_choices
        ]
        self._sign_texts = {value: (group, text) for group, options in sign_choices for value, text in options}
        if family_advice:
            self.fields["family_knows"].help_text = family_advice
        if not self.is_bound:
            self.initial.setdefault("submission_token", uuid.uuid4())
        self.warnings: list[str] = []
        # The form is often filled in on a shared family device: the browser must neither offer
        # what was typed here before (names, CPR number, birth date, institution, e-mail) nor
        # keep it for the next person, nor restore it on "back".
        for field in self.fields.values():
            field.widget.attrs["autocomplete"] = "off"

    def preselect_reporter(self, value: str) -> None:
        """Start with "Hvem er du?" answered as the guide's reader (`REPORTER_PARAM`), when the
        form offers that choice; any other value is ignored."""
        if value in self._reporter_kinds:
            self.initial["reporter_kind"] = value

    # --- an adult: the citizen's words (serviceloven), no parents, no children

    ADULT_WORDS = {
        "reporter_anonymous": (
            None,
            _(
                "Borgeren kan normalt få lov at læse en henvendelse. Vil du være anonym, så udelad detaljer, "
                "der kan afsløre, hvem du er."
            ),
        ),
        "other_children": (_("Andre i husstanden"), _("Andre, der bor sammen med personen, hvis du kender dem.")),
        "subject_knows": (_("Ved personen, at du henvender dig?"), None),
        "family_knows": (_("Ved familien, at du henvender dig?"), None),
    }

    def stated_age(self, on: datetime.date) -> int | None:
        """The age the reporter has given (CPR number, birth date or approximate age, in that
        order), from what validated; None when none did."""
        data = getattr(self, "cleaned_data", {})
        if data.get("subject_cpr"):
            return cpr_numbers.age_on(cpr_numbers.parse(data["subject_cpr"]).birth_date, on)
        if data.get("subject_birth_date"):
            return cpr_numbers.age_on(data["subject_birth_date"], on)
        return data.get("subject_approximate_age")

    def speak_of_an_adult(self, sign_choices, family_advice: str = "") -> None:
        """The person is an adult (the plan's group for adults, or the age given): labels and help
        texts without parents or children, the advice of the adult groups about the family, and
        the signs of the adult groups only (plus any sign already ticked, so nothing is lost)."""
        words = {**self.ADULT_WORDS, "family_knows": (self.ADULT_WORDS["family_knows"][0], family_advice or None)}
        for name, (label, help_text) in words.items():
            for target in (self.fields[name], self[name]):  # the bound field keeps its own copy
                if label is not None:
                    target.label = label
                if help_text is not None:
                    target.help_text = help_text
        ticked = set(self.data.getlist("observed_signs")) if self.is_bound else set()
        adult_values = {value for _group, options in sign_choices for value, _text in options}
        kept = [
            (group, [(value, text) for value, text in options if value in ticked])
            for group, options in self.fields["observed_signs"].choices
            if group not in {name for name, _options in sign_choices}
        ]
        kept = [(group, options) for group, options in kept if options and not {v for v, _t in options} <= adult_values]
        self.fields["observed_signs"].choices = [*sign_choices, *kept]

    # --- field rules

    def clean_subject_cpr(self):
        value = ascii_identifier(self.cleaned_data["subject_cpr"]).strip()
        if not value:
            return ""
        parsed = cpr_numbers.parse(value)
        if parsed.birth_date > timezone.localdate():
            raise ValidationError(_("Fødselsdatoen i CPR-nummeret ligger i fremtiden. Kontrollér cifrene."))
        if not parsed.mod11_ok:
            self.warnings.append(
                str(_("CPR-nummeret består ikke modulus 11-kontrollen. Det kan godt være gyldigt; kontrollér det."))
            )
        return parsed.formatted

    def clean_subject_birth_date(self):
        value = self.cleaned_data["subject_birth_date"]
        if value and value > timezone.localdate():
            raise ValidationError(_("Fødselsdatoen kan ikke ligge i fremtiden."))
        if value and value < datetime.date(1900, 1, 1):
            raise ValidationError(_("Kontrollér årstallet."))
        return value

    def clean_reporter_kind(self):
        """A reader the plan adds reports as its audience (e.g. a case worker as a professional)."""
        return self._reporter_kinds[self.cleaned_data["reporter_kind"]]

    def clean_reporter_phone(self):
        return ascii_identifier(self.cleaned_data["reporter_phone"]).strip()

    def clean_subject_postcode(self):
        value = ascii_identifier(self.cleaned_data["subject_postcode"]).strip()
        if value and not re.fullmatch(r"\d{4}", value):
            raise ValidationError(_("Et postnummer er 4 cifre, fx 2635."))
        return value

    def clean_attachments(self):
        files = self.cleaned_data.get("attachments") or []
        if len(files) > settings.INTAKE_MAX_ATTACHMENTS:
            raise ValidationError(
                _("Du kan højst vedhæfte %(count)s filer.") % {"count": settings.INTAKE_MAX_ATTACHMENTS}
            )
        for upload in files:
            _check_type(upload)
        # Only files of an accepted type reach the virus scan; any refusal keeps the whole report
        # from being stored (the user sends it again without the file, or with another).
        for upload in files:
            try:
                scanning.scan_file(upload)
            except scanning.FileInfected:
                raise ValidationError(
                    _(
                        "Filen %(name)s indeholder virus eller anden skadelig kode og kan ikke modtages. "
                        "Send underretningen uden filen."
                    )
                    % {"name": upload.name},
                    code="infected",
                ) from None
            except scanning.ScanUnavailable:
                raise ValidationError(
                    _(
                        "Vi kan ikke kontrollere filer for virus lige nu og kan derfor ikke modtage bilag. "
                        "Send underretningen uden bilag, eller prøv igen senere."
                    ),
                    code="scan_unavailable",
                ) from None
        return files

    def clean(self):
        data = super().clean()
        kind = data.get("reporter_kind")
        anonymous = data.get("reporter_anonymous")
        if kind in (ReporterKind.PROFESSIONAL, ReporterKind.AUTHORITY):
            if anonymous:
                self.add_error(
                    "reporter_anonymous",
                    _("Fagpersoner og myndigheder kan ikke underrette anonymt (skærpet underretningspligt)."),
                )
            for name in ("reporter_name", "reporter_organisation"):
                if not data.get(name):
                    self.add_error(name, _("Skriv dette, så vi kan kontakte dig og sende en kvittering."))
            if kind == ReporterKind.PROFESSIONAL and not data.get("reporter_role"):
                self.add_error("reporter_role", _("Skriv din stilling."))
        if kind == ReporterKind.SELF and anonymous:
            self.add_error(
                "reporter_anonymous",
                _("Når det handler om dig selv, kan du ikke være anonym. Skriv, hvordan vi trygt kan kontakte dig."),
            )
        if kind and not (kind == ReporterKind.PRIVATE and anonymous):
            if kind == ReporterKind.PRIVATE and not data.get("reporter_name"):
                self.add_error("reporter_name", _("Skriv dit navn – eller vælg at være anonym."))
            if not (data.get("reporter_phone") or data.get("reporter_email")) and "reporter_phone" not in self.errors:
                self.add_error("reporter_phone", _("Skriv telefon eller e-mail, så vi kan sende dig en kvittering."))
        identifying = ("subject_name", "subject_cpr", "subject_birth_date", "subject_address", "subject_institution")
        if not any(data.get(name) for name in identifying) and not any(n in self.errors for n in identifying):
            self.add_error(
                "subject_name",
                _("Skriv mindst navn, CPR-nummer, fødselsdato, adresse eller skole, så vi kan finde personen."),
            )
        cpr_value, birth_date = data.get("subject_cpr"), data.get("subject_birth_date")
        if cpr_value and birth_date and cpr_numbers.parse(cpr_value).birth_date != birth_date:
            self.add_error("subject_birth_date", _("Fødselsdatoen passer ikke med CPR-nummeret."))
        return data

    def to_input(self) -> ReportInput:
        """The cleaned values as the service's input. An anonymous reporter's details are dropped."""
        data = self.cleaned_data
        anonymous = data["reporter_kind"] == ReporterKind.PRIVATE and data["reporter_anonymous"]
        reporter = {
            name: "" if anonymous else data[name]
            for name in ("reporter_name", "reporter_organisation", "reporter_role", "reporter_phone", "reporter_email")
        }
        signs = [
            {"id": value, "group": str(self._sign_texts[value][0]), "text": str(self._sign_texts[value][1])}
            for value in data["observed_signs"]
        ]
        return ReportInput(
            reporter_kind=data["reporter_kind"],
            reporter_anonymous=anonymous,
            narrative=data["narrative"],
            subject_name=data["subject_name"],
            subject_cpr=data["subject_cpr"],
            subject_birth_date=data["subject_birth_date"],
            subject_approximate_age=data["subject_approximate_age"],
            subject_address=data["subject_address"],
            subject_postcode=data["subject_postcode"],
            subject_institution=data["subject_institution"],
            subject_languages=data["subject_languages"],
            interpreter_needed=data["interpreter_needed"],
            other_children=data["other_children"],
            subject_knows=data["subject_knows"],
            family_knows=data["family_knows"],
            observed_signs=signs,
            is_acute=data["is_acute"],
            **reporter,
        )


class AcuteQuestionForm(DkfdsFormMixin, forms.Form):
    """The first question before a report: is anyone in danger right now?"""

    danger = forms.ChoiceField(label=_("Er nogen i fare lige nu?"), choices=YES_NO, widget=forms.RadioSelect)
