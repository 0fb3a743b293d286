"""A ReFL run with a bucket: the worker fetches the bundle and the snapshot it pre-trains on from
the bucket, and publishes its result there, downloaded through a presigned URL."""

from pathlib import Path
from unittest import mock

import pytest
from rest_framework.test import APIClient

from rewardmodel.models import ModelVersion, ReflBundleBuild, VersionStatus
from rewardmodel.services import refl_runs
from rewardmodel.services.refl_bundle import build_requested_bundle, request_refl_bundle
from rewardmodel.services.refl_training import execute_refl_run
from tests.exports.helpers import annotated_group, exported
from tests.factories import make_project, make_user
from tests.rewardmodel_loop.refl_helpers import FAST_OPTIONS, PIPELINE, pipeline_root

from .helpers import fetch, sha256
from .test_refl_bundle import commit_tiny_checkpoint

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def files_under(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_a_refl_run_reads_its_inputs_from_the_bucket_and_publishes_its_result_there(bucket, settings, tmp_path):
    settings.REFL_PIPELINE_ROOT = pipeline_root(tmp_path)
    researcher, annotator = make_user(), make_user()
    project = make_project(members={researcher: "researcher", annotator: "annotator"})
    for i in range(6):
        annotated_group(project, annotator, [1, 2, 3], prompt=f"a fox in snow, take {i}")
    snapshot = exported(project, formats=["reference", "refl_data"], options={"images": "copy"})
    name = commit_tiny_checkpoint(project, tmp_path / "trained")
    version = ModelVersion.objects.create(
        project=project, number=1, preset="tiny", status=VersionStatus.READY, checkpoint_path=name
    )
    with mock.patch("rewardmodel.dispatch.enqueue_refl_bundle_build"):
        build = request_refl_bundle(snapshot=snapshot, version=version)
    build_requested_bundle(build_id=build.pk)
    bundle = ReflBundleBuild.objects.get(pk=build.pk)
    with mock.patch("rewardmodel.dispatch.enqueue_refl_run"):
        run = refl_runs.start_refl_run(project=project, bundle_id=bundle.pk, pipeline=PIPELINE, options=FAST_OPTIONS)
    assert files_under(Path(settings.EXPORT_ROOT)) == []  # the inputs are in the bucket only

    assert execute_refl_run(run_id=run.pk, task_id=run.celery_task_id) is not None

    run.refresh_from_db()
    assert [point[0] for point in run.pretrain_loss_history] == [1, 2]  # the snapshot's images, from the bucket
    assert f"{bucket.prefix}/checkpoints/refl/projects/{project.pk}/run-{run.pk}.zip" in bucket.keys("checkpoints")
    assert files_under(Path(settings.CHECKPOINT_ROOT)) == []  # no result, no working folder left here
    client = APIClient()
    client.force_authenticate(researcher)
    download = client.get(f"/api/v1/refl-runs/{run.pk}/download/")
    assert download.status_code == 302
    assert sha256(fetch(download["Location"])) == run.result["archive"]["sha256"]
