"""Every list is paged the same way: `?page=2&page_size=100`."""

from __future__ import annotations

from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """Pages of 50 by default, at most 200; the answer says how many there are in all and
    links to the next and previous pages."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    invalid_page_message = "There is no page {page_number}: ask for a page between 1 and the last."
