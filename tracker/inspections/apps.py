from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "tracker.inspections"
    label = "inspections"
    verbose_name = "Inspections"
