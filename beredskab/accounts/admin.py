"""The system administrator's pages for users and the organisation.

Every change here is written to the hash-chained audit log (beredskab.audit.apps hooks the
admin's own change log). A change that could hand an account to someone else (its e-mail, its
admin rights, switching it on or off, a password link, a second-factor reset) is told to the
account's owner, the leaders of its units and the other administrators
(`services.user_account_update`); nobody changes their own rights here, and accounts are switched
off, never deleted (the audit log and the cases name them).

Roles go through `services.role_assign` / `role_revoke`, which refuse a grant to oneself and
put a system administrator's grant of a role in a unit on that unit's leaders' review list,
with an e-mail to them at once. Nobody sets another person's password
here: the administrator sends a link to choose a new one (`send_password_link`).

Every action here writes, so each needs the change (or delete) permission, never only the view
permission (tests/test_admin_actions.py asks this of every model in the admin)."""

from axes.admin import AccessAttemptAdmin as AxesAccessAttemptAdmin
from axes.models import AccessAttempt
from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from beredskab.core.admin_site import ReadOnlyAdminMixin
from beredskab.core.policies import PolicyDenied

from . import services, twofactor
from .models import Centre, Municipality, RoleAssignment, RoleGrantReview, Unit, User


class UserAddForm(forms.ModelForm):
    """A new user gets no password from the administrator: send them a link to choose one."""

    class Meta:
        model = User
        fields = ["email", "full_name"]

    def save(self, commit=True):
        user = super().save(commit=False)
        user.set_unusable_password()
        if commit:
            user.save()
        return user


class RoleAssignmentFormSet(forms.BaseInlineFormSet):
    acting_user = None  # set per request by RoleAssignmentInline.get_formset

    def clean(self):
        super().clean()
        changed = [f for f in self.forms if f.has_changed() or f in self.deleted_forms]
        if changed and self.instance.pk and self.acting_user and self.instance.pk == self.acting_user.pk:
            raise ValidationError(_("Du kan ikke ændre dine egne roller."))


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    formset = RoleAssignmentFormSet
    extra = 0

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (formset,), {"acting_user": request.user})


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_demo"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_active", "is_demo", "role_assignments__role"]
    inlines = [RoleAssignmentInline]
    actions = ["send_password_link", "reset_second_factor"]
    fieldsets = [
        (None, {"fields": ["email"]}),
        (_("Person"), {"fields": ["full_name", "job_title"]}),
        (_("Adgang"), {"fields": ["is_active", "is_staff", "is_superuser", "is_demo"]}),
    ]
    add_form = UserAddForm
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "full_name"]})]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.pk == request.user.pk:
            return ["is_active", "is_staff", "is_superuser"]
        return []

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        old = User.objects.get(pk=obj.pk) if change else None
        super().save_model(request, obj, form, change)
        if old is not None:
            try:
                services.user_account_update(actor=request.user, user=obj, old=old)
            except PolicyDenied as refusal:
                raise PermissionDenied(refusal.reason) from refusal

    def user_change_password(self, request, id, form_url=""):
        raise PermissionDenied(_("Send et link til ny adgangskode i stedet: ingen sætter andres adgangskode."))

    def save_formset(self, request, form, formset, change):
        if formset.model is not RoleAssignment:
            return super().save_formset(request, form, formset, change)
        user = form.instance
        try:
            for assignment in formset.deleted_objects if hasattr(formset, "deleted_objects") else []:
                services.role_revoke(actor=request.user, assignment=assignment)
            for inline_form in formset.forms:
                if inline_form in formset.deleted_forms or not inline_form.has_changed():
                    continue
                data = inline_form.cleaned_data
                old = inline_form.instance if inline_form.instance.pk else None
                if old is not None:
                    services.role_revoke(actor=request.user, assignment=RoleAssignment.objects.get(pk=old.pk))
                services.role_assign(actor=request.user, user=user, role=data["role"], unit=data.get("unit"))
        except PolicyDenied as refusal:
            raise PermissionDenied(refusal.reason) from refusal

    def save_related(self, request, form, formsets, change):
        form.save_m2m()
        for formset in formsets:
            if formset.model is RoleAssignment:
                formset.save(commit=False)  # fills deleted_objects; the services write
            self.save_formset(request, form, formset, change=change)

    @admin.action(description=_("Send link til ny adgangskode"), permissions=["change"])
    def send_password_link(self, request, queryset):
        sent = services.password_links_send(actor=request.user, users=list(queryset), request=request)
        self.message_user(request, _("Link sendt til %(n)s brugere.") % {"n": sent}, messages.SUCCESS)

    @admin.action(description=_("Nulstil to-faktor-login (mistet telefon)"), permissions=["change"])
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            twofactor.totp_devices_reset(actor=request.user, user=user)
        self.message_user(request, _("To-faktor-login nulstillet for %(n)s brugere.") % {"n": len(queryset)})


@admin.register(RoleGrantReview)
class RoleGrantReviewAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: the unit's leaders review on their own page."""

    list_display = ["user", "role", "unit", "granted_by", "granted_at", "reviewed_at", "kept"]


class OrganisationAdmin(admin.ModelAdmin):
    """Units, centres and the municipality are renamed, never deleted: cases, roles and the
    audit log name them (and a deletion would take rows with it that no audit event records)."""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Municipality)
class MunicipalityAdmin(OrganisationAdmin):
    list_display = ["name", "code"]


@admin.register(Centre)
class CentreAdmin(OrganisationAdmin):
    list_display = ["name", "code", "municipality"]


@admin.register(Unit)
class UnitAdmin(OrganisationAdmin):
    list_display = ["name", "code", "centre", "kind"]


# Groups and per-user permissions are not how access is given here (roles are), and a second
# factor is reset with the audited action above, never edited as a row.
for model in (Group, TOTPDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


# django-axes' lockout rows: its "clean up expired attempts" action deletes rows, yet axes offers
# it to anyone who may view them. Here it needs the delete permission, as deleting them does.
if admin.site.is_registered(AccessAttempt):
    admin.site.unregister(AccessAttempt)


@admin.register(AccessAttempt)
class AccessAttemptAdmin(AxesAccessAttemptAdmin):
    @admin.action(description=_("Ryd op i udløbne loginforsøg"), permissions=["delete"])
    def cleanup_expired_attempts(self, request, queryset):
        return super().cleanup_expired_attempts(request, queryset)
