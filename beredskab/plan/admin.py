"""Admin for viewing every version and editing drafts.

Adopted and archived versions are read-only. Plans are created by loading a file or by
drafting a new version from an existing one (staff pages or `plan_load`), not in the admin.
Every saved edit of a draft is audited with the list of differences it made
(`services.plan_draft_change_record`), in the admin's own transaction.
"""

from django.contrib import admin
from django.db import models
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from beredskab.core import dates
from beredskab.core.dates import add_date_range

from . import services
from .export import plan_to_document
from .models import (
    AcuteStep,
    Centre,
    ClosureDay,
    ContactUnit,
    Definition,
    District,
    DutyToReport,
    Goal,
    GoalActivity,
    OpeningHours,
    Partner,
    Plan,
    PlanStatus,
    PreventionLevel,
    ProcedureStep,
    SeparateRoute,
    SpecialDay,
    TargetGroup,
    TargetGroupAdvice,
    Term,
    WarningSign,
)
from .validation import validate_plan_data

_PLAN_SCOPED = (Centre, ContactUnit, Partner, TargetGroup)


def _plan_of(obj) -> Plan | None:
    """The plan an admin object belongs to."""
    if obj is None or isinstance(obj, Plan):
        return obj
    for attr in ("plan", "target_group", "goal", "unit"):
        if hasattr(obj, f"{attr}_id"):
            return _plan_of(getattr(obj, attr))
    return None


def _is_draft(obj) -> bool:
    plan = _plan_of(obj)
    return plan is None or plan.status == PlanStatus.DRAFT


