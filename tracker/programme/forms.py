"""Forms for the programme pages. They parse input; the services decide what is allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models
from django.db.models import Model, QuerySet
from django.utils import timezone

from tracker.accounts.models import Post, User
from tracker.accounts.selectors import post_choices
from tracker.core.forms import GovUKDateField, MoneyField, VersionField, limit_choices
from tracker.plans.models import Plan, Section, Theme
from tracker.plans.selectors import open_plans
from tracker.programme import rules
from tracker.programme.models import BudgetLine, Deliverable, FundingStatus, Programme, Project, Rag

# The budget form offers financial years from this one to five years after the current one.
EARLIEST_FINANCIAL_YEAR_OFFERED = 2015
YEARS_AFTER = 5


class _Choices(forms.ModelMultipleChoiceField[Model]):
    def label_from_instance(self, obj: Model) -> str:
        if isinstance(obj, Theme):
            return f"{obj.name} ({obj.plan.title})"
        if isinstance(obj, Section):
            title = obj.title if len(obj.title) < 100 else obj.title[:97] + "…"
            return f"{obj.plan.title}, section {obj.number}: {title}"
        return str(obj)


def financial_year_choices(*, include: int | None = None) -> list[tuple[str, str]]:
    """Financial years up to five after the current one, labelled "2024/25", newest first."""
    current = rules.financial_year_for(timezone.localdate())
    years = set(range(EARLIEST_FINANCIAL_YEAR_OFFERED, current + YEARS_AFTER + 1))
    if include is not None:
        years.add(include)
    return [("", "Select a financial year")] + [
        (str(year), rules.financial_year_label(year)) for year in sorted(years, reverse=True)
    ]


class ProgrammeForm(forms.Form):
    version = VersionField()
    name = forms.CharField(
        label="Name",
        max_length=250,
        help_text="For example, Children's services improvement programme",
        error_messages={"required": "Enter the programme's name"},
    )
    plan = forms.ModelChoiceField(
        label="Plan it delivers (optional)",
        queryset=Plan.objects.none(),
        required=False,
        empty_label="No plan",
    )
    description = forms.CharField(
        label="Description (optional)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, local_authority_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "plan", open_plans(local_authority_id=local_authority_id))

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"name": data["name"], "plan": data["plan"], "description": data["description"]}


class ProjectForm(forms.Form):
    version = VersionField()
    name = forms.CharField(
        label="Project name",
        max_length=250,
        error_messages={"required": "Enter the project's name"},
    )
    purpose = forms.CharField(
        label="Purpose (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="What the project is for and the difference it will make for children",
    )
    sponsor_post = forms.ModelChoiceField(
        label="Sponsor's post (optional)",
        queryset=Post.objects.none(),
        required=False,
        empty_label="No post",
    )
    sponsor = forms.ModelChoiceField(
        label="Sponsor (optional)",
        queryset=User.objects.none(),
        required=False,
        empty_label="No named sponsor",
    )
    lead_post = forms.ModelChoiceField(
        label="Project lead's post (optional)",
        queryset=Post.objects.none(),
        required=False,
        empty_label="No post",
    )
    lead = forms.ModelChoiceField(
        label="Project lead (optional)",
        queryset=User.objects.none(),
        required=False,
        empty_label="No named lead",
    )
    rag = forms.ChoiceField(
        label="RAG rating",
        choices=[(value or "", label) for value, label in Rag.choices],
        widget=forms.RadioSelect,
        required=False,
        initial="",
    )
    funding_status = forms.ChoiceField(
        label="Funding status",
        choices=FundingStatus.choices,
        widget=forms.RadioSelect,
        initial=FundingStatus.REQUESTED,
        error_messages={"required": "Select the project's funding status"},
    )
    themes = _Choices(
        label="Plan themes this project delivers (optional)",
        queryset=Theme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    sections = _Choices(
        label="Plan sections this project delivers (optional)",
        queryset=Section.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        la = programme.local_authority_id
        people = User.objects.filter(local_authority_id=la, is_active=True)
        for name in ("sponsor_post", "lead_post"):
            keep = [self.initial.get(name)]
            limit_choices(self, name, post_choices(local_authority_id=la, keep=keep))
        limit_choices(self, "sponsor", people)
        limit_choices(self, "lead", people)
        themes: QuerySet[Theme] = Theme.objects.filter(plan__in=open_plans(local_authority_id=la))
        sections: QuerySet[Section] = Section.objects.filter(plan__local_authority_id=la)
        if programme.plan_id is not None:
            themes = themes.filter(plan_id=programme.plan_id)
            sections = sections.filter(plan_id=programme.plan_id)
        limit_choices(
            self, "themes", themes.select_related("plan").order_by("plan__title", "position")
        )
        limit_choices(
            self, "sections", sections.select_related("plan").order_by("plan__title", "number")
        )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "purpose": data["purpose"],
            "sponsor_post": data["sponsor_post"],
            "sponsor": data["sponsor"],
            "lead_post": data["lead_post"],
            "lead": data["lead"],
            "rag": data["rag"] or "",
            "funding_status": data["funding_status"],
            "themes": list(data["themes"]),
            "sections": list(data["sections"]),
        }


class DeliverableForm(forms.Form):
    version = VersionField()
    description = forms.CharField(
        label="Deliverable",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the project will deliver",
        error_messages={"required": "Enter what the project will deliver"},
    )
    due_on = GovUKDateField(label="Due date", noun="the date the deliverable is due")
    status = forms.ChoiceField(
        label="Status",
        choices=Deliverable.Status.choices,
        widget=forms.RadioSelect,
        initial=Deliverable.Status.NOT_STARTED,
        error_messages={"required": "Select the deliverable's status"},
    )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "description": data["description"],
            "due_on": data["due_on"],
            "status": data["status"],
        }


class MilestoneForm(forms.Form):
    version = VersionField()
    name = forms.CharField(
        label="Milestone", max_length=250, error_messages={"required": "Enter the milestone"}
    )
    due_on = GovUKDateField(label="Due date", noun="the date the milestone is due")
    achieved_on = GovUKDateField(
        label="Date achieved (optional)",
        noun="the date the milestone was achieved",
        required=False,
        help_text="Leave empty until the milestone is achieved. For example, 27 3 2026",
    )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"name": data["name"], "due_on": data["due_on"], "achieved_on": data["achieved_on"]}


def _amount(**kwargs: Any) -> MoneyField:
    """An amount bounded like the budget line's columns (12 digits, 2 after the point)."""
    column = BudgetLine._meta.get_field("allocation")
    assert isinstance(column, models.DecimalField)  # noqa: S101 - a programming error
    return MoneyField(
        max_digits=column.max_digits or 0, decimal_places=column.decimal_places or 0, **kwargs
    )


