"""Each authority's data version (`tracker.core.data_version`) and the dashboard kept under it.

A cached summary is only right if every write it could show moves the version on: saves and
deletes of the app's records, many-to-many links, writes during a request and without one.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tracker.core import data_version
from tracker.core.models import ClosureDay, DataVersion
from tracker.plans import services
from tracker.plans.models import Action, ProgressUpdate, Section


def _closure_day(authority, falls_on: datetime.date) -> ClosureDay:
    return ClosureDay.objects.create(
        local_authority=authority,
        falls_on=falls_on,
        kind=ClosureDay.Kind.EXTRA_CLOSURE,
        reason="Council closure",
    )


def _version(authority) -> str:
    return data_version.current(local_authority_id=authority.pk)


def test_a_record_with_an_authority_moves_that_authority_on_and_no_other(
    local_authority, other_local_authority
):
    ours, theirs = _version(local_authority), _version(other_local_authority)
    _closure_day(local_authority, datetime.date(2026, 12, 29))
    assert _version(local_authority) != ours
    assert _version(other_local_authority) == theirs


def test_a_record_of_every_authority_moves_every_authority_on(
    local_authority, other_local_authority
):
    ours, theirs = _version(local_authority), _version(other_local_authority)
    ClosureDay.objects.create(
        local_authority=None,
        falls_on=datetime.date(2026, 12, 29),
        kind=ClosureDay.Kind.EXTRA_CLOSURE,
        reason="National day of mourning",
    )
    assert _version(local_authority) != ours
    assert _version(other_local_authority) != theirs


def test_a_task_writing_a_plans_record_moves_the_plans_authority_on_and_no_other(
    plan, improvement_lead, local_authority, other_local_authority
):
    """A board paper made by the worker, say: no one signed in, but the record has a plan."""
    ours, theirs = _version(local_authority), _version(other_local_authority)
    services.theme_create(user=None, plan=plan, name="Early help", lead=improvement_lead)
    assert _version(local_authority) != ours
    assert _version(other_local_authority) == theirs


def test_a_write_without_a_request_an_authority_or_a_plan_moves_every_authority_on(
    recommendation, local_authority, other_local_authority
):
    """A command writing a record that names neither (an inspection's recommendation)."""
    ours, theirs = _version(local_authority), _version(other_local_authority)
    recommendation.text = "Improve the quality of supervision."
    recommendation.save()
    assert _version(local_authority) != ours
    assert _version(other_local_authority) != theirs


def test_a_write_in_a_request_moves_the_signed_in_users_authority_on(
    client, action_owner, action, other_local_authority
):
    ours, theirs = _version(action_owner.local_authority), _version(other_local_authority)
    client.force_login(action_owner)
    today = datetime.date.today()  # noqa: DTZ011 - a form's date is a local calendar date
    response = client.post(
        reverse("plans:progress_create", args=[action.plan_id, action.pk]),
        {
            "version": action.version,
            "narrative": "Audit completed",
            "status": "in_progress",
            "brag": "green",
            "recorded_on-day": today.day,
            "recorded_on-month": today.month,
            "recorded_on-year": today.year,
        },
    )
    assert response.status_code == 302
    assert _version(action_owner.local_authority) != ours
    assert _version(other_local_authority) == theirs


def test_links_and_deletes_move_the_version_on(action, improvement_lead, local_authority):
    before = _version(local_authority)
    action.owner_users.add(improvement_lead)
    after_link = _version(local_authority)
    assert after_link != before
    action.owner_users.clear()
    after_clear = _version(local_authority)
    assert after_clear != after_link
    Action.objects.get(pk=action.pk).delete()
    assert _version(local_authority) != after_clear


def test_history_rows_and_the_version_itself_are_not_watched():
    watched = set(data_version.watched_models())
    assert Action in watched
    assert Section in watched
    assert Action.history.model not in watched
    assert DataVersion not in watched
    assert Action.owner_users.through not in watched  # its changes arrive as m2m_changed


# The structure version: every write but progress alone --------------------------------------


def _structure(authority) -> str:
    return data_version.current(local_authority_id=authority.pk, version=data_version.STRUCTURE)


def _record(action, user, **fields):
    action.refresh_from_db()
    return services.action_record_progress(
        user=user, action=action, expected_version=action.version, **fields
    )


def test_progress_without_a_change_of_status_or_brag_leaves_the_structure_as_it_is(
    local_authority, improvement_lead, action
):
    _record(action, improvement_lead, narrative="Started", status="in_progress", brag="green")
    data, structure = _version(local_authority), _structure(local_authority)

    _record(action, improvement_lead, narrative="Going well", status="in_progress", brag="green")
    assert _version(local_authority) != data
    assert _structure(local_authority) == structure

    # An entry dated before the latest moves only the action's version.
    data = _version(local_authority)
    _record(
        action,
        improvement_lead,
        narrative="Backdated",
        status="completed",
        recorded_on=datetime.date(2026, 1, 1),
    )
    assert _version(local_authority) != data
    assert _structure(local_authority) == structure


def test_progress_that_changes_the_status_moves_the_structure(
    local_authority, improvement_lead, action
):
    structure = _structure(local_authority)
    _record(action, improvement_lead, narrative="Done", status="completed")
    assert _structure(local_authority) != structure


def test_progress_that_changes_the_brag_alone_moves_the_structure(
    local_authority, improvement_lead, action
):
    """The dashboard, kept under the structure version, counts actions by BRAG."""
    _record(action, improvement_lead, narrative="Started", status="in_progress", brag="green")
    structure = _structure(local_authority)
    _record(action, improvement_lead, narrative="Slipping", status="in_progress", brag="amber")
    assert _structure(local_authority) != structure


@pytest.mark.parametrize(
    "write",
    [
        "describe",
        "delete",
        "relink",
        "create",
        "save_read_in_part",
        "closure_day",
    ],
)
def test_every_other_write_moves_the_structure(
    write, local_authority, other_local_authority, improvement_lead, section, action, police
):
    ours, theirs = _structure(local_authority), _structure(other_local_authority)
    if write == "describe":
        action.description = "Launch the revised audit process"
        action.save()
    elif write == "delete":
        Action.objects.get(pk=action.pk).delete()
    elif write == "relink":
        action.owner_organisations.add(police)
    elif write == "create":
        services.action_create(
            user=improvement_lead, section=section, reference="1.2", description="New", due_on=None
        )
    elif write == "save_read_in_part":
        # Read without its other fields: nothing to compare with, so the save counts as a change.
        partial = Action.objects.only("pk", "brag").get(pk=action.pk)
        partial.brag = "red"
        partial.save()
    else:
        _closure_day(local_authority, datetime.date(2026, 12, 29))
    assert _structure(local_authority) != ours
    assert _structure(other_local_authority) == theirs


def test_an_action_saved_twice_in_memory_is_compared_with_its_last_save(
    local_authority, improvement_lead, action
):
    fresh = Action.objects.get(pk=action.pk)
    fresh.version += 1
    fresh.save()
    structure = _structure(local_authority)
    fresh.status = "completed"
    fresh.save()
    assert _structure(local_authority) != structure
    structure = _structure(local_authority)
    fresh.version += 1
    fresh.save()
    assert _structure(local_authority) == structure


def test_deleting_a_progress_entry_leaves_the_structure_as_it_is(
    local_authority, improvement_lead, action
):
    entry = _record(action, improvement_lead, narrative="Started", status="in_progress")
    structure = _structure(local_authority)
    action.refresh_from_db()
    action.latest_update = None
    action.save()
    entry.delete()
    assert _structure(local_authority) == structure


def test_every_authority_and_the_national_record_have_no_structure_of_their_own():
    assert data_version.structure_scope(data_version.EVERY_AUTHORITY) is None
    assert data_version.structure_scope(data_version.NATIONAL) is None
    assert data_version.structure_scope("12") == "12:structure"


# A test's own transaction never commits: writes made while setting a test up after commit
# would leave their moves waiting, so each of these turns the setting on after its set-up.


def test_after_commit_the_version_moves_once_a_transaction(
    local_authority, settings, django_capture_on_commit_callbacks
):
    settings.DATA_VERSION_AFTER_COMMIT = True
    before = _version(local_authority)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        _closure_day(local_authority, datetime.date(2026, 12, 29))
        _closure_day(local_authority, datetime.date(2026, 12, 30))
        if connection.vendor == "sqlite":
            # Inside the transaction, which holds the whole database already: other readers
            # see the new number with the change it counts, when both commit.
            assert _moved_by(local_authority, before) == 1
        else:
            # Not before the commit: a reader until then must still read the old number.
            assert _version(local_authority) == before
    # Once a transaction each: the authority's version and its structure's.
    assert _scopes_moved(callbacks) == [str(local_authority.pk), f"{local_authority.pk}:structure"]
    number = DataVersion.objects.get(scope=str(local_authority.pk)).number
    assert _moved_by(local_authority, before) == 1
    assert _version(local_authority).endswith(f".{number}")


def _scopes_moved(callbacks) -> list[str]:
    return sorted(callback.data_version_scope for callback in callbacks)


def _moved_by(authority, before: str) -> int:
    return int(_version(authority).rsplit(".", 1)[1]) - int(before.rsplit(".", 1)[1])


def test_after_commit_a_savepoint_rolled_back_takes_its_move_with_it_and_a_later_write_moves_on(
    local_authority, settings, django_capture_on_commit_callbacks
):
    settings.DATA_VERSION_AFTER_COMMIT = True
    before = _version(local_authority)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            _closure_day(local_authority, datetime.date(2026, 12, 29))
            raise RuntimeError("the inner write fails")
        assert _version(local_authority) == before
        _closure_day(local_authority, datetime.date(2026, 12, 30))
    assert _moved_by(local_authority, before) == 1


def test_after_commit_a_rolled_back_write_moves_nothing_and_the_next_one_does(
    local_authority, settings, django_capture_on_commit_callbacks
):
    settings.DATA_VERSION_AFTER_COMMIT = True
    before = _version(local_authority)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            _closure_day(local_authority, datetime.date(2026, 12, 29))
            raise RuntimeError("the write fails")
        assert _version(local_authority) == before
        with transaction.atomic():
            _closure_day(local_authority, datetime.date(2026, 12, 30))
    assert _scopes_moved(callbacks) == [str(local_authority.pk), f"{local_authority.pk}:structure"]
    assert _version(local_authority) != before


def test_cached_keeps_a_result_until_the_authority_changes(local_authority, action):
    made = []

    def make():
        made.append(1)
        return f"summary {len(made)}"

    def read(*parts):
        return data_version.cached(
            "test", local_authority_id=local_authority.pk, parts=parts, make=make
        )

    assert read("a") == "summary 1"
    assert read("a") == "summary 1"
    assert read("b") == "summary 2"  # other parts, another entry
    action.description = "Launch the revised audit process"
    action.save()
    assert read("a") == "summary 3"


# The dashboard ----------------------------------------------------------------------------------


def _main(response) -> str:
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def test_the_dashboard_is_served_from_the_cache_until_something_changes(
    client, action_owner, action, other_action
):
    client.force_login(action_owner)
    url = reverse("core:dashboard")
    from django.db import connection

    with CaptureQueriesContext(connection) as cold:
        first = client.get(url)
    with CaptureQueriesContext(connection) as warm:
        second = client.get(url)
    # The same page (but for the sign-out form's token, masked afresh each time), not escaped
    # a second time, from the session, the user, the authority and its data version alone.
    assert _main(second) == _main(first)
    assert "<table" in _main(second)
    assert len(warm) == 4
    assert len(cold) > 15
    assert "Launch the new audit process" in second.content.decode()

    services.action_record_progress(
        user=action_owner,
        action=action,
        expected_version=action.version,
        narrative="Audit launched",
        status="in_progress",
        brag="red",
    )
    assert _main(client.get(url)) != _main(second)
    action.description = "Launch the revised audit process"
    action.save()
    third = client.get(url).content.decode()
    assert "Launch the revised audit process" in third
    assert "Launch the new audit process" not in third


def test_the_dashboard_is_kept_across_progress_that_leaves_status_and_brag_as_they_were(
    client, action_owner, action
):
    """It shows statuses, BRAG and dates, never an entry's words: kept under the structure
    version, it is served from the cache after such progress, and shows a new BRAG at once."""
    from django.db import connection

    def progress(brag):
        action.refresh_from_db()
        services.action_record_progress(
            user=action_owner,
            action=action,
            expected_version=action.version,
            narrative=f"Audit sample reviewed ({brag})",
            status="in_progress",
            brag=brag,
        )

    progress("green")
    client.force_login(action_owner)
    url = reverse("core:dashboard")
    before = _main(client.get(url))
    progress("green")
    with CaptureQueriesContext(connection) as kept:
        after = _main(client.get(url))
    assert after == before
    assert len(kept) == 4  # the session, the user, the authority and the version
    progress("red")
    with CaptureQueriesContext(connection) as afresh:
        changed = _main(client.get(url))
    assert len(afresh) > 15
    assert changed != before


def test_each_user_has_their_own_dashboard(client, action_owner, improvement_lead, action):
    """The cached part lists the user's own actions: never another user's."""
    url = reverse("core:dashboard")
    client.force_login(action_owner)
    owner_page = client.get(url).content.decode()
    client.force_login(improvement_lead)
    lead_page = client.get(url).content.decode()
    assert "You own no actions that are still open." in lead_page
    assert "You own no actions that are still open." not in owner_page


def test_the_plan_page_is_kept_by_editing_rights_and_shows_a_change_at_once(
    client, improvement_lead, viewer, action, other_action
):
    url = reverse("plans:plan_detail", args=[action.plan_id])
    client.force_login(improvement_lead)
    whole = _main(client.get(url))
    assert "Add an action" in whole
    assert "Launch the new audit process" in whole and "Review data sets" in whole
    from django.db import connection

    for _ in range(2):  # a filtered plan is worked out each time, never kept
        with CaptureQueriesContext(connection) as filtering:
            filtered = _main(client.get(url, {"q": "data sets"}))
        assert len(filtering) > 10
    assert "Review data sets" in filtered
    assert "Launch the new audit process" not in filtered
    with CaptureQueriesContext(connection) as kept:
        client.get(url)
    assert len(kept) == 5
    client.force_login(viewer)
    assert "Add an action" not in _main(client.get(url))

    services.action_record_progress(
        user=improvement_lead,
        action=other_action,
        expected_version=other_action.version,
        narrative="Data sets reviewed with the performance team",
        status="in_progress",
        brag="green",
    )
    assert "Data sets reviewed with the performance team" in _main(client.get(url))


def test_the_action_page_is_kept_for_each_user_and_shows_a_change_at_once(
    client, action_owner, viewer, action
):
    url = reverse("plans:action_detail", args=[action.plan_id, action.pk])
    client.force_login(action_owner)
    assert "Record progress" in _main(client.get(url))
    client.force_login(viewer)
    assert "Record progress" not in _main(client.get(url))

    client.force_login(action_owner)
    today = datetime.date.today()  # noqa: DTZ011 - a form's date is a local calendar date
    response = client.post(
        reverse("plans:progress_create", args=[action.plan_id, action.pk]),
        {
            "version": action.version,
            "narrative": "Twelve audits completed in November",
            "status": "in_progress",
            "brag": "green",
            "recorded_on-day": today.day,
            "recorded_on-month": today.month,
            "recorded_on-year": today.year,
        },
    )
    assert response.status_code == 302
    assert "Twelve audits completed in November" in _main(client.get(url))
    client.force_login(viewer)
    assert "Twelve audits completed in November" in _main(client.get(url))


def _reads_history(queries) -> bool:
    """Whether the action page's body was worked out: only that reads the action's history."""
    return any("plans_historicalaction" in query["sql"] for query in queries.captured_queries)


def _page(client, url):
    """A page's main content and the queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return _main(response), queries


def test_the_action_page_is_kept_across_progress_on_the_authoritys_other_actions(
    client, action_owner, improvement_lead, action, other_action, head_of_safeguards
):
    url = reverse("plans:action_detail", args=[action.plan_id, action.pk])
    client.force_login(action_owner)
    _record(other_action, improvement_lead, narrative="Data sets listed", status="in_progress")
    first, cold = _page(client, url)
    assert _reads_history(cold)

    # Progress elsewhere in the authority, its status as it was: this page is served again.
    _record(other_action, improvement_lead, narrative="Half reviewed", status="in_progress")
    again, warm = _page(client, url)
    assert again == first
    assert not _reads_history(warm)

    # Its own progress shows at once, and so does every other kind of change it shows.
    entry = _record(action, improvement_lead, narrative="Audit tool chosen", status="in_progress")
    assert "Audit tool chosen" in _page(client, url)[0]

    entry.narrative = "Audit tool chosen and bought"  # an entry changed in place
    entry.save()
    assert "Audit tool chosen and bought" in _page(client, url)[0]

    earlier = _record(
        action,
        improvement_lead,
        narrative="A note dated earlier",
        status="in_progress",
        recorded_on=datetime.date(2026, 1, 10),
    )
    assert "A note dated earlier" in _page(client, url)[0]
    ProgressUpdate.objects.get(pk=earlier.pk).delete()  # an entry removed
    assert "A note dated earlier" not in _page(client, url)[0]

    plain = Action.objects.get(pk=action.pk)
    plain.brag = "red"  # saved without the services: its version stays, its time moves
    plain.save()
    assert "govuk-tag--red" in _page(client, url)[0]

    head_of_safeguards.title = "Head of Service, Safeguarding and Quality"
    head_of_safeguards.save()
    assert "Head of Service, Safeguarding and Quality" in _page(client, url)[0]


def test_the_national_picture_is_kept_across_progress_and_changes_with_the_authority(
    client, viewer, improvement_lead, action
):
    """Kept under the national record's version and the authority's structure version:
    progress recorded in the council leaves it as it is; a change to the council itself (its
    name) makes it be worked out again."""
    url = reverse("inspections:national_picture")
    _record(action, improvement_lead, narrative="Started", status="in_progress", brag="green")
    client.force_login(viewer)
    first, cold = _page(client, url)

    _record(action, improvement_lead, narrative="Going well", status="in_progress", brag="green")
    kept, warm = _page(client, url)
    assert kept == first
    assert len(warm) < len(cold)

    viewer.local_authority.name = "Solihull Metropolitan Borough Council (renamed)"
    viewer.local_authority.save()
    assert len(_page(client, url)[1]) == len(cold)


def test_signing_in_and_failing_to_moves_no_version(
    client, improvement_lead, local_authority, other_local_authority
):
    """Anyone can fail to sign in: that must not empty every authority's kept pages."""
    ours, theirs = _version(local_authority), _version(other_local_authority)
    login = reverse("accounts:login")
    client.post(login, {"username": "nobody-at-all", "password": "wrong"})
    client.post(login, {"username": improvement_lead.username, "password": "correct horse battery"})
    assert client.get(reverse("core:dashboard")).status_code == 200
    assert _version(local_authority) == ours
    assert _version(other_local_authority) == theirs


def test_after_commit_nothing_made_inside_a_transaction_is_kept(local_authority, settings):
    """A summary worked out inside a write's transaction could show what is not committed."""
    settings.DATA_VERSION_AFTER_COMMIT = True
    made = []

    def make():
        made.append(1)
        return len(made)

    def read():
        return data_version.cached(
            "test", local_authority_id=local_authority.pk, parts=[], make=make
        )

    # A test runs inside a transaction: so does every read here.
    assert read() == 1
    assert read() == 2


def test_cached_each_keeps_each_id_on_its_own_and_makes_only_what_is_missing(local_authority):
    asked = []

    def make(ids):
        asked.append(list(ids))
        return {pk: f"summary of {pk}" for pk in ids}

    def read(ids):
        return data_version.cached_each(
            "test", local_authority_id=local_authority.pk, ids=ids, parts=["day"], make=make
        )

    assert read([1, 2]) == {1: "summary of 1", 2: "summary of 2"}
    assert read([2]) == {2: "summary of 2"}
    assert read([2, 3]) == {2: "summary of 2", 3: "summary of 3"}
    assert asked == [[1, 2], [3]]
    _closure_day(local_authority, datetime.date(2026, 12, 29))
    assert read([1]) == {1: "summary of 1"}
    assert asked[-1] == [1]


@pytest.mark.django_db
def test_moving_a_scope_on_moves_that_row_alone_by_one_and_makes_a_missing_one():
    DataVersion.objects.create(scope="7", number=4)
    DataVersion.objects.create(scope="7:structure", number=9)
    DataVersion.objects.create(scope="1'; DROP t;--", number=1)
    data_version._bump("7")
    data_version._bump("1'; DROP t;--")  # quoted as a value, never read as SQL
    data_version._bump("8")  # none yet: made at 1
    assert dict(DataVersion.objects.values_list("scope", "number")) == {
        "7": 5,
        "7:structure": 9,
        "1'; DROP t;--": 2,
        "8": 1,
    }
