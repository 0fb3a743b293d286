"""Image files are served to members of their project, cacheable privately for a long time."""

import pytest

from tests.factories import make_group, make_project, make_user, png_bytes

pytestmark = pytest.mark.django_db


def test_a_member_gets_the_image_bytes_with_long_private_caching(client_for):
    alice = make_user()
    project = make_project(members={alice: "researcher"})
    image = make_group(project, k=1).group_images.get().image

    response = client_for(alice).get(image.file.url, HTTP_ACCEPT="image/png")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Cache-Control"] == "private, max-age=31536000, immutable"
    body = b"".join(response.streaming_content)
    with image.file.open("rb") as stored:
        assert body == stored.read()
    assert body[:8] == png_bytes()[:8]


def test_a_member_of_another_project_gets_404(client_for):
    outsider = make_user()
    make_project(members={outsider: "manager"})
    image = make_group(make_project(), k=1).group_images.get().image

    assert client_for(outsider).get(image.file.url).status_code == 404


def test_an_unknown_file_is_404(client_for):
    assert client_for(make_user(is_staff=True)).get("/media/images/none.png").status_code == 404
