"""The scoring upload is bounded before anything is decoded or a model is loaded: the formats
imports accept, and a budget of decoded pixels for the whole request."""

import io
from unittest import mock

import pytest
from PIL import Image as PILImage
from rest_framework.test import APIClient

from .helpers import loop_project, ready_version

pytestmark = pytest.mark.django_db


def upload(format_, size=(8, 8), name=None):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, (200, 30, 30)).save(buffer, format=format_)
    buffer.seek(0)
    buffer.name = name or f"picture.{format_.lower()}"
    return buffer


def score(project, files):
    client = APIClient()
    client.force_authenticate(project.researcher)
    with mock.patch("rewardmodel.scoring.core.load_checkpoint", side_effect=AssertionError("model loaded")):
        return client.post(
            f"/api/v1/projects/{project.pk}/model/score/",
            {"prompt": "a red circle", "images": files},
            format="multipart",
        )


@pytest.mark.parametrize("format_", ["GIF", "BMP", "TIFF"])
def test_an_upload_in_a_format_imports_refuse_is_refused_by_index(format_):
    project = loop_project()
    ready_version(project, production=True)

    answer = score(project, [upload("PNG"), upload(format_)])

    assert answer.status_code == 400
    assert [(e["field"], e["rule"]) for e in answer.json()["errors"]] == [("images[1]", "not_an_image")]


def test_uploads_over_the_requests_pixel_budget_are_refused_before_decoding(settings):
    settings.SCORING_MAX_TOTAL_PIXELS = 100
    project = loop_project()
    ready_version(project, production=True)

    files = [upload("PNG"), upload("JPEG")]  # 64 + 64 pixels

    with mock.patch.object(PILImage.Image, "load", side_effect=AssertionError("decoded")):
        answer = score(project, files)

    assert answer.status_code == 400
    assert [(e["field"], e["rule"]) for e in answer.json()["errors"]] == [("images", "pixel_budget")]


def test_image_ids_beyond_64_bits_are_refused():
    project = loop_project()
    client = APIClient()
    client.force_authenticate(project.researcher)

    answer = client.post(
        f"/api/v1/projects/{project.pk}/model/score/", {"prompt": "p", "image_ids": [2**64]}, format="json"
    )

    assert answer.status_code == 400
    assert [e["rule"] for e in answer.json()["errors"]] == ["max_value"]
