"""What may be asked for in a board paper: the one check, and each refusal through each way
of asking (the board papers page, the export command, the services, the task worker)."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from tracker.governance import services as governance_services
from tracker.governance.models import Meeting
from tracker.reporting.models import BoardPaper
from tracker.reporting.papers import rules, services
from tracker.reporting.tests.papers.test_selectors import build_world

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 12)


@pytest.fixture
def world(local_authority, improvement_lead):
    return build_world(local_authority=local_authority, user=improvement_lead)


@pytest.fixture
def cancelled(world, improvement_lead):
    return governance_services.meeting_create(
        user=improvement_lead,
        board=world.board,
        held_on=timezone.localdate() - datetime.timedelta(days=3),
        status="cancelled",
    )


@pytest.fixture
def elsewhere(outsider):
    board = governance_services.board_create(
        user=outsider, local_authority=outsider.local_authority, name="Other", kind="cabinet"
    )
    return governance_services.meeting_create(
        user=outsider, board=board, held_on=timezone.localdate() - datetime.timedelta(days=1)
    )


def _validate(world, **kwargs):
    kwargs.setdefault("format", "pdf")
    kwargs.setdefault("meeting", None)
    kwargs.setdefault("as_of", None)
    return rules.board_paper_request_validate(plan=world.plan, today=TODAY, **kwargs)


# The check itself --------------------------------------------------------------------------------


def test_validate_returns_today_without_a_meeting_or_a_date(world):
    assert _validate(world) == TODAY


def test_validate_returns_the_date_asked_for(world):
    assert _validate(world, as_of=TODAY - datetime.timedelta(days=1)) == datetime.date(2026, 3, 11)
    assert _validate(world, as_of=TODAY) == TODAY


def test_validate_returns_a_past_meetings_date_and_today_for_one_to_come(world):
    world.meeting.held_on = TODAY - datetime.timedelta(days=7)
    assert _validate(world, meeting=world.meeting) == datetime.date(2026, 3, 5)
    world.meeting.held_on = TODAY + datetime.timedelta(days=7)
    assert _validate(world, meeting=world.meeting) == TODAY


@pytest.mark.parametrize("format", BoardPaper.Format.values)
def test_validate_accepts_every_format(world, format):
    assert _validate(world, format=format) == TODAY


@pytest.mark.parametrize("format", ["odt", "", "DOCX"])
def test_validate_refuses_an_unknown_format(world, format):
    with pytest.raises(ValidationError) as raised:
        _validate(world, format=format)
    assert raised.value.message_dict == {"format": [rules.FORMAT_MESSAGE]}


def test_validate_refuses_a_date_in_the_future(world):
    with pytest.raises(ValidationError) as raised:
        _validate(world, as_of=TODAY + datetime.timedelta(days=1))
    assert raised.value.message_dict == {"as_of": ["The date must be today or in the past"]}


def test_validate_refuses_a_meeting_and_a_date(world):
    with pytest.raises(ValidationError) as raised:
        _validate(world, meeting=world.meeting, as_of=TODAY)
    assert raised.value.message_dict == {"as_of": ["Choose a meeting or enter a date, not both"]}


def test_validate_refuses_a_meeting_of_another_authority(world, elsewhere):
    with pytest.raises(ValidationError) as raised:
        _validate(world, meeting=elsewhere)
    assert raised.value.message_dict == {
        "meeting": ["Choose a meeting of one of this local authority's boards"]
    }


def test_validate_refuses_a_cancelled_meeting(world, cancelled):
    with pytest.raises(ValidationError) as raised:
        _validate(world, meeting=cancelled)
    assert raised.value.message_dict == {
        "meeting": ["This meeting was cancelled: choose another meeting"]
    }


def test_validate_reports_every_problem_at_once(world, elsewhere):
    with pytest.raises(ValidationError) as raised:
        _validate(world, format="odt", meeting=elsewhere, as_of=TODAY)
    assert raised.value.message_dict == {
        "format": [rules.FORMAT_MESSAGE],
        "as_of": [rules.MEETING_AND_DATE_MESSAGE],
        "meeting": [rules.OTHER_AUTHORITY_MEETING_MESSAGE],
    }


# Each refusal through each way of asking ----------------------------------------------------------


def _refusal(name, world, cancelled, elsewhere):
    """The request refused for one reason, as keyword arguments, the field and the message."""
    today = timezone.localdate()
    return {
        "format": ({"format": "odt"}, "format", rules.FORMAT_MESSAGE),
        "future": (
            {"as_of": today + datetime.timedelta(days=1)},
            "as_of",
            rules.FUTURE_MESSAGE,
        ),
        "both": (
            {"meeting": world.meeting, "as_of": today},
            "as_of",
            rules.MEETING_AND_DATE_MESSAGE,
        ),
        "elsewhere": ({"meeting": elsewhere}, "meeting", rules.OTHER_AUTHORITY_MEETING_MESSAGE),
        "cancelled": ({"meeting": cancelled}, "meeting", rules.CANCELLED_MEETING_MESSAGE),
    }[name]


REFUSALS = ["format", "future", "both", "elsewhere", "cancelled"]


@pytest.mark.parametrize("name", REFUSALS)
def test_request_service_refuses_and_writes_nothing(
    world, improvement_lead, cancelled, elsewhere, name
):
    kwargs, field, message = _refusal(name, world, cancelled, elsewhere)
    kwargs.setdefault("format", "pdf")
    with pytest.raises(ValidationError) as raised:
        services.board_paper_request(plan=world.plan, user=improvement_lead, **kwargs)
    assert raised.value.message_dict == {field: [message]}
    assert not BoardPaper.objects.exists()


@pytest.mark.parametrize("name", REFUSALS)
def test_export_service_refuses(world, cancelled, elsewhere, name):
    kwargs, field, message = _refusal(name, world, cancelled, elsewhere)
    kwargs.setdefault("format", "csv")
    with pytest.raises(ValidationError) as raised:
        services.board_paper_export(plan=world.plan, **kwargs)
    assert raised.value.message_dict == {field: [message]}


def _form_data(kwargs):
    data = {"format": kwargs.get("format", "pdf")}
    if kwargs.get("meeting") is not None:
        data["meeting"] = str(kwargs["meeting"].pk)
    if kwargs.get("as_of") is not None:
        day = kwargs["as_of"]
        data |= {"as_of-day": day.day, "as_of-month": day.month, "as_of-year": day.year}
    return data


# The page offers only the authority's meetings that are not cancelled, so another
# authority's meeting or a cancelled one is not a choice the form accepts.
PAGE_MESSAGES = {
    "elsewhere": "Choose a meeting from the list",
    "cancelled": "Choose a meeting from the list",
}


@pytest.mark.parametrize("name", REFUSALS)
def test_page_refuses_with_the_error_summary_and_writes_nothing(
    client, world, viewer, cancelled, elsewhere, name
):
    kwargs, field, message = _refusal(name, world, cancelled, elsewhere)
    message = PAGE_MESSAGES.get(name, message)
    client.force_login(viewer)

    response = client.post(
        reverse("reporting:board_paper_list", args=[world.plan.pk]), _form_data(kwargs)
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert response.context["form"].errors[field] == [message]
    assert body.count(message.replace("'", "&#x27;")) == 2  # summary and inline
    assert not BoardPaper.objects.exists()


# argparse refuses an unknown format and a meeting with a date before the service is called.
COMMAND_MESSAGES = {"format": "invalid choice: 'odt'", "both": "not allowed with argument"}


def _command_args(world, kwargs):
    args = ["--plan", str(world.plan.pk), "--format", kwargs.get("format", "csv")]
    if kwargs.get("meeting") is not None:
        args += ["--meeting", str(kwargs["meeting"].pk)]
    if kwargs.get("as_of") is not None:
        args += ["--as-of", kwargs["as_of"].isoformat()]
    return args


@pytest.mark.parametrize("name", REFUSALS)
def test_command_refuses_and_writes_no_file(tmp_path, world, cancelled, elsewhere, name):
    kwargs, _field, message = _refusal(name, world, cancelled, elsewhere)
    output = tmp_path / "paper.csv"
    with pytest.raises(CommandError, match=COMMAND_MESSAGES.get(name, message)):
        call_command(
            "export_board_paper",
            *_command_args(world, kwargs),
            "--output",
            str(output),
            stdout=io.StringIO(),
        )
    assert list(tmp_path.iterdir()) == []


def test_worker_refuses_a_meeting_cancelled_after_the_paper_was_asked_for(
    world, improvement_lead, caplog
):
    paper = services.board_paper_request(
        plan=world.plan, user=improvement_lead, format="csv", meeting=world.meeting
    )
    Meeting.objects.filter(pk=world.meeting.pk).update(status=Meeting.Status.CANCELLED)

    paper = services.board_paper_generate(paper_id=paper.pk)

    assert paper.status == BoardPaper.Status.FAILED
    assert paper.error_message == services.FAILED_MESSAGE
    assert not paper.content
    assert rules.CANCELLED_MEETING_MESSAGE in caplog.text
