"""New annotations queue the stats task that recomputes the stored quality figures: once the
transaction commits, at most once per project per QUALITY_RECOMPUTE_SECONDS and process."""

import pytest

from annotation import quality_trigger
from tests.factories import make_group, make_project, make_user

from .helpers import annotate

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent(monkeypatch):
    calls = []

    class Signature:
        def __init__(self, name, args):
            self.name, self.args = name, args

        def apply_async(self, countdown=None):
            calls.append((self.name, self.args, countdown))

    monkeypatch.setattr(quality_trigger.current_app, "signature", lambda name, args: Signature(name, args))
    monkeypatch.setattr(quality_trigger, "_sent_at", {})
    monkeypatch.setattr(quality_trigger, "_scheduled_for", {})
    return calls


def run_ours(callbacks):
    """Run the trigger's callbacks (not those of other receivers, e.g. the retraining check)."""
    for callback in callbacks:
        if hasattr(callback, "recomputes_quality_of"):
            callback()


def test_an_annotation_queues_a_recompute_of_its_project_after_the_commit(sent, django_capture_on_commit_callbacks):
    project = make_project(annotations_per_group=2)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        annotate(make_group(project, k=2), make_user(), [1, 2])
    assert sent == []

    run_ours(callbacks)

    assert sent == [("annotation.tasks.recompute_quality", (project.pk,), None)]


def test_annotations_within_the_interval_share_one_later_recompute(sent, django_capture_on_commit_callbacks, settings):
    settings.QUALITY_RECOMPUTE_SECONDS = 60
    project = make_project(annotations_per_group=3)
    group = make_group(project, k=2)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        for _ in range(3):
            annotate(group, make_user(), [1, 2])
    run_ours(callbacks)

    assert [countdown for _, _, countdown in sent][0] is None
    assert len(sent) == 2, "one at once, one scheduled for the end of the interval"
    assert 0 < sent[1][2] <= 60
