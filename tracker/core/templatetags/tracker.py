"""Template tags and filters available in every template (a `builtins` library)."""

from __future__ import annotations

import datetime
import functools
from decimal import Decimal
from typing import Any

from django import forms, template
from django.forms import BoundField
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from tracker.core import formatting
from tracker.core.forms import GovUKDateInput, SearchableSelectMultiple
from tracker.core.govuk import render_component
from tracker.core.links import absolute_url

register = template.Library()


@register.filter
def uk_date(value: datetime.date | datetime.datetime | None) -> str:
    return formatting.format_date(value)


@register.filter
def uk_datetime(value: datetime.datetime | None) -> str:
    return formatting.format_datetime(value)


@register.filter
def money(value: Decimal | int | None) -> str:
    return formatting.format_money(value)


@register.filter
def absolute(path: str) -> str:
    """A page's full address, for emails: `{{ action.get_absolute_url|absolute }}`."""
    return absolute_url(path)


def _first_error(field: BoundField) -> dict[str, str] | None:
    if field.errors:
        return {"text": str(field.errors[0])}
    return None


def _field_id(field: BoundField) -> str:
    return field.auto_id or f"id_{field.html_name}"


def field_anchor(field: BoundField) -> str:
    """The id the error summary links to: the first input of the field."""
    widget = field.field.widget
    if isinstance(widget, GovUKDateInput):
        return f"{_field_id(field)}-day"
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return _field_id(field)
    return _field_id(field)


def _choices(field: BoundField) -> list[tuple[str, str]]:
    return [(str(value), str(label)) for value, label in field.field.choices]  # type: ignore[attr-defined]


def _selected(field: BoundField) -> set[str]:
    value = field.value()
    if value is None:
        return set()
    if isinstance(value, list | tuple | set):
        return {str(v) for v in value}
    return {str(value)}


@register.simple_tag
def govuk_field(field: BoundField, **options: Any) -> SafeString:
    """Render a form field as the matching GOV.UK component, with label, hint and error.

    Options: `label_size` (s, m, l, xl), `is_page_heading`, `classes`, `autocomplete`,
    `rows`, `legend`.
    """
    widget = field.field.widget
    label_text = str(options.get("legend") or field.label)
    label: dict[str, Any] = {"text": label_text}
    if options.get("label_size"):
        label["classes"] = f"govuk-label--{options['label_size']}"
    if options.get("is_page_heading"):
        label["isPageHeading"] = True
    hint = {"text": str(field.help_text)} if field.help_text else None
    error = _first_error(field)
    field_id = _field_id(field)
    common: dict[str, Any] = {"id": field_id, "name": field.html_name, "errorMessage": error}
    if hint:
        common["hint"] = hint
    if options.get("classes"):
        common["classes"] = options["classes"]
    legend: dict[str, Any] = {"text": label_text}
    if options.get("label_size"):
        legend["classes"] = f"govuk-fieldset__legend--{options['label_size']}"
    if options.get("is_page_heading"):
        legend["isPageHeading"] = True

    if isinstance(widget, GovUKDateInput):
        parts = GovUKDateInput.parts(field.value())
        error_class = " govuk-input--error" if error else ""
        items: list[dict[str, Any]] = [
            {"name": "day", "classes": f"govuk-input--width-2{error_class}", "value": parts["day"]},
            {
                "name": "month",
                "classes": f"govuk-input--width-2{error_class}",
                "value": parts["month"],
            },
            {
                "name": "year",
                "classes": f"govuk-input--width-4{error_class}",
                "value": parts["year"],
            },
        ]
        params = {
            **common,
            "namePrefix": field.html_name,
            "items": items,
            "fieldset": {"legend": legend},
        }
        params.pop("name")
        if not hint:
            params["hint"] = {"text": "For example, 27 3 2026"}
        return render_component("govukDateInput", params)

    # CheckboxSelectMultiple is a subclass of RadioSelect: test it first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        selected = _selected(field)
        items = [
            {"value": value, "text": text, "checked": value in selected}
            for value, text in _choices(field)
        ]
        params = {**common, "idPrefix": field_id, "items": items, "fieldset": {"legend": legend}}
        if options.get("small"):
            params["classes"] = "govuk-checkboxes--small"
        return render_component("govukCheckboxes", params)

    if isinstance(widget, forms.RadioSelect):
        selected = _selected(field)
        items = [
            {"value": value, "text": text, "checked": value in selected}
            for value, text in _choices(field)
        ]
        params = {**common, "idPrefix": field_id, "items": items, "fieldset": {"legend": legend}}
        return render_component("govukRadios", params)

    if isinstance(widget, forms.CheckboxInput):
        items = [{"value": "on", "text": label_text, "checked": bool(field.value())}]
        params = {**common, "idPrefix": field_id, "items": items}
        return render_component("govukCheckboxes", params)

    if isinstance(widget, SearchableSelectMultiple):
        return _searchable_select_multiple(field, common, label)

    if isinstance(widget, forms.Select):
        selected = _selected(field)
        items = [
            {"value": value, "text": text, "selected": value in selected}
            for value, text in _choices(field)
        ]
        return render_component("govukSelect", {**common, "label": label, "items": items})

    if isinstance(widget, forms.FileInput):
        params = {**common, "label": label}
        accept = options.get("accept") or widget.attrs.get("accept")
        if accept:
            params["attributes"] = {"accept": accept}
        return render_component("govukFileUpload", params)

    if isinstance(widget, forms.Textarea):
        value = field.value()
        params = {**common, "label": label, "value": "" if value is None else str(value)}
        params["rows"] = options.get("rows", widget.attrs.get("rows", 5))
        return render_component("govukTextarea", params)

    value = field.value()
    params = {**common, "label": label, "value": "" if value is None else str(value)}
    input_type = getattr(widget, "input_type", "text")
    if options.get("autocomplete"):
        params["autocomplete"] = options["autocomplete"]
    if input_type == "password":
        params.pop("value")
        return render_component("govukPasswordInput", params)
    params["type"] = input_type
    if isinstance(widget, forms.NumberInput):
        params["type"] = "text"
        params["inputmode"] = "numeric"
    return render_component("govukInput", params)


