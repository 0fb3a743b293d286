"""A web process never loads torch or transformers: it imports the URL conf with every view, the
serializers, the signals, the admin and every app's ready(), and the whole of `rewardmodel` but
the worker's modules, and none of them pulls in the ML packages. Each check runs in a fresh
interpreter, since this test process may have loaded torch already."""

import json
import pkgutil
import subprocess
import sys

import rewardmodel

HEAVY = ("torch", "transformers", "accelerate", "diffusers")

# What only a worker (or the library's own CLI) imports: they train and evaluate with torch.
WORKER_MODULES = {"rewardmodel.tasks", "rewardmodel.services.training", "rewardmodel.services.refl_training"}
# The libraries: only core's plain-Python modules are for a web process; ReFL (rewardmodel.refl)
# runs on a GPU worker or from its own CLI.
LIGHT_CORE_MODULES = {
    "rewardmodel.core",
    "rewardmodel.core.config",
    "rewardmodel.core.metrics",
    "rewardmodel.core.checkpoint_format",
}


def web_modules() -> list[str]:
    names = [
        info.name
        for info in pkgutil.walk_packages(rewardmodel.__path__, "rewardmodel.")
        if info.name not in WORKER_MODULES
        and not info.name.startswith(("rewardmodel.core.", "rewardmodel.migrations.", "rewardmodel.refl"))
    ]
    return sorted({*names, *LIGHT_CORE_MODULES})


def heavy_modules_after(code: str) -> list[str]:
    """The ML packages in sys.modules after `code` ran in a fresh Django process."""
    script = (
        "import json, os, sys\n"
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'config.test_settings'\n"
        "import django\n"
        "django.setup()\n"  # every app's ready(), the admin's autodiscovery
        f"{code}\n"
        f"print(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_url_conf_with_every_view_and_the_apps_load_no_ml_package():
    code = (
        "from django.urls import get_resolver\n"
        "get_resolver().url_patterns\n"
        "from django.contrib import admin\n"
        "admin.site.get_urls()\n"
    )
    assert heavy_modules_after(code) == []


def test_every_module_of_the_web_side_of_rewardmodel_loads_no_ml_package():
    modules = web_modules()
    assert {"rewardmodel.api.views", "rewardmodel.api.serializers", "rewardmodel.signals"} <= set(modules)
    code = "import importlib\n" + "".join(f"importlib.import_module({name!r})\n" for name in modules)
    assert heavy_modules_after(code) == []


def test_a_worker_module_does_load_torch():
    # The check itself can fail: importing what trains brings torch.
    assert "torch" in heavy_modules_after("import rewardmodel.tasks")
