"""The plan editor's forms: one formset per part of a section (`editor.Section`), rows added,
deleted and (where the order matters) ordered with Django's formset fields; a hidden `src`
names the item a row was shown from, so keys the page does not show are kept.

Every field is optional here: what a plan must say is decided by the file format's validation
when the service saves (`services.plan_draft_edit_section`), and its errors are put back next
to the field they name (`EditorPage.show_errors`)."""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from beredskab.core.forms import DkfdsFormMixin

from . import editor


class EditorVersionForm(DkfdsFormMixin, forms.Form):
    """The section's fingerprint when the page was shown (`editor.section_version`)."""

    version = forms.CharField(max_length=64, widget=forms.HiddenInput())


class EditorRowForm(DkfdsFormMixin, forms.Form):
    src = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput())
    ident = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Nothing is "(valgfri)": the file format decides, and the page says so.
        for field in self.fields.values():
            if not field.widget.is_hidden:
                field.required_when = ""


class EditorFormSet(forms.BaseFormSet):
    """Danish words and the design system's classes for the formset's own fields."""

    def _construct_form(self, i, **kwargs):
        # A posted page's new rows are new: not shown with (and compared with) the items a
        # save in another tab has added at their index since.
        if self.is_bound and i >= self.initial_form_count():
            kwargs.setdefault("initial", {})
        return super()._construct_form(i, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "ORDER" in form.fields:
            form.fields["ORDER"].label = gettext_lazy("Nummer i rækkefølgen")
            form.fields["ORDER"].widget.attrs["class"] = "form-input input-width-xs"
            form.fields["ORDER"].required_when = ""
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = gettext_lazy("Slet")
            form.fields["DELETE"].widget.attrs["class"] = "form-checkbox"
            form.fields["DELETE"].required_when = ""


def _form_field(f: editor.Field) -> forms.Field:
    common = {"label": f.label, "required": False, "help_text": f.help}
    if f.kind == "int":
        return forms.IntegerField(**common)
    if f.kind in ("always", "flag"):
        return forms.BooleanField(**common)
    if f.kind == "textarea":
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=10000, **common)
    return forms.CharField(max_length=1000, **common)


def _formset_class(section: editor.Section, single: bool):
    attrs = {f.name: _form_field(f) for f in section.fields}
    row_form = type("SectionRowForm", (EditorRowForm,), attrs)
    add = section.can_add and not single
    order = section.orderable and not single
    return forms.formset_factory(
        row_form, formset=EditorFormSet, extra=1 if add else 0, can_delete=add, can_order=order, max_num=1000
    )


@dataclass
class PartForms:
    part: editor.Part
    formset: forms.BaseFormSet
    original: list  # the items the page was shown with

    def rows(self) -> list[forms.Form]:
        """The rows to save, in their order: not deleted, not an empty new row."""
        fs = self.formset
        rows = []
        for i, form in enumerate(fs.forms):
            if i >= fs.initial_form_count() and not form.has_changed():
                continue
            if fs.can_delete and fs._should_delete_form(form):
                continue
            rows.append(form)
        if fs.can_order:
            rows.sort(key=lambda f: (f.cleaned_data.get("ORDER") is None, f.cleaned_data.get("ORDER") or 0))
        return rows


