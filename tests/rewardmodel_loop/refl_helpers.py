"""A project with a built ReFL bundle (a snapshot exported in the reference format with its
images, and a tiny reward model) and the tiny pipeline of tests/refl under a pipeline root: what
a ReFL run of the platform needs, all made here."""

import shutil
from pathlib import Path
from unittest import mock

from annotation.services.exports import snapshot_dir
from rewardmodel.models import ReflBundleBuild
from rewardmodel.services.refl_bundle import build_requested_bundle, request_refl_bundle
from tests.exports.helpers import annotated_group, exported
from tests.exports.test_refl_bundle import model_version
from tests.factories import make_project, make_user
from tests.refl.helpers import write_tiny_pipeline

PIPELINE = "tiny-sd"
# A run of a few steps with the bundle's own reward model: two held-out prompts, evaluated before
# training and at the end, the pre-training loss on the snapshot's best-ranked images.
FAST_OPTIONS = {
    "num_steps": 4,
    "t_min": 2,
    "t_max": 3,
    "steps": 2,
    "batch_size": 1,
    "pretrain_batch_size": 1,
    "eval_prompts": 2,
    "eval_every": 0,
    "log_every": 1,
    "lr": 0.01,
}


def pipeline_root(root: Path, template: Path | None = None) -> Path:
    """A REFL_PIPELINE_ROOT holding the tiny pipeline as PIPELINE (a copy: a symlink that leads
    out of the root is refused)."""
    pipelines = root / "pipelines"
    if template is None:
        write_tiny_pipeline(pipelines / PIPELINE)
    else:
        shutil.copytree(template, pipelines / PIPELINE)
    return pipelines


def refl_world(*, images: str = "copy"):
    """(project, researcher, ready bundle)."""
    researcher, annotator = make_user(), make_user()
    project = make_project(members={researcher: "researcher", annotator: "annotator"})
    for i in range(6):
        annotated_group(project, annotator, [1, 2, 3], prompt=f"a fox in snow, take {i}")
    formats = ["reference", "refl_data"]
    snapshot = exported(project, formats=formats, options={"images": images})
    assert snapshot_dir(snapshot).is_dir()
    version = model_version(project)
    with mock.patch("rewardmodel.dispatch.enqueue_refl_bundle_build"):  # built here, not by a worker
        build = request_refl_bundle(snapshot=snapshot, version=version)
    build_requested_bundle(build_id=build.pk)
    return project, researcher, ReflBundleBuild.objects.get(pk=build.pk)
