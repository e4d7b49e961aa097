import pytest

from tracker.core.links import absolute_url


@pytest.mark.parametrize(
    "site_url", ["https://tracker.example.gov.uk", "https://tracker.example.gov.uk/"]
)
@pytest.mark.parametrize(
    ("path", "address"),
    [
        ("/", "https://tracker.example.gov.uk/"),
        ("/plans/3/", "https://tracker.example.gov.uk/plans/3/"),
        ("plans/3/", "https://tracker.example.gov.uk/plans/3/"),
    ],
)
def test_absolute_url_puts_the_path_after_site_url(settings, site_url, path, address):
    settings.SITE_URL = site_url
    assert absolute_url(path) == address


def test_absolute_url_leaves_a_full_address_alone(settings):
    settings.SITE_URL = "https://tracker.example.gov.uk"
    assert absolute_url("https://www.gov.uk/") == "https://www.gov.uk/"
