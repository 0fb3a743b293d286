"""manage.py import_generations: the CLI face of the import service."""

import io

import pytest
from django.core.management import CommandError, call_command

from annotation import synthetic
from annotation.models import Annotation, ImportBatch, PromptGroup
from tests.factories import make_annotator, make_project, make_user

from .helpers import Folder

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_generations", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_imports_a_folder_and_prints_the_counts(tmp_path):
    project = make_project()
    synthetic.write_generation_folder(tmp_path, n_groups=2, seed=0, k_range=(4, 4), size=8)
    make_user("ops")

    out, _ = run(project.slug, str(tmp_path), "--created-by", "ops")

    batch = ImportBatch.objects.get(project=project)
    assert f"Import batch {batch.pk} into {project.slug}" in out and "groups 2" in out and "images 8" in out
    assert batch.created_by.username == "ops"


def test_command_imports_reference_rankings_as_a_user(tmp_path):
    project = make_project()
    make_annotator(project, "expert")
    counts = synthetic.write_reference_dataset(tmp_path, n_groups=5, seed=0, k_range=(4, 4), size=8)

    run(project.slug, str(tmp_path), "--format", "reference", "--rankings-as", "expert")

    assert Annotation.objects.filter(annotator__username="expert").count() == counts["train"]["groups"]


def test_command_imports_a_qualification_set(tmp_path):
    project = make_project()
    counts = synthetic.write_reference_dataset(tmp_path, n_groups=5, seed=0, k_range=(3, 3), size=8)

    out, _ = run(project.slug, str(tmp_path), "--format", "reference", "--qualification")

    groups = PromptGroup.objects.filter(project=project)
    assert groups.count() == counts["train"]["groups"] > 0
    assert all(g.is_gold and g.is_qualification and g.gold_ranking for g in groups)
    assert f"qualification_groups {groups.count()}" in out


def test_command_refuses_a_qualification_set_without_rankings_and_writes_nothing(tmp_path):
    project = make_project()
    folder = Folder(tmp_path)
    folder.jsonl(folder.group_lines("q1", k=2, ranks=[1, 2]) + folder.group_lines("q2", k=2))
    err = io.StringIO()

    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_generations", project.slug, str(tmp_path), "--qualification", stderr=err)

    assert "manifest.jsonl:3: gold group 'q2' needs a rank for every image [ranking_missing]" in err.getvalue()
    assert not PromptGroup.objects.exists() and not ImportBatch.objects.exists()


def test_command_prints_every_bad_row_and_fails(tmp_path):
    project = make_project()
    folder = Folder(tmp_path)
    lines = folder.group_lines("g1", k=2)
    lines += [{"group": "g1", "prompt": "prompt of g1", "image": "../x.png"}, {"group": "g1", "image": "y.png"}]
    folder.jsonl(lines)
    err = io.StringIO()

    with pytest.raises(CommandError, match="2 problem"):
        call_command("import_generations", project.slug, str(tmp_path), stderr=err)

    assert "manifest.jsonl:3.image:" in err.getvalue() and "manifest.jsonl:4.prompt:" in err.getvalue()
    assert not PromptGroup.objects.exists()


def test_command_refuses_an_unknown_project(tmp_path):
    with pytest.raises(CommandError, match="no project"):
        run("nope", str(tmp_path))
