from django.apps import AppConfig


class PerformanceConfig(AppConfig):
    name = "tracker.performance"
    label = "performance"
    verbose_name = "Impact: measures, evidence and quality assurance"

    def ready(self) -> None:
        from tracker.performance import panels  # noqa: F401  (registers the page panels)
