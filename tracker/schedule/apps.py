from django.apps import AppConfig


class ScheduleConfig(AppConfig):
    name = "tracker.schedule"
    label = "schedule"
    verbose_name = "Calendar"
