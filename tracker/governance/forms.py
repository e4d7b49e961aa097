"""Forms for the governance pages. They parse input; the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms

from tracker.accounts.models import Post, User
from tracker.accounts.selectors import post_choices
from tracker.core.forms import GovUKDateField, SearchableSelectMultiple, VersionField, limit_choices
from tracker.governance.models import Board, Decision, Meeting, Risk
from tracker.plans.models import Action, Plan, Section, Theme
from tracker.plans.selectors import open_plans

SCALE_CHOICES = [("", "Choose")] + [(str(n), str(n)) for n in range(1, 6)]


class _People(forms.ModelMultipleChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class _Actions(forms.ModelMultipleChoiceField[Action]):
    def label_from_instance(self, obj: Action) -> str:
        return f"{obj.reference} {obj.description[:80]}"


def _scale(label: str, noun: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=SCALE_CHOICES,
        coerce=int,
        help_text="1 is lowest, 5 is highest",
        error_messages={
            "required": f"Choose the {noun}, from 1 to 5",
            "invalid_choice": f"Choose the {noun}, from 1 to 5",
        },
    )


class BoardForm(forms.Form):
    version = VersionField()
    name = forms.CharField(
        label="Name", max_length=250, error_messages={"required": "Enter the board's name"}
    )
    kind = forms.ChoiceField(
        label="Type",
        choices=Board.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of board"},
    )
    description = forms.CharField(
        label="Description (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    members = _People(
        label="Members who use the tracker (optional)",
        queryset=User.objects.none(),
        widget=SearchableSelectMultiple,
        required=False,
    )
    member_note = forms.CharField(
        label="Other members (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="For example, the independent chair and partner representatives",
    )

    def __init__(self, *args: Any, local_authority_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            "members",
            User.objects.filter(local_authority_id=local_authority_id, is_active=True).order_by(
                "last_name", "username"
            ),
        )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "kind": data["kind"],
            "description": data["description"],
            "members": list(data["members"]),
            "member_note": data["member_note"],
        }


class MeetingForm(forms.Form):
    version = VersionField()
    held_on = GovUKDateField(label="Meeting date", noun="the date of the meeting")
    papers_due_on = GovUKDateField(
        label="Papers due (optional)",
        noun="the date papers are due",
        required=False,
        help_text="Leave empty for 5 working days before the meeting",
    )
    location = forms.CharField(label="Location (optional)", max_length=250, required=False)
    status = forms.ChoiceField(
        label="Status",
        choices=Meeting.Status.choices,
        widget=forms.RadioSelect,
        initial=Meeting.Status.SCHEDULED,
        error_messages={"required": "Select the meeting's status"},
    )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "held_on": data["held_on"],
            "papers_due_on": data["papers_due_on"],
            "location": data["location"],
            "status": data["status"],
        }


class AgendaItemForm(forms.Form):
    title = forms.CharField(
        label="Report title",
        max_length=300,
        error_messages={"required": "Enter the title of the report"},
    )
    plan = forms.ModelChoiceField(
        label="Plan it reports on (optional)",
        queryset=Plan.objects.none(),
        required=False,
        empty_label="No plan",
    )
    presenter = forms.CharField(label="Presenter (optional)", max_length=200, required=False)

    def __init__(self, *args: Any, local_authority_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "plan", Plan.objects.filter(local_authority_id=local_authority_id))

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"title": data["title"], "plan": data["plan"], "presenter": data["presenter"]}


class _SectionChoice(forms.ModelChoiceField[Section]):
    def label_from_instance(self, obj: Section) -> str:
        return f"{obj.plan.title}, section {obj.number}: {obj.title[:80]}"


class DecisionForm(forms.Form):
    version = VersionField()
    kind = forms.ChoiceField(
        label="Type",
        choices=Decision.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether this is a decision or a recommendation"},
    )
    text = forms.CharField(
        label="What the meeting decided or recommended",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter what the meeting decided or recommended"},
    )
    plan = forms.ModelChoiceField(
        label="Plan (optional)", queryset=Plan.objects.none(), required=False, empty_label="No plan"
    )
    section = _SectionChoice(
        label="Plan section (optional)",
        queryset=Section.objects.none(),
        required=False,
        empty_label="No section",
    )

    def __init__(self, *args: Any, local_authority_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        la = local_authority_id
        limit_choices(self, "plan", open_plans(local_authority_id=la))
        limit_choices(
            self,
            "section",
            Section.objects.filter(plan__local_authority_id=la)
            .select_related("plan")
            .order_by("plan__title", "number"),
        )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "text": data["text"],
            "plan": data["plan"],
            "section": data["section"],
        }


class MakeActionForm(forms.Form):
    section = _SectionChoice(
        label="Plan section",
        queryset=Section.objects.none(),
        empty_label="Choose a section",
        error_messages={"required": "Choose the plan section the action belongs to"},
    )
    reference = forms.CharField(
        label="Action reference",
        max_length=20,
        help_text="For example, 2.3",
        error_messages={"required": "Enter the action's reference"},
    )
    description = forms.CharField(
        label="Action",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the action"},
    )
    due_on = GovUKDateField(
        label="Due date (optional)", noun="the date the action is due", required=False
    )

    def __init__(self, *args: Any, local_authority_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            "section",
            Section.objects.filter(plan__local_authority_id=local_authority_id)
            .select_related("plan")
            .order_by("plan__title", "number"),
        )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "section": data["section"],
            "reference": data["reference"],
            "description": data["description"],
            "due_on": data["due_on"],
        }


class RiskForm(forms.Form):
    version = VersionField()
    reference = forms.CharField(
        label="Reference",
        max_length=20,
        help_text="For example, R1",
        error_messages={"required": "Enter the risk's reference, for example R1"},
    )
    title = forms.CharField(
        label="Risk", max_length=300, error_messages={"required": "Enter the risk"}
    )
    cause = forms.CharField(
        label="Cause (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    consequence = forms.CharField(
        label="Consequence (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    owner_post = forms.ModelChoiceField(
        label="Owner's post (optional)",
        queryset=Post.objects.none(),
        required=False,
        empty_label="No post",
    )
    owner = forms.ModelChoiceField(
        label="Owner (optional)",
        queryset=User.objects.none(),
        required=False,
        empty_label="No named owner",
    )
    plan = forms.ModelChoiceField(
        label="Plan (optional)", queryset=Plan.objects.none(), required=False, empty_label="No plan"
    )
    theme = forms.ModelChoiceField(
        label="Theme (optional)",
        queryset=Theme.objects.none(),
        required=False,
        empty_label="No theme",
    )
    section = _SectionChoice(
        label="Section (optional)",
        queryset=Section.objects.none(),
        required=False,
        empty_label="No section",
    )
    action = forms.ModelChoiceField(
        label="Action (optional)",
        queryset=Action.objects.none(),
        required=False,
        empty_label="No action",
    )
    inherent_likelihood = _scale("Inherent likelihood", "inherent likelihood")
    inherent_impact = _scale("Inherent impact", "inherent impact")
    residual_likelihood = _scale("Residual likelihood", "residual likelihood")
    residual_impact = _scale("Residual impact", "residual impact")
    mitigating_actions = _Actions(
        label="Mitigating actions (optional)",
        queryset=Action.objects.none(),
        widget=SearchableSelectMultiple,
        required=False,
    )
    review_on = GovUKDateField(
        label="Review date (optional)", noun="the date the risk is next reviewed", required=False
    )
    status = forms.ChoiceField(
        label="Status",
        choices=Risk.Status.choices,
        widget=forms.RadioSelect,
        initial=Risk.Status.OPEN,
        error_messages={"required": "Select whether the risk is open or closed"},
    )

    def __init__(self, *args: Any, local_authority_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        la = local_authority_id
        limit_choices(
            self,
            "owner_post",
            post_choices(local_authority_id=la, keep=[self.initial.get("owner_post")]),
        )
        limit_choices(self, "owner", User.objects.filter(local_authority_id=la, is_active=True))
        limit_choices(self, "plan", open_plans(local_authority_id=la))
        limit_choices(
            self,
            "theme",
            Theme.objects.filter(plan__in=open_plans(local_authority_id=la)).order_by("position"),
        )
        limit_choices(
            self,
            "section",
            Section.objects.filter(plan__local_authority_id=la)
            .select_related("plan")
            .order_by("plan__title", "number"),
        )
        actions = Action.objects.filter(plan__local_authority_id=la).order_by("plan_id", "position")
        limit_choices(self, "action", actions)
        limit_choices(self, "mitigating_actions", actions)

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        names = [
            "reference",
            "title",
            "cause",
            "consequence",
            "owner_post",
            "owner",
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
        kwargs = {name: data[name] for name in names}
        kwargs["mitigating_actions"] = list(data["mitigating_actions"])
        return kwargs
