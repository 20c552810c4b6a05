from django import forms
from django.utils.translation import gettext_lazy as _

from beredskab.cases.form_fields import GateQuestionsMixin, date_field, line_field, text_field
from beredskab.cases.forms import BaseForm
from beredskab.core import dates

from .models import Identification, Level, PartnerKind, Rating
from .services import RatingInput

RATING_CHOICES = [("", _("Ikke vurderet")), *Rating.choices]
LEVEL_CHOICES = [("", _("Ikke vurderet")), *Level.choices]


def _people_choices(people):
    return [(p.pk, f"{p.name} ({p.get_relation_display()})") for p in people]


class AssessmentForm(BaseForm):
    """A draft risk assessment: every factor of the instrument rated now and in the past with
    notes, then the assessor's own judgement. Nothing is added up. A draft may be saved with
    anything left empty; completing it needs what `services.missing_for_completion` lists."""

    required_when = dict.fromkeys(
        ("serious_violence_risk", "acute_risk", "conclusion", "safety_measures", "reassessment_on"),
        _("skal udfyldes, før vurderingen afsluttes"),
    )

    possible_perpetrators = forms.TypedMultipleChoiceField(
        label=_("Mulige udøvere"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Der kan være flere, også i det udvidede netværk og i udlandet. Tilføj personer under familie og netværk."
        ),
    )
    subject_is_likely_victim = forms.BooleanField(
        label=_("Barnet eller den unge selv er sandsynligt offer"), required=False
    )
    likely_victims = forms.TypedMultipleChoiceField(
        label=_("Andre sandsynlige ofre"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Fx søskende eller en forælder."),
    )
    protective_factors = text_field(_("Beskyttende faktorer"), required=False, rows=4)
    serious_violence_risk = forms.ChoiceField(
        label=_("Risiko for alvorlig vold"), choices=LEVEL_CHOICES, required=False, widget=forms.RadioSelect
    )
    acute_risk = forms.ChoiceField(
        label=_("Akut risiko"), choices=LEVEL_CHOICES, required=False, widget=forms.RadioSelect
    )
    conclusion = text_field(
        _("Samlet faglig vurdering"),
        required=False,
        rows=6,
        help_text=_("Begrund niveauerne. Der beregnes ingen score: vurderingen er din faglige vurdering."),
    )
    scenarios = text_field(_("Scenarier: hvad kan ske, hvem, hvornår"), required=False, rows=5)
    safety_measures = text_field(_("Sikkerhedsforanstaltninger"), required=False, rows=5)
    reassessment_on = date_field(_("Revurderes senest"), plausible=dates.REASSESSMENT, required=False)

    def __init__(self, *args, assessment, people, **kwargs):
        super().__init__(*args, **kwargs)
        choices = _people_choices(people)
        self.fields["possible_perpetrators"].choices = choices
        self.fields["likely_victims"].choices = choices
        self.rating_rows = []
        groups: dict[int, dict] = {}
        for rating in assessment.ratings.select_related("factor__group"):
            factor = rating.factor
            fid = factor.pk
            self.fields[f"now_{fid}"] = forms.ChoiceField(label=_("Nu"), choices=RATING_CHOICES, required=False)
            self.fields[f"past_{fid}"] = forms.ChoiceField(label=_("Tidligere"), choices=RATING_CHOICES, required=False)
            self.fields[f"notes_{fid}"] = text_field(_("Noter"), required=False, rows=2)
            for name in (f"now_{fid}", f"past_{fid}", f"notes_{fid}"):
                self.fields[name].widget.attrs["class"] = (
                    "form-select" if not name.startswith("notes") else "form-input"
                )
            # Both ratings are needed to complete: the page says so once, above the factors.
            self.require_when(f"now_{fid}")
            self.require_when(f"past_{fid}")
            self.initial.setdefault(f"now_{fid}", rating.now)
            self.initial.setdefault(f"past_{fid}", rating.past)
            self.initial.setdefault(f"notes_{fid}", rating.notes)
            group = groups.setdefault(factor.group_id, {"group": factor.group, "factors": []})
            group["factors"].append({"factor": factor, "names": (f"now_{fid}", f"past_{fid}", f"notes_{fid}")})
        self.factor_ids = [r for g in groups.values() for r in (f["factor"].pk for f in g["factors"])]
        self._groups = list(groups.values())

    @property
    def groups(self):
        """[{group, factors: [{factor, now, past, notes}]}] with bound fields, for the template."""
        return [
            {
                "group": g["group"],
                "factors": [
                    {
                        "factor": f["factor"],
                        "now": self[f["names"][0]],
                        "past": self[f["names"][1]],
                        "notes": self[f["names"][2]],
                    }
                    for f in g["factors"]
                ],
            }
            for g in self._groups
        ]

    def main_fields(self):
        names = [
            "possible_perpetrators",
            "subject_is_likely_victim",
            "likely_victims",
            "protective_factors",
            "serious_violence_risk",
            "acute_risk",
            "conclusion",
            "scenarios",
            "safety_measures",
            "reassessment_on",
        ]
        return [self[name] for name in names]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "ratings": {
                fid: RatingInput(
                    now=data.get(f"now_{fid}") or "",
                    past=data.get(f"past_{fid}") or "",
                    notes=data.get(f"notes_{fid}") or "",
                )
                for fid in self.factor_ids
            },
            "possible_perpetrators": data["possible_perpetrators"],
            "likely_victims": data["likely_victims"],
            "subject_is_likely_victim": data["subject_is_likely_victim"],
            "protective_factors": data["protective_factors"],
            "serious_violence_risk": data["serious_violence_risk"],
            "acute_risk": data["acute_risk"],
            "conclusion": data["conclusion"],
            "scenarios": data["scenarios"],
            "safety_measures": data["safety_measures"],
            "reassessment_on": data["reassessment_on"],
        }


