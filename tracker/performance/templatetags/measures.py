"""Template tags for measures: the RAG tag, rendered once per rating rather than per row."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

# GOV.UK tag colours; Amber uses the orange tag. The hidden words give the meaning to screen
# readers, since colour alone must not carry it (WCAG 1.4.1).
_RAG_TAGS: dict[str, SafeString] = {
    rag: format_html(
        '<strong class="govuk-tag govuk-tag--{} app-rag">{}<span class="govuk-visually-hidden">'
        "{}</span></strong>",
        colour,
        label,
        hidden,
    )
    for rag, colour, label, hidden in (
        ("green", "green", "Green", ": on or better than target"),
        ("amber", "orange", "Amber", ": worse than target, within tolerance"),
        ("red", "red", "Red", ": worse than target beyond tolerance"),
        ("", "grey", "Not rated", ""),
    )
}


@register.simple_tag
def rag_tag(rag: str) -> SafeString:
    """The target and tolerance rating as a GOV.UK tag: Green, Amber, Red or Not rated."""
    return _RAG_TAGS.get(rag or "", _RAG_TAGS[""])
