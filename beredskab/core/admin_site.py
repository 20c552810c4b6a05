"""The project's admin site: Django's, except that every form it shows cleans what the user
sent like every other form of ours (beredskab.core.forms.CleanInputMixin: control characters
and Unicode direction controls removed). The admin is where plan texts the public reads, and
the names of units and staff, are typed, so it is input like any other.

Installed as the default site by `BeredskabAdminConfig` (beredskab.core.apps, in place of
"django.contrib.admin" in INSTALLED_APPS), so every `@admin.register` uses it unchanged."""

from django.contrib import admin

from .forms import CleanInputMixin


def cleaning(form_class):
    """`form_class`, cleaning its input (a subclass with CleanInputMixin first, unless it has it)."""
    if issubclass(form_class, CleanInputMixin):
        return form_class
    return type(form_class.__name__, (CleanInputMixin, form_class), {"__module__": form_class.__module__})


def _cleaning_formset(formset_class):
    return type(formset_class.__name__, (formset_class,), {"form": cleaning(formset_class.form)})


class CleanInputAdminMixin:
    """For a ModelAdmin: its add and change form, its inlines' forms and the list's editable
    rows clean their input."""

    def get_form(self, request, obj=None, **kwargs):
        return cleaning(super().get_form(request, obj, **kwargs))

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            yield _cleaning_formset(formset), inline

    def get_changelist_formset(self, request, **kwargs):
        return _cleaning_formset(super().get_changelist_formset(request, **kwargs))


class BeredskabAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, CleanInputAdminMixin):
            admin_class = type(
                admin_class.__name__, (CleanInputAdminMixin, admin_class), {"__module__": admin_class.__module__}
            )
        super().register(model_or_iterable, admin_class, **options)


class ReadOnlyAdminMixin:
    """For a ModelAdmin of rows that are written only through services (or never): nothing to
    add, change, delete or run an action on here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request, action_location=None):
        return {}
