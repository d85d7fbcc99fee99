from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Data above every app: the demo programs and accounts (`load_demo`) and generated datasets at
    demo, state and national scale (`generate_dataset`). No models; no app imports it."""

    name = "demo"
    verbose_name = "Datos generados a escala"
