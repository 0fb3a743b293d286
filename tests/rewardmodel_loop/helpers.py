"""Helpers for the loop tests: projects of synthetic prompt groups (whose quality is known, so a
tiny model learns them), simulated annotators submitting through the real submission service,
and loop settings small enough to train on a CPU."""

import hashlib
import io
import uuid

from django.core.files.base import ContentFile

from annotation.models import GroupImage, Image, Prompt, PromptGroup
from annotation.services.submission import submit_annotation
from annotation.synthetic import SimulatedAnnotator, generate_groups
from rewardmodel.models import ProjectModelSettings
from tests.factories import make_project, make_user

# Two epochs over a handful of groups: small enough for one CPU core.
FAST_TRAINING = {"epochs": 2, "groups_per_batch": 4, "log_every": 1, "eval_groups_per_batch": 8}


def png(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def add_synthetic_groups(project, n, *, seed=0, k=4):
    """n prompt groups of k (or k = (min, max)) synthetic 64 px images; returns
    [(PromptGroup, SyntheticGroup)]."""
    made = []
    k_range = (k, k) if isinstance(k, int) else tuple(k)
    for synthetic in generate_groups(n, seed=seed, k_range=k_range):
        prompt = Prompt.objects.create(project=project, text=synthetic.prompt)
        group = PromptGroup.objects.create(
            project=project, prompt=prompt, annotations_needed=1, external_id=f"{seed}-{synthetic.id}"
        )
        for position, picture in enumerate(synthetic.images):
            data = png(picture)
            image = Image(
                project=project,
                sha256=hashlib.sha256(data + f"{seed}-{synthetic.id}-{position}".encode()).hexdigest(),
                width=picture.width,
                height=picture.height,
                generator="synthetic",
            )
            image.file.save(f"{synthetic.id}-{position}.png", ContentFile(data), save=False)
            image.save()
            GroupImage.objects.create(group=group, image=image, position=position)
        made.append((group, synthetic))
    return made


def loop_project(*, threshold=1000, held_out_fraction=0.25, training=FAST_TRAINING, salt="test-salt", **settings):
    """A project with a manager, a researcher and an annotator, and loop settings for tests."""
    manager, researcher, annotator = make_user(), make_user(), make_user()
    project = make_project(members={manager: "manager", researcher: "researcher", annotator: "annotator"})
    ProjectModelSettings.objects.update_or_create(
        project=project,
        defaults={
            "retrain_threshold": threshold,
            "held_out_fraction": held_out_fraction,
            "held_out_salt": salt,
            "training_options": dict(training),
            "preset": "tiny",
            **settings,
        },
    )
    project.manager, project.researcher, project.annotator = manager, researcher, annotator
    return project


def submit(group, synthetic, annotator, *, noise=0.2, seed=0):
    """What a simulated expert submits for the group, through the submission service."""
    judgment = SimulatedAnnotator(noise=noise, seed=seed).judge(synthetic, dimensions=group.project.rating_dimensions)
    image_ids = list(group.group_images.order_by("position").values_list("image_id", flat=True))
    return submit_annotation(
        group=group,
        annotator=annotator,
        client_key=uuid.uuid4(),
        prompt_category=judgment.prompt_category,
        prompt_flags=[],
        images=judgment.as_submission(image_ids),
        time_spent_ms=1000,
    ).annotation


def annotate(project, n, *, seed=0, k=4):
    """Add n groups and submit one annotation for each; returns the annotations."""
    return [
        submit(group, synthetic, project.annotator)
        for group, synthetic in add_synthetic_groups(project, n, seed=seed, k=k)
    ]


def ready_version(project, *, production=False, seed=0, prompts=("a red circle", "two blue squares"), **fields):
    """A ready version whose checkpoint is a freshly initialised tiny model (no training), made
    production by the service when asked; for tests of promotion, scoring and the API."""
    from pathlib import Path

    import torch
    from django.conf import settings
    from django.db import transaction

    from rewardmodel.core import PromptTokenizer, build_model, save_checkpoint
    from rewardmodel.models import ModelVersion, PromotionAction, VersionStatus
    from rewardmodel.selectors import next_version_number
    from rewardmodel.services.promotion import _switch

    number = next_version_number(project)
    torch.manual_seed(seed)
    model = build_model("tiny", PromptTokenizer.build(prompts))
    # The reference head starts near zero for every input; redraw it so that scores differ,
    # on the order of 1.
    for layer in model.head.layers:
        if isinstance(layer, torch.nn.Linear):
            torch.nn.init.normal_(layer.weight, std=layer.in_features**-0.5)
            torch.nn.init.normal_(layer.bias, std=0.1)
    relative = f"project-{project.pk}/v{number}-test"
    save_checkpoint(model, Path(settings.CHECKPOINT_ROOT) / relative)
    version = ModelVersion.objects.create(
        project=project, number=number, preset="tiny", status=VersionStatus.READY, checkpoint_path=relative, **fields
    )
    if production:
        with transaction.atomic():
            _switch(project=project, version=version, action=PromotionAction.PROMOTE)
        version.refresh_from_db()
    return version
