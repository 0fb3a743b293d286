"""Demo data for the browser tests: a project with ImageReward's default protocol and prompt
groups drawn by annotation/synthetic.py (real PNGs of known quality)."""

import hashlib
import io

from django.core.files.base import ContentFile

from annotation.models import GroupImage, Image, Prompt, PromptGroup
from annotation.synthetic import generate_groups
from tests.factories import make_project, make_user

PASSWORD = "annotate-e2e-pw"


def png(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def add_groups(project, n, *, k=4, size=256, seed=0):
    groups = []
    for synthetic in generate_groups(n, seed=seed, k_range=(k, k), size=size):
        prompt = Prompt.objects.create(project=project, text=synthetic.prompt)
        group = PromptGroup.objects.create(
            project=project, prompt=prompt, annotations_needed=project.annotations_per_group, external_id=synthetic.id
        )
        for position, picture in enumerate(synthetic.images):
            data = png(picture)
            image = Image(
                project=project,
                sha256=hashlib.sha256(data).hexdigest(),
                width=picture.width,
                height=picture.height,
                generator="synthetic",
            )
            image.file.save(f"{synthetic.id}-{position}.png", ContentFile(data), save=False)
            image.save()
            GroupImage.objects.create(group=group, image=image, position=position)
        groups.append(group)
    return groups


def make_demo(*, groups=3, k=4, size=256, username="annotator"):
    annotator = make_user(username, password=PASSWORD)
    project = make_project(
        name="Demo shapes",
        members={annotator: "annotator"},
        instructions="Rate every image on the three scales, flag problems, then rank best to worst.",
    )
    return project, annotator, add_groups(project, groups, k=k, size=size)
