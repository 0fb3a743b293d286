"""Pausing under real concurrency on PostgreSQL: an annotator who keeps asking for work from
several tabs while they are paused holds no lease once the pause commits, and gets none after."""

import threading

import pytest
from django.db import connections

from annotation.errors import Refused
from annotation.models import Lease
from annotation.services.assignment import next_task, release_lease
from annotation.services.quality import pause_annotator
from tests.factories import make_group, make_project, make_user

TABS = 4


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_paused_annotator_holds_no_lease_whatever_their_tabs_do():
    annotator = make_user("busy")
    project = make_project(members={annotator: "annotator"}, annotations_per_group=1)
    for n in range(30):
        make_group(project, k=2, prompt=f"prompt {n}")
    paused = threading.Event()
    refused_after_pause, errors = [], []

    def tab():
        try:
            while True:
                was_paused = paused.is_set()
                try:
                    lease = next_task(project=project, annotator=annotator)
                except Refused as refusal:
                    if refusal.problems[0].rule == "paused":
                        refused_after_pause.append(True)
                        return
                    continue  # max_held_leases: another tab holds two
                if was_paused and lease is not None:
                    errors.append(AssertionError("a lease was given after the pause committed"))
                    return
                if lease is None:
                    return
                release_lease(group=lease.group, annotator=annotator)  # and ask again
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=tab) for _ in range(TABS)]
    for thread in threads:
        thread.start()
    pause_annotator(project=project, annotator=annotator, rule="manual", reason="test")
    paused.set()
    for thread in threads:
        thread.join(timeout=60)

    assert not errors, errors
    assert len(refused_after_pause) == TABS
    assert not Lease.objects.filter(annotator=annotator).exists()
