import json
import subprocess
import sys

import pytest
from PIL import Image

from rewardmodel.core import save_checkpoint
from rewardmodel.core.cli import main

from .helpers import PROMPTS, tiny_model


@pytest.fixture
def checkpoint(tmp_path):
    return save_checkpoint(tiny_model(), tmp_path / "ckpt")


@pytest.fixture
def images(tmp_path):
    paths = []
    for i, colour in enumerate([(200, 30, 30), (30, 30, 200)]):
        path = tmp_path / f"{i}.png"
        Image.new("RGB", (64, 64), colour).save(path)
        paths.append(str(path))
    return paths


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_score_prints_one_score_per_image_as_json(capsys, checkpoint, images):
    status, out, _ = run(capsys, "score", "--checkpoint", str(checkpoint), "--prompt", PROMPTS[0], *images)
    result = json.loads(out)
    assert status == 0
    assert result["prompt"] == PROMPTS[0]
    assert [s["image"] for s in result["scores"]] == images
    assert result["scores"][0]["score"] != result["scores"][1]["score"]


def test_score_reads_prompts_and_images_from_a_json_file(capsys, checkpoint, images, tmp_path):
    request = tmp_path / "request.json"
    request.write_text(
        json.dumps([{"prompt": PROMPTS[0], "images": ["0.png"]}, {"prompt": PROMPTS[1], "images": ["1.png"]}])
    )
    status, out, _ = run(capsys, "score", "--checkpoint", str(checkpoint), "--input", str(request))
    assert status == 0
    assert [r["prompt"] for r in json.loads(out)] == PROMPTS[:2]


def test_score_names_a_missing_image(capsys, checkpoint, tmp_path):
    status, _, err = run(capsys, "score", "--checkpoint", str(checkpoint), "--prompt", "x", str(tmp_path / "no.png"))
    assert status == 2
    assert err.strip() == f"error: image not found: {tmp_path / 'no.png'}"


def test_score_refuses_a_directory_that_is_not_a_checkpoint(capsys, images, tmp_path):
    status, _, err = run(capsys, "score", "--checkpoint", str(tmp_path), "--prompt", "x", *images)
    assert status == 2
    assert "is not a reward-model checkpoint: no config.json" in err


def test_score_points_a_pt_file_to_the_importer(capsys, images, tmp_path):
    (tmp_path / "ImageReward.pt").write_bytes(b"not really")
    status, _, err = run(capsys, "score", "--checkpoint", str(tmp_path / "ImageReward.pt"), "--prompt", "x", *images)
    assert status == 2
    assert "import-imagereward" in err


def test_evaluate_writes_a_report_that_names_its_definitions(capsys, checkpoint, images, tmp_path):
    data = tmp_path / "test.json"
    data.write_text(
        json.dumps([{"id": "g", "prompt": PROMPTS[0], "generations": ["0.png", "1.png"], "ranking": [1, 2]}])
    )
    status, out, _ = run(
        capsys, "evaluate", "--checkpoint", str(checkpoint), "--data", str(data), "--out", str(tmp_path / "report.json")
    )
    report = json.loads((tmp_path / "report.json").read_text())
    assert status == 0 and json.loads(out) == report
    assert report["n_pairs"] == 1 and report["preference_accuracy"] in (0.0, 1.0)
    assert "micro" in report["definitions"]["preference_accuracy"]


def test_evaluate_refuses_a_file_in_another_format(capsys, checkpoint, tmp_path):
    data = tmp_path / "pairs.json"
    data.write_text(json.dumps([{"label_0": 1.0, "label_1": 0.0}]))
    status, _, err = run(capsys, "evaluate", "--checkpoint", str(checkpoint), "--data", str(data))
    assert status == 2
    assert "missing prompt, generations, ranking" in err


def test_train_refuses_missing_data(capsys, tmp_path):
    status, _, err = run(capsys, "train", "--data", str(tmp_path / "none"), "--out", str(tmp_path / "out"))
    assert status == 2
    assert err.strip() == f"error: data not found: {tmp_path / 'none'}"


def test_train_exposes_every_training_option():
    from rewardmodel.core.cli import build_parser

    args = build_parser().parse_args(
        [
            "train",
            "--data",
            "d",
            "--out",
            "o",
            "--epochs",
            "3",
            "--lr",
            "3e-4",
            "--no-renormalise",
            "--split",
            "0.6",
            "0.2",
            "0.2",
        ]
    )
    assert (args.epochs, args.lr, args.renormalise, args.split) == (3, 3e-4, False, [0.6, 0.2, 0.2])


def test_import_names_a_missing_checkpoint(capsys, tmp_path):
    status, _, err = run(
        capsys,
        "import-imagereward",
        "--checkpoint",
        str(tmp_path / "ImageReward.pt"),
        "--med-config",
        str(tmp_path / "med_config.json"),
        "--out",
        str(tmp_path / "out"),
    )
    assert status == 2
    assert "checkpoint not found" in err


def test_the_module_runs_as_a_program():
    result = subprocess.run([sys.executable, "-m", "rewardmodel.core", "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "score" in result.stdout and "import-imagereward" in result.stdout


@pytest.fixture
def one_group(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    Image.new("RGB", (64, 64)).save(data / "a.png")
    Image.new("RGB", (64, 64), (255, 0, 0)).save(data / "b.png")
    (data / "train.json").write_text(
        json.dumps([{"prompt": "x", "generations": ["a.png", "b.png"], "ranking": [1, 2]}])
    )
    return data


def test_train_explains_that_the_base_preset_needs_a_tokenizer(capsys, one_group, tmp_path):
    status, _, err = run(capsys, "train", "--data", str(one_group), "--out", str(tmp_path / "out"), "--preset", "base")
    assert status == 2
    assert "the base preset reads bert-base-uncased tokens: give a tokenizer" in err


def test_train_names_an_unknown_preset(capsys, one_group, tmp_path):
    status, _, err = run(capsys, "train", "--data", str(one_group), "--out", str(tmp_path / "out"), "--preset", "huge")
    assert status == 2
    assert "unknown preset 'huge'" in err
