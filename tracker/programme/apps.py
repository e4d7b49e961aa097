from django.apps import AppConfig


class ProgrammeConfig(AppConfig):
    name = "tracker.programme"
    label = "programme"
    verbose_name = "Improvement programme"
