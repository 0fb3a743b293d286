from django.apps import AppConfig


class RewardModelAppConfig(AppConfig):
    name = "rewardmodel"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from annotation.models import Annotation
        from annotation.signals import annotation_recorded

        from .signals import schedule_retrain_check

        annotation_recorded.connect(
            schedule_retrain_check, sender=Annotation, dispatch_uid="rewardmodel.schedule_retrain_check"
        )
