"""The annotation app's raw SQL: the statements of the annotators' hot path (next-task, submit,
and the membership and token lookups every annotating request makes), each written out once, as
SQL, behind a named function. Services call these functions and hold no SQL.

Why raw: at the load target every request counts, and the ORM builds and compiles each query
anew on every call, several times what running the statement costs (`bench/load_annotators.py
cost` prints the figures per request). Everything off the hot path uses the ORM.

How the statements are written and run:

* Tables and columns are named as SQL. `tests/annotation/test_sql.py` reads every name the
  statements use and checks it against the models: a renamed field fails there.
* In a select list, `x.*` stands for every concrete column of the model read through alias `x`
  (`models=`), written out in the model's field order when the statement first runs. Such a row
  comes back as an instance, through the fields' own database converters (JSON, booleans and
  datetimes on SQLite, ...), as the ORM gives it. Values going in are prepared by the fields
  (`pre_save`, `get_db_prep_save` / `get_db_prep_value`), as the ORM writes them.
* They run through Django's connection: transactions, `atomic`, `CaptureQueriesContext` and the
  test database behave as for ORM queries.
* Only SQL that PostgreSQL and SQLite share, except the row locks (`lock=`), added on PostgreSQL
  only: on SQLite every transaction is IMMEDIATE (config/settings.py), so writers are serialised
  anyway.
"""

import re
import textwrap
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import Model
from rest_framework.authtoken.models import Token

from .models import Annotation, Comparison, GroupImage, Image, ImageAnnotation, Lease, Project, Prompt, PromptGroup
from .webhooks.models import WebhookEvent

# --- how a statement runs ----------------------------------------------------------------------


class Statement:
    """`sql` as run on the current database: each `alias.*` of its select list (they come first,
    before any plain column) written out from the model `models[alias]`, and `lock` (a row lock
    clause) appended on PostgreSQL. Rows come back as tuples: an instance for each `alias.*`,
    then the plain columns' values. `{name}` fields of the text are filled per call (`fields`)."""

    def __init__(self, sql: str, *, models: dict[str, type[Model]] | None = None, lock: str = ""):
        self.text = textwrap.dedent(sql).strip()
        self.models = models or {}
        self.lock = lock
        self.aliases = _STAR.findall(self.text)
        if sorted(self.aliases) != sorted(self.models):
            raise ValueError(f"the select list reads {self.aliases}.*, models= names {sorted(self.models)}")
        self._written: dict[str, tuple[str, list[_Columns]]] = {}

    def fetchall(self, params: Sequence, **fields: str) -> list[tuple]:
        sql, columns = self._for_vendor()
        with connection.cursor() as cursor:
            cursor.execute(sql.format(**fields) if fields else sql, params)
            rows = cursor.fetchall()
        return [_build(row, columns) for row in rows] if columns else rows

    def fetchone(self, params: Sequence, **fields: str) -> tuple | None:
        sql, columns = self._for_vendor()
        with connection.cursor() as cursor:
            cursor.execute(sql.format(**fields) if fields else sql, params)
            row = cursor.fetchone()
        return _build(row, columns) if row is not None and columns else row

    def execute(self, params: Sequence) -> int:
        """Run it; the number of rows it changed."""
        return _execute(self._for_vendor()[0], params)

    def _for_vendor(self) -> tuple[str, list["_Columns"]]:
        vendor = connection.vendor
        written = self._written.get(vendor)
        if written is None:
            columns = {alias: _Columns(self.models[alias], alias) for alias in self.aliases}
            sql = _STAR.sub(lambda star: columns[star.group(1)].sql, self.text)
            if self.lock and vendor == "postgresql":
                sql += "\n" + self.lock
            written = self._written[vendor] = (sql, [columns[alias] for alias in self.aliases])
        return written


class Insert:
    """An INSERT of new instances of `model` as `Model.save()` and `bulk_create` write them:
    `sql` with `{columns}` standing for every concrete column but the auto primary key and
    `{rows}` for a row of placeholders per instance; each value through the field's `pre_save`
    (so `auto_now_add` is set) and `get_db_prep_save`. No signals are sent."""

    def __init__(self, model: type[Model], sql: str):
        self.model = model
        self.text = textwrap.dedent(sql).strip()
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key and not f.generated]
        self.row = "(" + ", ".join(["%s"] * len(self.fields)) + ")"
        self._written: dict[str, str] = {}

    def one(self, obj: Model) -> Model:
        """Insert `obj` and set its primary key (the statement ends in RETURNING it)."""
        with connection.cursor() as cursor:
            cursor.execute(self._sql().replace("{rows}", self.row), self._values(obj))
            (obj.pk,) = cursor.fetchone()
        obj._state.adding = False
        obj._state.db = connection.alias
        return obj

    def many(self, objs: Iterable[Model]) -> int:
        """Insert `objs` in one statement; how many rows it wrote."""
        objs = list(objs)
        if not objs:
            return 0
        params: list = []
        for obj in objs:
            params.extend(self._values(obj))
        return _execute(self._sql().replace("{rows}", ", ".join([self.row] * len(objs))), params)

    def _sql(self) -> str:
        vendor = connection.vendor
        sql = self._written.get(vendor)
        if sql is None:
            columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
            sql = self._written[vendor] = self.text.replace("{columns}", columns)
        return sql

    def _values(self, obj: Model) -> list:
        return [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in self.fields]


