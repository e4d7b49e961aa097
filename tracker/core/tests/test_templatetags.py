"""The template tags and filters every template uses: GOV.UK fields, the error summary, formats."""

from __future__ import annotations

import datetime
import html
import re
from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.template import Context, Template

from tracker.core.forms import GovUKDateField, SearchableSelectMultiple


class ExampleForm(forms.Form):
    title = forms.CharField(
        label="Title",
        help_text="As it appears in the report",
        error_messages={"required": "Enter a title"},
    )
    notes = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    colour = forms.ChoiceField(
        label="Colour",
        choices=[("", "Choose a colour"), ("red", "Red"), ("blue", "Blue")],
        error_messages={"required": "Select a colour"},
    )
    size = forms.ChoiceField(
        label="Size",
        choices=[("small", "Small"), ("large", "Large")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select a size"},
    )
    tags = forms.MultipleChoiceField(
        label="Tags",
        choices=[("a", "Alpha"), ("b", "Beta"), ("c", "Gamma")],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one tag"},
    )
    due_on = GovUKDateField(label="Due date", noun="the date the action is due")
    count = forms.IntegerField(label="Count", required=False)
    secret = forms.CharField(label="Password", widget=forms.PasswordInput, required=False)
    agreed = forms.BooleanField(label="I agree", required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("colour") == "blue" and cleaned.get("size") == "small":
            raise ValidationError("Small things cannot be blue")
        return cleaned


VALID = {
    "title": "Quality assurance",
    "notes": "Some notes",
    "colour": "red",
    "size": "large",
    "tags": ["a", "c"],
    "due_on-day": "22",
    "due_on-month": "11",
    "due_on-year": "2026",
}


def _render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def _field(form: forms.Form, name: str, options: str = "") -> str:
    return _render(f"{{% govuk_field form.{name} {options} %}}", form=form)


def _bound(**overrides) -> ExampleForm:
    data = {**VALID, **overrides}
    form = ExampleForm(data={k: v for k, v in data.items() if v is not None})
    form.is_valid()
    return form


def _tags(markup: str, tag: str) -> list[str]:
    return re.findall(rf"<{tag}\b[^>]*>", markup)


def _attrs(element: str) -> dict[str, str]:
    return dict(re.findall(r'([a-z-]+)="([^"]*)"', element))


def _error_message(markup: str, field_id: str) -> str:
    match = re.search(
        rf'<p id="{field_id}-error" class="govuk-error-message">(.*?)</p>', markup, re.S
    )
    assert match, f"no error message for {field_id}"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


# govuk_field -------------------------------------------------------------------------------------


def test_text_input_renders_govuk_input_with_label_and_hint():
    markup = _field(ExampleForm(initial={"title": "Draft"}), "title")

    assert '<div class="govuk-form-group">' in markup
    assert '<label class="govuk-label" for="id_title">' in markup
    assert '<div id="id_title-hint" class="govuk-hint">' in markup
    [element] = _tags(markup, "input")
    assert _attrs(element) == {
        "class": "govuk-input",
        "id": "id_title",
        "name": "title",
        "type": "text",
        "value": "Draft",
        "aria-describedby": "id_title-hint",
    }
    assert "govuk-error-message" not in markup


def test_text_input_with_error_shows_message_and_describes_itself_by_it():
    markup = _field(_bound(title=""), "title")

    assert '<div class="govuk-form-group govuk-form-group--error">' in markup
    assert _error_message(markup, "id_title") == "Error: Enter a title"
    attrs = _attrs(_tags(markup, "input")[0])
    assert attrs["class"] == "govuk-input govuk-input--error"
    assert attrs["aria-describedby"] == "id_title-hint id_title-error"


def test_text_input_escapes_what_was_typed():
    markup = _field(_bound(title='"><script>alert(1)</script>'), "title")

    assert "<script>" not in markup
    assert html.unescape(_attrs(_tags(markup, "input")[0])["value"]) == (
        '"><script>alert(1)</script>'
    )


def test_text_input_options_set_size_heading_classes_and_autocomplete():
    markup = _field(
        ExampleForm(),
        "title",
        'label_size="l" is_page_heading=True classes="govuk-!-width-half" autocomplete="off"',
    )

    assert '<h1 class="govuk-label-wrapper">' in markup
    assert 'class="govuk-label govuk-label--l"' in markup
    attrs = _attrs(_tags(markup, "input")[0])
    assert attrs["class"] == "govuk-input govuk-!-width-half"
    assert attrs["autocomplete"] == "off"


def test_number_input_is_text_with_numeric_keyboard():
    attrs = _attrs(_tags(_field(ExampleForm(initial={"count": 3}), "count"), "input")[0])

    assert attrs["type"] == "text"
    assert attrs["inputmode"] == "numeric"
    assert attrs["value"] == "3"


def test_password_input_never_shows_the_password():
    markup = _field(_bound(secret="hunter2"), "secret")

    assert 'data-module="govuk-password-input"' in markup
    assert 'type="password"' in markup
    assert "hunter2" not in markup


def test_textarea_renders_govuk_textarea_with_its_value():
    markup = _field(_bound(notes="Line one\nLine <two>"), "notes", "rows=3")

    assert '<label class="govuk-label" for="id_notes">' in markup
    [element] = _tags(markup, "textarea")
    assert _attrs(element) == {
        "class": "govuk-textarea",
        "id": "id_notes",
        "name": "notes",
        "rows": "3",
    }
    assert ">Line one\nLine &lt;two&gt;</textarea>" in markup


def test_select_renders_govuk_select_with_the_choice_kept():
    markup = _field(_bound(colour="blue"), "colour")

    assert '<select class="govuk-select" id="id_colour" name="colour">' in markup
    options = re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', markup)
    assert options == [
        ("", "", "Choose a colour"),
        ("red", "", "Red"),
        ("blue", " selected", "Blue"),
    ]


def test_select_with_error():
    markup = _field(_bound(colour=""), "colour")

    assert _error_message(markup, "id_colour") == "Error: Select a colour"
    assert (
        '<select class="govuk-select govuk-select--error" id="id_colour" name="colour" '
        'aria-describedby="id_colour-error">' in markup
    )


def test_radios_render_govuk_radios_in_a_fieldset_with_the_choice_kept():
    markup = _field(_bound(size="large"), "size", 'label_size="m"')

    assert 'class="govuk-radios"' in markup
    assert '<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">' in markup
    inputs = [_attrs(e) | {"checked": "checked" in e} for e in _tags(markup, "input")]
    assert [(i["id"], i["name"], i["type"], i["value"], i["checked"]) for i in inputs] == [
        ("id_size", "size", "radio", "small", False),
        ("id_size-2", "size", "radio", "large", True),
    ]


def test_radios_with_error_describe_the_fieldset():
    markup = _field(_bound(size=None), "size")

    assert '<div class="govuk-form-group govuk-form-group--error">' in markup
    assert '<fieldset class="govuk-fieldset" aria-describedby="id_size-error">' in markup
    assert _error_message(markup, "id_size") == "Error: Select a size"


def test_checkboxes_render_govuk_checkboxes_keeping_every_choice():
    markup = _field(_bound(tags=["a", "c"]), "tags")

    assert 'class="govuk-checkboxes"' in markup
    assert 'class="govuk-radios"' not in markup
    inputs = [_attrs(e) | {"checked": "checked" in e} for e in _tags(markup, "input")]
    assert [(i["id"], i["name"], i["type"], i["value"], i["checked"]) for i in inputs] == [
        ("id_tags", "tags", "checkbox", "a", True),
        ("id_tags-2", "tags", "checkbox", "b", False),
        ("id_tags-3", "tags", "checkbox", "c", True),
    ]


def test_checkboxes_with_error_and_small_option():
    markup = _field(_bound(tags=None), "tags", "small=True")

    assert 'class="govuk-checkboxes govuk-checkboxes--small"' in markup
    assert '<fieldset class="govuk-fieldset" aria-describedby="id_tags-error">' in markup
    assert _error_message(markup, "id_tags") == "Error: Select at least one tag"


def test_single_checkbox_for_a_boolean():
    markup = _field(_bound(agreed="on"), "agreed")

    assert 'class="govuk-checkboxes"' in markup
    [element] = _tags(markup, "input")
    assert _attrs(element)["type"] == "checkbox"
    assert "checked" in element


def test_date_input_renders_three_named_boxes_in_a_fieldset():
    markup = _field(ExampleForm(initial={"due_on": datetime.date(2026, 3, 7)}), "due_on")

    assert '<fieldset class="govuk-fieldset" role="group" aria-describedby="id_due_on-hint">' in (
        markup
    )
    assert '<div class="govuk-date-input" id="id_due_on">' in markup
    assert "For example, 27 3 2026" in markup
    inputs = [_attrs(e) for e in _tags(markup, "input")]
    assert [(i["id"], i["name"], i["value"], i["inputmode"]) for i in inputs] == [
        ("id_due_on-day", "due_on-day", "7", "numeric"),
        ("id_due_on-month", "due_on-month", "3", "numeric"),
        ("id_due_on-year", "due_on-year", "2026", "numeric"),
    ]
    assert all("govuk-input--error" not in i["class"] for i in inputs)
    assert [i["class"].split()[-1] for i in inputs] == [
        "govuk-input--width-2",
        "govuk-input--width-2",
        "govuk-input--width-4",
    ]


def test_date_input_keeps_what_was_typed_after_an_error():
    markup = _field(
        _bound(**{"due_on-day": "31", "due_on-month": "2", "due_on-year": "2026"}), "due_on"
    )

    assert '<div class="govuk-form-group govuk-form-group--error">' in markup
    assert (
        '<fieldset class="govuk-fieldset" role="group" '
        'aria-describedby="id_due_on-hint id_due_on-error">' in markup
    )
    assert _error_message(markup, "id_due_on") == (
        "Error: The date the action is due must be a real date"
    )
    inputs = [_attrs(e) for e in _tags(markup, "input")]
    assert [(i["name"], i["value"]) for i in inputs] == [
        ("due_on-day", "31"),
        ("due_on-month", "2"),
        ("due_on-year", "2026"),
    ]
    assert all("govuk-input--error" in i["class"] for i in inputs)


def test_date_input_uses_the_fields_own_hint():
    class HintedForm(forms.Form):
        starts_on = GovUKDateField(noun="the start date", help_text="The first working day")

    markup = _field(HintedForm(), "starts_on")

    assert "The first working day" in markup
    assert "For example" not in markup


# govuk_error_summary -----------------------------------------------------------------------------


def _summary_links(markup: str) -> list[tuple[str, str]]:
    return re.findall(r'<a href="([^"]+)">([^<]+)</a>', markup)


def test_error_summary_links_each_error_to_the_fields_first_input():
    form = _bound(title="", colour="", size=None, tags=None, **{"due_on-month": "13"})
    markup = _render("{% govuk_error_summary form %}", form=form)

    assert 'class="govuk-error-summary" data-module="govuk-error-summary"' in markup
    assert "There is a problem" in markup
    assert _summary_links(markup) == [
        ("#id_title", "Enter a title"),
        ("#id_colour", "Select a colour"),
        ("#id_size", "Select a size"),
        ("#id_tags", "Select at least one tag"),
        ("#id_due_on-day", "The date the action is due must be a real date"),
    ]


def test_error_summary_lists_non_field_errors_first_without_a_link():
    form = _bound(colour="blue", size="small", title="")
    markup = _render("{% govuk_error_summary form %}", form=form)
    items = [
        " ".join(re.sub(r"<[^>]+>", " ", item).split())
        for item in re.findall(r"<li>(.*?)</li>", markup, re.S)
    ]

    assert items == ["Small things cannot be blue", "Enter a title"]
    assert _summary_links(markup) == [("#id_title", "Enter a title")]


def test_error_summary_covers_several_forms_and_skips_missing_ones():
    first = _bound(title="")
    second = _bound(colour="")
    markup = _render(
        "{% govuk_error_summary first missing second %}", first=first, missing=None, second=second
    )

    assert _summary_links(markup) == [
        ("#id_title", "Enter a title"),
        ("#id_colour", "Select a colour"),
    ]


@pytest.mark.parametrize("form", [ExampleForm(), ExampleForm(data=VALID)], ids=["unbound", "valid"])
def test_error_summary_is_empty_when_nothing_is_wrong(form):
    assert _render("{% govuk_error_summary form %}", form=form) == ""


def test_error_summary_escapes_messages():
    form = _bound()
    form.add_error("title", "Bad <b>title</b>")

    markup = _render("{% govuk_error_summary form %}", form=form)

    assert "<b>" not in markup
    assert "Bad &lt;b&gt;title&lt;/b&gt;" in markup


# Filters -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (datetime.date(2026, 11, 22), "22 November 2026"),
        (datetime.date(2026, 3, 1), "1 March 2026"),
        # 11:30pm UTC on 30 June is already 1 July in London (BST)
        (datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC), "1 July 2026"),
        (None, ""),
    ],
)
def test_uk_date_filter(value, expected):
    assert _render("{{ value|uk_date }}", value=value) == expected


