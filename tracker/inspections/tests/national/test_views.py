"""The national inspection picture's pages: every authority's latest judgement, filters,
sorting, the distribution of grades, where the council stands, and one authority's history."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.urls import reverse

from tracker.accounts.models import Organisation, User
from tracker.accounts.tests.factories import OrganisationFactory, UserFactory
from tracker.inspections.national.models import StatisticalNeighbour
from tracker.inspections.national.register import AUTHORITIES
from tracker.inspections.tests.national.factories import national_authority, published

pytestmark = pytest.mark.django_db

PICTURE = reverse("inspections:national_picture")


def _body(response) -> str:
    return html.unescape(response.content.decode())


def _text(body: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


def _table_names(body: str) -> list[str]:
    """The authorities of the "Every authority" table, in order."""
    table = body.split('aria-label="Every authority"', 1)[1]
    return re.findall(r'<a class="govuk-link" href="/inspections/national/\d+/">([^<]+)</a>', table)


@pytest.fixture
def picture(local_authority):
    """Solihull (the council's own), two West Midlands authorities, one in the North East, and
    Barnsley with no graded inspection; Solihull's neighbours are Sunderland and Coventry."""
    solihull = national_authority("Solihull")
    coventry = national_authority("Coventry")
    dudley = national_authority("Dudley")
    sunderland = national_authority("Sunderland")
    barnsley = national_authority("Barnsley")
    published(solihull, grade="good", ended_on=datetime.date(2019, 11, 22))
    published(solihull, grade="inadequate", ended_on=datetime.date(2022, 11, 11))
    published(coventry, grade="good", ended_on=datetime.date(2023, 3, 3))
    published(dudley, grade="requires_improvement", ended_on=datetime.date(2024, 6, 7))
    published(sunderland, grade="outstanding", ended_on=datetime.date(2021, 7, 9))
    published(barnsley, grade="", kind="monitoring_visit", ended_on=datetime.date(2024, 1, 5))
    StatisticalNeighbour.objects.create(national_authority=solihull, neighbour=sunderland, rank=1)
    StatisticalNeighbour.objects.create(national_authority=solihull, neighbour=coventry, rank=2)
    return {"solihull": solihull, "coventry": coventry, "dudley": dudley, "barnsley": barnsley}


def test_national_picture_shows_each_authoritys_latest_judgement(client, viewer, picture):
    client.force_login(viewer)
    body = _body(client.get(PICTURE))
    assert _table_names(body) == ["Barnsley", "Coventry", "Dudley", "Solihull", "Sunderland"]
    table = _text(body.split('aria-label="Every authority"', 1)[1])
    # Solihull's latest judgement, not its earlier one; the re-inspection 27 to 33 months on.
    assert "Solihull Your authority West Midlands Inadequate 11 November 2022" in table
    assert "Barnsley Your authority" not in table
    assert "Barnsley Yorkshire and the Humber No judgement held Not held Not known" in table
    assert "Sunderland North East Outstanding 9 July 2021 9 January 2024 to 9 January 2025" in table
    assert "Window passed" in table


def test_national_picture_filters_by_region_and_grade(client, viewer, picture):
    client.force_login(viewer)
    body = _body(client.get(PICTURE, {"region": "West Midlands"}))
    assert _table_names(body) == ["Coventry", "Dudley", "Solihull"]
    assert "3 authorities shown of 5" in _text(body)
    body = _body(client.get(PICTURE, {"region": "West Midlands", "grade": "good"}))
    assert _table_names(body) == ["Coventry"]
    body = _body(client.get(PICTURE, {"grade": "none"}))
    assert _table_names(body) == ["Barnsley"]
    # A filter not understood is ignored, as an old link may carry one.
    body = _body(client.get(PICTURE, {"region": "Atlantis", "grade": "superb"}))
    assert len(_table_names(body)) == 5


def test_national_picture_sorts_by_the_column_chosen(client, viewer, picture):
    client.force_login(viewer)
    body = _body(client.get(PICTURE, {"sort": "grade"}))
    assert _table_names(body) == ["Sunderland", "Coventry", "Dudley", "Solihull", "Barnsley"]
    assert 'aria-sort="ascending"><a class="govuk-link" href="?sort=grade&amp;order=desc' in (
        client.get(PICTURE, {"sort": "grade"}).content.decode()
    )
    body = _body(client.get(PICTURE, {"sort": "grade", "order": "desc"}))
    assert _table_names(body)[0] == "Barnsley"
    body = _body(client.get(PICTURE, {"sort": "inspected"}))
    assert _table_names(body) == ["Sunderland", "Solihull", "Coventry", "Dudley", "Barnsley"]
    body = _body(client.get(PICTURE, {"sort": "next"}))
    assert _table_names(body)[-1] == "Barnsley"


def test_national_picture_shows_the_distribution_of_grades(client, viewer, picture):
    client.force_login(viewer)
    body = _body(client.get(PICTURE))
    assert 'role="img"' in body
    assert (
        "England: 1 outstanding, 1 good, 1 requires improvement to be good, 1 inadequate, "
        "1 no judgement held" in body
    )
    numbers = _text(body.split("the numbers", 1)[1].split("</details>", 1)[0])
    assert "England 1 1 1 1 1 5" in numbers
    assert "West Midlands 0 1 1 1 0 3" in numbers
    assert "London" not in numbers  # no London authority held


def test_national_picture_shows_where_the_council_stands(client, viewer, picture):
    client.force_login(viewer)
    text = _text(_body(client.get(PICTURE)))
    assert "Where Solihull stands" in text
    assert "In the West Midlands" in text
    assert (
        "Of the 2 other authorities in the West Midlands with a judgement held, 2 are judged "
        "better than Solihull, 0 the same and 0 worse." in text
    )
    assert (
        "Of the 2 statistical neighbours with a judgement held, 2 are judged better than "
        "Solihull, 0 the same and 0 worse." in text
    )
    neighbours = text.split("Statistical neighbours Rank", 1)[1]
    assert neighbours.index("Sunderland") < neighbours.index("Coventry")


def test_national_picture_without_the_councils_own_report(client, outsider, picture):
    client.force_login(outsider)
    text = _text(_body(client.get(PICTURE)))
    assert "No published report on Elsewhere Borough Council is held yet" in text
    assert "Your authority" not in text


def test_national_picture_follows_the_administrators_link(client, outsider, picture):
    picture["dudley"].local_authority = outsider.local_authority
    picture["dudley"].save()
    client.force_login(outsider)
    text = _text(_body(client.get(PICTURE)))
    assert "Where Dudley stands" in text
    assert "No statistical neighbours are loaded for Dudley" in text


def test_national_pages_are_refused_to_partner_organisations(client, local_authority, picture):
    partner = UserFactory(
        local_authority=local_authority,
        organisation=OrganisationFactory(
            local_authority=local_authority, kind=Organisation.Kind.POLICE
        ),
        role=User.Role.VIEWER,
    )
    client.force_login(partner)
    assert client.get(PICTURE).status_code == 403
    url = reverse("inspections:national_authority", args=[picture["coventry"].pk])
    assert client.get(url).status_code == 403


def test_national_pages_are_read_by_an_adviser_with_no_authority_open(client, picture):
    """A DfE adviser reads the public record before opening any authority: nothing is marked
    as theirs, and they cannot post to it."""
    adviser = UserFactory(local_authority=None, role=User.Role.ADVISER)
    client.force_login(adviser)
    text = _text(_body(client.get(PICTURE)))
    assert "Where" not in text and "No published report on" not in text
    assert "Coventry" in text and "Dudley" in text
    url = reverse("inspections:national_authority", args=[picture["solihull"].pk])
    text = _text(_body(client.get(url)))
    assert "Overall effectiveness Inadequate" in text and "Your authority" not in text
    assert client.post(PICTURE).status_code == 403


def test_national_pages_take_no_post(client, viewer, picture):
    client.force_login(viewer)
    assert client.post(PICTURE).status_code == 405


def test_national_authority_page_shows_its_history_and_next_inspection(client, viewer, picture):
    client.force_login(viewer)
    url = reverse("inspections:national_authority", args=[picture["solihull"].pk])
    text = _text(_body(client.get(url)))
    assert "Solihull Your authority" in text
    assert text.index("11 November 2022") < text.index("22 November 2019")
    assert "Overall effectiveness Inadequate" in text
    assert "Re-inspection (standard inspection)" in text
    assert "about 2.5 years after the judgement" in text
    assert "1 Sunderland Outstanding 9 July 2021" in text


def test_national_authority_page_of_another_authority(client, viewer, picture):
    """Published judgements are public: a council sees any authority's history."""
    client.force_login(viewer)
    url = reverse("inspections:national_authority", args=[picture["dudley"].pk])
    text = _text(_body(client.get(url)))
    assert "Dudley" in text and "Your authority" not in text
    assert "Next inspection (standard inspection)" in text
    assert "No statistical neighbours are loaded for Dudley" in text


def test_national_authority_page_of_no_such_authority(client, viewer, picture):
    client.force_login(viewer)
    url = reverse("inspections:national_authority", args=[999999])
    assert client.get(url).status_code == 404


def _many(count: int) -> None:
    names = [a.name for a in AUTHORITIES if a.name != "Solihull"][:count]
    authorities = [national_authority(name) for name in ["Solihull", *names]]
    grades = ["outstanding", "good", "requires_improvement", "inadequate"]
    for index, authority in enumerate(authorities):
        published(authority, grade="good", ended_on=datetime.date(2019, 1, 1))
        published(authority, grade=grades[index % 4], ended_on=datetime.date(2023, 1, 1))
        if index:
            StatisticalNeighbour.objects.create(
                national_authority=authorities[0], neighbour=authority, rank=index
            )


@pytest.mark.parametrize("count", [10, 50])
def test_national_picture_queries_do_not_grow_with_authorities(
    client, viewer, count, django_assert_max_num_queries
):
    _many(count)
    client.force_login(viewer)
    with django_assert_max_num_queries(9):
        response = client.get(PICTURE, {"sort": "grade", "region": "London"})
    assert response.status_code == 200


@pytest.mark.parametrize("count", [10, 50])
def test_national_authority_page_queries_do_not_grow_with_neighbours(
    client, viewer, count, django_assert_max_num_queries
):
    _many(count)
    client.force_login(viewer)
    solihull = StatisticalNeighbour.objects.first().national_authority
    with django_assert_max_num_queries(10):
        response = client.get(reverse("inspections:national_authority", args=[solihull.pk]))
    assert response.status_code == 200


# Kept under the national record's version and the authority's -----------------------------------


def _main(response) -> str:
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def test_national_picture_is_kept_for_an_authority_until_the_record_changes(
    client, viewer, improvement_lead, picture, django_assert_max_num_queries
):
    client.force_login(viewer)
    first = client.get(PICTURE)
    # Kept: the session, the user, the authority and the versions; nothing of the record.
    with django_assert_max_num_queries(5):
        second = client.get(PICTURE)
    assert _main(second) == _main(first)
    # Another officer of the same authority is served the same, their authority's row marked.
    client.force_login(improvement_lead)
    with django_assert_max_num_queries(5):
        assert _main(client.get(PICTURE)) == _main(first)

    # A report imported (any write of the record) shows on the next page.
    published(picture["dudley"], grade="good", ended_on=datetime.date(2025, 2, 7))
    table = _text(_body(client.get(PICTURE)).split('aria-label="Every authority"', 1)[1])
    assert "Dudley West Midlands Good 7 February 2025" in table
    # So does a new neighbour, and a change of an authority's region.
    StatisticalNeighbour.objects.create(
        national_authority=picture["solihull"], neighbour=picture["dudley"], rank=3
    )
    picture["barnsley"].region = "North East"
    picture["barnsley"].save()
    body = _body(client.get(PICTURE))
    neighbours = body.split('aria-label="Statistical neighbours"', 1)[1].split("</table>", 1)[0]
    assert "Dudley" in neighbours
    assert "Barnsley North East No judgement held" in _text(body)


def test_national_picture_is_kept_for_each_authority_and_each_choice_of_filters(
    client, viewer, other_local_authority, picture
):
    client.force_login(viewer)
    ours = _body(client.get(PICTURE))
    assert "Solihull Your authority" in _text(ours)
    # Each choice of the filters is its own page, even once the first is kept.
    region = _body(client.get(PICTURE, {"region": "North East"}))
    assert _table_names(region) == ["Sunderland"]
    assert _table_names(_body(client.get(PICTURE, {"sort": "name", "order": "desc"}))) == [
        "Sunderland",
        "Solihull",
        "Dudley",
        "Coventry",
        "Barnsley",
    ]
    # Someone of another authority never has the council's own row marked as theirs.
    other = UserFactory(local_authority=other_local_authority, role=User.Role.VIEWER)
    client.force_login(other)
    theirs = _text(_body(client.get(PICTURE)))
    assert "Your authority" not in theirs
    assert "Where Solihull stands" not in theirs
