from django.apps import AppConfig
from django.db.models.signals import post_save


class RewardModelAppConfig(AppConfig):
    name = "rewardmodel"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from annotation.models import Annotation

        from .signals import annotation_created

        post_save.connect(annotation_created, sender=Annotation, dispatch_uid="rewardmodel.annotation_created")
