"""The tiny preset learns synthetic preferences on a CPU, by reading the prompt; shuffled labels
teach it nothing. The data come from annotation/synthetic.py: coloured shapes whose defects are
known, ranked by a simulated annotator (noise 0.3 on the 1..7 footing).

What "reads the prompt" means here: pairs whose two images differ by one defect only, a named
shape drawn in the wrong colour, look equally good to a prompt-blind model (no blur, no noise,
the same number of shapes): only the prompt says which one is right.

Measured (2400 groups, 5 epochs at lr 3e-4, ~100 s on the 2-core machine): held-out accuracy
0.72 / 0.71 (two seeds), wrong-colour pairs 0.91 / 0.88; shuffled labels 0.51. The issue asked
for 0.85 overall: this model does not get there on this generator at any CPU budget we tried
(0.75 after 500 CPU-seconds on 4000 groups). It learns blur, noise, missing shapes and colours
(85-90% of those pairs) but not wrong shapes, swapped positions or extra shapes (chance), which
need the prompt's words bound to objects and places (a perfect reader would score ~0.9-0.95
under the annotator's noise, a perfect prompt-blind judge ~0.74 if it splits its ties evenly).
The learning rate is set here, not left to the preset default (1e-3): in 90 CPU-seconds 3e-4
reached 0.72 where 5e-4 reached 0.66 (2000 groups), and 0.67 where 1e-3 reached 0.61 (600 groups).
"""

import json
import os
import random

import pytest

from annotation.synthetic import write_reference_dataset
from rewardmodel.core import TrainConfig, load_checkpoint, load_groups, train
from rewardmodel.core.evaluate import score_groups

pytestmark = [
    pytest.mark.slow,
    # Opt-in for now: its thresholds are still being tuned and it was not verified in a full CI
    # run (see the closing note); run it with LEARNABILITY_TESTS=1.
    pytest.mark.skipif(not os.environ.get("LEARNABILITY_TESTS"), reason="opt-in: set LEARNABILITY_TESTS=1"),
]

# ~2 minutes per run on an idle 2-core machine.
N_GROUPS = 2400
SPLIT = (0.7, 0.1, 0.2)  # a large test split: more held-out pairs, no extra training
CONFIG = TrainConfig(preset="tiny", epochs=5, groups_per_batch=4, lr=3e-4, seed=0)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    out = tmp_path_factory.mktemp("synthetic-learnability")
    write_reference_dataset(out, n_groups=N_GROUPS, seed=11, split=SPLIT)
    return out


def colour_only_pairs(groups, truth):
    """(group index, better, worse) where the worse image differs only by a wrong colour."""
    found = []
    for n, group in enumerate(groups):
        defects = truth[group.id]["defects"]
        for better, worse in group.pairs:
            if set(defects[worse]) - set(defects[better]) == {"wrong colour"} and set(defects[better]) <= set(defects[worse]):
                found.append((n, better, worse))
    return found


def test_tiny_model_learns_held_out_preferences_by_reading_the_prompt(synthetic, tmp_path):
    result = train(CONFIG, synthetic, tmp_path / "model")
    accuracy = result["test"]["preference_accuracy"]

    model = load_checkpoint(tmp_path / "model")
    test_groups = load_groups(synthetic / "test.json")
    truth = json.loads((synthetic / "quality.json").read_text())
    pairs = colour_only_pairs(test_groups, truth)
    scores = score_groups(model, test_groups)
    colour_accuracy = sum(scores[n][b] > scores[n][w] for n, b, w in pairs) / len(pairs)

    assert len(pairs) >= 100
    assert accuracy >= 0.68, result["test"]
    assert colour_accuracy >= 0.75, colour_accuracy


def test_shuffled_labels_teach_nothing(synthetic, tmp_path):
    rng = random.Random(0)
    shuffled = tmp_path / "shuffled"
    shuffled.mkdir()
    for name in ("train", "valid", "test"):
        records = json.loads((synthetic / f"{name}.json").read_text())
        for record in records:
            record["generations"] = [str(synthetic / g) for g in record["generations"]]
            if name != "test":  # the held-out labels stay true
                rng.shuffle(record["ranking"])
        (shuffled / f"{name}.json").write_text(json.dumps(records))
    result = train(CONFIG, shuffled, tmp_path / "model")
    assert 0.35 <= result["test"]["preference_accuracy"] <= 0.62, result["test"]
