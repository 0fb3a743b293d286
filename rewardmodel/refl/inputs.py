"""What a ReFL run reads, each checked before any model is loaded: a bad path or a missing file
is a ReflSetupError that names it.

    bundle        the platform's ReFL bundle, a folder or its .zip: refl_data.json
                  ([{"text": prompt, ...}]) and reward_model/ (a rewardmodel.core checkpoint)
    pipeline      a diffusers Stable-Diffusion-shaped folder: model_index.json, unet/, vae/,
                  text_encoder/, tokenizer/, scheduler/ (nothing is fetched from a hub)
    pre-training  image-text pairs: a folder or file in ImageReward's reference format
                  (train.json, e.g. a snapshot exported with images), of which each group's
                  best-ranked images are taken; or a diffusers image folder (metadata.jsonl of
                  {"file_name", "text"})
"""

import json
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import torch
from PIL import Image

PROMPTS_FILE = "refl_data.json"
CHECKPOINT_FOLDER = "reward_model"
DIFFUSERS_WEIGHTS = tuple(
    f"diffusion_pytorch_model.{ext}" for ext in ("safetensors", "bin", "safetensors.index.json", "bin.index.json")
)
TRANSFORMERS_WEIGHTS = tuple(
    f"{name}.{ext}"
    for name, ext in (("model", "safetensors"), ("pytorch_model", "bin"), ("model", "safetensors.index.json"))
)
PIPELINE_PARTS = {
    # folder: (what it is, the files one of which must be there besides its config)
    "unet": ("the denoising UNet", DIFFUSERS_WEIGHTS),
    "vae": ("the VAE", DIFFUSERS_WEIGHTS),
    "text_encoder": ("the text encoder", TRANSFORMERS_WEIGHTS),
    "tokenizer": ("the tokenizer", ("tokenizer.json", "vocab.json")),
    "scheduler": ("the noise scheduler", ()),
}
PART_CONFIGS = {
    "unet": "config.json",
    "vae": "config.json",
    "text_encoder": "config.json",
    "tokenizer": "tokenizer_config.json",
    "scheduler": "scheduler_config.json",
}


class ReflSetupError(ValueError):
    """Inputs or options a ReFL run cannot start with; the message names the file or option."""


# -----------------------------------------------------------------------------------------------
# The bundle


@dataclass
class Bundle:
    root: Path
    prompts: list[str]  # distinct, in file order
    checkpoint: Path
    _unpacked: tempfile.TemporaryDirectory | None = field(default=None, repr=False)

    def close(self) -> None:
        if self._unpacked is not None:
            self._unpacked.cleanup()


def open_bundle(path: str | Path) -> Bundle:
    """The bundle in a folder or a .zip (unpacked to a temporary folder until `close`)."""
    path = Path(path)
    unpacked = None
    if not path.exists():
        raise ReflSetupError(f"ReFL bundle not found: {path}")
    if path.is_file():
        if not zipfile.is_zipfile(path):
            raise ReflSetupError(f"{path} is neither a folder nor a zip archive (a ReFL bundle is one of them)")
        unpacked = tempfile.TemporaryDirectory(prefix="refl-bundle-")
        with zipfile.ZipFile(path) as archive:
            archive.extractall(unpacked.name)
        root = Path(unpacked.name)
        # The platform's archive puts everything under one folder named after the bundle.
        inner = [p for p in root.iterdir() if p.is_dir()]
        if not (root / PROMPTS_FILE).exists() and len(inner) == 1:
            root = inner[0]
    else:
        root = path
    try:
        prompts = _read_prompts(root / PROMPTS_FILE, shown=path)
        checkpoint = root / CHECKPOINT_FOLDER
        if not checkpoint.is_dir():
            raise ReflSetupError(f"{path} has no {CHECKPOINT_FOLDER}/: a ReFL bundle carries its reward checkpoint")
    except BaseException:
        if unpacked is not None:
            unpacked.cleanup()
        raise
    return Bundle(root, prompts, checkpoint, unpacked)


