"""When retraining is queued: by the threshold of new comparisons, by hand, by the periodic
check; and never two runs at once for a project, enforced by the database."""

import threading
from unittest import mock

import pytest
from django.db import IntegrityError, connection, transaction

from annotation.errors import Conflict
from annotation.models import Comparison
from rewardmodel import selectors, signals
from rewardmodel.models import RunState, RunTrigger, TrainingRun
from rewardmodel.services import runs
from rewardmodel.tasks import check_retrain, periodic_check

from .helpers import add_synthetic_groups, annotate, loop_project, submit


@pytest.fixture(autouse=True)
def no_broker():
    """Record the messages instead of sending them (no worker in these tests)."""
    check = mock.Mock()
    app = mock.Mock()
    # The signal sends check_retrain by name (rewardmodel/signals.py); record the project it names.
    app.send_task.side_effect = lambda name, args, **options: (
        check(*args, **options) if name == "rewardmodel.tasks.check_retrain" else None
    )
    signals.forget_sent_checks()
    with (
        mock.patch("rewardmodel.services.runs._dispatch") as dispatch,
        mock.patch("rewardmodel.signals.current_app", app),
    ):
        yield {"train": dispatch, "check": check}
    signals.forget_sent_checks()


@pytest.mark.django_db
def test_database_refuses_a_second_active_run_for_a_project():
    project = loop_project()
    TrainingRun.objects.create(project=project, trigger=RunTrigger.MANUAL, preset="tiny")
    with pytest.raises(IntegrityError), transaction.atomic():
        TrainingRun.objects.create(project=project, trigger=RunTrigger.THRESHOLD, preset="tiny", state=RunState.RUNNING)


@pytest.mark.django_db
def test_finished_runs_do_not_block_a_new_one():
    project = loop_project()
    TrainingRun.objects.create(project=project, trigger=RunTrigger.MANUAL, preset="tiny", state=RunState.FAILED)
    TrainingRun.objects.create(project=project, trigger=RunTrigger.MANUAL, preset="tiny", state=RunState.SUCCEEDED)
    assert runs.queue_training_run(project=project, trigger=RunTrigger.MANUAL).state == RunState.QUEUED


@pytest.mark.django_db
def test_manual_retrain_while_a_run_is_active_is_a_conflict():
    project = loop_project()
    first = runs.queue_training_run(project=project, trigger=RunTrigger.MANUAL)
    with pytest.raises(Conflict) as refused:
        runs.queue_training_run(project=project, trigger=RunTrigger.MANUAL)
    assert f"run {first.pk} is queued" in refused.value.detail
    assert TrainingRun.objects.filter(project=project).count() == 1


@pytest.mark.django_db(transaction=True)
def test_queued_run_is_sent_to_the_gpu_task_after_commit(no_broker):
    project = loop_project()
    with transaction.atomic():
        run = runs.queue_training_run(project=project, trigger=RunTrigger.MANUAL)
        assert not no_broker["train"].called
    no_broker["train"].assert_called_once_with(run.pk, run.celery_task_id)


@pytest.mark.django_db
def test_threshold_counts_non_tied_comparisons_since_the_last_run():
    project = loop_project(threshold=10)
    annotate(project, 1)  # 4 images: at most 6 pairs
    assert selectors.new_comparisons(project) < 10
    assert runs.maybe_queue_retrain(project=project) is None
    annotate(project, 4, seed=1)
    new = selectors.new_comparisons(project)
    assert new >= 10
    run = runs.maybe_queue_retrain(project=project)
    assert run is not None and run.new_comparisons == new and run.trigger == RunTrigger.THRESHOLD
    # Its data is everything so far: once it read it, nothing is new.
    cutoff = Comparison.objects.latest("created_at").created_at
    TrainingRun.objects.filter(pk=run.pk).update(state=RunState.SUCCEEDED, data_cutoff=cutoff)
    assert selectors.new_comparisons(project) == 0
    assert runs.maybe_queue_retrain(project=project) is None


