"""Settings for the test suite: the project's settings with media, exports, checkpoints and the
embedded broker in a fresh temporary folder, so a test run never writes into data/. Set in the
environment (not only here) so that workers and servers the tests start share the folder."""

import os
import tempfile

os.environ.setdefault("DATA_DIR", tempfile.mkdtemp(prefix="imagepref-test-"))

from .settings import *  # noqa: E402,F403

# Tests serve static files through finders (the browser app's build in frontend/dist), not a
# collectstatic run; an existing, empty STATIC_ROOT keeps WhiteNoise quiet about it.
STATIC_ROOT = DATA_DIR / "static"  # noqa: F405
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Tests sign in many times from one address; the throttle's own tests set low rates.
SIGN_IN_RATE_PER_USERNAME = "100000/min"
SIGN_IN_RATE_PER_ADDRESS = "100000/min"
