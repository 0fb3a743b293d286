"""The task screen with images in a bucket, in a real Chromium against the live server (which
runs in this process, so the `bucket` fixture's settings apply to it): the app loads the
presigned URLs that next-task hands out straight from the S3 endpoint (moto's server, or the one
TEST_S3_ENDPOINT_URL names) under the page's Content-Security-Policy, the annotator ranks the
group with the keyboard, and the URLs are asked for again before they expire."""

import time

import pytest

from .demo import make_demo
from .helpers import (
    judgments_of,
    open_task_screen,
    rate_and_rank_with_keys,
    sign_in,
    wait_for_annotations,
    wait_for_group,
    wait_until_saved,
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,
    # WhiteNoise looks for STATIC_ROOT (collectstatic); the live server serves the build directly.
    pytest.mark.filterwarnings("ignore:No directory at"),
]

IMAGES = "main.task-screen .image-box img"
ALL_LOADED = f"""() => {{
    const images = [...document.querySelectorAll({IMAGES!r})];
    return images.length > 0 && images.every((img) => img.complete && img.naturalWidth > 0);
}}"""


@pytest.fixture
def demo(transactional_db, bucket):
    """Demo groups whose image files were stored in the bucket."""
    project, annotator, groups = make_demo(groups=3, k=4)
    return project, annotator, groups


@pytest.fixture
def policy_violations(page):
    seen = []
    page.on("console", lambda m: "Content Security Policy" in m.text and seen.append(m.text))
    return seen


def image_sources(page) -> list[str]:
    return page.locator(IMAGES).evaluate_all("images => images.map((img) => img.src)")


def test_an_annotator_ranks_a_group_whose_images_live_in_the_bucket(page, server, demo, bucket, policy_violations):
    project, _, _ = demo
    sign_in(page, server)
    first = open_task_screen(page, server, project)

    page.wait_for_function(ALL_LOADED)
    sources = image_sources(page)
    assert len(sources) == 4
    assert all(src.startswith(f"{bucket.endpoint.url}/{bucket.name}/lab/media/") for src in sources)
    assert all("X-Amz-Signature=" in src for src in sources)

    rate_and_rank_with_keys(page, overall=(7, 5, 3, 1), slots=(1, 2, 3, 4))
    page.keyboard.press("Control+Enter")

    second = wait_for_group(page, other_than=first)
    page.wait_for_function(ALL_LOADED)  # the prefetched group's images came from the bucket too
    wait_until_saved(page)
    [annotation] = wait_for_annotations(first)
    assert [row[0] for row in judgments_of(annotation)] == [1, 2, 3, 4]
    assert second != first
    assert policy_violations == []


def test_the_task_screen_asks_for_fresh_urls_before_they_expire(page, server, demo, bucket):
    project, _, _ = demo
    project.lease_seconds = 7 * 24 * 3600  # the URLs' week (SigV4's most) ends with the lease
    project.save()
    page.clock.install()
    sign_in(page, server)
    open_task_screen(page, server, project)
    page.wait_for_function(ALL_LOADED)
    before = image_sources(page)
    time.sleep(1.1)  # fresh URLs are signed at a later second, so they differ

    with page.expect_response(lambda r: "/image-urls/" in r.url) as refreshed:
        page.clock.fast_forward((7 * 24 * 3600 - 5 * 60) * 1000)  # a week less five minutes: the refresh is due

    assert refreshed.value.status == 200
    page.wait_for_function(
        f"before => {{ const now = [...document.querySelectorAll({IMAGES!r})].map((i) => i.src);"
        " return now.length === before.length && now.every((src, i) => src !== before[i]); }",
        arg=before,
    )
    page.wait_for_function(ALL_LOADED)
    assert all(src.startswith(f"{bucket.endpoint.url}/{bucket.name}/lab/media/") for src in image_sources(page))
