from django.http import Http404, HttpRequest, HttpResponse


def plan_changes(request: HttpRequest, plan_id: int) -> HttpResponse:
    raise Http404
