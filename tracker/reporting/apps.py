from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "tracker.reporting"
    label = "reporting"
    verbose_name = "Reporting: what changed, board papers and exports"
