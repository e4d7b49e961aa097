"""The app's URLs plus the floor B0: a trivial view that touches neither templates nor database."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config import urls as app_urls


@login_not_required
def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/b0/", trivial, name="bench_b0"), *app_urls.urlpatterns]

handler404 = app_urls.handler404
handler403 = app_urls.handler403
handler500 = app_urls.handler500
