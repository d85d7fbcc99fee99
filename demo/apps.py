from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Generated datasets at demo, state and national scale (`generate_dataset`). No models."""

    name = "demo"
    verbose_name = "Datos generados a escala"
