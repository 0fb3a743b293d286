from rewardmodel.core.model import PRESETS
from rewardmodel.models import PRESET_NAMES


def test_preset_names_of_the_django_side_are_the_core_presets():
    assert sorted(PRESET_NAMES) == sorted(PRESETS)


def test_loading_the_url_conf_does_not_load_torch():
    import subprocess
    import sys

    code = (
        "import os, sys; os.environ['DJANGO_SETTINGS_MODULE'] = 'config.settings'\n"
        "import django; django.setup()\n"
        "from django.urls import get_resolver; get_resolver().url_patterns\n"
        "print('torch' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False", "a web process would load torch on its first request"