def test_uk_datetime_filter_is_in_uk_local_time():
    moment = datetime.datetime(2026, 7, 1, 14, 5, tzinfo=datetime.UTC)
    assert _render("{{ value|uk_datetime }}", value=moment) == "1 July 2026 at 3:05pm"
    assert _render("{{ value|uk_datetime }}", value=None) == ""


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("9700000"), "£9,700,000"),
        (Decimal("1250.5"), "£1,250.50"),
        (1250, "£1,250"),
        (-300, "-£300"),
        (Decimal("0"), "£0"),
        (None, ""),
    ],
)
def test_money_filter(value, expected):
    assert _render("{{ value|money }}", value=value) == expected


def test_table_region_wraps_a_table_in_a_labelled_focusable_scrolling_region():
    rendered = Template(
        '{% table_region "Actions of section" number %}<table></table>{% endtable_region %}'
    ).render(Context({"number": 3}))

    assert rendered == (
        '<div class="app-table-region" role="region" aria-label="Actions of section 3" '
        'tabindex="0"><table></table></div>'
    )


def test_table_region_escapes_its_label():
    rendered = Template("{% table_region label %}x{% endtable_region %}").render(
        Context({"label": 'Plans "<b>"'})
    )

    assert 'aria-label="Plans &quot;&lt;b&gt;&quot;"' in rendered


