from django.apps import AppConfig


class ApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "tracker.api"
    label = "api"
    verbose_name = "API"