class _PlanScopedChoices:
    """Foreign-key choices limited to the plan being edited (units of this version only)."""

    def get_formset(self, request, obj=None, **kwargs):
        request._plan_admin_parent = obj
        return super().get_formset(request, obj, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        request._plan_admin_parent = obj
        return super().get_form(request, obj, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        """Every date of a plan (adoption, revision, closure and special days) has a plausible
        range (beredskab.core.dates)."""
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and isinstance(db_field, models.DateField):
            add_date_range(field, dates.PLAN_DATE)
        return field

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        plan = _plan_of(getattr(request, "_plan_admin_parent", None))
        if plan is not None and db_field.related_model in _PLAN_SCOPED:
            kwargs["queryset"] = db_field.related_model.objects.filter(plan=plan)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class _DraftOnlyInline(_PlanScopedChoices):
    extra = 0

    def has_add_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_delete_permission(request, obj)


class _AuditedDraftAdmin(_PlanScopedChoices, admin.ModelAdmin):
    """Read-only unless the object's plan is a draft; every save is audited with its differences."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return _is_draft(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        plan = _plan_of(Plan.objects.get(pk=obj.pk) if isinstance(obj, Plan) else obj)
        request._plan_before = (plan, plan_to_document(plan))
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        plan, before = request._plan_before
        # Raises (and so rolls back the admin's transaction) if the plan is not a draft.
        services.plan_draft_change_record(actor=request.user, plan=plan, before=before)


class ClosureDayInline(_DraftOnlyInline, admin.TabularInline):
    model = ClosureDay


class TermInline(_DraftOnlyInline, admin.TabularInline):
    model = Term


class DefinitionInline(_DraftOnlyInline, admin.StackedInline):
    model = Definition


class CentreInline(_DraftOnlyInline, admin.TabularInline):
    model = Centre
    fields = ["order", "code", "name", "aliases", "area"]


class ContactUnitInline(_DraftOnlyInline, admin.TabularInline):
    model = ContactUnit
    fields = ["order", "code", "name", "role", "phone", "email"]
    show_change_link = True


class TargetGroupInline(_DraftOnlyInline, admin.TabularInline):
    model = TargetGroup
    fields = ["order", "code", "name", "min_age", "max_age", "receiving_unit"]
    show_change_link = True


class AcuteStepInline(_DraftOnlyInline, admin.TabularInline):
    model = AcuteStep


class PartnerInline(_DraftOnlyInline, admin.StackedInline):
    model = Partner


class PreventionLevelInline(_DraftOnlyInline, admin.StackedInline):
    model = PreventionLevel


class GoalInline(_DraftOnlyInline, admin.TabularInline):
    model = Goal
    fields = ["order", "code", "title", "period"]
    show_change_link = True


class SeparateRouteInline(_DraftOnlyInline, admin.StackedInline):
    model = SeparateRoute


@admin.register(Plan)
class PlanAdmin(_AuditedDraftAdmin):
    list_display = ["municipality_name", "version_label", "status", "adopted_on", "revision_due"]
    list_filter = ["status", "municipality_code"]
    search_fields = ["municipality_name", "version_label", "title"]
    readonly_fields = ["status", "municipality_code", "derived_from", "created_at", "archived_at", "check_report"]
    inlines = [
        CentreInline,
        ContactUnitInline,
        TargetGroupInline,
        ClosureDayInline,
        AcuteStepInline,
        PartnerInline,
        DefinitionInline,
        PreventionLevelInline,
        GoalInline,
        SeparateRouteInline,
        TermInline,
    ]
    fieldsets = [
        (
            None,
            {"fields": ["municipality_code", "municipality_name", "title", "version_label", "status", "check_report"]},
        ),
        (
            _("Vedtagelse og revision"),
            {
                "fields": [
                    "adopted_by",
                    "adopted_on",
                    "published_on",
                    "political_responsibility",
                    "revision_due",
                    "revision_responsible",
                    "coordination_responsible",
                    "revision_note",
                    "unconfirmed",
                ]
            },
        ),
        (_("Vejledning"), {"fields": ["unknown_age_goes_to", "default_out_of_hours"]}),
        (
            _("Akut"),
            {"fields": ["acute_intro", "emergency_name", "emergency_phone", "emergency_instruction"]},
        ),
        (
            _("Tekster"),
            {
                "classes": ["collapse"],
                "fields": [
                    "source",
                    "introduction",
                    "scope_text",
                    "purpose_text",
                    "topics",
                    "target_group_text",
                    "organisation_text",
                    "contact_text",
                    "signs_intro",
                    "signs_note",
                    "signs_source",
                    "prevention_intro",
                    "prevention_source",
                    "dissemination_text",
                    "dissemination_channels",
                    "implementation_text",
                ],
            },
        ),
        (_("Historik"), {"fields": ["derived_from", "created_at", "archived_at"]}),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        plan = getattr(request, "_plan_admin_parent", None)
        if plan is not None and db_field.name == "unknown_age_goes_to":
            kwargs["queryset"] = TargetGroup.objects.filter(plan=plan)
        if plan is not None and db_field.name == "default_out_of_hours":
            kwargs["queryset"] = ContactUnit.objects.filter(plan=plan, role="out_of_hours")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("Kontrol af planen"))
    def check_report(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        result = validate_plan_data(plan_to_document(obj))
        lines = [(_("Fejl"), e) for e in result.errors] + [(_("Bemærkning"), w) for w in result.warnings]
        if not lines:
            return _("Ingen fejl.")
        return format_html_join("", "<div><strong>{}:</strong> <code>{}</code></div>", lines)


class OpeningHoursInline(_DraftOnlyInline, admin.TabularInline):
    model = OpeningHours


class SpecialDayInline(_DraftOnlyInline, admin.TabularInline):
    model = SpecialDay


@admin.register(ContactUnit)
class ContactUnitAdmin(_AuditedDraftAdmin):
    list_display = ["name", "code", "role", "plan", "phone"]
    list_filter = ["role", "plan"]
    search_fields = ["name", "code"]
    readonly_fields = ["plan"]
    inlines = [OpeningHoursInline, SpecialDayInline]


class WarningSignInline(_DraftOnlyInline, admin.TabularInline):
    model = WarningSign


class TargetGroupAdviceInline(_DraftOnlyInline, admin.TabularInline):
    model = TargetGroupAdvice
    fk_name = "target_group"


class DistrictInline(_DraftOnlyInline, admin.TabularInline):
    model = District


class ProcedureStepInline(_DraftOnlyInline, admin.StackedInline):
    model = ProcedureStep


class DutyToReportInline(_DraftOnlyInline, admin.StackedInline):
    model = DutyToReport


@admin.register(TargetGroup)
class TargetGroupAdmin(_AuditedDraftAdmin):
    list_display = ["name", "code", "min_age", "max_age", "plan"]
    list_filter = ["plan"]
    readonly_fields = ["plan"]
    inlines = [WarningSignInline, TargetGroupAdviceInline, DistrictInline, ProcedureStepInline, DutyToReportInline]


class GoalActivityInline(_DraftOnlyInline, admin.StackedInline):
    model = GoalActivity


@admin.register(Goal)
class GoalAdmin(_AuditedDraftAdmin):
    list_display = ["title", "code", "plan"]
    list_filter = ["plan"]
    readonly_fields = ["plan"]
    inlines = [GoalActivityInline]
