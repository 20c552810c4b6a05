"""Forms of the implementation pages. They validate input (messages next to the field); the
services decide and write."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from beredskab.accounts.models import Centre, Unit, User
from beredskab.cases.form_fields import date_field, line_field, text_field
from beredskab.core import scanning
from beredskab.core.dates import DateRange
from beredskab.core.forms import DkfdsFormMixin
from beredskab.core.roles import Role

from .models import ActivityKind, ResourceKind
from .services import contains_cpr

TRAINING_DATE = DateRange(earliest=-5 * 365, latest=2 * 365)
REVIEW_DATE = DateRange(earliest=0, latest=5 * 365)
MEETING_DATE = DateRange(earliest=-5 * 365, latest=0)
MAX_FILE_BYTES = 20 * 1024 * 1024
# Guidance files: PDF and office documents without macros (the same detection as the report form).
ACCEPTED_FILES = {
    ".pdf": scanning.PDF,
    ".docx": scanning.DOCX,
    ".pptx": scanning.PPTX,
    ".xlsx": scanning.XLSX,
    ".odt": scanning.ODT,
    ".ods": scanning.ODS,
}


class BaseForm(DkfdsFormMixin, forms.Form):
    pass


def _people():
    return User.objects.filter(is_active=True).order_by("full_name", "pk")


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name or obj.email


class DisseminateForm(BaseForm):
    units = forms.ModelMultipleChoiceField(
        label=_("Enheder, der skal have planen"),
        queryset=Unit.objects.select_related("centre").order_by("centre__name", "name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Vælg mindst én enhed.")},
        help_text=_("Enhedernes medarbejdere bliver bedt om at kvittere for, at de har læst planen."),
    )

    def __init__(self, *args, sent_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["units"].queryset = self.fields["units"].queryset.exclude(pk__in=sent_ids)


class TrainingForm(BaseForm):
    kind = forms.ChoiceField(
        label=_("Type"),
        choices=ActivityKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg typen af opkvalificering.")},
    )
    title = line_field(_("Titel"))
    organiser = line_field(_("Arrangør"), help_text=_("Fx SIRI."))
    held_on = date_field(_("Dato"), plausible=TRAINING_DATE)
    hours = forms.DecimalField(
        label=_("Varighed i timer"),
        min_value=0.5,
        max_value=200,
        max_digits=4,
        decimal_places=1,
        error_messages={
            "invalid": _("Skriv et antal timer, fx 3 eller 6,5."),
            "min_value": _("Skriv mindst en halv time."),
            "max_value": _("Skriv højst 200 timer."),
        },
        localize=True,
    )
    audience = line_field(_("Målgruppe"), required=False, max_length=300, help_text=_("Fx nøglemedarbejdere."))
    participants = PersonChoiceField(
        label=_("Deltagere"), queryset=_people(), widget=forms.CheckboxSelectMultiple, required=False
    )


class RequirementsForm(BaseForm):
    roles = forms.MultipleChoiceField(
        label=_("Roller, der skal opkvalificeres"),
        choices=[
            (r.value, r.label) for r in (Role.ADULT_TASKFORCE, Role.CHILD_CASEWORKER, Role.FRONTLINE, Role.UNIT_LEADER)
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Planen nævner nøglemedarbejdere, børne- og ungerådgivere og frontpersonale."),
    )


def check_guidance_file(upload) -> None:
    """Refuse a file that is not a PDF or office document without macros, is too large, or does
    not pass the virus scan (beredskab.core.scanning). Raises ValidationError in Danish."""
    name = upload.name.lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    if extension not in ACCEPTED_FILES:
        raise ValidationError(_("Brug en PDF-fil eller et kontordokument (.docx, .pptx, .xlsx, .odt, .ods)."))
    if upload.size > MAX_FILE_BYTES:
        raise ValidationError(_("Filen er større end 20 MB."))
    detected = scanning.detect(upload)
    if detected.legacy_office or detected.macros:
        raise ValidationError(_("Filen indeholder makroer eller er et ældre Office-format. Gem den som PDF."))
    if detected.content_type != ACCEPTED_FILES[extension]:
        raise ValidationError(_("Filen ser ikke ud til at være en %(type)s-fil.") % {"type": extension[1:].upper()})
    try:
        scanning.scan_file(upload)
    except scanning.FileInfected:
        raise ValidationError(_("Filen indeholder virus eller anden skadelig kode.")) from None
    except scanning.ScanUnavailable:
        raise ValidationError(
            _("Vi kan ikke kontrollere filer for virus lige nu. Brug et link, eller prøv igen senere.")
        ) from None


class ResourceForm(BaseForm):
    required_when = {"url": _("link eller fil"), "file": _("link eller fil")}

    kind = forms.ChoiceField(
        label=_("Type"),
        choices=ResourceKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Vælg typen af materiale.")},
    )
    title = line_field(_("Titel"))
    description = text_field(_("Beskrivelse"), required=False, max_length=2000, rows=3)
    url = forms.URLField(
        label=_("Link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        error_messages={"invalid": _("Skriv en hel webadresse, fx https://www.siri.dk/.")},
    )
    file = forms.FileField(label=_("Fil"), required=False, help_text=_("PDF eller kontordokument, højst 20 MB."))
    owner = forms.ModelChoiceField(
        label=_("Ansvarlig"),
        queryset=_people(),
        error_messages={"required": _("Vælg den ansvarlige."), "invalid_choice": _("Vælg en person fra listen.")},
        help_text=_("Holder materialet opdateret."),
    )
    review_on = date_field(_("Gennemgås senest"), plausible=REVIEW_DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].label_from_instance = lambda u: u.full_name or u.email

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            check_guidance_file(upload)
        return upload

    def clean(self):
        data = super().clean()
        if "url" in self.errors or "file" in self.errors:
            return data
        if data.get("url") and data.get("file"):
            self.add_error("url", _("Angiv enten et link eller en fil, ikke begge."))
        elif not data.get("url") and not data.get("file"):
            self.add_error("url", _("Angiv et link eller vælg en fil."))
        return data


class MeetingForm(BaseForm):
    held_on = date_field(_("Dato"), plausible=MEETING_DATE)
    centres = forms.ModelMultipleChoiceField(
        label=_("Centre til stede"),
        queryset=Centre.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Vælg de centre, der var til stede.")},
    )
    themes = text_field(
        _("Temaer"),
        max_length=4000,
        rows=4,
        help_text=_("Kun emner: skriv ingen navne, CPR-numre eller andet om borgere eller sager."),
    )

    def clean_centres(self):
        centres = self.cleaned_data["centres"]
        if len(centres) < 2:
            raise ValidationError(_("Et netværksmøde på tværs af centre har mindst to centre til stede."))
        return centres

    def clean_themes(self):
        themes = self.cleaned_data["themes"]
        if contains_cpr(themes):
            raise ValidationError(_("Temaerne må ikke indeholde CPR-numre eller andre personoplysninger."))
        return themes


class RemoveForm(BaseForm):
    reason = text_field(
        _("Begrundelse"),
        max_length=1000,
        rows=2,
        help_text=_("Fx forældet, forkert fil, eller indeholder personoplysninger ved en fejl."),
    )
