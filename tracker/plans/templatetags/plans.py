"""Template tags for plans: the BRAG tag, rendered once per rating rather than per row."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

# GOV.UK tag colours; Amber uses the orange tag. The hidden words give the meaning to screen
# readers, since colour alone must not carry it (WCAG 1.4.1).
_BRAG_TAGS: dict[str, SafeString] = {
    brag: format_html(
        '<strong class="govuk-tag govuk-tag--{} app-brag">{}<span class="govuk-visually-hidden">'
        "{}</span></strong>",
        colour,
        label,
        hidden,
    )
    for brag, colour, label, hidden in (
        ("blue", "blue", "Blue", ": complete"),
        ("green", "green", "Green", ": on track"),
        ("amber", "orange", "Amber", ": at risk"),
        ("red", "red", "Red", ": off track"),
        ("", "grey", "Not rated", ""),
    )
}


@register.simple_tag
def brag_tag(brag: str) -> SafeString:
    """The BRAG rating as a GOV.UK tag: Blue (complete), Green, Amber, Red or Not rated."""
    return _BRAG_TAGS.get(brag or "", _BRAG_TAGS[""])
