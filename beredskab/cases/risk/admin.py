"""Read-only admin: assessments, overrides and consultations follow the case's visibility;
instruments are loaded with `manage.py load_risk_instrument`, never edited here (assessments
refer to them)."""

from django.contrib import admin

from beredskab.cases.admin import ReadOnlyCaseAdmin
from beredskab.core.admin_site import ReadOnlyAdminMixin

from .models import Consultation, Factor, FactorGroup, GateOverride, Instrument, RiskAssessment


class FactorGroupInline(admin.TabularInline):
    model = FactorGroup
    fields = ["order", "code", "label"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Instrument)
class InstrumentAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "version", "is_active", "loaded_at"]
    inlines = [FactorGroupInline]


@admin.register(Factor)
class FactorAdmin(InstrumentAdmin):
    list_display = ["label", "code", "group"]
    inlines = []


@admin.register(RiskAssessment)
class RiskAssessmentAdmin(ReadOnlyCaseAdmin):
    list_display = ["case", "version", "status", "serious_violence_risk", "acute_risk", "reassessment_on"]
    list_filter = ["status"]


@admin.register(GateOverride)
class GateOverrideAdmin(ReadOnlyCaseAdmin):
    list_display = ["case", "granted_by", "granted_at", "revoked_at"]


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyCaseAdmin):
    list_display = ["case", "partner_kind", "consulted_on", "identification"]
