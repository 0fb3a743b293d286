#!/usr/bin/env bash
# Creates the virtualenv that runs the reference implementation of ImageReward (the `image-reward`
# 1.5 package from PyPI and the old timm, fairscale and transformers it was written against), for
# the parity check of our importer (tests/rewardmodel_core/test_imagereward_parity.py).
#
# Rerunnable: it does nothing when the virtualenv exists and was built from the current
# requirements-reference.txt, and rebuilds it otherwise. It never touches the project's .venv.
#
#   bash bench/imagereward_reference/setup_reference_env.sh     # prints the venv's python
#
# Where: $IMAGEREWARD_REF_VENV, by default .cache/imagereward-ref/venv (git-ignored) in the repo.
# Which Python: $PYTHON, by default python3 (3.11, like the project).
# Needs PyPI (or a pip configuration that serves the same releases); fails with pip's message
# otherwise.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
venv="${IMAGEREWARD_REF_VENV:-$root/.cache/imagereward-ref/venv}"
python="${PYTHON:-python3}"
requirements="$here/requirements-reference.txt"
stamp="$venv/.installed-from"
# What the virtualenv was built from: the pins, not the comments around them.
wanted="$(grep -v -e '^#' -e '^[[:space:]]*$' "$requirements" | sha256sum | cut -d' ' -f1)"

# The stamp is written only after a full install whose import check passed (below); importing the
# reference again (diffusers, datasets, ...) takes half a minute, reading the metadata does not.
is_ready() {
    [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$wanted" ] \
        && "$venv/bin/python" -c "import importlib.metadata as m; m.version('image-reward')" >/dev/null 2>&1
}

mkdir -p "$(dirname "$venv")"
# Two test runs starting at once must not build the same virtualenv twice.
exec 9>"$venv.lock"
flock 9

if is_ready; then
    echo "$venv/bin/python"
    exit 0
fi

echo "building the reference virtualenv in $venv (a few minutes)" >&2
rm -rf "$venv"
"$python" -m venv "$venv"
# pip warns about every missing local mirror folder this machine's pip configuration names;
# those lines say nothing about the install, the rest of pip's output goes through.
set +e
"$venv/bin/pip" install --progress-bar off -q -r "$requirements" 2>&1 \
    | grep -v "^WARNING: Location 'file:" >&2
status=${PIPESTATUS[0]}
set -e
if [ "$status" -ne 0 ]; then
    echo "pip could not install the reference packages (exit $status)" >&2
    exit "$status"
fi
"$venv/bin/python" "$here/reference_scores.py" --check-import >&2
echo "$wanted" >"$stamp"
echo "$venv/bin/python"
