"""Factories for tests: users, projects with members, prompt groups with real (tiny) images."""

import hashlib
import io
import itertools

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from PIL import Image as PILImage

from annotation.models import GroupImage, Image, Membership, Project, Prompt, PromptGroup, Role

_counter = itertools.count(1)


def make_user(username=None, *, password="pw-for-tests", is_staff=False):
    username = username or f"user{next(_counter)}"
    return get_user_model().objects.create_user(username=username, password=password, is_staff=is_staff)


def make_project(*, name=None, members=None, **fields):
    """members: {user: role or [roles]}"""
    n = next(_counter)
    project = Project.objects.create(name=name or f"Project {n}", slug=f"project-{n}", **fields)
    for user, roles in (members or {}).items():
        for role in [roles] if isinstance(roles, str) else roles:
            Membership.objects.create(project=project, user=user, role=Role(role))
    return project


def make_annotator(project, username=None):
    """A new user who annotates in `project`."""
    user = make_user(username)
    Membership.objects.create(project=project, user=user, role=Role.ANNOTATOR)
    return user


def png_bytes(color=(200, 30, 30), size=(16, 16)):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def make_image(project, *, color=None, size=(16, 16), generator="test-gen", seed=None):
    n = next(_counter)
    data = png_bytes(color or (n * 37 % 256, n * 91 % 256, n * 53 % 256), size)
    # Colour collisions are possible; the counter in the metadata keeps hashes apart.
    image = Image(
        project=project,
        sha256=hashlib.sha256(data + str(n).encode()).hexdigest(),
        width=size[0],
        height=size[1],
        generator=generator,
        seed=seed if seed is not None else n,
        metadata={"n": n},
    )
    image.file.save(f"test-{n}.png", ContentFile(data), save=False)
    image.save()
    return image


def make_group(project, *, k=4, prompt="a red circle above a blue square", needed=None, priority=0, gold_ranking=None):
    prompt_obj = Prompt.objects.create(project=project, text=prompt)
    group = PromptGroup.objects.create(
        project=project,
        prompt=prompt_obj,
        annotations_needed=needed or project.annotations_per_group,
        priority=priority,
        is_gold=gold_ranking is not None,
        gold_ranking=gold_ranking,
    )
    for position in range(k):
        GroupImage.objects.create(group=group, image=make_image(project), position=position)
    return group
