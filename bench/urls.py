"""The app's URLs plus the floors: two trivial views that render no template.

- `bench_b0`: anonymous; touches neither the session nor the database.
- `bench_b0_signed_in`: behind sign-in, as every page of the app is: the session is read from
  the database and the user loaded, then a tiny response. It is the floor of a signed-in page
  (B0 in bench/README.md); the anonymous view is 7 to 10 times faster and floors nothing real.
"""

from django.contrib.auth.decorators import login_not_required, login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config import urls as app_urls


@login_not_required
def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


@login_required
def trivial_signed_in(request: HttpRequest) -> HttpResponse:
    # Reading the user's id proves the user row was loaded (the sign-in check loads it).
    return HttpResponse(f"ok {request.user.pk}".encode(), content_type="text/plain")


urlpatterns = [
    path("bench/b0/", trivial, name="bench_b0"),
    path("bench/b0-signed-in/", trivial_signed_in, name="bench_b0_signed_in"),
    *app_urls.urlpatterns,
]

handler404 = app_urls.handler404
handler403 = app_urls.handler403
handler500 = app_urls.handler500
