import re

import pytest
from django.core.exceptions import ValidationError

from tracker.core.errors import ConcurrentEditError
from tracker.plans.services import theme_create, theme_update

STALE = (
    "This theme was changed by someone else while you were editing it. "
    "Check the changes and try again."
)


@pytest.fixture
def theme(improvement_lead, plan):
    return theme_create(user=improvement_lead, plan=plan, name="Workforce")


def update(user, theme, **overrides):
    kwargs = {
        "user": user,
        "theme": theme,
        "expected_version": theme.version,
        "name": theme.name,
        "description": theme.description,
        "lead": theme.lead,
        "lead_post": theme.lead_post,
    }
    kwargs.update(overrides)
    return theme_update(**kwargs)


def test_theme_update_changes_the_thematic_lead(administrator, action_owner, theme):
    updated = update(administrator, theme, lead=action_owner, description=" Now led ")

    updated.refresh_from_db()
    assert updated.lead == action_owner
    assert updated.description == "Now led"
    assert updated.version == 2
    assert updated.history.first().history_user == administrator


def test_theme_update_may_keep_its_own_name(administrator, theme):
    updated = update(administrator, theme, name="workforce")

    assert updated.name == "workforce"


def test_theme_update_refuses_the_name_of_another_theme(improvement_lead, plan, theme):
    theme_create(user=improvement_lead, plan=plan, name="Practice")

    with pytest.raises(ValidationError) as excinfo:
        update(improvement_lead, theme, name="Practice")

    assert excinfo.value.message_dict["name"] == ["This plan already has a theme with that name"]
    theme.refresh_from_db()
    assert theme.name == "Workforce"
    assert theme.version == 1


def test_theme_update_refuses_a_lead_from_another_authority(improvement_lead, outsider, theme):
    with pytest.raises(ValidationError) as excinfo:
        update(improvement_lead, theme, lead=outsider)

    assert excinfo.value.message_dict["lead"] == [
        "Choose a thematic lead from this local authority"
    ]
    theme.refresh_from_db()
    assert theme.lead is None


def test_theme_update_refuses_a_stale_version_and_writes_nothing(improvement_lead, theme):
    with pytest.raises(ConcurrentEditError, match=re.escape(STALE)):
        update(improvement_lead, theme, expected_version=2, name="Changed")

    theme.refresh_from_db()
    assert theme.name == "Workforce"
    assert theme.history.count() == 1
