"""POST projects/{id}/model/score/: the production version's scores, the library's numbers."""

import io
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from PIL import Image as PILImage
from rest_framework.test import APIClient

from rewardmodel import core
from rewardmodel.core import load_checkpoint
from tests.factories import make_image

from .helpers import loop_project, ready_version

pytestmark = pytest.mark.django_db

PROMPT = "a red circle"


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def library_scores(version, images):
    model = load_checkpoint(Path(settings.CHECKPOINT_ROOT) / version.checkpoint_path)
    return model.score_batch([PROMPT] * len(images), images).tolist()


def test_scores_of_project_images_are_the_librarys_for_the_production_version():
    project = loop_project()
    version = ready_version(project, production=True)
    images = [make_image(project, size=(40, 30)) for _ in range(5)]

    answer = client_for(project.researcher).post(
        f"/api/v1/projects/{project.pk}/model/score/",
        {"prompt": PROMPT, "image_ids": [i.pk for i in images]},
        format="json",
    )

    assert answer.status_code == 200
    body = answer.json()
    assert body["version"] == {"id": version.pk, "number": version.number, "status": "ready"}
    expected = library_scores(version, [i.file.path for i in images])
    assert [s["image_id"] for s in body["scores"]] == [i.pk for i in images]
    assert [s["score"] for s in body["scores"]] == pytest.approx(expected, abs=1e-5)
    assert len(set(round(s, 6) for s in expected)) > 1  # the images really score differently


def test_uploaded_images_score_like_the_library(settings):
    settings.SCORING_BATCH_SIZE = 2  # three images: two batches
    project = loop_project()
    version = ready_version(project, production=True)
    pictures = [PILImage.new("RGB", (48, 64), colour) for colour in ((200, 30, 30), (30, 200, 30), (30, 30, 200))]
    files = []
    for n, picture in enumerate(pictures):
        buffer = io.BytesIO()
        picture.save(buffer, format="PNG")
        buffer.seek(0)
        buffer.name = f"upload-{n}.png"
        files.append(buffer)

    answer = client_for(project.manager).post(
        f"/api/v1/projects/{project.pk}/model/score/", {"prompt": PROMPT, "images": files}, format="multipart"
    )

    assert answer.status_code == 200
    assert [s["name"] for s in answer.json()["scores"]] == ["upload-0.png", "upload-1.png", "upload-2.png"]
    assert [s["score"] for s in answer.json()["scores"]] == pytest.approx(library_scores(version, pictures), abs=1e-5)


def test_a_named_candidate_version_scores_instead_of_production():
    project = loop_project()
    ready_version(project, production=True, seed=1)
    candidate = ready_version(project, seed=2)
    image = make_image(project)
    body = (
        client_for(project.researcher)
        .post(
            f"/api/v1/projects/{project.pk}/model/score/",
            {"prompt": PROMPT, "image_ids": [image.pk], "version": candidate.pk},
            format="json",
        )
        .json()
    )
    assert body["version"]["id"] == candidate.pk
    assert body["scores"][0]["score"] == pytest.approx(library_scores(candidate, [image.file.path])[0], abs=1e-5)


def test_the_model_is_loaded_once_per_process():
    project = loop_project()
    ready_version(project, production=True)
    image = make_image(project)
    client = client_for(project.researcher)
    with mock.patch("rewardmodel.core.load_checkpoint", wraps=core.load_checkpoint) as load:
        for _ in range(3):
            assert (
                client.post(
                    f"/api/v1/projects/{project.pk}/model/score/",
                    {"prompt": PROMPT, "image_ids": [image.pk]},
                    format="json",
                ).status_code
                == 200
            )
    assert load.call_count == 1


def test_scoring_refusals():
    project = loop_project()
    url = f"/api/v1/projects/{project.pk}/model/score/"
    image = make_image(project)
    other_image = make_image(loop_project())
    client = client_for(project.researcher)

    no_production = client.post(url, {"prompt": PROMPT, "image_ids": [image.pk]}, format="json")
    assert no_production.status_code == 409 and no_production.json()["errors"][0]["rule"] == "no_production"

    ready_version(project, production=True)
    foreign = client.post(url, {"prompt": PROMPT, "image_ids": [image.pk, other_image.pk]}, format="json")
    assert foreign.status_code == 400
    assert foreign.json()["errors"] == [
        {"field": "image_ids[1]", "rule": "not_in_project", "message": f"image {other_image.pk} is not in this project"}
    ]
    neither = client.post(url, {"prompt": PROMPT}, format="json")
    assert neither.status_code == 400 and neither.json()["errors"][0]["field"] == "images"
    assert (
        client_for(project.annotator).post(url, {"prompt": PROMPT, "image_ids": [image.pk]}, format="json").status_code
        == 403
    )


def test_an_unreadable_upload_is_refused_by_index():
    project = loop_project()
    ready_version(project, production=True)
    junk = io.BytesIO(b"not an image")
    junk.name = "junk.png"
    answer = client_for(project.researcher).post(
        f"/api/v1/projects/{project.pk}/model/score/", {"prompt": PROMPT, "images": [junk]}, format="multipart"
    )
    assert answer.status_code == 400 and answer.json()["errors"][0]["field"] == "images[0]"
