"""A project's loop settings: read (made with the defaults on first use) and changed by managers."""

from django.db import transaction

from annotation.errors import Problem, Refused
from annotation.models import Project

from ..models import ModelVersion, ProjectModelSettings

EDITABLE = (
    "auto_retrain",
    "retrain_threshold",
    "held_out_fraction",
    "preset",
    "training_options",
    "warm_start",
    "promotion_rule",
    "promotion_tolerance",
    "order_queue_by_uncertainty",
)
# Changing these would move prompts between the training and held-out sets, so versions trained
# before and after could no longer be compared.
FIXED_ONCE_TRAINED = ("held_out_fraction",)


def model_settings_for(project: Project) -> ProjectModelSettings:
    """The project's loop settings; the row is made with the defaults on first use."""
    found, _ = ProjectModelSettings.objects.get_or_create(project=project)
    return found


def update_model_settings(*, project: Project, changes: dict) -> ProjectModelSettings:
    """Apply validated `changes` (keys from EDITABLE). The held-out fraction is fixed once the
    project has a model version."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise Refused([Problem(key, "unknown", f"{key} is not a model setting") for key in unknown])
    with transaction.atomic():
        current = ProjectModelSettings.objects.select_for_update().get(pk=model_settings_for(project).pk)
        frozen = [
            key
            for key in FIXED_ONCE_TRAINED
            if key in changes
            and changes[key] != getattr(current, key)
            and ModelVersion.objects.filter(project=project).exists()
        ]
        if frozen:
            raise Refused(
                [
                    Problem(
                        key,
                        "fixed_once_trained",
                        f"{key} is fixed once the project has a model version: changing it would move prompts "
                        "between training and the held-out set, and versions could no longer be compared",
                    )
                    for key in frozen
                ]
            )
        for key, value in changes.items():
            setattr(current, key, value)
        current.save()
    return current


def set_held_out_salt(*, project: Project, salt: str) -> ProjectModelSettings:
    """Choose the salt of the held-out rule (the demo picks one that holds out some of its
    prompts). Fixed once the project has a model version, as the held-out fraction is."""
    with transaction.atomic():
        current = ProjectModelSettings.objects.select_for_update().get(pk=model_settings_for(project).pk)
        if salt != current.held_out_salt and ModelVersion.objects.filter(project=project).exists():
            raise Refused(
                Problem(
                    "held_out_salt", "fixed_once_trained", "held_out_salt is fixed once the project has a model version"
                )
            )
        current.held_out_salt = salt
        current.save(update_fields=["held_out_salt", "updated_at"])
    return current
