from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Centre, Municipality, RoleAssignment, Unit, User


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_active", "is_demo"]
    search_fields = ["email", "full_name"]
    list_filter = ["is_active", "is_demo", "role_assignments__role"]
    inlines = [RoleAssignmentInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "job_title"]}),
        (_("Adgang"), {"fields": ["is_active", "is_staff", "is_superuser", "is_demo"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]


@admin.register(Centre)
class CentreAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "municipality"]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "centre", "kind"]