def _read_prompts(file: Path, *, shown: Path) -> list[str]:
    if not file.is_file():
        raise ReflSetupError(f"{shown} has no {PROMPTS_FILE}: a ReFL bundle carries its training prompts")
    try:
        records = json.loads(file.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ReflSetupError(f"{PROMPTS_FILE} of {shown} is not valid JSON: {exc}") from None
    if not isinstance(records, list) or not all(
        isinstance(r, dict) and isinstance(r.get("text"), str) and r["text"].strip() for r in records
    ):
        raise ReflSetupError(f'{PROMPTS_FILE} of {shown}: expected a JSON array of {{"text": prompt, ...}}')
    prompts = list(dict.fromkeys(r["text"] for r in records))
    if not prompts:
        raise ReflSetupError(f"{PROMPTS_FILE} of {shown} has no prompts")
    return prompts


def load_reward_model(bundle: Bundle, device):
    """The bundle's reward model, loaded strictly, frozen, in eval mode (no dropout)."""
    from rewardmodel.core import CheckpointError, load_checkpoint

    try:
        model = load_checkpoint(bundle.checkpoint, device=device)
    except CheckpointError as exc:
        raise ReflSetupError(f"the bundle's reward checkpoint cannot be loaded: {exc}") from None
    return model.requires_grad_(False).eval()


# -----------------------------------------------------------------------------------------------
# The diffusers pipeline


def check_pipeline_folder(path: str | Path) -> Path:
    """The folder, after checking that every part the run needs is there."""
    path = Path(path)
    if not path.is_dir():
        raise ReflSetupError(f"diffusers pipeline folder not found: {path}")
    if not (path / "model_index.json").is_file():
        raise ReflSetupError(f"{path} is not a diffusers pipeline folder: no model_index.json")
    for part, (what, weights) in PIPELINE_PARTS.items():
        folder = path / part
        if not folder.is_dir():
            raise ReflSetupError(f"the pipeline folder {path} has no {part}/ ({what})")
        if not (folder / PART_CONFIGS[part]).is_file():
            raise ReflSetupError(f"{folder} has no {PART_CONFIGS[part]} ({what})")
        if weights and not any((folder / name).is_file() for name in weights):
            raise ReflSetupError(f"{folder} has none of {', '.join(weights)} ({what})")
    return path


@dataclass
class PipelineParts:
    unet: torch.nn.Module
    vae: torch.nn.Module
    text_encoder: torch.nn.Module
    tokenizer: object
    scheduler: object  # the pipeline's own, kept for saving
    folder: Path

    @property
    def vae_scale_factor(self) -> int:
        return 2 ** (len(self.vae.config.block_out_channels) - 1)

    @property
    def default_resolution(self) -> int:
        return self.unet.config.sample_size * self.vae_scale_factor


def load_pipeline_parts(path: str | Path) -> PipelineParts:
    import diffusers
    from diffusers import AutoencoderKL, SchedulerMixin, UNet2DConditionModel
    from transformers import AutoTokenizer, CLIPTextModel

    path = check_pipeline_folder(path)
    scheduler_config = json.loads((path / "scheduler" / "scheduler_config.json").read_text(encoding="utf-8"))
    scheduler_cls = getattr(diffusers, scheduler_config.get("_class_name", ""), None)
    if scheduler_cls is None or not issubclass(scheduler_cls, SchedulerMixin):
        raise ReflSetupError(f"{path / 'scheduler'}: unknown scheduler class {scheduler_config.get('_class_name')!r}")
    return PipelineParts(
        unet=UNet2DConditionModel.from_pretrained(path, subfolder="unet", local_files_only=True),
        vae=AutoencoderKL.from_pretrained(path, subfolder="vae", local_files_only=True),
        text_encoder=CLIPTextModel.from_pretrained(path, subfolder="text_encoder", local_files_only=True),
        tokenizer=AutoTokenizer.from_pretrained(path / "tokenizer", local_files_only=True),
        scheduler=scheduler_cls.from_pretrained(path, subfolder="scheduler", local_files_only=True),
        folder=path,
    )


# -----------------------------------------------------------------------------------------------
# Pre-training pairs


@dataclass(frozen=True)
class ImageTextPair:
    image: Path
    text: str


def load_pretrain_pairs(path: str | Path) -> list[ImageTextPair]:
    path = Path(path)
    if not path.exists():
        raise ReflSetupError(f"pre-training data not found: {path}")
    if path.is_dir() and (path / "metadata.jsonl").is_file():
        pairs = _image_folder_pairs(path / "metadata.jsonl")
    else:
        file = path / "train.json" if path.is_dir() else path
        if not file.is_file():
            raise ReflSetupError(
                f"{path} has neither train.json (ImageReward's reference format) nor metadata.jsonl (a diffusers image folder)"
            )
        pairs = _best_ranked_pairs(file)
    if not pairs:
        raise ReflSetupError(f"{path} has no image-text pairs")
    return pairs


def _best_ranked_pairs(file: Path) -> list[ImageTextPair]:
    from rewardmodel.core import DatasetFormatError, load_groups

    try:
        groups = load_groups(file)
    except DatasetFormatError as exc:
        raise ReflSetupError(f"pre-training data: {exc}") from None
    return [
        ImageTextPair(image, group.prompt)
        for group in groups
        for image, slot in zip(group.images, group.ranking)
        if slot == min(group.ranking)
    ]


def _image_folder_pairs(file: Path) -> list[ImageTextPair]:
    pairs, missing = [], []
    for n, line in enumerate(file.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ReflSetupError(f"{file}:{n} is not valid JSON: {exc}") from None
        if not isinstance(record, dict) or not isinstance(record.get("file_name"), str) or not record.get("text"):
            raise ReflSetupError(f'{file}:{n}: expected {{"file_name": ..., "text": ...}}')
        image = file.parent / record["file_name"]
        if not image.is_file():
            missing.append(str(image))
        pairs.append(ImageTextPair(image, str(record["text"])))
    if missing:
        raise ReflSetupError(f"{file}: {len(missing)} image files not found: {', '.join(missing[:5])}")
    return pairs


class PairDataset(torch.utils.data.Dataset):
    """(pixels in [-1, 1] at `resolution`, resized and centre-cropped; caption)."""

    def __init__(self, pairs: list[ImageTextPair], resolution: int):
        self.pairs, self.resolution = pairs, resolution

    def __len__(self) -> int:
        return len(self.pairs)

    def __getitem__(self, i: int):
        pair = self.pairs[i]
        with Image.open(pair.image) as image:
            image = image.convert("RGB")
        scale = self.resolution / min(image.size)
        w, h = max(self.resolution, round(image.width * scale)), max(self.resolution, round(image.height * scale))
        image = image.resize((w, h), Image.Resampling.BICUBIC)
        left, top = (w - self.resolution) // 2, (h - self.resolution) // 2
        image = image.crop((left, top, left + self.resolution, top + self.resolution))
        x = torch.frombuffer(bytearray(image.tobytes()), dtype=torch.uint8).view(self.resolution, self.resolution, 3)
        return x.permute(2, 0, 1).float() / 127.5 - 1, pair.text
