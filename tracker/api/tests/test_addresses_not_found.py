"""An address under the API's prefix that no route takes answers in the API's error shape,
like every other API error; the site's other addresses keep the "Page not found" page."""

import pytest

from tracker.api.tests.conftest import errors_of, signed_in

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/actions/-14478/progress-updates/",  # not a whole number: no route takes it
        "/api/v1/actions/abc/",
        "/api/v1/no-such-thing/",
        "/api/v2/actions/",
    ],
)
def test_an_api_address_no_route_takes_is_a_404_in_the_error_shape(improvement_lead, path):
    response = signed_in(improvement_lead).get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert errors_of(response) == [
        {
            "field": None,
            "code": "not_found",
            "message": "Not found: there is no such record, or it is not one you can see.",
        }
    ]


def test_a_site_address_no_route_takes_is_still_the_page_not_found(improvement_lead):
    response = signed_in(improvement_lead).get("/plans/-1/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "Page not found" in response.content.decode()
