"""Forms for the quality assurance pages. They parse input; the services decide what is
allowed."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from tracker.accounts.models import User
from tracker.core.forms import (
    GovUKDateField,
    SearchableSelectMultiple,
    VersionField,
    WholeNumberField,
    limit_choices,
)
from tracker.performance.models import Audit, Evidence, Finding
from tracker.plans.models import Action, Plan, Section, Theme

MAX_COUNT = 100_000


class _Person(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class _Sections(forms.ModelMultipleChoiceField[Section]):
    def label_from_instance(self, obj: Section) -> str:
        return f"{obj.plan.title}, section {obj.number}: {obj.title[:80]}"


class _Themes(forms.ModelMultipleChoiceField[Theme]):
    def label_from_instance(self, obj: Theme) -> str:
        return f"{obj.plan.title}: {obj.name}"


class _SectionChoice(forms.ModelChoiceField[Section]):
    def label_from_instance(self, obj: Section) -> str:
        return f"{obj.plan.title}, section {obj.number}: {obj.title[:80]}"


class _Actions(forms.ModelMultipleChoiceField[Action]):
    def label_from_instance(self, obj: Action) -> str:
        return f"{obj.reference} {obj.description[:100]}"


class _Evidence(forms.ModelMultipleChoiceField[Evidence]):
    def label_from_instance(self, obj: Evidence) -> str:
        of = "this action" if obj.action_id else f"expected outcome “{obj.expected_outcome}”"
        return f"{obj.title} ({obj.get_kind_display().lower()} of {of}, {obj.dated_on:%d %B %Y})"


class _Findings(forms.ModelMultipleChoiceField[Finding]):
    def label_from_instance(self, obj: Finding) -> str:
        return f"{obj.audit.title}, finding {obj.number}: {obj.text[:100]}"


def _grade(label: str, noun: str) -> WholeNumberField:
    return WholeNumberField(
        label=label, noun=noun, min_value=0, max_value=MAX_COUNT, required=False
    )


class AuditForm(forms.Form):
    version = VersionField()
    kind = forms.ChoiceField(
        label="Kind of audit or review",
        choices=Audit.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose the kind of audit or review",
            "invalid_choice": "Choose the kind of audit or review",
        },
    )
    title = forms.CharField(
        label="Title",
        max_length=250,
        help_text="For example, Case file audit: children in need, October 2026",
        error_messages={"required": "Enter the audit's title"},
    )
    carried_out_on = GovUKDateField(label="Date", noun="the date of the audit")
    lead = _Person(
        label="Lead (optional)",
        queryset=User.objects.none(),
        required=False,
        empty_label="Not a user of the tracker",
    )
    lead_name = forms.CharField(
        label="Lead's name, if not a user of the tracker (optional)",
        max_length=200,
        required=False,
        help_text="For example, the external reviewer of a mock JTAI",
    )
    plan = forms.ModelChoiceField(
        label="Plan it checks (optional)",
        queryset=Plan.objects.none(),
        required=False,
        empty_label="No one plan",
    )
    scope = forms.CharField(
        label="Scope (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="What was looked at, and how: the sample, the period, the method",
    )
    sections = _Sections(
        label="Plan sections it covers (optional)",
        queryset=Section.objects.none(),
        widget=SearchableSelectMultiple,
        required=False,
    )
    themes = _Themes(
        label="Themes it covers (optional)",
        queryset=Theme.objects.none(),
        widget=SearchableSelectMultiple,
        required=False,
    )
    outstanding_count = _grade("Outstanding", "the number graded outstanding")
    good_count = _grade("Good", "the number graded good")
    requires_improvement_count = _grade(
        "Requires improvement to be good", "the number graded requires improvement"
    )
    inadequate_count = _grade("Inadequate", "the number graded inadequate")
    summary = forms.CharField(
        label="Summary (optional)", widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    GRADE_FIELDS = (
        "outstanding_count",
        "good_count",
        "requires_improvement_count",
        "inadequate_count",
    )

    def __init__(self, *args: Any, local_authority_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(
            self,
            "lead",
            User.objects.filter(local_authority_id=local_authority_id, is_active=True).order_by(
                "first_name", "last_name", "username"
            ),
        )
        limit_choices(self, "plan", Plan.objects.filter(local_authority_id=local_authority_id))
        limit_choices(
            self,
            "sections",
            Section.objects.filter(plan__local_authority_id=local_authority_id)
            .select_related("plan")
            .order_by("plan__title", "number"),
        )
        limit_choices(
            self,
            "themes",
            Theme.objects.filter(plan__local_authority_id=local_authority_id)
            .select_related("plan")
            .order_by("plan__title", "name"),
        )

    def grade_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.GRADE_FIELDS]

    def other_fields(self) -> list[forms.BoundField]:
        return [
            self[name]
            for name in self.fields
            if name not in self.GRADE_FIELDS and name not in {"version", "summary"}
        ]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "title": data["title"],
            "carried_out_on": data["carried_out_on"],
            "plan": data["plan"],
            "lead": data["lead"],
            "lead_name": data["lead_name"],
            "scope": data["scope"],
            "sections": list(data["sections"]),
            "themes": list(data["themes"]),
            "summary": data["summary"],
            **{name: data[name] for name in self.GRADE_FIELDS},
        }

    @staticmethod
    def initial_for(audit: Audit) -> dict[str, Any]:
        return {
            "version": audit.version,
            "kind": audit.kind,
            "title": audit.title,
            "carried_out_on": audit.carried_out_on,
            "plan": audit.plan_id,
            "lead": audit.lead_id,
            "lead_name": audit.lead_name,
            "scope": audit.scope,
            "sections": list(audit.sections.values_list("pk", flat=True)),
            "themes": list(audit.themes.values_list("pk", flat=True)),
            "summary": audit.summary,
            **{name: getattr(audit, name) for name in AuditForm.GRADE_FIELDS},
        }


class FindingForm(forms.Form):
    version = VersionField()
    number = WholeNumberField(
        label="Number (optional)",
        noun="the finding's number",
        min_value=1,
        max_value=999,
        required=False,
        help_text="Left empty, the finding is numbered after the audit's last one",
    )
    kind = forms.ChoiceField(
        label="Kind of finding",
        choices=Finding.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose whether the finding is a strength or an area for improvement",
            "invalid_choice": "Choose whether the finding is a strength or an area for improvement",
        },
    )
    text = forms.CharField(
        label="Finding",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the finding"},
    )

    def __init__(self, *args: Any, number_required: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if number_required:
            number = self.fields["number"]
            number.required = True
            number.label = "Number"
            number.help_text = ""


class FindingConfirmForm(forms.Form):
    version = VersionField()
    actions = _Actions(
        label="Plan actions this finding shows are done and making a difference",
        queryset=Action.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply. Clear them all to record that it confirms none",
        error_messages={
            "invalid_choice": "Choose actions of the plan the audit checks",
            "invalid_pk_value": "Choose actions of the plan the audit checks",
        },
    )

    def __init__(self, *args: Any, actions: QuerySet[Action], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "actions", actions)


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

    def __init__(self, *args: Any, audit: Audit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sections = Section.objects.select_related("plan").order_by("plan__title", "number")
        if audit.plan_id is not None:
            sections = sections.filter(plan_id=audit.plan_id)
        else:
            sections = sections.filter(plan__local_authority_id=audit.local_authority_id)
        limit_choices(self, "section", sections)

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "section": data["section"],
            "reference": data["reference"],
            "description": data["description"],
            "due_on": data["due_on"],
        }


class VerifyForm(forms.Form):
    evidence = _Evidence(
        label="Evidence it rests on",
        queryset=Evidence.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="The action's own evidence and its section's expected outcomes' evidence",
        error_messages={
            "invalid_choice": "Choose evidence of this action or its section's expected outcomes",
            "invalid_pk_value": "Choose evidence of this action or its section's expected outcomes",
        },
    )
    findings = _Findings(
        label="Audit findings it rests on",
        queryset=Finding.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Findings recorded as confirming this action",
        error_messages={
            "invalid_choice": "Choose findings recorded as confirming this action",
            "invalid_pk_value": "Choose findings recorded as confirming this action",
        },
    )
    decided_on = GovUKDateField(label="Date of the decision", noun="the date of the decision")
    rationale = forms.CharField(
        label="Why it is embedded",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the evidence and findings show about practice now",
        error_messages={"required": "Enter why the action is embedded"},
    )

    def __init__(
        self,
        *args: Any,
        evidence: QuerySet[Evidence],
        findings: QuerySet[Finding],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        limit_choices(self, "evidence", evidence)
        limit_choices(self, "findings", findings)

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "evidence": list(data["evidence"]),
            "findings": list(data["findings"]),
            "decided_on": data["decided_on"],
            "rationale": data["rationale"],
        }
