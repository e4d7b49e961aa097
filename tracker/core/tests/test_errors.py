import pytest
from django.core.exceptions import ValidationError

from tracker.core.errors import ConcurrentEditError, check_version


def test_concurrent_edit_error_names_the_thing_in_plain_words():
    error = ConcurrentEditError("action")

    assert error.messages == [
        "This action was changed by someone else while you were editing it. "
        "Check the changes and try again."
    ]
    assert error.code == "concurrent_edit"


def test_concurrent_edit_error_is_a_validation_error_so_forms_show_it():
    assert isinstance(ConcurrentEditError("plan"), ValidationError)


def test_concurrent_edit_error_defaults_to_record():
    assert ConcurrentEditError().messages == [
        "This record was changed by someone else while you were editing it. "
        "Check the changes and try again."
    ]


def test_check_version_accepts_the_current_version():
    check_version(thing="plan", current=3, expected=3)


def test_check_version_accepts_no_expected_version():
    check_version(thing="plan", current=3, expected=None)


@pytest.mark.parametrize("expected", [1, 2, 4])
def test_check_version_refuses_a_stale_version(expected):
    with pytest.raises(
        ConcurrentEditError,
        match="This section was changed by someone else while you were editing it",
    ) as excinfo:
        check_version(thing="section", current=3, expected=expected)

    assert excinfo.value.code == "concurrent_edit"
