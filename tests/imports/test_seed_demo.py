"""manage.py seed_demo: the demo project, its users, and simulated annotations; idempotent."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from annotation.models import (
    Annotation,
    AnnotatorPause,
    Comparison,
    ImportBatch,
    Membership,
    Project,
    PromptGroup,
    QualityReport,
)

pytestmark = pytest.mark.django_db


def seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo", "--groups", "8", "--annotated", "2", "--size", "32", *args, stdout=out)
    return out.getvalue()


def test_seed_demo_builds_the_demo_project():
    output = seed()

    project = Project.objects.get(slug="demo")
    assert project.name == "Shapes demo" and project.annotations_per_group == 3 and project.gold_rate == 0.1
    assert PromptGroup.objects.filter(project=project, is_gold=False).count() == 8
    gold = PromptGroup.objects.filter(project=project, is_gold=True)
    assert gold.count() == 2 and all(g.gold_ranking for g in gold)
    assert ImportBatch.objects.filter(project=project).count() == 2
    assert "Created the demo project" in output


def test_every_role_has_a_user_whose_printed_password_works():
    output = seed()
    project = Project.objects.get(slug="demo")
    User = get_user_model()
    for username, role in [
        ("manager", "manager"),
        ("reviewer", "reviewer"),
        ("researcher", "researcher"),
        ("annotator", "annotator"),
        ("annotator2", "annotator"),
    ]:
        user = User.objects.get(username=username)
        assert Membership.objects.filter(project=project, user=user, role=role).exists()
        assert f"{username}" in output and user.check_password(f"demo-{username}")
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.check_password("demo-admin")


def test_simulated_annotators_have_annotated_some_groups_through_the_queue():
    seed()
    annotations = Annotation.objects.filter(project__slug="demo")
    assert annotations.count() == 6  # 3 simulated annotators x 2 tasks
    assert set(annotations.values_list("annotator__username", flat=True)) == {"annotator2", "annotator3", "annotator4"}
    assert not annotations.filter(annotator__username="annotator").exists()
    assert Comparison.objects.filter(project__slug="demo").exists()
    # The queue finishes started groups first, so the three annotators share the same groups.
    assert annotations.values("group").distinct().count() == 2


def test_running_it_twice_changes_nothing_and_prints_the_logins_again():
    seed()
    counts = (
        PromptGroup.objects.count(),
        Annotation.objects.count(),
        get_user_model().objects.count(),
        Membership.objects.count(),
        Project.objects.count(),
    )

    output = seed()

    assert (
        PromptGroup.objects.count(),
        Annotation.objects.count(),
        get_user_model().objects.count(),
        Membership.objects.count(),
        Project.objects.count(),
    ) == counts
    assert "The demo project exists" in output and "demo-annotator" in output


def test_seed_demo_keeps_the_password_of_a_user_that_existed_before():
    get_user_model().objects.create_user(username="admin", password="my own secret")
    seed()
    assert get_user_model().objects.get(username="admin").check_password("my own secret")


def test_the_careless_simulated_annotator_is_paused_and_the_careful_ones_are_not():
    out = io.StringIO()
    call_command("seed_demo", "--groups", "30", "--annotated", "15", "--size", "16", stdout=out)

    paused = AnnotatorPause.objects.filter(project__slug="demo", resumed_at__isnull=True)
    assert [p.annotator.username for p in paused] == ["annotator4"]
    assert paused[0].paused_by is None and paused[0].rule == "agreement"
    assert QualityReport.objects.filter(project__slug="demo").exists()
    assert "Paused by the quality rules: annotator4" in out.getvalue()
