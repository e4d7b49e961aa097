"""Render GOV.UK Frontend components from their official macros.

The macros come from `govuk-frontend-jinja` (the package `govuk-frontend-django` is built on).
One Jinja environment is built once and reused: building one per component, as the
template tags of `govuk-frontend-django` do, costs milliseconds a field.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from django.utils.safestring import SafeString, mark_safe

if TYPE_CHECKING:
    # Jinja is imported when the first component is rendered, not when the app starts.
    from jinja2 import Environment, Template

_MACRO_FILES = {
    "govukButton": "button",
    "govukCheckboxes": "checkboxes",
    "govukDateInput": "date-input",
    "govukErrorSummary": "error-summary",
    "govukFileUpload": "file-upload",
    "govukInput": "input",
    "govukPasswordInput": "password-input",
    "govukRadios": "radios",
    "govukSelect": "select",
    "govukTextarea": "textarea",
    "govukWarningText": "warning-text",
    "govukTag": "tag",
    "govukNotificationBanner": "notification-banner",
    "govukPhaseBanner": "phase-banner",
    "govukServiceNavigation": "service-navigation",
    "govukSkipLink": "skip-link",
}


@cache
def _environment() -> Environment:
    from jinja2 import Environment, PackageLoader, PrefixLoader, select_autoescape

    return Environment(
        loader=PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )


@cache
def _template(macro: str) -> Template:
    folder = _MACRO_FILES[macro]
    source = (
        f"{{%- from 'govuk_frontend_jinja/components/{folder}/macro.html' import {macro} -%}}"
        f"{{{{ {macro}(params) }}}}"
    )
    return _environment().from_string(source)


def render_component(macro: str, params: dict[str, Any]) -> SafeString:
    """Render one GOV.UK component, e.g. `render_component("govukInput", {...})`."""
    return mark_safe(_template(macro).render(params=params))  # noqa: S308 - Jinja autoescapes
