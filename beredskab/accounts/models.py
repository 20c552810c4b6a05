from functools import cached_property

from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from beredskab.core.fields import EncryptedTextField
from beredskab.core.roles import ROLE_CAPABILITIES, UNIT_ROLES, Role

from .managers import UserManager


class Municipality(models.Model):
    code = models.SlugField(_("kode"), unique=True)
    name = models.CharField(_("navn"), max_length=200)

    class Meta:
        verbose_name = _("kommune")
        verbose_name_plural = _("kommuner")

    def __str__(self) -> str:
        return self.name


class Centre(models.Model):
    """A fagcenter, e.g. Center for Børn og Forebyggelse."""

    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="centres")
    code = models.SlugField(_("kode"))
    name = models.CharField(_("navn"), max_length=200)

    class Meta:
        verbose_name = _("center")
        verbose_name_plural = _("centre")
        constraints = [models.UniqueConstraint(fields=["municipality", "code"], name="centre_code_unique")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A unit inside a centre, e.g. StraXen or the adult taskforce. Cases belong to units."""

    class Kind(models.TextChoices):
        CHILDREN = "children", _("Børn og unge")
        ADULTS = "adults", _("Voksne")
        # Where the plan is disseminated (Ishøj 2024, afsnit 4): units that meet the target group.
        SCHOOL = "school", _("Skole")
        DAYCARE = "daycare", _("Dagtilbud")
        INSTITUTION = "institution", _("Institution")
        JOB_CENTRE = "job_centre", _("Jobcenter")
        OTHER = "other", _("Anden enhed")

    centre = models.ForeignKey(Centre, on_delete=models.PROTECT, related_name="units")
    code = models.SlugField(_("kode"), unique=True, help_text=_("Bruges til at koble enheden til planens kontakter."))
    name = models.CharField(_("navn"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    inbox_email = models.EmailField(
        _("indbakke"), blank=True, help_text=_("Modtager meddelelser uden personoplysninger om nye sager.")
    )

    class Meta:
        verbose_name = _("enhed")
        verbose_name_plural = _("enheder")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("navn"), max_length=200)
    job_title = models.CharField(_("stilling"), max_length=200, blank=True)
    is_active = models.BooleanField(_("aktiv"), default=True)
    is_staff = models.BooleanField(_("adgang til administration"), default=False)
    is_demo = models.BooleanField(_("demobruger"), default=False, help_text=_("Syntetisk bruger til demonstration."))
    date_joined = models.DateTimeField(_("oprettet"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("bruger")
        verbose_name_plural = _("brugere")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    # Role look-ups are cached on the instance, which lives for one request.
    @cached_property
    def _assignments(self) -> list["RoleAssignment"]:
        if not self.pk or not self.is_active:
            return []
        return list(self.role_assignments.select_related("unit"))

    @cached_property
    def roles(self) -> frozenset[str]:
        return frozenset(a.role for a in self._assignments)

    @cached_property
    def capabilities(self) -> frozenset[str]:
        caps: set[str] = set()
        for role in self.roles:
            caps |= ROLE_CAPABILITIES.get(role, frozenset())
        return frozenset(caps)

    def has_role(self, role: str) -> bool:
        return role in self.roles

    def has_capability(self, capability: str) -> bool:
        return capability in self.capabilities

    def unit_ids_with_role(self, *roles: str) -> frozenset[int]:
        """Units in which the user holds one of `roles` (any role when none are given)."""
        return frozenset(a.unit_id for a in self._assignments if a.unit_id and (not roles or a.role in roles))

    @property
    def unit_ids(self) -> frozenset[int]:
        return self.unit_ids_with_role()


class RoleAssignment(models.Model):
    """A role held by a user, inside a unit for the unit roles."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("rolle"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="role_assignments", verbose_name=_("enhed")
    )

    class Meta:
        verbose_name = _("rolle")
        verbose_name_plural = _("roller")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="role_assignment_unique"),
            models.UniqueConstraint(
                fields=["user", "role"], condition=models.Q(unit__isnull=True), name="role_assignment_unique_no_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} ({self.unit})" if self.unit_id else self.get_role_display()

    def clean(self) -> None:
        if self.role in UNIT_ROLES and not self.unit_id:
            raise ValidationError({"unit": _("Denne rolle kræver en enhed.")})


class SessionEpoch(models.Model):
    """A counter per user that "Log ud alle steder" raises: every session remembers the value
    it was opened with, and beredskab.accounts.middleware.SessionEpochMiddleware ends sessions
    whose value is older. (Django's session store cannot list a user's sessions.)"""

    user = models.OneToOneField(User, on_delete=models.CASCADE, primary_key=True, related_name="session_epoch")
    epoch = models.PositiveIntegerField(default=0)
    changed_at = models.DateTimeField(_("ændret"), auto_now=True)

    class Meta:
        verbose_name = _("sessionsgeneration")
        verbose_name_plural = _("sessionsgenerationer")

    def __str__(self) -> str:
        return f"{self.user_id}:{self.epoch}"


class RoleGrantReview(models.Model):
    """A role in a unit that someone other than one of the unit's leaders granted (a system
    administrator): the unit's leaders were alerted at once and one of them reviews it, keeping
    or revoking it. The grant is in force meanwhile (a new colleague must be able to start)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+", verbose_name=_("medarbejder"))
    role = models.CharField(_("rolle"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("enhed"))
    granted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("tildelt af")
    )
    granted_at = models.DateTimeField(_("tildelt"))
    reviewed_at = models.DateTimeField(_("gennemgået"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("gennemgået af")
    )
    kept = models.BooleanField(_("beholdt"), null=True, blank=True)

    class Meta:
        verbose_name = _("rolletildeling til gennemgang")
        verbose_name_plural = _("rolletildelinger til gennemgang")
        ordering = ["-granted_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.role} @ {self.unit_id}"


class KeptDraft(models.Model):
    """What a worker typed into a form that reached the server after their login had ended
    (idle timeout, 'Log ud', 'Log ud alle steder'): kept encrypted for a short while and given
    back, in that form, only to the same user logging in again in the same browser.

    The browser is named by a random key in an HttpOnly cookie; only its SHA-256 is stored.
    `payload` holds the form's addresses and fields (JSON, encrypted: see
    beredskab.accounts.kept_drafts). Rows are deleted when used, discarded or expired."""

    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+", verbose_name=_("medarbejder"))
    browser_key_hash = models.CharField(_("browsernøgle (hash)"), max_length=64, db_index=True)
    payload = EncryptedTextField(_("indhold (krypteret)"))
    created_at = models.DateTimeField(_("gemt"), default=timezone.now)
    expires_at = models.DateTimeField(_("slettes"), db_index=True)

    class Meta:
        verbose_name = _("gemt tekst efter udløbet login")
        verbose_name_plural = _("gemte tekster efter udløbet login")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.pk}:{self.owner_id}"
