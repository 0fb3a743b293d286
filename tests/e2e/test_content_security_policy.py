"""The built app under the server's Content-Security-Policy (config/middleware.py): it signs in,
shows the task screen with its images and the projects page, and the browser reports no
violation of the policy on the way."""

import pytest

from .demo import make_demo
from .helpers import open_task_screen, sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.filterwarnings("ignore:No directory at")]


def test_the_app_runs_under_the_policy_without_a_violation(page, server, transactional_db):
    project, _, _ = make_demo(groups=1, k=4)
    violations = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI))"
    )

    answer = page.goto(server.url + "/")
    assert "script-src 'self'" in answer.headers["content-security-policy"]
    sign_in(page, server)
    open_task_screen(page, server, project)
    page.locator("main.task-screen img").first.wait_for()

    assert violations == []