@pytest.mark.django_db
def test_no_automatic_run_below_threshold_or_when_auto_retrain_is_off():
    project = loop_project(threshold=10_000)
    annotate(project, 3)
    assert runs.maybe_queue_retrain(project=project) is None
    off = loop_project(threshold=1, auto_retrain=False)
    annotate(off, 2, seed=1)
    assert runs.maybe_queue_retrain(project=off) is None
    assert not TrainingRun.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_submission_schedules_one_check_after_commit(no_broker):
    project = loop_project()
    [(group, synthetic)] = add_synthetic_groups(project, 1)
    submit(group, synthetic, project.annotator)
    no_broker["check"].assert_called_once_with(project.pk)


@pytest.mark.django_db(transaction=True)
def test_a_transaction_writing_many_annotations_schedules_one_check(no_broker):
    project = loop_project()
    made = add_synthetic_groups(project, 3)
    with transaction.atomic():
        for group, synthetic in made:
            submit(group, synthetic, project.annotator)
    no_broker["check"].assert_called_once_with(project.pk)


@pytest.mark.django_db(transaction=True)
def test_submissions_in_quick_succession_send_one_check_now_and_one_at_the_end_of_the_spell(no_broker, settings):
    settings.REWARD_MODEL_TRIGGER_SECONDS = 5
    project = loop_project()
    made = add_synthetic_groups(project, 4)
    clock = mock.Mock(return_value=1000.0)
    with mock.patch("rewardmodel.signals.time.monotonic", clock):
        submit(*made[0], project.annotator)  # the first of a quiet spell: at once
        clock.return_value = 1001.5
        submit(*made[1], project.annotator)  # within the spell: one check at its end
        clock.return_value = 1003.0
        submit(*made[2], project.annotator)  # covered by that check: nothing sent
        assert no_broker["check"].call_args_list == [mock.call(project.pk), mock.call(project.pk, countdown=3.5)]
        clock.return_value = 1005.0
        submit(*made[3], project.annotator)  # the spell is over: at once again
    assert no_broker["check"].call_args_list == [
        mock.call(project.pk),
        mock.call(project.pk, countdown=3.5),
        mock.call(project.pk),
    ]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_submission_schedules_nothing_and_does_not_mute_the_next(no_broker):
    project = loop_project()
    (first, first_synthetic), (second, second_synthetic) = add_synthetic_groups(project, 2)
    with pytest.raises(RuntimeError), transaction.atomic():
        submit(first, first_synthetic, project.annotator)
        raise RuntimeError("the request failed after the submission")
    assert not no_broker["check"].called
    with transaction.atomic():
        submit(second, second_synthetic, project.annotator)
    no_broker["check"].assert_called_once_with(project.pk)


@pytest.mark.django_db
def test_check_retrain_task_queues_when_the_threshold_is_reached(no_broker):
    project = loop_project(threshold=5)
    annotate(project, 3)
    run_id = check_retrain.run(project.pk)
    assert TrainingRun.objects.get().pk == run_id
    assert check_retrain.run(project.pk) is None  # the active run blocks another


@pytest.mark.django_db
def test_periodic_check_catches_a_threshold_the_signal_missed(no_broker):
    project = loop_project(threshold=5)
    annotate(project, 3)
    quiet = loop_project(threshold=10_000)
    annotate(quiet, 1, seed=3)
    result = periodic_check.run()
    assert [TrainingRun.objects.get(project=project).pk] == result["queued"]
    assert TrainingRun.objects.get(project=project).trigger == RunTrigger.PERIODIC
    assert not TrainingRun.objects.filter(project=quiet).exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_triggers_give_one_run_on_postgresql():
    project = loop_project(threshold=5)
    annotate(project, 3)
    barrier = threading.Barrier(6)
    results, errors = [], []

    def trigger(manual):
        try:
            barrier.wait()
            if manual:
                try:
                    results.append(runs.queue_training_run(project=project, trigger=RunTrigger.MANUAL).pk)
                except Conflict:
                    results.append(None)
            else:
                run = runs.maybe_queue_retrain(project=project)
                results.append(run.pk if run else None)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=trigger, args=(i % 2 == 0,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert TrainingRun.objects.filter(project=project).count() == 1
    assert [pk for pk in results if pk is not None] == [TrainingRun.objects.get().pk]
