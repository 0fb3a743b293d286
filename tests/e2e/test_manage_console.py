"""The manager's console in a real Chromium against the live server: staff create a project and
name its manager; the manager is refused a bad protocol setting next to its field, uploads a zip
of synthetic generations and watches the import finish, adds an annotator who annotates a
group, and sees the progress move; a bad zip shows its bad rows and leaves no group behind; a
manager imports a qualification set, requires qualification and takes a group out of the set.

The import task runs in the server's process here (Celery eager); tests/imports/
test_import_worker.py runs it on a real worker."""

import zipfile

import pytest

from annotation import synthetic
from annotation.models import Annotation, ImportJob, Project, PromptGroup
from annotation.services.assignment import next_task
from config.celery import app as celery_app
from tests.e2e.conftest import browser, page, server  # noqa: F401  (the browser fixtures)
from tests.e2e.demo import PASSWORD
from tests.e2e.helpers import open_task_screen, rate_and_rank_with_keys, wait_until_saved
from tests.factories import make_user

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
def eager_celery():
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture
def people(transactional_db):
    return {name: make_user(name, password=PASSWORD, is_staff=name == "root") for name in ("root", "mia", "ann")}


def zip_of(folder, path):
    with zipfile.ZipFile(path, "w") as zf:
        for file in sorted(folder.rglob("*")):
            if file.is_file():
                zf.write(file, file.relative_to(folder).as_posix())
    return path


def sign_in(screen, live, username):
    screen.goto(live.url + "/")
    screen.get_by_label("Username").fill(username)
    screen.get_by_label("Password").fill(PASSWORD)
    screen.keyboard.press("Enter")
    screen.get_by_role("button", name="Sign out").wait_for()


def sign_out(screen):
    screen.get_by_role("button", name="Sign out").click()
    screen.get_by_label("Username").wait_for()


def open_tab(screen, name):
    screen.get_by_role("tab", name=name).click()


def test_a_project_set_up_imported_and_followed_in_the_browser(page, server, people, eager_celery, tmp_path):  # noqa: F811
    good = zip_of(
        synthetic.write_generation_folder(tmp_path / "good", n_groups=3, k_range=(4, 4), size=48).parent,
        tmp_path / "good.zip",
    )
    bad_folder = tmp_path / "bad"
    synthetic.write_generation_folder(bad_folder, n_groups=2, k_range=(4, 4), size=48, group_id_prefix="bad-")
    next(bad_folder.rglob("*.png")).write_bytes(b"not an image")
    bad = zip_of(bad_folder, tmp_path / "bad.zip")

    # Staff create the project and name its manager.
    sign_in(page, server, "root")
    page.get_by_role("link", name="Manage").click()
    form = page.get_by_role("form", name="New project")
    form.get_by_label("Name").fill("Shapes")
    form.get_by_label("Slug").fill("shapes")
    form.get_by_role("button", name="Create project").click()
    page.get_by_role("form", name="Protocol").get_by_label("Name").wait_for()
    project = Project.objects.get(slug="shapes")
    open_tab(page, "People")
    add = page.get_by_role("form", name="Add a member")
    add.get_by_label("Username").fill("mia")
    add.get_by_label("Role").select_option("manager")
    add.get_by_role("button", name="Add").click()
    page.locator("tr[data-username=mia]").wait_for()
    sign_out(page)

    # The manager: a bad protocol setting is refused next to its field.
    sign_in(page, server, "mia")
    page.get_by_role("link", name="Manage").click()
    protocol = page.get_by_role("form", name="Protocol")
    protocol.get_by_label("Gold rate (0 to 1)").fill("2")
    protocol.get_by_role("button", name="Save protocol").click()
    refusal = protocol.locator("label:has(input[name=gold_rate]) .field-errors li")
    refusal.wait_for()
    assert refusal.get_attribute("data-rule") == "max_value"
    assert Project.objects.get(pk=project.pk).gold_rate == 0

    # Uploads the zip and watches the import finish.
    open_tab(page, "Data")
    page.locator("input[name=archive]").set_input_files(str(good))
    page.get_by_role("button", name="Import").click()
    page.locator("tr[data-status=done]").wait_for()
    done = page.locator("tr[data-status=done] td")
    assert done.nth(1).inner_text() == "mia" and done.nth(4).inner_text() == "3"
    assert PromptGroup.objects.filter(project=project).count() == 3

    # A bad zip: every bad row in a table, and no group behind.
    page.locator("input[name=archive]").set_input_files(str(bad))
    page.get_by_role("button", name="Import").click()
    page.locator("tr[data-status=refused]").wait_for()
    bad_row = page.locator("table.bad-rows tbody tr")
    bad_row.first.wait_for()
    cells = bad_row.first.locator("td")
    assert cells.nth(0).inner_text() == "manifest.jsonl" and cells.nth(2).inner_text() == "image"
    assert bad_row.first.get_attribute("data-rule") == "not_an_image"
    assert PromptGroup.objects.filter(project=project).count() == 3
    assert ImportJob.objects.filter(project=project, status="refused").count() == 1

    # Adds an annotator; the progress shows three open groups.
    open_tab(page, "People")
    add = page.get_by_role("form", name="Add a member")
    add.get_by_label("Username").fill("ann")
    add.get_by_role("button", name="Add").click()
    page.locator("tr[data-username=ann]").wait_for()
    open_tab(page, "Progress")
    page.locator("[data-count=open] dd").filter(has_text="3").wait_for()
    sign_out(page)

    # The annotator annotates a group.
    sign_in(page, server, "ann")
    open_task_screen(page, server, project)
    rate_and_rank_with_keys(page)
    page.keyboard.press("Control+Enter")
    wait_until_saved(page)
    assert Annotation.objects.filter(project=project).count() == 1
    sign_out(page)

    # The manager sees the progress move.
    sign_in(page, server, "mia")
    page.get_by_role("link", name="Manage").click()
    open_tab(page, "Progress")
    page.locator("[data-count=complete] dd").filter(has_text="1").wait_for()
    # The other two are held by ann's task screen (the next group and its prefetch) or open.
    in_progress = int(page.locator("[data-count=in_progress] dd").inner_text())
    assert in_progress + int(page.locator("[data-count=open] dd").inner_text()) == 2 and in_progress >= 1
    assert "ann" in page.get_by_test_id("active-annotators").inner_text()
    assert "Estimated finish" in page.get_by_test_id("estimated-finish").inner_text()
    open_tab(page, "People")
    ann_row = page.locator("tr[data-username=ann] td")
    assert ann_row.nth(5).inner_text() == "1"  # annotations


