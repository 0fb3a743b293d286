"""The tiny preset learns synthetic preferences on a CPU, reading the prompt; shuffled labels teach
it nothing. Always on: each of the two trainings takes 1-2 minutes on the 2-core machine.

Data: annotation/synthetic.py, 2400 groups of 4-9 coloured-shape images (seed 11), split by
prompt 70/10/20 (a large test split: more held-out pairs, no extra training), ranked by a
simulated annotator (noise 0.3 on the 1..7 footing). The groups draw only the defects that the
tiny model learns to see within this budget (`defects=LEARNABLE`): pixel noise, a missing named
shape, and a named shape in the wrong colour. A wrong colour needs the prompt: the image is as
clean as a perfect one, only the prompt's colour word says it is wrong, so a prompt-blind model
ranks those pairs at chance; the test checks them separately.

Training: TrainConfig(preset="tiny", epochs=5, groups_per_batch=8, lr=1e-3, seed=0), the tiny
preset as it is (the loop and the demo use it). Measured with a script doing exactly these steps
(write_reference_dataset, then train with CONFIG) under `nice -n 10` on the shared 2-core machine
while other processes ran; seconds are the wall time of one training (CPU seconds in brackets),
accuracies are held-out preference accuracy on ~8300 test pairs, "colour" the pairs that differ
by a wrong colour only (~1200):

| data seed | model seed | labels   | accuracy | colour | seconds   |
|-----------|------------|----------|----------|--------|-----------|
| 11        | 0          | true     | 0.869    | 0.87   | 80 (148)  |
| 11        | 1          | true     | 0.878    | 0.90   | 122 (188), a busier machine |
| 12        | 1          | true     | 0.883    | 0.90   | 75 (145)  |
| 11        | 0          | shuffled | 0.560    | 0.48   | 72 (139)  |
| 11        | 1          | shuffled | 0.579    | 0.55   | 70 (136)  |

Shuffled labels leave the validation loss at ln 2 = 0.693 every epoch: the model stays a
near-constant random function of its input. Its accuracy is not pinned at 0.5 (0.56 and 0.58
above, driven by visible defects: 0.60-0.70 on missing-shape or noise pairs) because the pairs
are not independent draws, a random image feature such as the amount of background ranks many of
them the same way; so the control asserts that the held-out loss stays at ln 2 and that the
accuracy stays far below what true labels give (<= 0.65 against >= 0.85).

The full defect mix (all seven kinds, `defects=None`), data seed 11, same config and seed: 0.686
in 75 s (143 CPU-s); by the kind of the one defect that tells a pair apart: noise 0.96, missing
shape 0.95, blur 0.77, wrong colour 0.75, swapped position 0.50, wrong shape 0.49, extra shape
0.41. The tiny model does not learn a wrong shape, a swapped position or an extra shape in this
budget: those need the prompt's words bound to objects and places (an earlier measurement: 0.75 after
500 CPU-seconds on 4000 groups, the best seen on the full mix). With blur added to the three kinds above the same
run measured 0.862 (model seed 0) and 0.822 (model seed 1), 0.849 on data seed 12: blur pairs at
77-89%, too close to 0.85 for a test that must pass every time, so blur is left out here.
Learning rates (four kinds with blur, model seed 1): 2e-3 reached 0.795 where 1e-3 reached 0.822;
3e-4 with 4 groups per batch reached 0.846 (seed 0) in twice the time of 8 groups per batch.

The test itself, with the rest of the suite (`time nice -n 10 .venv/bin/python -m pytest -q -p
no:cacheprovider tests/rewardmodel_core tests/synthetic tests/rewardmodel_loop --durations=8`):
data 7.8 s, true labels 71.6 s, shuffled labels 75.5 s (each test: training, test-split
evaluation and checks).

Run it alone: `.venv/bin/python -m pytest -q -p no:cacheprovider tests/rewardmodel_core/test_learnability.py`;
the same steps with the figures printed: `.venv/bin/python bench/bench_learnability.py`.
"""

import json
import random

import pytest

from annotation.synthetic import write_reference_dataset
from rewardmodel.core import TrainConfig, load_checkpoint, load_groups, train
from rewardmodel.core.evaluate import score_groups

pytestmark = pytest.mark.slow

N_GROUPS = 2400
DATA_SEED = 11
SPLIT = (0.7, 0.1, 0.2)
LEARNABLE = ("noise", "missing shape", "wrong colour")
CONFIG = TrainConfig(preset="tiny", epochs=5, groups_per_batch=8, lr=1e-3, seed=0)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    out = tmp_path_factory.mktemp("synthetic-learnability")
    counts = write_reference_dataset(out, n_groups=N_GROUPS, seed=DATA_SEED, split=SPLIT, defects=LEARNABLE)
    assert counts["test"]["pairs"] >= 5000, counts
    return out


def single_defect_pairs(groups, truth, defect):
    """(group index, better, worse) where the worse image has exactly the better one's defects plus `defect`."""
    found = []
    for n, group in enumerate(groups):
        defects = truth[group.id]["defects"]
        for better, worse in group.pairs:
            if set(defects[worse]) - set(defects[better]) == {defect} and set(defects[better]) <= set(defects[worse]):
                found.append((n, better, worse))
    return found


def test_tiny_model_learns_held_out_preferences_by_reading_the_prompt(synthetic, tmp_path):
    result = train(CONFIG, synthetic, tmp_path / "model")
    accuracy = result["test"]["preference_accuracy"]

    model = load_checkpoint(tmp_path / "model")
    test_groups = load_groups(synthetic / "test.json")
    truth = json.loads((synthetic / "quality.json").read_text())
    scores = score_groups(model, test_groups)
    colour = single_defect_pairs(test_groups, truth, "wrong colour")
    colour_accuracy = sum(bool(scores[n][b] > scores[n][w]) for n, b, w in colour) / len(colour)

    assert result["test"]["n_pairs"] >= 5000
    assert accuracy >= 0.85, result["test"]
    # Only the prompt tells these apart: a prompt-blind model would be at chance on them.
    assert len(colour) >= 300
    assert colour_accuracy >= 0.8, colour_accuracy


def shuffle_training_labels(source, target, seed=0):
    """The data at `source` with train/valid rankings shuffled within each group, at `target`
    (the held-out labels stay true)."""
    rng = random.Random(seed)
    target.mkdir()
    for name in ("train", "valid", "test"):
        records = json.loads((source / f"{name}.json").read_text())
        for record in records:
            record["generations"] = [str(source / g) for g in record["generations"]]
            if name != "test":
                rng.shuffle(record["ranking"])
        (target / f"{name}.json").write_text(json.dumps(records))


def test_shuffled_labels_teach_nothing(synthetic, tmp_path):
    shuffled = tmp_path / "shuffled"
    shuffle_training_labels(synthetic, shuffled)
    result = train(CONFIG, shuffled, tmp_path / "model")
    test = result["test"]
    assert test["n_pairs"] >= 5000
    assert abs(test["loss"] - 0.6931) <= 0.01, test  # true labels: ~0.3
    assert 0.35 <= test["preference_accuracy"] <= 0.65, test
