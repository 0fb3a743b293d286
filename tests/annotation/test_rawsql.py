"""The raw statements of the hot path give the same instances as the ORM and write the same rows."""

import uuid

import pytest
from django.utils import timezone

from annotation import rawsql
from annotation.models import Annotation, Lease, Project, PromptGroup
from tests.factories import make_group, make_project, make_user

pytestmark = pytest.mark.django_db


def test_rows_come_back_as_the_orm_gives_them():
    project = make_project(members={make_user(): "annotator"})
    group = make_group(project, k=2)
    PromptGroup.objects.filter(pk=group.pk).update(gold_ranking=[1, 2], is_gold=True, completed_at=timezone.now())
    columns = {"g": rawsql.Columns(PromptGroup, "g"), "p": rawsql.Columns(Project, "p")}
    sql = (
        f"SELECT {columns['g'].sql}, {columns['p'].sql} FROM {rawsql.table(PromptGroup)} g "
        f"JOIN {rawsql.table(Project)} p ON p.id = g.project_id WHERE g.id = %s"
    )
    row = rawsql.fetchone(sql, [group.pk])

    raw_group = columns["g"].build(row)
    raw_project = columns["p"].build(row, len(columns["g"]))
    orm_group = PromptGroup.objects.get(pk=group.pk)
    orm_project = Project.objects.get(pk=project.pk)
    for field in PromptGroup._meta.concrete_fields:
        assert getattr(raw_group, field.attname) == getattr(orm_group, field.attname), field.name
    for field in Project._meta.concrete_fields:
        assert getattr(raw_project, field.attname) == getattr(orm_project, field.attname), field.name
    # JSON, booleans and datetimes are Python values on every database, not their stored text.
    assert raw_group.gold_ranking == [1, 2] and raw_group.is_gold is True and raw_group.completed_at.tzinfo
    assert isinstance(raw_project.rating_dimensions, list)


def test_insert_writes_what_save_would():
    alice = make_user()
    project = make_project(members={alice: "annotator"})
    group = make_group(project, k=2)
    key = uuid.uuid4()
    annotation = rawsql.Insert(Annotation).one(
        Annotation(group=group, annotator=alice, project=project, client_key=key, prompt_flags=["x"])
    )
    stored = Annotation.objects.get(pk=annotation.pk)
    assert (stored.client_key, stored.prompt_flags, stored.status, stored.source) == (key, ["x"], "submitted", "app")
    assert stored.created_at == annotation.created_at  # auto_now_add set on the way in

    expires = timezone.now()
    assert rawsql.Insert(Lease).many([Lease(group=group, annotator=alice, project=project, expires_at=expires)]) == 1
    assert Lease.objects.get().expires_at == expires