def test_table_region_needs_a_label():
    from django.template import TemplateSyntaxError

    with pytest.raises(TemplateSyntaxError, match="table_region needs a label"):
        Template("{% table_region %}x{% endtable_region %}")


class OwnersForm(forms.Form):
    owners = forms.MultipleChoiceField(
        label="Who: posts",
        choices=[("1", "Head of Service Safeguards"), ("2", "Principal <Social> Worker")],
        widget=SearchableSelectMultiple,
        help_text="Whoever holds these posts can update the action",
        error_messages={"required": "Choose at least one post"},
    )


def _render_owners(form):
    return Template("{% govuk_field form.owners %}").render(Context({"form": form}))


def test_govuk_field_searchable_select_multiple_works_without_javascript():
    rendered = _render_owners(OwnersForm(initial={"owners": ["1", "2"]}))

    select = rendered.split("<select")[1].split(">")[0]
    assert 'id="id_owners"' in select
    assert 'name="owners"' in select
    assert " multiple" in select
    assert 'size="3"' in select
    assert 'data-module="app-multi-select"' in select
    assert rendered.count(" selected") == 2
    assert "Principal &lt;Social&gt; Worker" in rendered
    assert 'for="id_owners"' in rendered
    assert "Whoever holds these posts can update the action" in rendered
    assert "hold Ctrl (Cmd on a Mac)" in rendered


def test_govuk_field_searchable_select_multiple_shows_its_error():
    form = OwnersForm(data={})
    assert form.is_valid() is False

    rendered = _render_owners(form)

    assert "govuk-form-group--error" in rendered
    assert "Choose at least one post" in rendered
    assert "aria-describedby" in rendered.split("<select")[1].split(">")[0]


def test_searchable_select_multiple_reads_several_posted_values():
    form = OwnersForm(data=QueryDict("owners=1&owners=2"))

    assert form.is_valid() is True
    assert form.cleaned_data["owners"] == ["1", "2"]
