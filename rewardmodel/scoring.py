"""Scoring with a model version: the checkpoint is loaded once per process and kept (an LRU of
SCORING_CACHE_SIZE versions keyed by version id; a version's checkpoint never changes once it
is in place, so the id is a sound key). With a bucket, the checkpoint is first copied into the
process's checkpoint cache (rewardmodel/checkpoints.py). Images are scored SCORING_BATCH_SIZE at a time by
`rewardmodel.core`'s `score_batch`, so the numbers are exactly the library's. `core` loads
torch with the first model a process scores with, not with this module."""

import threading
from collections import OrderedDict
from io import BytesIO
from pathlib import Path

from django.conf import settings
from PIL import Image as PILImage

from annotation.errors import Conflict, Problem, Refused
from annotation.imports import IMAGE_FORMATS
from annotation.models import Image

from . import checkpoints, core
from .models import ModelVersion

_lock = threading.Lock()
_models: "OrderedDict[int, object]" = OrderedDict()


def checkpoint_dir(version: ModelVersion) -> Path:
    """A local folder of the version's checkpoint (fetched into the cache from a bucket)."""
    return checkpoints.local_checkpoint(version.checkpoint_path)


def inference_device() -> str:
    return settings.REWARD_MODEL_DEVICE or core.default_device()


def model_for(version: ModelVersion):
    """The version's model, loaded on first use in this process."""
    with _lock:
        model = _models.get(version.pk)
        if model is not None:
            _models.move_to_end(version.pk)
            return model
        model = core.load_checkpoint(checkpoint_dir(version), device=inference_device())
        _models[version.pk] = model
        while len(_models) > max(1, settings.SCORING_CACHE_SIZE):
            _models.popitem(last=False)
        return model


def loaded_versions() -> list[int]:
    with _lock:
        return list(_models)


def clear_cache() -> None:
    with _lock:
        _models.clear()


def score_images(version: ModelVersion, prompts: list[str], images: list) -> list[float]:
    """Normalised scores of (prompts[i], images[i]); images are PIL images or paths."""
    if not images:
        return []
    model = model_for(version)
    scores = model.score_batch(
        prompts, images, batch_size=settings.SCORING_BATCH_SIZE, dtype=settings.SCORING_DTYPE or None
    )
    return [float(s) for s in scores]


def version_to_score_with(project, version_id: int | None) -> ModelVersion:
    """The ready version `version_id` of the project, or its production version."""
    if version_id is None:
        version = ModelVersion.objects.filter(project=project, is_production=True).first()
        if version is None:
            raise Conflict(
                Problem("version", "no_production", "the project has no production model version yet"),
                detail="Scoring refused: the project has no production model version yet.",
            )
        return version
    version = ModelVersion.objects.filter(project=project, pk=version_id).first()
    if version is None or version.status != "ready":
        state = (
            "no such version in this project" if version is None else f"version {version.number} is {version.status}"
        )
        raise Refused(Problem("version", "not_ready", state), detail=f"Scoring refused: {state}.")
    return version


def score_project_images(*, project, version: ModelVersion, prompt: str, image_ids: list[int]) -> list[dict]:
    """Scores of images already in the project, in the order asked."""
    found = {image.pk: image for image in Image.objects.filter(project=project, pk__in=image_ids)}
    missing = [(i, image_id) for i, image_id in enumerate(image_ids) if image_id not in found]
    if missing:
        raise Refused(
            [
                Problem(f"image_ids[{i}]", "not_in_project", f"image {image_id} is not in this project")
                for i, image_id in missing
            ]
        )
    scores = score_images(version, [prompt] * len(image_ids), [image_source(found[i]) for i in image_ids])
    return [{"image_id": image_id, "name": None, "score": score} for image_id, score in zip(image_ids, scores)]


def score_uploads(*, version: ModelVersion, prompt: str, files: list) -> list[dict]:
    """Scores of uploaded image files, in upload order. Every file is a PNG, JPEG or WebP (as
    for imports) within MAX_IMAGE_PIXELS, and all of them together within
    SCORING_MAX_TOTAL_PIXELS: the headers are read and checked before any image is decoded. A
    file that breaks a rule is refused by index."""
    opened, problems = [], []
    for i, upload in enumerate(files):
        try:
            image = PILImage.open(upload, formats=list(IMAGE_FORMATS))
            if image.width * image.height > settings.MAX_IMAGE_PIXELS:
                raise ValueError(f"{image.width}x{image.height} is more than {settings.MAX_IMAGE_PIXELS} pixels")
            opened.append(image)
        except (OSError, ValueError, PILImage.DecompressionBombError) as exc:
            problems.append(Problem(f"images[{i}]", "not_an_image", f"{getattr(upload, 'name', 'file')}: {exc}"))
    total = sum(image.width * image.height for image in opened)
    if not problems and total > settings.SCORING_MAX_TOTAL_PIXELS:
        problems.append(
            Problem(
                "images",
                "pixel_budget",
                f"{total} pixels in all; at most {settings.SCORING_MAX_TOTAL_PIXELS} per request",
            )
        )
    images = []
    for i, image in enumerate(opened):
        if problems:
            break
        try:
            image.load()
            images.append(image)
        except (OSError, ValueError, PILImage.DecompressionBombError) as exc:
            problems.append(Problem(f"images[{i}]", "not_an_image", f"{getattr(files[i], 'name', 'file')}: {exc}"))
    if problems:
        raise Refused(problems)
    scores = score_images(version, [prompt] * len(images), images)
    return [
        {"image_id": None, "name": getattr(upload, "name", None), "score": score}
        for upload, score in zip(files, scores)
    ]


def image_source(image: Image):
    """A path the model can read: the file itself on a filesystem storage, else its bytes."""
    try:
        return image.file.path
    except NotImplementedError:
        with image.file.open("rb") as handle:
            return PILImage.open(BytesIO(handle.read()))