class BudgetLineForm(forms.Form):
    version = VersionField()
    project = forms.ModelChoiceField(
        label="Project",
        queryset=Project.objects.none(),
        required=False,
        empty_label="The programme as a whole",
    )
    financial_year = forms.TypedChoiceField(
        label="Financial year",
        coerce=int,
        help_text="April to March",
        error_messages={
            "required": "Select the financial year",
            "invalid_choice": "Select the financial year",
        },
    )
    allocation = _amount(label="Allocation", noun="allocation")
    actual_spend = _amount(
        label="Actual spend", noun="actual spend", help_text="Enter 0 if nothing is spent yet"
    )
    forecast = _amount(
        label="Forecast", noun="forecast", help_text="What you expect to spend by 31 March"
    )
    note = forms.CharField(label="Note (optional)", max_length=300, required=False)

    def __init__(
        self, *args: Any, programme: Programme, year: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "project", programme.projects.order_by("position", "name"))
        field = self.fields["financial_year"]
        assert isinstance(field, forms.TypedChoiceField)  # noqa: S101 - a programming error
        field.choices = financial_year_choices(include=year)

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "project": data["project"],
            "financial_year": data["financial_year"],
            "allocation": data["allocation"],
            "actual_spend": data["actual_spend"],
            "forecast": data["forecast"],
            "note": data["note"],
        }
