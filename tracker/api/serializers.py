"""What the API sends and takes. Related records are named by their ids, so that a page of a
list costs the same number of queries however long it is."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from tracker.governance.models import HighlightReport, Meeting, Risk
from tracker.inspections.models import Inspection, Recommendation
from tracker.performance.models import Measure, MeasureValue
from tracker.plans.models import Action, Brag, DeliveryStatus, Plan, ProgressUpdate, Section, Theme

STAMPS = ["id", "created_at", "updated_at"]
VERSIONED = [*STAMPS, "version"]


class InspectionSerializer(serializers.ModelSerializer[Inspection]):
    class Meta:
        model = Inspection
        fields = [
            *VERSIONED,
            "kind",
            "framework",
            "started_on",
            "ended_on",
            "published_on",
            "lead_inspector",
            "summary",
        ]


class RecommendationSerializer(serializers.ModelSerializer[Recommendation]):
    class Meta:
        model = Recommendation
        fields = [*VERSIONED, "inspection", "number", "text", "kind"]


class PlanSerializer(serializers.ModelSerializer[Plan]):
    class Meta:
        model = Plan
        fields = [*VERSIONED, "title", "kind", "status", "introduction", "merged_into"]


class ThemeSerializer(serializers.ModelSerializer[Theme]):
    class Meta:
        model = Theme
        fields = [*VERSIONED, "plan", "name", "description", "lead", "lead_post", "position"]


class SectionSerializer(serializers.ModelSerializer[Section]):
    class Meta:
        model = Section
        fields = [*VERSIONED, "plan", "theme", "priority_area", "number", "title", "aim"]


class ActionSerializer(serializers.ModelSerializer[Action]):
    class Meta:
        model = Action
        fields = [
            *VERSIONED,
            "plan",
            "section",
            "reference",
            "description",
            "owner_note",
            "starts_on",
            "due_on",
            "original_due_on",
            "status",
            "brag",
            "next_review_on",
        ]


class ProgressUpdateSerializer(serializers.ModelSerializer[ProgressUpdate]):
    class Meta:
        model = ProgressUpdate
        fields = [
            *STAMPS,
            "action",
            "recorded_on",
            "author_name",
            "narrative",
            "status",
            "brag",
            "next_review_on",
            "corrects",
        ]


class MeasureSerializer(serializers.ModelSerializer[Measure]):
    class Meta:
        model = Measure
        fields = [
            *VERSIONED,
            "reference",
            "name",
            "definition",
            "unit",
            "direction",
            "frequency",
            "source",
            "tolerance",
            "retired_on",
        ]


class MeasureValueSerializer(serializers.ModelSerializer[MeasureValue]):
    class Meta:
        model = MeasureValue
        fields = [
            *STAMPS,
            "measure",
            "period_end",
            "value",
            "statistical_neighbours",
            "england",
            "region",
            "note",
            "source",
            "corrects",
            "recorded_by_name",
        ]


class RiskSerializer(serializers.ModelSerializer[Risk]):
    class Meta:
        model = Risk
        fields = [
            *VERSIONED,
            "reference",
            "title",
            "cause",
            "consequence",
            "plan",
            "theme",
            "section",
            "action",
            "inherent_likelihood",
            "inherent_impact",
            "residual_likelihood",
            "residual_impact",
            "review_on",
            "status",
        ]


class MeetingSerializer(serializers.ModelSerializer[Meeting]):
    class Meta:
        model = Meeting
        fields = [*VERSIONED, "board", "held_on", "papers_due_on", "location", "status"]


class HighlightReportSerializer(serializers.ModelSerializer[HighlightReport]):
    class Meta:
        model = HighlightReport
        fields = [
            *VERSIONED,
            "meeting",
            "theme",
            "kind",
            "status",
            "period_start",
            "period_end",
            "summary",
            "key_updates",
            "achievements",
            "risks_and_mitigations",
            "next_steps",
            "support_needed",
            "submitted_at",
        ]


# What the API takes ---------------------------------------------------------------------------

RECORDABLE_STATUSES = [
    (value, label) for value, label in DeliveryStatus.choices if value != DeliveryStatus.VERIFIED
]


class ProgressUpdateCreateSerializer(serializers.Serializer[dict[str, Any]]):
    """A progress entry: what happened, and the action's status and BRAG rating now.
    "Verified as embedded" is reached only through a verification decision, never here."""

    narrative = serializers.CharField(
        max_length=5000,
        error_messages={
            "blank": "Describe the progress made",
            "required": "Describe the progress made",
        },
    )
    status = serializers.ChoiceField(
        choices=RECORDABLE_STATUSES,
        error_messages={"required": "Choose the action's status"},
    )
    brag = serializers.ChoiceField(choices=[c for c in Brag.choices if c[0]], required=False)
    recorded_on = serializers.DateField(required=False, help_text="Defaults to today.")
    next_review_on = serializers.DateField(required=False, allow_null=True)


class DueDateChangeSerializer(serializers.Serializer[dict[str, Any]]):
    """A new due date for an action (re-baselining), with the reason the board will see."""

    due_on = serializers.DateField(
        allow_null=True, error_messages={"required": "Enter the date the action is due"}
    )
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class MeasureValueCreateSerializer(serializers.Serializer[dict[str, Any]]):
    """A measure's value for a period, with the comparators published for it."""

    period_end = serializers.DateField(
        error_messages={"required": "Enter the last day of the period the value is for"}
    )
    value = serializers.DecimalField(
        max_digits=12,
        decimal_places=2,
        error_messages={"required": "Enter the value"},
    )
    statistical_neighbours = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True
    )
    england = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True
    )
    region = serializers.DecimalField(
        max_digits=12, decimal_places=2, required=False, allow_null=True
    )
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)
    # A field named "source" shadows Field.source for mypy; DRF's metaclass takes it out of
    # the class, so the serializer's own `source` is untouched.
    source = serializers.CharField(  # type: ignore[assignment]
        max_length=250, required=False, allow_blank=True
    )
