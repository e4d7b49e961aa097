"""The demo's merge: the JTAI Statement of Action merged into the 2023 improvement plan.

Solihull's improvement board agreed in August 2022 to bring the Statement of Action into the
improvement plan (`jtai_2022`). The merge goes through the same service as the pages: each of
its six sections becomes a new section of the improvement plan under the theme of the same
name, so the six themes and their thematic leads are kept. Run it after the other demo
loaders, which find the Statement of Action by its title and references.
"""

from __future__ import annotations

from tracker.accounts.models import LocalAuthority
from tracker.plans.demo import ilacs_2022, jtai_2022
from tracker.plans.merging.services import MergeResult, plan_merge
from tracker.plans.models import Plan


class MergeDemoMissing(Exception):
    """The demo plans the merge needs are not loaded."""


def load_merge_demo(*, local_authority: LocalAuthority) -> MergeResult | None:
    """Merge the demo's Statement of Action into its improvement plan; None when it has been
    merged already (safe to run again)."""
    plans = {
        plan.title: plan
        for plan in Plan.objects.filter(
            local_authority=local_authority,
            title__in=[jtai_2022.PLAN_TITLE, ilacs_2022.PLAN_TITLE],
        )
    }
    statement = plans.get(jtai_2022.PLAN_TITLE)
    improvement_plan = plans.get(ilacs_2022.PLAN_TITLE)
    if statement is None or improvement_plan is None:
        raise MergeDemoMissing(
            "The demo's Statement of Action and improvement plan are not loaded: run "
            "load_demo_data first"
        )
    if statement.is_merged:
        return None
    return plan_merge(user=None, sources=[statement], target=improvement_plan)
