from django import forms

_INPUT_CLASSES = {
    forms.Select: "form-select",
    forms.SelectMultiple: "form-select",
    forms.CheckboxInput: "form-checkbox",
    forms.RadioSelect: "form-radio",
    forms.CheckboxSelectMultiple: "form-checkbox",
    forms.ClearableFileInput: "form-file-input",
}


class DkfdsFormMixin:
    """Gives widgets the design system's classes. Errors and hints are tied to their field
    with aria-describedby by Django itself (see includes/field.html for the ids)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = next((c for kind, c in _INPUT_CLASSES.items() if isinstance(widget, kind)), "form-input")
            existing = widget.attrs.get("class", "")
            widget.attrs["class"] = f"{existing} {css}".strip()