MULTI_SELECT_KEYS = "To choose more than one, hold Ctrl (Cmd on a Mac) as you click."
MULTI_SELECT_ROWS = 8


def _searchable_select_multiple(
    field: BoundField, common: dict[str, Any], label: dict[str, Any]
) -> SafeString:
    """A GOV.UK select that takes several values, for `assets/js/multi-select.mjs` to enhance.
    The hint says how to choose several without JavaScript; the script rewords it."""
    selected = _selected(field)
    choices = _choices(field)
    items = [
        {"value": value, "text": text, "selected": value in selected} for value, text in choices
    ]
    hint = format_html(
        '{}<span class="app-multi-select__keys">{}</span>',
        f"{field.help_text} " if field.help_text else "",
        MULTI_SELECT_KEYS,
    )
    params = {
        **common,
        "label": label,
        "items": items,
        "hint": {"html": hint},
        "classes": "app-multi-select",
        "attributes": {
            "multiple": {"value": True, "optional": True},
            "size": str(max(3, min(MULTI_SELECT_ROWS, len(choices)))),
            "data-module": "app-multi-select",
        },
    }
    return render_component("govukSelect", params)


@register.simple_tag
def govuk_error_summary(*forms_: forms.BaseForm) -> SafeString:
    """The GOV.UK error summary for one or more forms; empty when there is nothing wrong."""
    items: list[dict[str, str]] = []
    for form in forms_:
        if form is None or not form.is_bound or not form.errors:
            continue
        items.extend({"text": str(error)} for error in form.non_field_errors())
        for name in form.fields:
            bound = form[name]
            if bound.errors and bound.is_hidden:  # nothing on the page to link to
                items.append({"text": str(bound.errors[0])})
            elif bound.errors:
                items.append({"text": str(bound.errors[0]), "href": f"#{field_anchor(bound)}"})
    if not items:
        return SafeString("")
    return render_component(
        "govukErrorSummary", {"titleText": "There is a problem", "errorList": items}
    )


@register.simple_tag
def govuk_button(text: str, **options: Any) -> SafeString:
    params: dict[str, Any] = {"text": text}
    if options.get("secondary"):
        params["classes"] = "govuk-button--secondary"
    if options.get("warning"):
        params["classes"] = "govuk-button--warning"
    if options.get("href"):
        params["href"] = options["href"]
    if options.get("name"):
        params["name"] = options["name"]
        params["value"] = options.get("value", "")
    return render_component("govukButton", params)


NAVIGATION = (
    ("Dashboard", "core:dashboard", "core"),
    ("Plans", "plans:plan_list", "plans"),
    ("Programme", "programme:programme_list", "programme"),
    ("Inspections", "inspections:inspection_list", "inspections"),
    ("Governance", "governance:board_list", "governance"),
    ("Impact", "performance:measure_list", "performance"),
    ("Calendar", "schedule:calendar", "schedule"),
)
# Someone of a partner organisation opens only the plans shared with it and their risks
# (`tracker.accounts.access.require_council_member`): only those are offered.
PARTNER_NAVIGATION = (
    ("Dashboard", "core:dashboard", "core"),
    ("Plans", "plans:plan_list", "plans"),
    ("Risks", "governance:risk_list", "governance"),
)

# An adviser (DfE, regional improvement partner) has their portfolio first; the authority's
# sections only while they read one that lets them in (`adviser_reading`, set for advisers by
# `tracker.accounts.advisers.context_processors.adviser`).
ADVISER_NAVIGATION = (("Your authorities", "reporting:adviser_portfolio", "portfolio"),)


# Stand-ins for the parts of the navigation that differ from one request to the next, so the
# component is rendered once for each set of items and the values put in afterwards.
_NAV_TOKEN = "app-navigation-csrf-token-stand-in"  # noqa: S105 (not a secret)
_NAV_USER = "app-navigation-user-stand-in"


