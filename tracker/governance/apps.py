from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "tracker.governance"
    label = "governance"
    verbose_name = "Governance: boards, meetings and risks"
