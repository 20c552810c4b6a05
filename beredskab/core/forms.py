from django import forms

from .text import BIDI_CONTROLS

# Checked in order: CheckboxSelectMultiple is a subclass of RadioSelect in Django, so it comes first.
_INPUT_CLASSES = {
    forms.CheckboxSelectMultiple: "form-checkbox",
    forms.RadioSelect: "form-radio",
    forms.Select: "form-select",
    forms.SelectMultiple: "form-select",
    forms.CheckboxInput: "form-checkbox",
    forms.ClearableFileInput: "form-file-input",
}


class CleanInputMixin:
    """Every form of ours cleans what the user sent, in one place, before any field sees it:
    control characters and Unicode direction controls are removed from every submitted value
    (`clean_text`), whatever the field, so no name, number or note can be stored reversed or
    reordered, and a form shown again shows the text as it will be saved. Passwords are left
    exactly as typed (compared, never shown). DkfdsFormMixin includes this mixin, so every
    form built on it does this; a test enumerates the project's forms."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            secret = {self.add_prefix(n) for n, f in self.fields.items() if isinstance(f.widget, forms.PasswordInput)}
            self.data = clean_data(self.data, keep=secret)


def clean_data(data, *, keep=frozenset()):
    """A copy of submitted form data (a QueryDict or a dict) with `clean_text` applied to every
    string value, except under the names in `keep`."""
    if hasattr(data, "lists"):
        cleaned = data.copy()
        for key, values in data.lists():
            if key not in keep:
                cleaned.setlist(key, [clean_text(v) if isinstance(v, str) else v for v in values])
        return cleaned
    return {k: v if k in keep else _clean_value(v) for k, v in data.items()}


def _clean_value(value):
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list | tuple):
        return [clean_text(v) if isinstance(v, str) else v for v in value]
    return value


class DkfdsFormMixin(CleanInputMixin):
    """Gives widgets the design system's classes. Errors and hints are tied to their field
    with aria-describedby by Django itself (see includes/field.html for the ids).

    A field that is not `required` is marked "(valgfri)" next to its label, unless it is listed
    in `required_when`: a field the form's clean() (or the service behind it) requires in some
    cases only, e.g. a reason once a box is ticked. The value says when, in words shown after the
    label instead ("skal udfyldes ved akut handling"), or is "" where the page says it in its own
    words. This is the one place such a condition is declared; a test checks every form against
    it (tests/test_forms.py)."""

    required_when: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            css = next((c for kind, c in _INPUT_CLASSES.items() if isinstance(widget, kind)), "form-input")
            existing = widget.attrs.get("class", "")
            widget.attrs["class"] = f"{existing} {css}".strip()
            if name in self.required_when:
                field.required_when = self.required_when[name]

    def require_when(self, name: str, when: str = "") -> None:
        """Declare a field added after __init__ as required in some cases (see `required_when`)."""
        self.required_when = {**self.required_when, name: when}
        self.fields[name].required_when = when


# Control characters (NUL and the rest of C0, DEL) are removed from every text input, so SQLite
# and PostgreSQL (which refuses NUL in text) store exactly the same; line breaks and tabs stay.
# Unicode direction controls too (beredskab.core.text.BIDI_CONTROLS): they show a name reversed.
_CONTROL_CHARACTERS = dict.fromkeys(
    [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, *map(ord, BIDI_CONTROLS)]
)


def clean_text(value: str) -> str:
    return value.translate(_CONTROL_CHARACTERS)


class CleanCharField(forms.CharField):
    """A CharField that removes control characters before validating."""

    def to_python(self, value):
        value = super().to_python(value)
        return clean_text(value) if isinstance(value, str) else value

    def bound_data(self, data, initial):
        # A form shown again after an error shows the cleaned text, as it would be saved.
        return clean_text(data) if isinstance(data, str) else data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is validated by FileField's own rules."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []
