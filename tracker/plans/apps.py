from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "tracker.plans"
    label = "plans"
    verbose_name = "Improvement plans"
