from django.apps import AppConfig


class AnnotationConfig(AppConfig):
    name = "annotation"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Registers the app's Celery tasks in every process, not only in workers: services queue
        # them by name (annotation.dispatch), and eager mode runs only registered tasks.
        from . import tasks  # noqa: F401
        from .quality_trigger import schedule_recompute
        from .signals import annotation_recorded

        annotation_recorded.connect(schedule_recompute, dispatch_uid="annotation-quality-recompute")
