"""Exports stream: what an export holds at once is bounded by its chunk of annotations and its
Parquet row group, not by the size of the snapshot. Measured as the peak of Python allocations
(tracemalloc) while exporting N and 4N groups, with the chunk and the row group made small so
that both sizes span many of them: the peak must not grow with the number of groups."""

import gc
import tracemalloc

import pytest

from annotation.exports import files, source, writers
from annotation.exports.spec import EMBEDDING_FORMATS, FORMATS
from annotation.models import Annotation, GroupImage, ImageAnnotation, Prompt, PromptGroup
from annotation.services.exports import create_snapshot, export_snapshot
from tests.factories import make_image, make_project, make_user

pytestmark = pytest.mark.django_db

GROUPS = 80
# Rankings of 4 images, with and without ties; each group takes the next one.
RANKINGS = [(1, 2, 3, 4), (2, 1, 4, 3), (1, 1, 2, 3), (3, 1, 2, 2), (4, 3, 2, 1)]
SPLIT = {"method": "fractions", "seed": 0, "fractions": {"train": 0.8, "valid": 0.1, "test": 0.1}}


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch):
    monkeypatch.setattr(source, "chunk_size", lambda: 12)
    monkeypatch.setattr(writers, "ROW_GROUP_ROWS", 48)
    # Text files are written through a buffer and checksums and the zip read a block at a
    # time: small ones keep these constants from hiding what the export holds.
    monkeypatch.setattr(writers, "TEXT_BUFFER", 1 << 12)
    monkeypatch.setattr(files, "READ_CHUNK", 1 << 12)


def project_of(n_groups: int, annotator):
    """A project of n annotated groups, written in bulk (the same 4 image files in every group)."""
    project = make_project(members={annotator: "annotator"}, annotations_per_group=1)
    images = [make_image(project) for _ in range(4)]
    prompts = Prompt.objects.bulk_create(
        Prompt(project=project, text=f"prompt {n}: a lighthouse at dusk, oil painting") for n in range(n_groups)
    )
    groups = PromptGroup.objects.bulk_create(
        PromptGroup(project=project, prompt=prompt, annotations_needed=1, annotation_count=1) for prompt in prompts
    )
    GroupImage.objects.bulk_create(
        GroupImage(group=group, image=image, position=p) for group in groups for p, image in enumerate(images)
    )
    annotations = Annotation.objects.bulk_create(
        Annotation(group=group, annotator=annotator, project=project, prompt_category="Outdoor Scenes")
        for group in groups
    )
    ImageAnnotation.objects.bulk_create(
        ImageAnnotation(
            annotation=annotation,
            image=image,
            slot=slot,
            ratings={"overall": 8 - slot, "alignment": 8 - slot, "fidelity": 8 - slot},
            flags=[],
        )
        for n, annotation in enumerate(annotations)
        for image, slot in zip(images, RANKINGS[n % len(RANKINGS)])
    )
    return project


def export_peak(project, formats, images) -> int:
    """Peak bytes of Python allocations while exporting the project's snapshot."""
    snapshot = create_snapshot(project=project, split=SPLIT, formats=formats, options={"images": images}, enqueue=False)
    gc.collect()
    tracemalloc.start()
    try:
        snapshot = export_snapshot(snapshot_id=snapshot.pk)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert snapshot.counts["groups"] == project.groups.count()
    return peak


@pytest.mark.parametrize(("formats", "images"), [(list(FORMATS), "none"), (list(EMBEDDING_FORMATS), "embed")])
def test_export_memory_does_not_grow_with_the_number_of_groups(formats, images):
    annotator = make_user("expert1")
    small, large = project_of(GROUPS, annotator), project_of(4 * GROUPS, annotator)
    export_peak(small, formats, images)  # first use: imports, caches, pyarrow's set-up

    small_peak = export_peak(small, formats, images)
    large_peak = export_peak(large, formats, images)
    # What an export may hold for every annotation is its id (the snapshot's frozen list) and
    # its prompt's key: well under 200 bytes. Holding a group's record, or its rows until the
    # end, costs kilobytes a group.
    assert (large_peak - small_peak) / (3 * GROUPS) < 400, (small_peak, large_peak)
