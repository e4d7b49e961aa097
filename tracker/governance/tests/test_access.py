"""Anything of another local authority is 404; viewers may read but not write (403)."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.urls import reverse

from tracker.governance import access

pytestmark = pytest.mark.django_db


def test_board_of_another_authority_is_not_found(outsider, board):
    with pytest.raises(Http404):
        access.board_get_for_user(user=outsider, board_id=board.pk)


def test_missing_board_is_not_found(viewer):
    with pytest.raises(Http404):
        access.board_get_for_user(user=viewer, board_id=999_999)


def test_meeting_of_another_authority_is_not_found(outsider, meeting):
    with pytest.raises(Http404):
        access.meeting_get_for_user(user=outsider, board_id=meeting.board_id, meeting_id=meeting.pk)


def test_meeting_under_the_wrong_board_is_not_found(viewer, board, other_meeting):
    with pytest.raises(Http404):
        access.meeting_get_for_user(user=viewer, board_id=board.pk, meeting_id=other_meeting.pk)


def test_decision_of_another_authority_is_not_found(outsider, recommendation, meeting):
    with pytest.raises(Http404):
        access.decision_get_for_user(
            user=outsider,
            board_id=meeting.board_id,
            meeting_id=meeting.pk,
            decision_id=recommendation.pk,
        )


def test_risk_of_another_authority_is_not_found(outsider, risk):
    with pytest.raises(Http404):
        access.risk_get_for_user(user=outsider, risk_id=risk.pk)


def test_own_authoritys_things_are_found(viewer, recommendation, meeting, risk):
    assert (
        access.decision_get_for_user(
            user=viewer,
            board_id=meeting.board_id,
            meeting_id=meeting.pk,
            decision_id=recommendation.pk,
        )
        == recommendation
    )
    assert access.risk_get_for_user(user=viewer, risk_id=risk.pk) == risk


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("governance:board_detail", lambda o: [o["board"].pk]),
        ("governance:board_update", lambda o: [o["board"].pk]),
        ("governance:meeting_detail", lambda o: [o["board"].pk, o["meeting"].pk]),
        ("governance:meeting_update", lambda o: [o["board"].pk, o["meeting"].pk]),
        ("governance:agenda_item_create", lambda o: [o["board"].pk, o["meeting"].pk]),
        (
            "governance:decision_make_action",
            lambda o: [o["board"].pk, o["meeting"].pk, o["decision"].pk],
        ),
        ("governance:risk_detail", lambda o: [o["risk"].pk]),
        ("governance:risk_update", lambda o: [o["risk"].pk]),
    ],
)
def test_pages_of_another_authority_are_404(
    client, outsider, board, meeting, recommendation, risk, name, args
):
    objects = {"board": board, "meeting": meeting, "decision": recommendation, "risk": risk}
    client.force_login(outsider)
    assert client.get(reverse(name, args=args(objects))).status_code == 404


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("governance:board_create", lambda o: []),
        ("governance:board_update", lambda o: [o["board"].pk]),
        ("governance:meeting_create", lambda o: [o["board"].pk]),
        ("governance:decision_create", lambda o: [o["board"].pk, o["meeting"].pk]),
        (
            "governance:decision_make_action",
            lambda o: [o["board"].pk, o["meeting"].pk, o["decision"].pk],
        ),
        ("governance:risk_create", lambda o: []),
        ("governance:risk_update", lambda o: [o["risk"].pk]),
    ],
)
def test_viewers_cannot_write(client, viewer, board, meeting, recommendation, risk, name, args):
    objects = {"board": board, "meeting": meeting, "decision": recommendation, "risk": risk}
    client.force_login(viewer)
    url = reverse(name, args=args(objects))
    assert client.get(url).status_code == 403
    assert client.post(url, {"name": "x"}).status_code == 403
