from django.apps import AppConfig


class PenaltiesConfig(AppConfig):
    name = "penalties"
    verbose_name = "黑名单 Penalties"