class ReviewForm(BaseForm):
    required_when = {"note": _("skal udfyldes, når vurderingen sendes tilbage")}
    decision = forms.ChoiceField(
        label=_("Din beslutning"),
        choices=[("approve", _("Godkend vurderingen")), ("return", _("Send den tilbage"))],
        widget=forms.RadioSelect,
    )
    note = text_field(_("Bemærkning"), required=False, rows=3)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "return" and not (data.get("note") or "").strip():
            self.add_error("note", _("Skriv, hvorfor vurderingen sendes tilbage."))
        return data


class ConsultationForm(GateQuestionsMixin, BaseForm):
    required_when = {
        "partner_name": _("skal udfyldes ved “Anden samarbejdspartner”"),
        "consent_note": _("skal udfyldes ved samtykke"),
        "legal_basis": _("skal udfyldes ved anden hjemmel"),
    }
    partner = forms.ChoiceField(label=_("Samarbejdspartner"))
    partner_name = line_field(_("Navn på partneren"), required=False, max_length=300)
    contact_person = line_field(_("Kontaktperson hos partneren"), required=False)
    consulted_on = date_field(_("Dato"), plausible=dates.PAST_EVENT)
    identification = forms.ChoiceField(
        label=_("Oplysninger om barnet"), choices=Identification.choices, widget=forms.RadioSelect
    )
    consent_note = text_field(_("Samtykke: hvem, hvornår og hvordan"), required=False, rows=2)
    legal_basis = line_field(_("Anden hjemmel"), required=False)
    question = text_field(_("Hvad blev der spurgt om?"), rows=4)
    advice = text_field(_("Hvilken rådgivning blev givet?"), rows=5)
    follow_up = text_field(_("Opfølgning"), required=False, rows=3)

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("Vælg samarbejdspartner"))]
        for partner in partners:
            choices.append((f"partner:{partner.pk}", f"{partner.name} ({partner.get_kind_display()})"))
        for kind in PartnerKind:
            if not any(p.kind == kind.value for p in partners):
                choices.append((f"kind:{kind.value}", str(kind.label)))
        self.fields["partner"].choices = choices
        self._partners = {f"partner:{p.pk}": p for p in partners}

    def clean(self):
        data = super().clean()
        value = data.get("partner") or ""
        partner = self._partners.get(value)
        if partner is not None:
            kind = partner.kind if partner.kind in PartnerKind.values else PartnerKind.OTHER
        elif value.startswith("kind:"):
            kind = value.split(":", 1)[1]
        else:
            kind = ""
        data["partner_obj"] = partner
        data["partner_kind"] = kind
        if kind == PartnerKind.OTHER and partner is None and not data.get("partner_name"):
            self.add_error("partner_name", _("Skriv partnerens navn."))
        identification = data.get("identification")
        if identification == Identification.NAMED_CONSENT and not (data.get("consent_note") or "").strip():
            self.add_error("consent_note", _("Skriv, hvem der har givet samtykke, og hvornår."))
        if identification == Identification.NAMED_LEGAL_BASIS and not (data.get("legal_basis") or "").strip():
            self.add_error("legal_basis", _("Skriv hjemlen."))
        return data


class ExportForm(BaseForm):
    recipient = forms.ChoiceField(
        label=_("Modtager"),
        choices=[
            ("police", _("Politiet")),
            ("security_consultant", _("Sikkerhedskonsulent (SIRI)")),
            ("viso", _("VISO")),
            ("internal", _("Til sagen (internt)")),
        ],
        widget=forms.RadioSelect,
    )
    anonymise = forms.BooleanField(
        label=_("Anonymisér (uden navne, CPR-nummer og adresse)"),
        required=False,
        help_text=_("Brug det, når der ikke er samtykke til at dele oplysningerne med navn."),
    )