class EditorPage:
    """The forms of one section's page, for a plan file document `doc`."""

    def __init__(self, section: editor.Section, doc: dict, data=None):
        self.section = section
        self.version_form = EditorVersionForm(data, initial={"version": editor.section_version(doc, section)})
        self.parts: list[PartForms] = []
        self.errors_elsewhere: list[str] = []
        self.saved: list = []  # after a stale save: the section as saved by the other tab
        for n, part in enumerate(section.parts(doc)):
            value = editor.get_path(doc, part.path)
            original = [value or {}] if part.single else list(value or [])
            initial = [
                {**editor.item_initial(section, item), "src": i, "ident": editor.item_identity(item)}
                for i, item in enumerate(original)
            ]
            formset = _formset_class(section, part.single)(data, initial=initial, prefix=f"del{n}")
            for i, form in enumerate(formset.forms):
                form.item_label = self._label(original[i]) if i < len(original) else ""
                if part.single:
                    form.item_label = str(part.label)
            self.parts.append(PartForms(part, formset, original))

    def _label(self, item) -> str:
        if self.section.item_label and isinstance(item, dict):
            return str(editor.unwrap(item.get(self.section.item_label)) or "")
        return ""

    def is_valid(self) -> bool:
        # Every formset is checked (no short cut), so each shows its errors.
        results = [self.version_form.is_valid(), *(p.formset.is_valid() for p in self.parts)]
        return all(results)

    @staticmethod
    def _original(p: PartForms, form, used: set[int]):
        """The item a row was shown from: by its identity (`editor.item_identity`), so a page
        shown before another tab's save finds the same item; by its index without one."""
        src, ident = form.cleaned_data.get("src"), form.cleaned_data.get("ident")
        if p.part.single:  # one mapping (the routing): always the one there is
            return p.original[0]
        if not ident:
            return p.original[src] if src is not None and src < len(p.original) else None
        candidates = [i for i, item in enumerate(p.original) if editor.item_identity(item) == ident]
        n = src if src in candidates and src not in used else next((i for i in candidates if i not in used), None)
        if n is None:
            return None
        used.add(n)
        return p.original[n]

    def values(self) -> dict:
        """The new value of each part, as the file writes it."""
        result = {}
        for p in self.parts:
            items, used = [], set()
            for form in p.rows():
                items.append(editor.item_value(self.section, form.cleaned_data, self._original(p, form, used)))
            result[p.part.path] = (items[0] if items else {}) if p.part.single else items
        return result

    def show_errors(self, doc: dict, messages: list[str]) -> None:
        """Put the validation's errors next to the fields they name; the rest above the form."""
        rows = [p.rows() for p in self.parts]
        for error in editor.place_errors(self.section, doc, messages):
            form = None
            if error.part is not None and error.index is not None and error.index < len(rows[error.part]):
                form = rows[error.part][error.index]
            if form is not None:
                form.add_error(error.field_name, error.message)
            elif error.part is not None:
                self.parts[error.part].formset._non_form_errors.append(error.message)
            else:
                self.errors_elsewhere.append(error.text)

    def refuse(self, message: str) -> None:
        self.version_form.add_error(None, message)

    def refuse_stale(self, doc: dict, message: str) -> None:
        """Another tab saved the section after this page was shown: the input stays as typed,
        the saved version is shown next to it (`saved`), and the fingerprint becomes the saved
        version's, so saving again on purpose stores what is typed over it."""
        data = self.version_form.data.copy()
        data[self.version_form.add_prefix("version")] = editor.section_version(doc, self.section)
        self.version_form = EditorVersionForm(data)
        self.version_form.is_valid()
        self.version_form.add_error(None, message)
        self.saved = [(p.part.label, [self._saved_row(item) for item in p.original]) for p in self.parts]

    def _saved_row(self, item) -> list[tuple[str, str]]:
        initial = editor.item_initial(self.section, item)
        shown = []
        for f in self.section.fields:
            value = initial.get(f.name)
            if value not in (None, "", False):
                shown.append((str(f.label), _("ja") if value is True else str(value)))
        return shown

    @property
    def has_errors(self) -> bool:
        return bool(
            self.errors_elsewhere or self.version_form.errors or any(p.formset.total_error_count() for p in self.parts)
        )

    def error_list(self) -> list[tuple[str, str]]:
        """(text, link to the field or "") for the error summary above the form, after the
        version form's own (a stale page)."""
        found = [(e, "") for e in self.errors_elsewhere]  # the version form's errors: shown by the summary
        for p in self.parts:
            found += [(f"{p.part.label}: {e}", "") for e in p.formset.non_form_errors()]
            for n, form in enumerate(p.formset.forms, start=1):
                where = form.item_label or _("række %(n)s") % {"n": n}
                found += [(f"{p.part.label}, {where}: {e}", "") for e in form.non_field_errors()]
                for field in form:
                    label = f"{p.part.label}, {where}, {field.label}"
                    found += [(f"{label}: {e}", f"#{field.auto_id}") for e in field.errors]
        return found