def test_a_manager_edits_a_rating_dimension_field_by_field(page, server, people):  # noqa: F811
    project = Project.objects.create(name="Scales", slug="scales")
    project.memberships.create(user=people["mia"], role="manager")
    sign_in(page, server, "mia")
    page.get_by_role("link", name="Manage").click()
    protocol = page.get_by_role("form", name="Protocol")
    first = protocol.get_by_role("group", name="Dimension 1")

    # A scale that runs backwards is refused under that dimension, and nothing changes.
    first.locator("input[name=dimension-0-max]").fill("0")
    protocol.get_by_role("button", name="Save protocol").click()
    refusal = first.locator(".field-errors li")
    refusal.wait_for()
    assert (refusal.get_attribute("data-field"), refusal.get_attribute("data-rule")) == (
        "rating_dimensions[0].max",
        "range",
    )
    assert Project.objects.get(pk=project.pk).rating_dimensions[0]["max"] == 7

    # A five-point scale with an anchor for its top point.
    first.locator("input[name=dimension-0-max]").fill("5")
    first.locator("input[name=dimension-0-anchor-5]").fill("Flawless")
    protocol.get_by_role("button", name="Save protocol").click()
    protocol.get_by_role("status").wait_for()
    saved = Project.objects.get(pk=project.pk).rating_dimensions[0]
    assert (saved["min"], saved["max"], saved["anchors"]["5"]) == (1, 5, "Flawless")
    assert "7" not in saved["anchors"]


def test_a_qualification_set_imported_required_and_kept(page, server, people, eager_celery, tmp_path):  # noqa: F811
    project = Project.objects.create(name="Qualifying", slug="qualifying")
    project.memberships.create(user=people["mia"], role="manager")
    project.memberships.create(user=people["ann"], role="annotator")
    folder = synthetic.write_generation_folder(
        tmp_path / "q", n_groups=3, k_range=(3, 3), size=48, with_ranks=True
    ).parent
    sign_in(page, server, "mia")
    page.get_by_role("link", name="Manage").click()

    # The zip's rankings become the answers of gold groups in the qualification set.
    open_tab(page, "Data")
    page.locator("input[name=archive]").set_input_files(str(zip_of(folder, tmp_path / "q.zip")))
    page.get_by_label("Rankings in the manifest").select_option("qualification")
    page.get_by_role("button", name="Import").click()
    page.locator("tr[data-status=done]").wait_for()
    assert page.locator("tr[data-status=done] td").nth(7).inner_text() == "3 (3 qualification)"
    assert PromptGroup.objects.filter(project=project, is_gold=True, is_qualification=True).count() == 3

    # Newcomers must qualify: one group per attempt.
    open_tab(page, "Protocol")
    protocol = page.get_by_role("form", name="Protocol")
    protocol.get_by_label("Newcomers qualify first").check()
    protocol.get_by_label("Groups per attempt").fill("1")
    protocol.get_by_role("button", name="Save protocol").click()
    protocol.get_by_role("status").wait_for()
    saved = Project.objects.get(pk=project.pk)
    assert (saved.require_qualification, saved.qualification_size) == (True, 1)

    # The set: a group an attempt in progress holds stays in it; another one comes out.
    held = next_task(project=saved, annotator=people["ann"]).group_id
    open_tab(page, "Qualification")
    summary = page.get_by_test_id("qualification-summary")
    summary.filter(has_text="The set holds 3 of the project's 3 gold groups").wait_for()
    page.locator(f"tr[data-group='{held}'] input[type=checkbox]").click()
    refusal = page.locator(f"tr[data-group='{held}'] .field-errors")
    refusal.wait_for()
    assert "attempt in progress of ann" in refusal.inner_text()
    other = PromptGroup.objects.filter(project=project).exclude(pk=held).order_by("pk").first()
    page.locator(f"tr[data-group='{other.pk}'] input[type=checkbox]").click()
    summary.filter(has_text="The set holds 2 of").wait_for()
    assert not PromptGroup.objects.get(pk=other.pk).is_qualification
    assert PromptGroup.objects.get(pk=held).is_qualification
