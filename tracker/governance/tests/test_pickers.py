"""Board members and a risk's mitigating actions are chosen from searchable lists that take
several values and work without JavaScript."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from tracker.governance.models import Board

pytestmark = pytest.mark.django_db


def _select(body, name):
    return body.split(f'name="{name}"')[1].split("</select>")[0]


def test_board_form_offers_members_in_a_searchable_list(client, improvement_lead, viewer):
    client.force_login(improvement_lead)
    body = html.unescape(client.get(reverse("governance:board_create")).content.decode())

    members = _select(body, "members")
    assert " multiple" in members
    assert 'data-module="app-multi-select"' in members
    assert str(viewer) in members
    assert 'type="checkbox"' not in body


def test_board_members_chosen_without_javascript_are_kept(client, improvement_lead, viewer):
    client.force_login(improvement_lead)
    response = client.post(
        reverse("governance:board_create"),
        {
            "name": "Improvement board",
            "kind": "improvement_board",
            "members": [improvement_lead.pk, viewer.pk],
        },
    )

    assert response.status_code == 302
    assert set(Board.objects.get().members.all()) == {improvement_lead, viewer}


def test_risk_form_offers_mitigating_actions_in_a_searchable_list(client, improvement_lead, action):
    client.force_login(improvement_lead)
    body = html.unescape(client.get(reverse("governance:risk_create")).content.decode())

    mitigating = _select(body, "mitigating_actions")
    assert 'data-module="app-multi-select"' in mitigating
    assert action.reference in mitigating
