from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tracker.accounts"
    label = "accounts"
    verbose_name = "Accounts and local authorities"

    def ready(self) -> None:
        from tracker.accounts import signals

        signals.connect()
