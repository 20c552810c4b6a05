"""`{{ text|lang_attr }}`: ` lang="da"` for a plan text shown in Danish for want of a translation
(`plan.localized.Localized`), nothing otherwise: `<p{{ step|lang_attr }}>{{ step }}</p>`."""

from django import template
from django.utils.html import format_html

from beredskab.plan.localized import marked

register = template.Library()


@register.filter
def lang_span(text) -> str:
    """`{% blocktranslate with title=plan.shown_title|lang_span %}`: the text escaped, inside
    `<span lang="da">` when it is shown in Danish for want of a translation."""
    return marked(text)


@register.filter
def lang_attr(text) -> str:
    lang = text.get("lang", "") if isinstance(text, dict) else getattr(text, "lang", "")
    return format_html(' lang="{}"', lang) if lang else ""
