"""The tiny preset learns synthetic preferences on a CPU, reading the prompt; shuffled labels teach
it nothing. Always on: the data and the budget below are sized for a 2-core CPU.

Data: annotation/synthetic.py, 2400 groups of 4-9 coloured-shape images (seed 11), split by
prompt 70/10/20 (a large test split: more held-out pairs, no extra training), ranked by a
simulated annotator (noise 0.3 on the 1..7 footing). The groups draw only the defects that the
tiny model learns to see within this budget (`defects=LEARNABLE`): pixel noise, a missing named
shape, and a named shape in the wrong colour. A wrong colour needs the prompt: the image is as
clean as a perfect one, only the prompt's colour word says it is wrong, so a prompt-blind model
ranks those pairs at chance; the test checks them separately.

Training: TrainConfig(preset="tiny", epochs=3, groups_per_batch=8, lr=1e-3, seed=0), the tiny
preset as it is (the loop and the demo use it). Measured with bench/bench_learnability.py (exactly
these steps: write_reference_dataset, then train with CONFIG); accuracies are held-out
preference accuracy on 8,340 test pairs, "colour" the 1,204 pairs that differ by a wrong colour
only:

| data seed | model seed | labels   | accuracy | colour |
|-----------|------------|----------|----------|--------|
| 11        | 0          | true     | 0.876    | 0.88   |
| 11        | 1          | true     | 0.875    | 0.89   |
| 12        | 1          | true     | 0.880    | 0.91   |
| 11        | 0          | shuffled | 0.495    | 0.50   |

(Five epochs reach 0.884; the test takes three.) Shuffled labels leave the held-out loss
at ln 2 = 0.693 (0.6929 above): the model learns nothing that carries over. Its accuracy need not
be 0.5 (an earlier head reached 0.56-0.58, driven by visible defects) because the pairs are not
independent draws: a random image feature such as the amount of background ranks many of them the
same way; so the control asserts that the held-out loss stays at ln 2 and that the accuracy stays
far below what true labels give (<= 0.65 against >= 0.85).

The full defect mix (all seven kinds, `defects=None`), data seed 11, same config and seed:
0.710; by the kind of the one defect that tells a pair apart: noise 0.94, missing shape
0.92, wrong colour 0.91, blur 0.75, wrong shape 0.51, extra shape 0.50, swapped position 0.49. Wrong
shape, swapped position and extra shape stay at chance: they need the prompt's words bound to
objects and places, and nothing tried within this budget learnt them (exploratory runs of a
throwaway script, full mix, data seed 11: five epochs 0.734; twelve epochs 0.727; 4 px patches,
four times the tokens, 0.746; four attention heads a side 0.727; width 128 at lr
5e-4, 0.726; sin-cos position embeddings 0.728; those three kinds at 0.43-0.57 in
every run). With blur added to the three kinds above, five epochs measured 0.865
(blur pairs 0.87; with the earlier head, 0.82-0.86 over three seeds): too close to 0.85 for a
test that must pass every time, so blur is left out here.

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
CONFIG = TrainConfig(preset="tiny", epochs=3, groups_per_batch=8, lr=1e-3, seed=0)


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
