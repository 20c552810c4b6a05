"""Reports of concern (underretninger) and inquiries (henvendelser) as they arrive.

A report is saved whole, in one transaction, before the reporter sees a receipt. The most
sensitive values (names, CPR number, address, the narrative, the reporter's identity) are
encrypted at rest; a keyed hash of the CPR number (`subject_cpr_index`) lets staff find
earlier reports about the same person.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from beredskab.accounts.selectors import is_adults_unit
from beredskab.core.fields import EncryptedTextField
from beredskab.core.storage import encrypted_storage


class ReporterKind(models.TextChoices):
    PROFESSIONAL = "professional", _("Fagperson")
    PRIVATE = "private", _("Privatperson")
    AUTHORITY = "authority", _("Anden myndighed")
    # The person the concern is about, reporting about themselves: no anonymity (they are the
    # person), and no feedback to a professional reporter (barnets lov § 137) runs for them.
    SELF = "self", _("Den berørte selv")


class Knowledge(models.TextChoices):
    YES = "yes", _("Ja")
    NO = "no", _("Nej")
    UNKNOWN = "unknown", _("Ved ikke")


class AgeSource(models.TextChoices):
    CPR = "cpr", _("Beregnet ud fra CPR-nummer")
    BIRTH_DATE = "birth_date", _("Beregnet ud fra fødselsdato")
    APPROXIMATE = "approximate", _("Omtrentlig alder oplyst")
    UNKNOWN = "unknown", _("Alder ukendt")


class Channel(models.TextChoices):
    PUBLIC = "public", _("Digital formular")
    STAFF = "staff", _("Registreret af medarbejder (telefon eller personligt fremmøde)")


class Report(models.Model):
    reference = models.CharField(_("referencenummer"), max_length=20, unique=True)
    # Set when the form is first shown; unique, so a double click or a retried request
    # can never create a second report.
    submission_token = models.UUIDField(_("indsendelsesnøgle"), unique=True)
    received_at = models.DateTimeField(_("modtaget"), db_index=True)
    channel = models.CharField(_("kanal"), max_length=10, choices=Channel.choices)
    registered_by = models.ForeignKey(
        "accounts.User",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registreret af"),
    )

    # Who reports. Anonymous private reports leave these empty.
    reporter_kind = models.CharField(_("indberetter"), max_length=15, choices=ReporterKind.choices)
    reporter_anonymous = models.BooleanField(_("anonym"), default=False)
    reporter_name = EncryptedTextField(_("indberetters navn"), blank=True)
    reporter_organisation = EncryptedTextField(_("arbejdssted eller myndighed"), blank=True)
    reporter_role = EncryptedTextField(_("stilling"), blank=True)
    reporter_phone = EncryptedTextField(_("telefon"), blank=True)
    reporter_email = EncryptedTextField(_("e-mail"), blank=True)

    # Who it is about.
    subject_name = EncryptedTextField(_("navn"), blank=True)
    subject_cpr = EncryptedTextField(_("CPR-nummer"), blank=True)
    subject_cpr_index = models.CharField(max_length=64, blank=True, db_index=True)
    subject_cpr_mod11_warning = models.BooleanField(default=False)
    subject_birth_date = models.DateField(_("fødselsdato"), null=True, blank=True)
    subject_age = models.PositiveSmallIntegerField(_("alder ved modtagelsen"), null=True, blank=True)
    subject_age_source = models.CharField(_("alder"), max_length=15, choices=AgeSource.choices)
    subject_address = EncryptedTextField(_("adresse"), blank=True)
    subject_postcode = models.CharField(_("postnummer"), max_length=4, blank=True)
    subject_institution = EncryptedTextField(_("skole eller institution"), blank=True)
    subject_languages = models.CharField(_("sprog"), max_length=200, blank=True)
    interpreter_needed = models.BooleanField(_("behov for tolk"), default=False)
    other_children = EncryptedTextField(_("andre børn i familien"), blank=True)
    subject_knows = models.CharField(
        _("ved personen, at der underrettes?"), max_length=10, choices=Knowledge.choices, default=Knowledge.UNKNOWN
    )
    family_knows = models.CharField(
        _("ved familien, at der underrettes?"), max_length=10, choices=Knowledge.choices, default=Knowledge.UNKNOWN
    )

    # What was observed: the plan's warning signs as they read when the report was made.
    observed_signs = models.JSONField(_("observerede bekymringstegn"), default=list, blank=True)
    narrative = EncryptedTextField(_("beskrivelse"))
    is_acute = models.BooleanField(_("akut"), default=False)

    # Routing, with the plan version and the reason, so the decision can be explained later.
    plan = models.ForeignKey("plan.Plan", on_delete=models.PROTECT, related_name="+", verbose_name=_("plan"))
    target_group = models.CharField(_("målgruppe"), max_length=200, blank=True)
    receiving_unit = models.ForeignKey(
        "accounts.Unit", on_delete=models.PROTECT, related_name="reports", verbose_name=_("modtagende enhed")
    )
    receiving_contact = models.CharField(_("modtager i planen"), max_length=200)
    routing_reason = models.TextField(_("begrundelse for visitering"))
    # A check that runs when a report arrives (does the child already have a case?) failed:
    # until it has run, only the unit's leaders see the report (beredskab.intake.hooks).
    needs_check = models.BooleanField(_("skal kontrolleres"), default=False)
    # The plan's routing failed for this report (an age it does not cover, a unit not set up):
    # it went to the plan's fallback, and the unit checks where it belongs.
    routed_by_fallback = models.BooleanField(_("visiteret til kontrol"), default=False)
    # A higher app has taken the report in (cases: it is in a case). Maintained by that app in
    # the transaction that takes it in, so the queue of reports waiting reads a small partial
    # index instead of anti-joining every report a unit ever received.
    taken_in = models.BooleanField(_("taget ind"), default=False)

    class Meta:
        verbose_name = _("underretning")
        verbose_name_plural = _("underretninger")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["receiving_unit", "-received_at"], name="report_unit_received_idx"),
            models.Index(
                fields=["receiving_unit", "received_at"], condition=models.Q(taken_in=False), name="report_waiting_idx"
            ),
            models.Index(fields=["subject_birth_date"], name="report_birth_date_idx"),
            # The goals dashboard counts a period's reports (issue 20): with the columns it groups
            # by beside the date (PostgreSQL's INCLUDE), its counts read the index, not the wide
            # rows with their encrypted columns; and a repeat report's earlier report is found
            # by CPR and date in the index alone.
            models.Index(
                fields=["received_at"],
                include=["receiving_unit", "reporter_kind", "reporter_anonymous", "target_group", "subject_cpr_index"],
                name="report_period_idx",
            ),
            models.Index(fields=["subject_cpr_index", "received_at"], name="report_cpr_received_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def subject_cpr_masked(self) -> str:
        from beredskab.core.cpr import mask

        return mask(self.subject_cpr)

    @property
    def is_adult_inquiry(self) -> bool:
        """Routed to a unit for adults: an inquiry (henvendelse) under serviceloven, never a
        report under barnets lov."""
        return is_adults_unit(self.receiving_unit)

    @property
    def person_ref(self) -> str:
        """The audit log's reference to the person the report is about."""
        return f"cpr:{self.subject_cpr_index}" if self.subject_cpr_index else f"intake.report:{self.pk}"


def _attachment_path(instance, filename: str) -> str:
    # The stored name is random: an uploaded file's own name may identify a person.
    return f"intake/{uuid.uuid4().hex}"


class Attachment(models.Model):
    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="attachments")
    # Encrypted at rest (beredskab.core.storage), with the fields' keys and rotation.
    file = models.FileField(_("fil"), upload_to=_attachment_path, storage=encrypted_storage)
    original_name = EncryptedTextField(_("filnavn"))
    content_type = models.CharField(_("filtype"), max_length=100)
    size = models.PositiveIntegerField(_("størrelse (byte)"))
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("bilag")
        verbose_name_plural = _("bilag")

    def __str__(self) -> str:
        return f"{self.report_id}/{self.pk}"
