"""The API's endpoints: thin, as the pages are. Each turns ids into records through the access
helpers, lists through `tracker.api.selectors`, and writes through the apps' services in one
transaction. Every error is answered in the one shape of `tracker.api.errors`."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_not_required
from django.db import models, transaction
from django.http import Http404
from django.utils.dateparse import parse_datetime
from django.utils.decorators import method_decorator
from rest_framework import exceptions, generics, mixins, status
from rest_framework.request import Request
from rest_framework.response import Response

from tracker.accounts.access import (
    local_authority_id_for_user,
    require_council_member,
    require_plan_editor,
)
from tracker.accounts.models import User
from tracker.api import schema, selectors, serializers
from tracker.api.concurrency import etag_for, expected_version, require_current
from tracker.governance.access import (
    highlight_report_get_for_user,
    meeting_get_for_user,
    risk_get_for_user,
)
from tracker.governance.models import HighlightReport, Meeting
from tracker.inspections.access import inspection_get_for_user, recommendation_get_for_user
from tracker.inspections.models import Recommendation
from tracker.performance.access import measure_get_for_user
from tracker.performance.measures import services as measure_services
from tracker.performance.measures.access import require_measure_editor
from tracker.performance.models import Measure
from tracker.plans import services as plan_services
from tracker.plans.access import (
    action_get_for_user,
    action_lock_for_user,
    plan_get_for_user,
    require_progress_recorder,
    section_get_for_user,
    theme_get_for_user,
)
from tracker.plans.models import Action, Brag, DeliveryStatus, Section, Theme

Record = TypeVar("Record", bound=models.Model)


def _user(request: Request) -> User:
    """The signed-in user (the permission class has refused anyone else)."""
    user = request.user
    if not isinstance(user, User):
        raise exceptions.NotAuthenticated()
    return user


def _parent_id(model: type[models.Model], pk: int, field: str) -> int:
    """The id of the record a record hangs off (an action's plan), for the access helper that
    takes both; 404 when there is no such record."""
    found = model._default_manager.filter(pk=pk).values_list(field, flat=True).first()
    if found is None:
        raise Http404("Not found")
    return int(found)


@method_decorator(login_not_required, name="dispatch")
class ApiView(generics.GenericAPIView[Any]):
    """Every endpoint: DRF answers who is not signed in itself (401 in the error shape), so
    Django's `LoginRequiredMiddleware` lets the API's requests through. A method the endpoint
    does not take is 405 for everyone signed in; anyone without a local authority (the
    platform operator) finds nothing (404), as on the pages."""

    # Set by the endpoints that change a record: the service's field names, as the API's.
    service_field_names: Mapping[str, str] = {}

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        method = (request.method or "").lower()
        if method not in self.http_method_names or not hasattr(self, method):
            raise exceptions.MethodNotAllowed(request.method or "")
        # Whether the user sees an authority's records, from the user row (no query).
        if local_authority_id_for_user(user=_user(request)) is None:
            raise Http404("You do not belong to a local authority")

    @property
    def user(self) -> User:
        return _user(self.request)

    def get_serializer_context(self) -> dict[str, Any]:
        return {"request": self.request, "view": self}


class ListView(mixins.ListModelMixin, ApiView):
    """A paged list."""

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return self.list(request, *args, **kwargs)


class DetailView(mixins.RetrieveModelMixin, ApiView):
    """One record, with its version as its ETag when it has one."""

    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        record = self.get_object()
        return _with_etag(Response(self.get_serializer(record).data), record)


def _with_etag(response: Response, record: models.Model) -> Response:
    version = getattr(record, "version", None)
    if isinstance(version, int):
        response["ETag"] = etag_for(version)
    return response


# Query-string filters ---------------------------------------------------------------------------


def _int_param(request: Request, name: str) -> int | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    if not raw.isdigit():
        raise exceptions.ValidationError({name: ["Give the id as a whole number, like 12"]})
    return int(raw)


def _choice_param(request: Request, name: str, choices: list[str]) -> str | None:
    raw = request.query_params.get(name)
    if raw is None:
        return None
    if raw not in choices:
        allowed = ", ".join(choice or '"" (not rated)' for choice in choices)
        raise exceptions.ValidationError({name: [f"Choose one of {allowed}"]}, code="invalid")
    return raw


def _bool_param(request: Request, name: str) -> bool | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    if raw.lower() not in {"true", "false"}:
        raise exceptions.ValidationError({name: ["Say true or false"]})
    return raw.lower() == "true"


def _datetime_param(request: Request, name: str) -> datetime.datetime | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    try:
        moment = parse_datetime(raw)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise exceptions.ValidationError(
            {name: ["Give a date and time with its time zone, like 2026-11-22T09:00:00Z"]}
        )
    return moment


# Inspections ------------------------------------------------------------------------------------


@schema.list_endpoint("Inspections", council_only=True)
class InspectionList(ListView):
    """The local authority's inspections."""

    serializer_class = serializers.InspectionSerializer

    def get_queryset(self) -> Any:
        return selectors.api_inspections(user=self.user)


@schema.detail_endpoint("Inspections", council_only=True)
class InspectionDetail(DetailView):
    """One inspection."""

    serializer_class = serializers.InspectionSerializer

    def get_object(self) -> Any:
        return inspection_get_for_user(user=self.user, inspection_id=self.kwargs["inspection_id"])


@schema.list_endpoint("Inspections", council_only=True)
class RecommendationList(ListView):
    """An inspection's recommendations."""

    serializer_class = serializers.RecommendationSerializer

    def get_queryset(self) -> Any:
        inspection = inspection_get_for_user(
            user=self.user, inspection_id=self.kwargs["inspection_id"]
        )
        return selectors.api_recommendations(inspection=inspection)


@schema.detail_endpoint("Inspections", council_only=True)
class RecommendationDetail(DetailView):
    """One recommendation."""

    serializer_class = serializers.RecommendationSerializer

    def get_object(self) -> Any:
        require_council_member(user=self.user)
        pk = self.kwargs["recommendation_id"]
        return recommendation_get_for_user(
            user=self.user,
            inspection_id=_parent_id(Recommendation, pk, "inspection_id"),
            recommendation_id=pk,
        )


# Plans, themes, sections -----------------------------------------------------------------------


@schema.list_endpoint("Plans")
class PlanList(ListView):
    """The plans the user may see: all the authority's, or a partner's shared plans."""

    serializer_class = serializers.PlanSerializer

    def get_queryset(self) -> Any:
        return selectors.api_plans(user=self.user)


@schema.detail_endpoint("Plans")
class PlanDetail(DetailView):
    """One plan."""

    serializer_class = serializers.PlanSerializer

    def get_object(self) -> Any:
        return plan_get_for_user(user=self.user, plan_id=self.kwargs["plan_id"])


@schema.list_endpoint("Plans", filters=schema.PLAN_FILTER)
class ThemeList(ListView):
    """The themes of the plans the user may see."""

    serializer_class = serializers.ThemeSerializer

    def get_queryset(self) -> Any:
        return selectors.api_themes(user=self.user, plan_id=_int_param(self.request, "plan"))


@schema.detail_endpoint("Plans")
class ThemeDetail(DetailView):
    """One theme."""

    serializer_class = serializers.ThemeSerializer

    def get_object(self) -> Any:
        pk = self.kwargs["theme_id"]
        plan_id = _parent_id(Theme, pk, "plan_id")
        return theme_get_for_user(user=self.user, plan_id=plan_id, theme_id=pk)


@schema.list_endpoint("Plans", filters=schema.PLAN_FILTER)
class SectionList(ListView):
    """The sections of the plans the user may see."""

    serializer_class = serializers.SectionSerializer

    def get_queryset(self) -> Any:
        return selectors.api_sections(user=self.user, plan_id=_int_param(self.request, "plan"))


@schema.detail_endpoint("Plans")
class SectionDetail(DetailView):
    """One section."""

    serializer_class = serializers.SectionSerializer

    def get_object(self) -> Any:
        pk = self.kwargs["section_id"]
        plan_id = _parent_id(Section, pk, "plan_id")
        return section_get_for_user(user=self.user, plan_id=plan_id, section_id=pk)


# Actions and their progress ----------------------------------------------------------------------

STATUSES = [value for value, _ in DeliveryStatus.choices]
BRAGS = [value for value, _ in Brag.choices if value] + [""]


@schema.list_endpoint("Actions", filters=schema.ACTION_FILTERS)
class ActionList(ListView):
    """The actions of the plans the user may see, filtered."""

    serializer_class = serializers.ActionSerializer

    def get_queryset(self) -> Any:
        request = self.request
        return selectors.api_actions(
            user=self.user,
            plan_id=_int_param(request, "plan"),
            status=_choice_param(request, "status", STATUSES) or "",
            brag=_choice_param(request, "brag", BRAGS),
            is_overdue=_bool_param(request, "overdue"),
            updated_since=_datetime_param(request, "updated_since"),
        )


def _action_for(user: User, action_id: int) -> Action:
    return action_get_for_user(
        user=user, plan_id=_parent_id(Action, action_id, "plan_id"), action_id=action_id
    )


@schema.action_detail_endpoint()
class ActionDetail(DetailView):
    """One action; PATCH changes its due date (re-baselining), with the reason."""

    serializer_class = serializers.ActionSerializer
    service_field_names = {"due_date_change_reason": "reason"}

    def get_object(self) -> Any:
        return _action_for(self.user, self.kwargs["action_id"])

    def patch(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = self.user
        action = self.get_object()
        require_plan_editor(user=user)
        version = expected_version(request)
        require_current(current=action.version, expected=version)
        change = serializers.DueDateChangeSerializer(data=request.data)
        change.is_valid(raise_exception=True)
        with transaction.atomic():
            action = plan_services.action_update(
                user=user,
                action=action,
                expected_version=version,
                section=action.section,
                reference=action.reference,
                description=action.description,
                owner_posts=list(action.owner_posts.all()),
                owner_users=list(action.owner_users.all()),
                owner_organisations=list(action.owner_organisations.all()),
                owner_note=action.owner_note,
                linked_recommendations=list(action.linked_recommendations.all()),
                starts_on=action.starts_on,
                due_on=change.validated_data["due_on"],
                due_date_change_reason=change.validated_data.get("reason", ""),
            )
        return _with_etag(Response(self.get_serializer(action).data), action)


@schema.progress_endpoint()
class ProgressUpdateList(ListView):
    """An action's progress entries; POST records a new one."""

    serializer_class = serializers.ProgressUpdateSerializer

    def get_queryset(self) -> Any:
        action = _action_for(self.user, self.kwargs["action_id"])
        return selectors.api_progress_updates(action=action)

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = self.user
        action_id = self.kwargs["action_id"]
        with transaction.atomic():
            # One locked read serves the access check (on the action's own plan: the address
            # names no plan) and the service (`action_locked`).
            action = action_lock_for_user(user=user, plan_id=None, action_id=action_id)
            require_progress_recorder(user=user, action=action)
            version = expected_version(request)
            require_current(current=action.version, expected=version)
            entry = serializers.ProgressUpdateCreateSerializer(data=request.data)
            entry.is_valid(raise_exception=True)
            data = entry.validated_data
            update = plan_services.action_record_progress(
                user=user,
                action=action,
                expected_version=version,
                narrative=data["narrative"],
                status=data["status"],
                brag=data.get("brag", ""),
                recorded_on=data.get("recorded_on"),
                next_review_on=data.get("next_review_on"),
                action_locked=True,
            )
        response = Response(self.get_serializer(update).data, status=status.HTTP_201_CREATED)
        response["ETag"] = etag_for(action.version)
        return response


# Measures ---------------------------------------------------------------------------------------


@schema.list_endpoint("Measures", council_only=True)
class MeasureList(ListView):
    """The authority's measures (its scorecard)."""

    serializer_class = serializers.MeasureSerializer

    def get_queryset(self) -> Any:
        return selectors.api_measures(user=self.user)


@schema.detail_endpoint("Measures", council_only=True)
class MeasureDetail(DetailView):
    """One measure."""

    serializer_class = serializers.MeasureSerializer

    def get_object(self) -> Any:
        return measure_get_for_user(user=self.user, measure_id=self.kwargs["measure_id"])


@schema.measure_values_endpoint()
class MeasureValueList(ListView):
    """A measure's values; POST records the value for a period."""

    serializer_class = serializers.MeasureValueSerializer

    def get_queryset(self) -> Any:
        measure = measure_get_for_user(user=self.user, measure_id=self.kwargs["measure_id"])
        return selectors.api_measure_values(measure=measure)

    def post(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        user = self.user
        measure = measure_get_for_user(user=user, measure_id=self.kwargs["measure_id"])
        require_measure_editor(user=user)
        version = expected_version(request)
        with transaction.atomic():
            # The measure's row is locked while its version is compared and the value written.
            measure = Measure.objects.select_for_update(of=("self",)).get(pk=measure.pk)
            require_current(current=measure.version, expected=version)
            entry = serializers.MeasureValueCreateSerializer(data=request.data)
            entry.is_valid(raise_exception=True)
            data = entry.validated_data
            value = measure_services.measure_value_record(
                user=user,
                measure=measure,
                period_end=data["period_end"],
                value=data["value"],
                statistical_neighbours=data.get("statistical_neighbours"),
                england=data.get("england"),
                region=data.get("region"),
                note=data.get("note", ""),
                source=data.get("source", ""),
            )
        response = Response(self.get_serializer(value).data, status=status.HTTP_201_CREATED)
        response["ETag"] = etag_for(measure.version)
        return response


# Governance -------------------------------------------------------------------------------------


@schema.list_endpoint("Governance")
class RiskList(ListView):
    """The risk register: for a partner, the risks of the plans shared with them."""

    serializer_class = serializers.RiskSerializer

    def get_queryset(self) -> Any:
        return selectors.api_risks(user=self.user)


@schema.detail_endpoint("Governance")
class RiskDetail(DetailView):
    """One risk."""

    serializer_class = serializers.RiskSerializer

    def get_object(self) -> Any:
        return risk_get_for_user(user=self.user, risk_id=self.kwargs["risk_id"])


@schema.list_endpoint("Governance", council_only=True)
class MeetingList(ListView):
    """The meetings of the authority's boards."""

    serializer_class = serializers.MeetingSerializer

    def get_queryset(self) -> Any:
        return selectors.api_meetings(user=self.user)


@schema.detail_endpoint("Governance", council_only=True)
class MeetingDetail(DetailView):
    """One meeting."""

    serializer_class = serializers.MeetingSerializer

    def get_object(self) -> Any:
        require_council_member(user=self.user)
        pk = self.kwargs["meeting_id"]
        board_id = _parent_id(Meeting, pk, "board_id")
        return meeting_get_for_user(user=self.user, board_id=board_id, meeting_id=pk)


@schema.list_endpoint("Governance", council_only=True)
class HighlightReportList(ListView):
    """The highlight reports to the authority's boards."""

    serializer_class = serializers.HighlightReportSerializer

    def get_queryset(self) -> Any:
        return selectors.api_highlight_reports(user=self.user)


@schema.detail_endpoint("Governance", council_only=True)
class HighlightReportDetail(DetailView):
    """One highlight report."""

    serializer_class = serializers.HighlightReportSerializer

    def get_object(self) -> Any:
        require_council_member(user=self.user)
        pk = self.kwargs["report_id"]
        meeting_id = _parent_id(HighlightReport, pk, "meeting_id")
        board_id = _parent_id(Meeting, meeting_id, "board_id")
        return highlight_report_get_for_user(
            user=self.user, board_id=board_id, meeting_id=meeting_id, report_id=pk
        )