@register.simple_tag(takes_context=True)
def app_service_navigation(context: template.Context) -> SafeString:
    """The service navigation: the service's name, its sections, and sign out."""
    from django.middleware.csrf import get_token
    from django.urls import reverse

    request = context.get("request")
    user = getattr(request, "user", None)
    if request is None or user is None or not user.is_authenticated:
        return mark_safe(_service_navigation(signed_in=False, current="", administration=None))  # noqa: S308
    administration = None
    partner = bool(getattr(user, "is_partner", False))
    reading = context.get("adviser_reading")
    adviser = None if reading is None else reading() is not None
    if partner:
        # A partner organisation's administrator manages its staff, and nothing more.
        if user.is_organisation_administrator:
            administration = request.path.startswith(reverse("accounts:organisation_staff"))
    elif user.role == user.Role.ADMINISTRATOR and user.local_authority_id is not None:
        administration = request.path.startswith(reverse("accounts:manage"))
    html = _service_navigation(
        signed_in=True,
        current=context.get("nav_section", ""),
        administration=administration,
        partner=partner,
        adviser=adviser,
    )
    html = html.replace(_NAV_TOKEN, conditional_escape(get_token(request)))
    return mark_safe(html.replace(_NAV_USER, conditional_escape(str(user))))  # noqa: S308


@functools.cache
def _service_navigation(
    *,
    signed_in: bool,
    current: str,
    administration: bool | None,
    partner: bool = False,
    adviser: bool | None = None,
) -> str:
    """The navigation's HTML, made once for each section and kind of user: every page shows
    it. `administration` is None when the user has no administration pages, else whether one
    is the current page; `partner` for someone of a partner organisation, who is offered only
    what they may open; `adviser` for an adviser (None for anyone else), whether they are
    reading an authority. The CSRF token and the user's name are stand-ins."""
    from django.urls import reverse
    from django.utils.html import format_html

    params: dict[str, Any] = {
        "serviceName": "Improvement Tracker",
        "serviceUrl": reverse("core:dashboard"),
    }
    if signed_in:
        sections: tuple[tuple[str, str, str], ...] = PARTNER_NAVIGATION if partner else NAVIGATION
        if adviser is not None:
            sections = ADVISER_NAVIGATION + (NAVIGATION if adviser else ())
        items = [
            {"text": text, "href": reverse(url), "active": current == section}
            for text, url, section in sections
        ]
        if administration is not None:
            items.append(
                {
                    "text": "Your organisation's staff" if partner else "Administration",
                    "href": reverse(
                        "accounts:organisation_staff" if partner else "accounts:manage"
                    ),
                    "active": administration,
                }
            )
        params["navigation"] = items
        params["navigationLabel"] = "Menu"
        params["slots"] = {
            "navigationEnd": format_html(
                '<li class="govuk-service-navigation__item">'
                '<a class="govuk-service-navigation__link" href="{}">Your account</a></li>'
                '<li class="govuk-service-navigation__item">'
                '<form method="post" action="{}">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
                '<button type="submit" class="app-link-button govuk-service-navigation__link">'
                'Sign out<span class="govuk-visually-hidden"> {}</span></button></form></li>',
                reverse("accounts:account"),
                reverse("accounts:logout"),
                _NAV_TOKEN,
                _NAV_USER,
            )
        }
    return str(render_component("govukServiceNavigation", params))


@register.simple_tag
@functools.cache
def app_skip_link() -> SafeString:
    return render_component(
        "govukSkipLink", {"text": "Skip to main content", "href": "#main-content"}
    )


@register.simple_tag
@functools.cache
def app_phase_banner() -> SafeString:
    return render_component(
        "govukPhaseBanner",
        {
            "tag": {"text": "Beta"},
            "text": "This is a new service. Tell the improvement team what you think.",
        },
    )


@register.simple_tag
def app_success_banner(message: str) -> SafeString:
    return render_component(
        "govukNotificationBanner",
        {"type": "success", "text": str(message), "titleText": "Success"},
    )


class _TableRegionNode(template.Node):
    def __init__(self, nodelist: template.NodeList, label: list[Any]) -> None:
        self.nodelist = nodelist
        self.label = label

    def render(self, context: template.Context) -> SafeString:
        label = " ".join(str(part.resolve(context)) for part in self.label)
        return format_html(
            '<div class="app-table-region" role="region" aria-label="{}" tabindex="0">{}</div>',
            label,
            SafeString(self.nodelist.render(context)),
        )


@register.tag("table_region")
def table_region(parser: Any, token: Any) -> _TableRegionNode:
    """Wrap a wide table in a labelled region that scrolls sideways on a narrow screen, so the
    page itself never does: `{% table_region "Deadlines" %}<table>…</table>{% endtable_region %}`.
    The label's parts are joined with spaces (`{% table_region "Actions of section" n %}`).
    The region takes keyboard focus so it can be scrolled without a mouse."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("table_region needs a label for the region")
    nodelist = parser.parse(("endtable_region",))
    parser.delete_first_token()
    return _TableRegionNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])
