from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "账户 Accounts"

    def ready(self) -> None:
        from accounts import signals

        signals.connect()