_STAR = re.compile(r"\b(\w+)\.\*")


class _Columns:
    """The concrete columns of `model` read through a table alias: their SQL, and how to turn
    their slice of a result row into an instance."""

    def __init__(self, model: type[Model], alias: str):
        self.model = model
        fields = model._meta.concrete_fields
        self.attnames = [f.attname for f in fields]
        self.sql = ", ".join(f"{alias}.{connection.ops.quote_name(f.column)}" for f in fields)
        self.converters = []
        for field in fields:
            expression = field.get_col(model._meta.db_table)
            functions = connection.ops.get_db_converters(expression) + field.get_db_converters(connection)
            self.converters.append((expression, functions))

    def build(self, values: list) -> Model:
        for index, (expression, functions) in enumerate(self.converters):
            for function in functions:
                values[index] = function(values[index], expression, connection)
        return self.model.from_db(connection.alias, self.attnames, values)


def _build(row: Sequence, columns: list[_Columns]) -> tuple:
    built, start = [], 0
    for model_columns in columns:
        end = start + len(model_columns.attnames)
        built.append(model_columns.build(list(row[start:end])))
        start = end
    built.extend(row[start:])
    return tuple(built)


def _execute(sql: str, params: Sequence) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def _value(model: type[Model], field: str, value):
    """`value` prepared as the field would write it (datetimes on SQLite are UTC text)."""
    return model._meta.get_field(field).get_db_prep_value(value, connection)


# --- next-task ---------------------------------------------------------------------------------


def commit_asynchronously() -> None:
    """PostgreSQL: the COMMIT of the current transaction returns without waiting for its WAL to
    reach the disk."""
    _execute("SET LOCAL synchronous_commit TO OFF", [])


_LOCK_ANNOTATOR = Statement(
    """
    SELECT id FROM auth_user WHERE id = %s
    """,
    lock="FOR NO KEY UPDATE",
)


def lock_annotator(*, annotator_id: int) -> None:
    """Lock the annotator's user row until the end of the transaction (waits for other holders)."""
    _LOCK_ANNOTATOR.fetchall([annotator_id])


_OPEN_PAUSE = Statement(
    """
    SELECT ap.id FROM annotation_annotatorpause ap
    WHERE ap.project_id = %s AND ap.annotator_id = %s AND ap.resumed_at IS NULL
    """
)


def open_pause_id(*, project_id: int, annotator_id: int) -> int | None:
    """The id of the annotator's open pause in the project, if they are paused. Read after the
    annotator's row is locked (pausing takes that lock too), so a pause just committed is seen."""
    row = _OPEN_PAUSE.fetchone([project_id, annotator_id])
    return row[0] if row else None


_HELD_LEASES = Statement(
    """
    SELECT l.*, g.*, p.*
    FROM annotation_lease l
    JOIN annotation_promptgroup g ON g.id = l.group_id
    JOIN annotation_prompt p ON p.id = g.prompt_id
    WHERE l.annotator_id = %s AND l.project_id = %s AND l.expires_at > %s
    ORDER BY l.created_at, l.id
    """,
    models={"l": Lease, "g": PromptGroup, "p": Prompt},
)


def held_leases(*, annotator_id: int, project_id: int, now: datetime) -> list[Lease]:
    """The annotator's live leases in the project, oldest first, each with group and prompt."""
    leases = []
    for lease, group, prompt in _HELD_LEASES.fetchall([annotator_id, project_id, _value(Lease, "expires_at", now)]):
        group.prompt = prompt
        lease.group = group
        leases.append(lease)
    return leases


# The filter is the predicate of the partial index group_open_queue_idx, written the same way so
# that the planner uses the index, and the order is the index's. `{excluded}`: the groups the
# caller excludes, one placeholder each (nothing when there are none).
_LEASE_NEXT_GROUP = Statement(
    """
    SELECT g.*, p.*
    FROM annotation_promptgroup g
    JOIN annotation_prompt p ON p.id = g.prompt_id
    WHERE g.project_id = %s AND g.is_gold = %s
      AND g.annotation_count < (g.annotations_needed - g.lease_count)
      AND NOT EXISTS (SELECT 1 FROM annotation_annotation a WHERE a.group_id = g.id AND a.annotator_id = %s)
      AND NOT EXISTS (SELECT 1 FROM annotation_skip s WHERE s.group_id = g.id AND s.annotator_id = %s)
      AND NOT EXISTS (SELECT 1 FROM annotation_lease l WHERE l.group_id = g.id AND l.annotator_id = %s)
      {excluded}
    ORDER BY g.is_started DESC, g.priority DESC, g.created_at ASC, g.id ASC
    LIMIT 1
    """,
    models={"g": PromptGroup, "p": Prompt},
    lock="FOR NO KEY UPDATE OF g SKIP LOCKED",
)


