"""The raw statements of the hot path (annotation/sql.py) name only tables and columns the models
have, give the same instances as the ORM and write the same rows."""

import re
import uuid
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from annotation import sql
from annotation.models import Annotation, Lease, Project, PromptGroup
from tests.factories import make_group, make_project, make_user

# --- every name a statement uses is a table or column of the models ----------------------------

KEYWORDS = set(
    "SELECT FROM JOIN ON WHERE AND OR NOT EXISTS IN ORDER BY ASC DESC LIMIT UPDATE SET CASE WHEN THEN ELSE "
    "END DELETE INSERT INTO VALUES RETURNING FOR NO KEY OF SKIP LOCKED IS NULL".split()
)
_TABLE = re.compile(r"\b(?:FROM|JOIN|UPDATE|INTO)\s+(\w+)(?:\s+(\w+))?")
_QUALIFIED = re.compile(r"\b(\w+)\.(\w+|\*)")


def statements():
    """(name, text, models=, lock) of every statement in annotation/sql.py."""
    found = []
    for name, value in vars(sql).items():
        if isinstance(value, sql.Statement):
            found.append((name, value.text, value.models, value.lock))
        elif isinstance(value, sql.Insert):
            found.append((name, value.text, {}, ""))
    return found


def problems_in(text, models=None, lock=""):
    """What in `text` is not a table or column of the models; `models`: {alias: model} whose
    `alias.*` the statement reads, checked against the table the alias stands for."""
    by_table = {model._meta.db_table: model for model in apps.get_models() if not model._meta.proxy}
    text = re.sub(r"\{\w+\}|%s|\b\d+\b", " ", text)
    problems, tables, aliases = [], {}, {}
    for table, alias in _TABLE.findall(text):
        if table not in by_table:
            problems.append(f"{table}: no such table")
            continue
        tables[table] = by_table[table]
        if alias and alias not in KEYWORDS:
            aliases[alias] = by_table[table]

    def columns(model):
        return {field.column for field in model._meta.concrete_fields}

    for alias, column in _QUALIFIED.findall(text):
        model = aliases.get(alias) or tables.get(alias)
        if model is None:
            problems.append(f"{alias}.{column}: no such alias")
        elif column != "*" and column not in columns(model):
            problems.append(f"{alias}.{column}: no column of {model._meta.db_table}")
    for alias, model in (models or {}).items():
        if aliases.get(alias) is not model:
            problems.append(f"{alias}.* reads {model.__name__}, but {alias} is not its table")
    for alias in re.findall(r"\bOF\s+(\w+)", lock):
        if alias not in aliases:
            problems.append(f"lock of {alias}: no such alias")

    unqualified = _QUALIFIED.sub(" ", _TABLE.sub(" ", text))
    known = set().union(*(columns(model) for model in tables.values())) if tables else set()
    for name in re.findall(r"\b[A-Za-z_]\w*\b", unqualified):
        if name not in KEYWORDS and name not in known:
            problems.append(f"{name}: no column of {', '.join(tables) or 'any table'}")
    return problems


@pytest.mark.parametrize(("name", "text", "models", "lock"), statements(), ids=[s[0] for s in statements()])
def test_statement_names_only_tables_and_columns_of_the_models(name, text, models, lock):
    assert problems_in(text, models, lock) == []


def test_the_check_finds_a_renamed_column(monkeypatch):
    monkeypatch.setattr(Lease._meta.get_field("expires_at"), "column", "expires_on")
    problems = [problem for _, text, models, lock in statements() for problem in problems_in(text, models, lock)]
    assert "l.expires_at: no column of annotation_lease" in problems  # held_leases
    assert "expires_at: no column of annotation_lease" in problems  # the submission's DELETE


def test_the_check_finds_unknown_tables_aliases_and_columns():
    assert problems_in("SELECT id FROM annotation_leases WHERE id = %s") == [
        "annotation_leases: no such table",
        "id: no column of any table",
        "id: no column of any table",
    ]
    assert problems_in("SELECT x.id FROM annotation_lease l") == ["x.id: no such alias"]
    assert problems_in("UPDATE annotation_promptgroup SET leases = leases + %s WHERE id = %s") == [
        "leases: no column of annotation_promptgroup",
        "leases: no column of annotation_promptgroup",
    ]
    assert problems_in("SELECT l.* FROM annotation_lease l", {"l": Annotation}) == [
        "l.* reads Annotation, but l is not its table"
    ]


# --- rows come back as the ORM gives them, and go in as it writes them -------------------------


@pytest.mark.django_db
def test_rows_come_back_as_the_orm_gives_them():
    project = make_project(members={make_user(): "annotator"})
    group = make_group(project, k=2)
    PromptGroup.objects.filter(pk=group.pk).update(gold_ranking=[1, 2], is_gold=True, completed_at=timezone.now())

    raw_group = sql.lock_group(group_id=group.pk)

    orm_group = PromptGroup.objects.get(pk=group.pk)
    orm_project = Project.objects.get(pk=project.pk)
    for field in PromptGroup._meta.concrete_fields:
        assert getattr(raw_group, field.attname) == getattr(orm_group, field.attname), field.name
    for field in Project._meta.concrete_fields:
        assert getattr(raw_group.project, field.attname) == getattr(orm_project, field.attname), field.name
    # JSON, booleans and datetimes are Python values on every database, not their stored text.
    assert raw_group.gold_ranking == [1, 2] and raw_group.is_gold is True and raw_group.completed_at.tzinfo
    assert isinstance(raw_group.project.rating_dimensions, list)


@pytest.mark.django_db
def test_the_queue_gives_json_and_booleans_as_python_values():
    alice = make_user()
    project = make_project(members={alice: "annotator"})
    group = make_group(project, k=2, gold_ranking=[2, 1])

    queued = sql.lease_next_group(project_id=project.pk, annotator_id=alice.pk, is_gold=True, exclude=())

    assert queued.pk == group.pk
    assert queued.gold_ranking == [2, 1] and queued.is_gold is True and queued.is_started is False
    assert queued.prompt.text == group.prompt.text


@pytest.mark.django_db
def test_the_queue_leaves_out_every_excluded_group():
    alice = make_user()
    project = make_project(members={alice: "annotator"})
    groups = [make_group(project, k=2) for _ in range(4)]

    def first(exclude):
        group = sql.lease_next_group(project_id=project.pk, annotator_id=alice.pk, is_gold=False, exclude=exclude)
        return group and group.pk

    assert first(()) == groups[0].pk
    assert first({groups[0].pk, groups[1].pk, groups[2].pk}) == groups[3].pk
    assert first({group.pk for group in groups}) is None


@pytest.mark.django_db
def test_insert_writes_what_save_would():
    alice = make_user()
    project = make_project(members={alice: "annotator"})
    group = make_group(project, k=2)
    key = uuid.uuid4()
    annotation = sql.insert_annotation(
        Annotation(group=group, annotator=alice, project=project, client_key=key, prompt_flags=["x"])
    )
    stored = Annotation.objects.get(pk=annotation.pk)
    assert (stored.client_key, stored.prompt_flags, stored.status, stored.source) == (key, ["x"], "submitted", "app")
    assert stored.created_at == annotation.created_at  # auto_now_add set on the way in

    expires = timezone.now() + timedelta(minutes=5)
    lease = sql.insert_lease(Lease(group=group, annotator=alice, project=project, expires_at=expires))
    assert Lease.objects.get(pk=lease.pk).expires_at == expires
    assert sql.held_leases(annotator_id=alice.pk, project_id=project.pk, now=timezone.now())[0].pk == lease.pk
