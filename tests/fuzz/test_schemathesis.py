"""The API against its own OpenAPI schema: schemathesis generates requests for every operation
(valid ones and invalid ones) and sends them to the Django app in-process (WSGI), signed in as
each role of the demo data (`manage.py seed_demo`, with a production reward model) and signed
out. Every answer must be a non-5xx that conforms to the schema.

Bounded for CI: a few examples per operation and role, no deadline (2 shared cores)."""

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from annotation.models import Annotation, Project, PromptGroup
from config.wsgi import application
from rewardmodel.services.model_agreement import measure_model_agreement
from tests.rewardmodel_loop.helpers import ready_version

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

# The demo's users (seed_demo.USERS), one per role; None is a caller without credentials.
ROLES = ["admin", "manager", "reviewer", "researcher", "annotator", None]
MAX_EXAMPLES = 4
CHECKS = [not_a_server_error, content_type_conformance, response_schema_conformance]

schema = schemathesis.openapi.from_wsgi(
    "/api/v1/schema/",
    application,
    config=SchemathesisConfig.from_dict(
        {
            "generation": {"max-examples": MAX_EXAMPLES, "mode": "all", "deterministic": True},
            "phases": {"stateful": {"enabled": False}},
        }
    ),
)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo data, kept for the module (each test's writes are rolled back), and a token per
    role."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        call_command("seed_demo", groups=4, annotated=1, size=32, verbosity=0)
        project = Project.objects.get(slug="demo")
        # A production model that has measured its agreement with the annotators, so that the
        # answers that carry the model's figures are checked filled in, not only null.
        ready_version(project, production=True, metrics={"preference_accuracy": 0.75, "n_pairs": 4})
        measure_model_agreement(project=project)
        tokens = {
            role: Token.objects.get_or_create(user=get_user_model().objects.get(username=role))[0].key
            for role in ROLES
            if role
        }
        ids = {
            "project_id": project.pk,
            "group_id": PromptGroup.objects.filter(project=project).order_by("pk").values_list("pk", flat=True)[1],
            "annotation_id": Annotation.objects.filter(project=project).values_list("pk", flat=True).first(),
        }
    yield tokens, ids
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture(scope="module", autouse=True)
def one_connection_per_test():
    """Requests go through the WSGI handler, which closes the database connection when a request
    ends; the test's transaction lives on it. Django's test client unhooks this the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture(params=ROLES, ids=lambda role: role or "anonymous")
def role(request):
    return request.param


@schema.parametrize()
@settings(deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_every_answer_is_below_500_and_conforms_to_the_schema(case, demo, role):
    tokens, ids = demo
    # Ids of the demo's objects, so that requests reach past "not found" into the views.
    for name, value in ids.items():
        if name in (case.path_parameters or {}) and value is not None:
            case.path_parameters[name] = value
    headers = {"Authorization": f"Token {tokens[role]}"} if role else {}
    case.call_and_validate(headers=headers, checks=CHECKS)
