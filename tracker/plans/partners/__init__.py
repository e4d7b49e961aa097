"""Sharing a plan with partner organisations: who may see it, granted and withdrawn by the
council's improvement team (`tracker.plans.access.plans_visible_to` reads the grants)."""
