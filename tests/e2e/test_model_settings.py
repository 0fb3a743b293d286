"""The reward model's settings on the Models page: a manager changes them with the API's
validation (a refusal under its field, nothing changed), a researcher sees no form."""

import pytest

from rewardmodel.models import ProjectModelSettings
from tests.e2e.conftest import browser, page, server  # noqa: F401  (the browser fixtures)
from tests.e2e.demo import PASSWORD
from tests.factories import make_project, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
def project(transactional_db):
    return make_project(
        name="Loop",
        members={make_user("mia", password=PASSWORD): "manager", make_user("rex", password=PASSWORD): "researcher"},
    )


def open_models(screen, live, project, username):
    screen.goto(live.url + "/")
    screen.get_by_label("Username").fill(username)
    screen.get_by_label("Password").fill(PASSWORD)
    screen.keyboard.press("Enter")
    screen.get_by_role("button", name="Sign out").wait_for()
    screen.goto(f"{live.url}/app/projects/{project.pk}/models")
    screen.get_by_role("heading", name="Learning curve").wait_for()


def test_a_manager_edits_the_model_settings_with_the_apis_validation(page, server, project):  # noqa: F811
    open_models(page, server, project, "mia")
    form = page.get_by_role("form", name="Model settings")

    form.get_by_label("Retrain after new comparisons").fill("0")
    form.get_by_role("button", name="Save settings").click()
    refusal = form.locator("label:has(input[name=retrain_threshold]) .field-errors li")
    refusal.wait_for()
    assert refusal.get_attribute("data-rule") == "min_value"

    form.get_by_label("Retrain after new comparisons").fill("250")
    form.get_by_label("Preset").select_option("base")
    form.get_by_label("Promote a ready version").select_option("manual")
    form.get_by_label("Held-out fraction").fill("0.2")
    form.get_by_role("button", name="Save settings").click()
    form.get_by_role("status").wait_for()
    saved = ProjectModelSettings.objects.get(project=project)
    assert (saved.retrain_threshold, saved.preset, saved.promotion_rule, saved.held_out_fraction) == (
        250,
        "base",
        "manual",
        0.2,
    )
    page.get_by_test_id("new-comparisons").filter(has_text="/ 250").wait_for()


def test_a_researcher_sees_no_settings_form(page, server, project):  # noqa: F811
    open_models(page, server, project, "rex")
    assert page.get_by_role("form", name="Model settings").count() == 0
