from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "rules"

    def ready(self) -> None:
        from rules import types  # noqa: F401  (registers every rule once the models are loaded)
