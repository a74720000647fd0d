from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the system: the daily job and its task, backup and restore, the health probes, the
    demo data, the OpenAPI document. The top layer: it may import every other app, none imports it."""

    name = "ops"
    verbose_name = "运维 Operations"
