"""`CompiledGet`: the ORM's own read, compiled once, run with each id. Tested on Django's own
models (a permission and its content type; an admin log entry, for a date converted from
the database), so the core app needs none of the others."""

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tracker.core.compiled import CompiledGet

pytestmark = pytest.mark.django_db


def _field_values(instance):
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.fields}


def test_it_reads_what_the_orm_reads_with_the_joined_record_and_no_more_queries(
    django_assert_num_queries,
):
    reads = CompiledGet(lambda: Permission.objects.select_related("content_type"))
    for permission in Permission.objects.order_by("pk")[:3]:
        expected = Permission.objects.select_related("content_type").get(pk=permission.pk)
        with django_assert_num_queries(1):
            found = reads.get(permission.pk)
            content_type = found.content_type
        assert type(found) is Permission
        assert _field_values(found) == _field_values(expected)
        assert _field_values(content_type) == _field_values(expected.content_type)
        assert not found._state.adding
        assert found._state.db == "default"


def test_it_sends_the_sql_the_orm_compiled_with_only_the_id_changed():
    reads = CompiledGet(lambda: Permission.objects.select_related("content_type"))
    first, second = Permission.objects.order_by("pk").values_list("pk", flat=True)[:2]
    with CaptureQueriesContext(connection) as orm:
        Permission.objects.select_related("content_type").get(pk=second)
    reads.get(first)
    with CaptureQueriesContext(connection) as compiled:
        reads.get(second)
    # The ORM's `.get` adds a LIMIT; the rest of the statement is the same.
    assert compiled[0]["sql"].split(" LIMIT")[0] == orm[0]["sql"].split(" LIMIT")[0]


def test_values_come_through_the_orms_converters(admin_user):
    content_type = ContentType.objects.get_for_model(Permission)
    entry = LogEntry.objects.create(
        user=admin_user,
        content_type=content_type,
        object_id="1",
        object_repr="a permission",
        action_flag=ADDITION,
    )
    found = CompiledGet(lambda: LogEntry.objects.select_related("content_type")).get(entry.pk)
    assert found.action_time == LogEntry.objects.get(pk=entry.pk).action_time
    assert found.action_time.tzinfo is not None
    assert found.content_type == content_type


def test_a_missing_id_raises_the_models_does_not_exist():
    reads = CompiledGet(lambda: Permission.objects.select_related("content_type"))
    with pytest.raises(Permission.DoesNotExist, match="Permission matching query does not exist"):
        reads.get(0)
    # And a present one is found after it (what was compiled holds no id).
    present = Permission.objects.order_by("pk").first()
    assert reads.get(present.pk) == present


@pytest.mark.django_db(transaction=True)  # outside the test's own transaction
def test_a_locked_read_outside_a_transaction_is_refused_every_time():
    reads = CompiledGet(lambda: Permission.objects.select_for_update())
    present = Permission.objects.order_by("pk").first()
    with transaction.atomic():
        assert reads.get(present.pk) == present
    # Compiled already, but still refused: Django checks this only when compiling.
    with pytest.raises(transaction.TransactionManagementError, match="select_for_update"):
        reads.get(present.pk)


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(
            lambda: Permission.objects.filter(codename="add_user"), id="another parameter"
        ),
        pytest.param(
            lambda: Permission.objects.prefetch_related("group_set"), id="prefetch_related"
        ),
    ],
)
def test_a_read_whose_sql_depends_on_more_than_the_id_is_refused(build):
    present = Permission.objects.order_by("pk").first()
    with pytest.raises(ValueError, match=r"CompiledGet|parameters other than the id"):
        CompiledGet(build).get(present.pk)
