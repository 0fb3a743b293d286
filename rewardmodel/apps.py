from django.apps import AppConfig


class RewardModelConfig(AppConfig):
    name = "rewardmodel"
    default_auto_field = "django.db.models.BigAutoField"