def lease_next_group(
    *, project_id: int, annotator_id: int, is_gold: bool, exclude: Iterable[int], qualification: bool = False
) -> PromptGroup | None:
    """The first group of the project's queue of this kind with a free place, not annotated,
    skipped or leased by the annotator and not in `exclude` (with `qualification`, among the
    qualification groups only), with its prompt, locked (on PostgreSQL SKIP LOCKED: concurrent
    callers take different groups); None when there is none."""
    exclude = sorted(exclude)
    excluded = f"AND g.id NOT IN ({', '.join(['%s'] * len(exclude))})" if exclude else ""
    if qualification:
        excluded += " AND g.is_qualification"
    row = _LEASE_NEXT_GROUP.fetchone(
        [project_id, is_gold, annotator_id, annotator_id, annotator_id, *exclude], excluded=excluded
    )
    if row is None:
        return None
    group, group.prompt = row
    return group


_INSERT_LEASE = Insert(
    Lease,
    """
    INSERT INTO annotation_lease ({columns}) VALUES {rows} RETURNING id
    """,
)


def insert_lease(lease: Lease) -> Lease:
    """Insert the new `lease` as save() would (sending no signal) and set its id."""
    return _INSERT_LEASE.one(lease)


_TASK_IMAGES = Statement(
    """
    SELECT gi.*, i.*
    FROM annotation_groupimage gi
    JOIN annotation_image i ON i.id = gi.image_id
    WHERE gi.group_id = %s
    ORDER BY gi.position
    """,
    models={"gi": GroupImage, "i": Image},
)


def task_images(*, group_id: int) -> list[GroupImage]:
    """The group's images in position order, each with its image."""
    group_images = []
    for group_image, image in _TASK_IMAGES.fetchall([group_id]):
        group_image.image = image
        group_images.append(group_image)
    return group_images


# --- places: a group's counters, changed with its row locked -----------------------------------


_LOCK_GROUP = Statement(
    """
    SELECT g.*, pr.*
    FROM annotation_promptgroup g
    JOIN annotation_project pr ON pr.id = g.project_id
    WHERE g.id = %s
    """,
    models={"g": PromptGroup, "pr": Project},
    lock="FOR NO KEY UPDATE OF g",
)


def lock_group(*, group_id: int) -> PromptGroup | None:
    """The group with its project, locked until the end of the transaction (waits for other
    holders); None when there is no such group."""
    row = _LOCK_GROUP.fetchone([group_id])
    if row is None:
        return None
    group, group.project = row
    return group


_CHANGE_LEASE_COUNT = Statement(
    """
    UPDATE annotation_promptgroup SET lease_count = lease_count + %s WHERE id = %s
    """
)


def change_lease_count(*, group_id: int, delta: int) -> None:
    _CHANGE_LEASE_COUNT.execute([delta, group_id])


# --- submit ------------------------------------------------------------------------------------


_ANNOTATIONS_BY_KEY_OR_GROUP = Statement(
    """
    SELECT a.*
    FROM annotation_annotation a
    WHERE a.annotator_id = %s AND (a.client_key = %s OR a.group_id = %s)
    """,
    models={"a": Annotation},
)


def annotations_by_key_or_group(*, annotator_id: int, client_key, group_id: int) -> list[Annotation]:
    """The annotator's annotations that have this client key or are of this group."""
    params = [annotator_id, _value(Annotation, "client_key", client_key), group_id]
    return [annotation for (annotation,) in _ANNOTATIONS_BY_KEY_OR_GROUP.fetchall(params)]


_DELETE_LEASES_FOR_SUBMISSION = Statement(
    """
    DELETE FROM annotation_lease
    WHERE group_id = %s AND (annotator_id = %s OR expires_at <= %s)
    RETURNING annotator_id, expires_at > %s
    """
)


def delete_leases_for_submission(*, group_id: int, annotator_id: int, now: datetime) -> list[tuple[int, bool]]:
    """Delete the annotator's lease on the group and the group's expired leases: (annotator id,
    whether the lease was live) for each."""
    now = _value(Lease, "expires_at", now)
    rows = _DELETE_LEASES_FOR_SUBMISSION.fetchall([group_id, annotator_id, now, now])
    return [(annotator, bool(live)) for annotator, live in rows]


