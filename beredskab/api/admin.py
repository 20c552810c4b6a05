"""API tokens in the admin: seen and revoked here, created with `manage.py api_token create`
(the secret is shown once, on the command line, never in a page the browser could keep).

Seeing needs the view permission; revoking needs the change permission on API tokens (the
form itself stays read-only for everyone: a token's fields are never edited, only revoked
through `token_revoke`, which writes the audit event)."""

from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename
from django.utils.translation import gettext_lazy as _

from .models import ApiToken
from .tokens import token_revoke


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "prefix", "user", "scopes", "expires_at", "revoked_at", "last_used_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "prefix"]
    actions = ["revoke"]
    readonly_fields = [f.name for f in ApiToken._meta.fields if f.name != "secret_hash"]
    exclude = ["secret_hash"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_revoke_permission(self, request):
        """The change permission on API tokens (has_change_permission is False for all: the
        fields are never edited)."""
        opts = self.opts
        return request.user.has_perm(f"{opts.app_label}.{get_permission_codename('change', opts)}")

    @admin.action(description=_("Tilbagekald de valgte API-nøgler"), permissions=["revoke"])
    def revoke(self, request, queryset):
        for token in queryset:
            token_revoke(actor=request.user, token=token)
        messages.success(request, _("API-nøglerne er tilbagekaldt."))
