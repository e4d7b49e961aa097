"""Forms for plans, themes, sections, actions and progress. They parse input; services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Model, Q
from django.utils import timezone

from tracker.accounts.models import Organisation, Post, User
from tracker.accounts.selectors import organisation_choices, post_choices
from tracker.core.forms import (
    GovUKDateField,
    SearchableSelectMultiple,
    VersionField,
    WholeNumberField,
    limit_choices,
)
from tracker.inspections.models import Inspection, Recommendation
from tracker.plans.models import (
    Action,
    Brag,
    DeliveryStatus,
    Plan,
    PriorityArea,
    ProgressUpdate,
    Section,
    Theme,
)
from tracker.plans.services import MOST_SECTION_NUMBER


class _ModelChoices(forms.ModelMultipleChoiceField[Model]):
    def label_from_instance(self, obj: Model) -> str:
        if isinstance(obj, Recommendation):
            text = obj.text if len(obj.text) < 140 else obj.text[:137] + "…"
            kind = obj.get_kind_display().lower()
            return f"{obj.inspection.started_on:%Y} {kind} {obj.number}: {text}"
        if isinstance(obj, Inspection):
            return f"{obj.get_kind_display()}, {obj.started_on.day} {obj.started_on:%B %Y}"
        return str(obj)


class PlanForm(forms.Form):
    version = VersionField()
    title = forms.CharField(
        label="Title", max_length=250, error_messages={"required": "Enter the plan's title"}
    )
    kind = forms.ChoiceField(
        label="Kind of plan",
        choices=Plan.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of plan"},
    )
    status = forms.ChoiceField(
        label="Status",
        choices=Plan.Status.choices,
        widget=forms.RadioSelect,
        initial=Plan.Status.DRAFT,
        error_messages={"required": "Select the plan's status"},
    )
    inspections = _ModelChoices(
        label="Inspections this plan answers",
        queryset=Inspection.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    owner_description = forms.CharField(
        label="Overseen by (optional)",
        max_length=250,
        required=False,
        help_text="For example, the Director of Children's Services and the leadership team",
    )
    introduction = forms.CharField(
        label="Introduction (optional)", widget=forms.Textarea, required=False
    )

    def __init__(self, *args: Any, local_authority_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self, "inspections", Inspection.objects.filter(local_authority_id=local_authority_id)
        )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "kind": data["kind"],
            "status": data["status"],
            "inspections": list(data["inspections"]),
            "introduction": data["introduction"],
            "owner_description": data["owner_description"],
        }


class PlanFromInspectionForm(forms.Form):
    title = forms.CharField(
        label="Plan title",
        max_length=250,
        error_messages={"required": "Enter the plan's title"},
        help_text="You can change it, and every section, afterwards",
    )


class ThemeForm(forms.Form):
    version = VersionField()
    name = forms.CharField(
        label="Theme", max_length=200, error_messages={"required": "Enter the theme's name"}
    )
    description = forms.CharField(
        label="Description (optional)", widget=forms.Textarea, required=False
    )
    lead = forms.ModelChoiceField(
        label="Thematic lead (optional)",
        queryset=User.objects.none(),
        required=False,
        empty_label="No named lead",
    )
    lead_post = forms.ModelChoiceField(
        label="Thematic lead's post (optional)",
        queryset=Post.objects.none(),
        required=False,
        empty_label="No post",
    )

    def __init__(self, *args: Any, local_authority_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self, "lead", User.objects.filter(local_authority_id=local_authority_id, is_active=True)
        )
        limit_choices(
            self,
            "lead_post",
            post_choices(
                local_authority_id=local_authority_id, keep=[self.initial.get("lead_post")]
            ),
        )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "description": data["description"],
            "lead": data["lead"],
            "lead_post": data["lead_post"],
        }


class PriorityAreaForm(forms.Form):
    version = VersionField()
    name = forms.CharField(
        label="Priority area",
        max_length=200,
        error_messages={
            "required": "Enter the priority area's name",
            "max_length": "The priority area's name must be 200 characters or fewer",
        },
    )
    description = forms.CharField(
        label="Description (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    position = WholeNumberField(
        label="Position in the list (optional)",
        noun="the position",
        min_value=1,
        max_value=99,
        required=False,
        help_text="1 puts it first; leave empty to keep it where it is, or last when new",
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
    )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "description": data["description"],
            "position": data["position"],
        }


class PriorityAreaDeleteForm(forms.Form):
    version = VersionField()


class _PriorityAreaChoice(forms.ModelChoiceField[PriorityArea]):
    def label_from_instance(self, obj: PriorityArea) -> str:
        return f"{obj.plan.title}: {obj.name}"


class SectionForm(forms.Form):
    version = VersionField()
    number = WholeNumberField(
        label="Section number",
        noun="the section number",
        min_value=1,
        max_value=MOST_SECTION_NUMBER,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-3"}),
        error_messages={"required": "Enter the section's number"},
    )
    title = forms.CharField(
        label="Title",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter the section's title"},
    )
    aim = forms.CharField(
        label="Aim (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    theme = forms.ModelChoiceField(
        label="Theme (optional)",
        queryset=Theme.objects.none(),
        required=False,
        empty_label="No theme",
    )
    priority_area = _PriorityAreaChoice(
        label="Priority area (optional)",
        queryset=PriorityArea.objects.none(),
        required=False,
        empty_label="Not linked to a priority area",
        help_text="The main plan's priority area this section delivers, shown with its plan",
    )
    recommendations = _ModelChoices(
        label="Recommendations this section answers",
        queryset=Recommendation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    expected_outcomes = forms.CharField(
        label="Expected outcomes (optional)",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text="One outcome a line",
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "theme", plan.themes.all())
        # Priority areas of the authority's open plans, and the one already linked even if its
        # plan has closed since (so saving the section does not drop the link).
        keep = self.initial.get("priority_area")
        limit_choices(
            self,
            "priority_area",
            PriorityArea.objects.filter(plan__local_authority_id=plan.local_authority_id)
            .filter(~Q(plan__status=Plan.Status.CLOSED) | Q(pk=keep or 0))
            .select_related("plan")
            .order_by("plan__title", "plan_id", "position", "name"),
        )
        limit_choices(
            self,
            "recommendations",
            Recommendation.objects.filter(
                inspection__local_authority_id=plan.local_authority_id,
                inspection__in=plan.inspections.all(),
            ).select_related("inspection"),
        )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        outcomes = [line for line in data["expected_outcomes"].splitlines() if line.strip()]
        return {
            "number": data["number"],
            "title": data["title"],
            "aim": data["aim"],
            "theme": data["theme"],
            "priority_area": data["priority_area"],
            "recommendations": list(data["recommendations"]),
            "expected_outcomes": outcomes,
        }


class ActionForm(forms.Form):
    version = VersionField()
    section = forms.ModelChoiceField(
        label="Section",
        queryset=Section.objects.none(),
        empty_label=None,
        error_messages={"required": "Select the section this action belongs to"},
    )
    reference = forms.CharField(
        label="Reference",
        max_length=20,
        help_text="For example, 2.3",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-5"}),
        error_messages={"required": "Enter the action's reference, for example 2.3"},
    )
    description = forms.CharField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what the action is"},
    )
    owner_posts = _ModelChoices(
        label="Who: posts",
        queryset=Post.objects.none(),
        widget=SearchableSelectMultiple,
        required=False,
        help_text="Whoever holds these posts can update the action",
    )
    owner_organisations = _ModelChoices(
        label="Who: partner organisations",
        queryset=Organisation.objects.none(),
        widget=SearchableSelectMultiple,
        required=False,
    )
    owner_users = _ModelChoices(
        label="Who: named people",
        queryset=User.objects.none(),
        widget=SearchableSelectMultiple,
        required=False,
    )
    owner_note = forms.CharField(
        label="Who: anything more (optional)",
        max_length=300,
        required=False,
        help_text="For example, supported by the Commissioning Officer",
    )
    linked_recommendations = _ModelChoices(
        label="Also answers (optional)",
        queryset=Recommendation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Recommendations of other sections this action also answers",
    )
    starts_on = GovUKDateField(
        label="Start date (optional)", noun="the date the action starts", required=False
    )
    due_on = GovUKDateField(
        label="Due date (optional)", noun="the date the action is due", required=False
    )
    due_date_change_reason = forms.CharField(
        label="If the due date is changing, why?",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Boards see every re-baselined action and its reason",
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        la = plan.local_authority_id
        limit_choices(self, "section", plan.sections.order_by("number"))
        # Retired posts and organisations are offered only where already chosen.
        limit_choices(
            self,
            "owner_posts",
            post_choices(local_authority_id=la, keep=self.initial.get("owner_posts", ())),
        )
        limit_choices(
            self,
            "owner_organisations",
            organisation_choices(
                local_authority_id=la, keep=self.initial.get("owner_organisations", ())
            ),
        )
        limit_choices(
            self, "owner_users", User.objects.filter(local_authority_id=la, is_active=True)
        )
        limit_choices(
            self,
            "linked_recommendations",
            Recommendation.objects.filter(
                inspection__local_authority_id=la, inspection__in=plan.inspections.all()
            ).select_related("inspection"),
        )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "section": data["section"],
            "reference": data["reference"],
            "description": data["description"],
            "owner_posts": list(data["owner_posts"]),
            "owner_users": list(data["owner_users"]),
            "owner_organisations": list(data["owner_organisations"]),
            "owner_note": data["owner_note"],
            "linked_recommendations": list(data["linked_recommendations"]),
            "starts_on": data["starts_on"],
            "due_on": data["due_on"],
        }


class _StatusField(forms.ChoiceField):
    """The statuses offered to this user; any delivery status is accepted, so that the
    service, not the form, explains why one is refused (e.g. verifying one's own action)."""

    def valid_value(self, value: Any) -> bool:
        return value in DeliveryStatus.values


class ProgressForm(forms.Form):
    version = VersionField()
    narrative = forms.CharField(
        label="Progress",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="What has been done, what difference it has made, and what happens next",
        error_messages={"required": "Enter the progress made"},
    )
    # "Verified as embedded" is not offered: it is a lead's decision resting on evidence or
    # audit findings, recorded from the action's page ("Verify as embedded").
    status = _StatusField(
        label="Status",
        choices=[
            (value, label)
            for value, label in DeliveryStatus.choices
            if value != DeliveryStatus.VERIFIED
        ],
        help_text=(
            "To record the action as verified as embedded, an improvement lead or the theme's "
            'thematic lead uses "Verify as embedded" on the action\'s page'
        ),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the action's status",
            "invalid_choice": "Select the action's status",
        },
    )
    brag = forms.ChoiceField(
        label="BRAG rating",
        choices=[(v, label) for v, label in Brag.choices if v],
        widget=forms.RadioSelect,
        required=False,
        help_text="Blue is set for you when the action is complete",
    )
    recorded_on = GovUKDateField(label="Progress as at", noun="the date the progress describes")
    next_review_on = GovUKDateField(
        label="Next review date",
        noun="the next review date",
        required=False,
        help_text="Needed for business as usual actions, which stay under routine monitoring",
    )

    corrects = forms.ModelChoiceField(
        queryset=ProgressUpdate.objects.none(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, action: Action, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recorded_on"].initial = timezone.localdate()
        limit_choices(self, "corrects", action.progress_updates.all())