_GROUP_IMAGE_IDS = Statement(
    """
    SELECT image_id FROM annotation_groupimage WHERE group_id = %s ORDER BY position
    """
)


def group_image_ids(*, group_id: int) -> list[int]:
    """The ids of the group's images in position order."""
    return [image_id for (image_id,) in _GROUP_IMAGE_IDS.fetchall([group_id])]


_INSERT_ANNOTATION = Insert(
    Annotation,
    """
    INSERT INTO annotation_annotation ({columns}) VALUES {rows} RETURNING id
    """,
)
_INSERT_IMAGE_ANNOTATIONS = Insert(
    ImageAnnotation,
    """
    INSERT INTO annotation_imageannotation ({columns}) VALUES {rows}
    """,
)
_INSERT_COMPARISONS = Insert(
    Comparison,
    """
    INSERT INTO annotation_comparison ({columns}) VALUES {rows}
    """,
)


_INSERT_WEBHOOK_EVENTS = Insert(
    WebhookEvent,
    """
    INSERT INTO annotation_webhookevent ({columns}) VALUES {rows}
    """,
)


def insert_annotation(annotation: Annotation) -> Annotation:
    """Insert the new `annotation` as save() would (sending no signal) and set its id."""
    return _INSERT_ANNOTATION.one(annotation)


def insert_image_annotations(image_annotations: Iterable[ImageAnnotation]) -> int:
    """Insert them in one statement (their ids are not read back); how many."""
    return _INSERT_IMAGE_ANNOTATIONS.many(image_annotations)


def insert_comparisons(comparisons: Iterable[Comparison]) -> int:
    """Insert them in one statement (their ids are not read back); how many."""
    return _INSERT_COMPARISONS.many(comparisons)


# One more annotation; `lease_count + %s` gives back the places of the leases the submission
# deleted; the annotation that fills the group completes it.
_COUNT_ANNOTATION = Statement(
    """
    UPDATE annotation_promptgroup
    SET annotation_count = annotation_count + 1,
        lease_count = lease_count + %s,
        completed_at = CASE WHEN annotation_count >= annotations_needed - 1 THEN %s ELSE completed_at END
    WHERE id = %s
    """
)


def count_annotation(*, group_id: int, lease_delta: int, now: datetime) -> None:
    _COUNT_ANNOTATION.execute([lease_delta, _value(PromptGroup, "completed_at", now), group_id])


# --- every annotating request: the caller's roles in the project --------------------------------


_MEMBERSHIPS_IN_PROJECT = Statement(
    """
    SELECT p.*, m.role
    FROM annotation_membership m
    JOIN annotation_project p ON p.id = m.project_id
    WHERE m.user_id = %s AND m.project_id = %s
    """,
    models={"p": Project},
)
_MEMBERSHIPS_IN_PROJECT_OF_GROUP = Statement(
    """
    SELECT p.*, m.role
    FROM annotation_membership m
    JOIN annotation_project p ON p.id = m.project_id
    JOIN annotation_promptgroup g ON g.project_id = m.project_id
    WHERE m.user_id = %s AND g.id = %s
    """,
    models={"p": Project},
)


def memberships_in_project(*, user_id: int, project_id: int) -> tuple[Project | None, set[str]]:
    """(The project, the user's roles in it); (None, set()) unless the user is a member."""
    return _project_and_roles(_MEMBERSHIPS_IN_PROJECT.fetchall([user_id, project_id]))


def memberships_in_project_of_group(*, user_id: int, group_id: int) -> tuple[Project | None, set[str]]:
    """(The project of the group, the user's roles in it); (None, set()) unless the user is a
    member (or there is no such group)."""
    return _project_and_roles(_MEMBERSHIPS_IN_PROJECT_OF_GROUP.fetchall([user_id, group_id]))


def _project_and_roles(rows) -> tuple[Project | None, set[str]]:
    if not rows:
        return None, set()
    return rows[0][0], {role for _, role in rows}


# --- token authentication ----------------------------------------------------------------------


_TOKEN_WITH_USER = Statement(
    """
    SELECT t.*, u.*
    FROM authtoken_token t
    JOIN auth_user u ON u.id = t.user_id
    WHERE t.key = %s
    """,
    models={"t": Token, "u": get_user_model()},
)


def token_with_user(*, key: str) -> Token | None:
    """DRF's token with this key, with its user; None when there is none."""
    row = _TOKEN_WITH_USER.fetchone([key])
    if row is None:
        return None
    token, token.user = row
    return token


def insert_webhook_events(events: Iterable[WebhookEvent]) -> int:
    """The webhook events a submission records, in one statement (the outbox, webhooks/outbox.py)."""
    return _INSERT_WEBHOOK_EVENTS.many(events)
