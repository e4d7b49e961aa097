"""The form that shares a plan with a partner organisation."""

from __future__ import annotations

from typing import Any

from django import forms

from tracker.accounts.models import Organisation
from tracker.plans.models import Plan
from tracker.plans.partners.selectors import plan_partner_choices


class PlanPartnerGrantForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label="Partner organisation",
        queryset=Organisation.objects.none(),
        empty_label="Choose an organisation",
        help_text="Its people will see this plan, its actions and risks, and update the "
        "actions their organisation owns. They see nothing else of the council.",
        error_messages={
            "required": "Choose the partner organisation to share the plan with",
            "invalid_choice": "Choose one of the partner organisations listed",
        },
    )

    def __init__(self, *args: Any, plan: Plan, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = plan_partner_choices(plan=plan)


class PlanPartnerWithdrawForm(forms.Form):
    """A confirmation: nothing to fill in."""
