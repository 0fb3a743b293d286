"""Images -> normalised pixel tensors, the way ImageReward prepares them.

Two paths with one geometry (shorter side resized to `size`, centre crop `size` x `size`, CLIP
mean/std):

* `preprocess_pil` follows the reference exactly, step by step: PIL bicubic resize of the shorter
  side (torchvision's rule for the longer side: `int(size * long / short)`), centre crop with
  torchvision's rounding, *then* `convert("RGB")` (an RGBA image is resized with its alpha, which
  Pillow does on premultiplied colours, and the alpha is dropped afterwards), to tensor (/255),
  normalise. Scores of the published model match the reference within 1e-4 only on this path.
* `preprocess_tensor` takes (B, 3, H, W) or (3, H, W) floats in [0, 1] and is differentiable, so a
  ReFL-style trainer can backpropagate a reward to the pixels. It resizes with
  `F.interpolate(mode="bicubic", antialias=True)` (the same a=-0.5 cubic kernel as Pillow) and
  clamps to [0, 1]. What differs from the PIL path: Pillow rounds the resized image to 8 bits,
  the tensor path does not, so the two differ by up to ~1/255 per pixel after a resize (identical
  when no resize is needed). Measured: a few 1e-3 of normalised pixel value on average.
"""

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image, UnidentifiedImageError

from .config import CLIP_MEAN, CLIP_STD


class ImageLoadError(ValueError):
    """An image file is missing, unreadable or not an image. The message names the file."""


def load_image(path: str | Path) -> Image.Image:
    path = Path(path)
    try:
        image = Image.open(path)
        image.load()
    except FileNotFoundError:
        raise ImageLoadError(f"image not found: {path}") from None
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ImageLoadError(f"cannot read image {path}: {exc}") from None
    return image


def resized_size(height: int, width: int, size: int) -> tuple[int, int]:
    """(height, width) after resizing the shorter side to `size` (torchvision's rule)."""
    if width <= height:
        return int(size * height / width), size
    return size, int(size * width / height)


def centre_crop_offsets(height: int, width: int, size: int) -> tuple[int, int]:
    """(top, left) of a centred `size` x `size` crop (torchvision's rounding)."""
    if height < size or width < size:
        raise ValueError(f"cannot crop {size}x{size} out of {width}x{height}")
    return int(round((height - size) / 2.0)), int(round((width - size) / 2.0))


def _normalise(x: torch.Tensor, mean: Sequence[float], std: Sequence[float]) -> torch.Tensor:
    mean_t = torch.tensor(mean, dtype=x.dtype, device=x.device).view(-1, 1, 1)
    std_t = torch.tensor(std, dtype=x.dtype, device=x.device).view(-1, 1, 1)
    return (x - mean_t) / std_t


def preprocess_pil(
    image: Image.Image, size: int, mean: Sequence[float] = CLIP_MEAN, std: Sequence[float] = CLIP_STD
) -> torch.Tensor:
    """One PIL image -> (3, size, size) float32, exactly as the reference transform."""
    width, height = image.size
    new_h, new_w = resized_size(height, width, size)
    if (new_h, new_w) != (height, width):
        image = image.resize((new_w, new_h), Image.BICUBIC)
    top, left = centre_crop_offsets(new_h, new_w, size)
    image = image.crop((left, top, left + size, top + size))
    image = image.convert("RGB")  # after resize and crop, as the reference does
    x = torch.from_numpy(np.array(image, dtype=np.uint8, copy=True)).permute(2, 0, 1).float().div(255)
    return _normalise(x, mean, std)


def preprocess_tensor(
    pixels: torch.Tensor, size: int, mean: Sequence[float] = CLIP_MEAN, std: Sequence[float] = CLIP_STD
) -> torch.Tensor:
    """(B, 3, H, W) or (3, H, W) floats in [0, 1] -> (B, 3, size, size), differentiable."""
    if pixels.dim() == 3:
        pixels = pixels.unsqueeze(0)
    if pixels.dim() != 4 or pixels.shape[1] != 3:
        raise ValueError(f"expected pixels of shape (B, 3, H, W), got {tuple(pixels.shape)}")
    if not pixels.is_floating_point():
        pixels = pixels.float() / 255
    height, width = pixels.shape[-2:]
    new_h, new_w = resized_size(height, width, size)
    if (new_h, new_w) != (height, width):
        pixels = F.interpolate(pixels, size=(new_h, new_w), mode="bicubic", align_corners=False, antialias=True)
        pixels = pixels.clamp(0, 1)  # Pillow clips its bicubic overshoot too
    top, left = centre_crop_offsets(new_h, new_w, size)
    pixels = pixels[:, :, top : top + size, left : left + size]
    return _normalise(pixels, mean, std)


ImageLike = Image.Image | str | Path | torch.Tensor


def preprocess_images(
    images: ImageLike | Sequence[ImageLike],
    size: int,
    mean: Sequence[float] = CLIP_MEAN,
    std: Sequence[float] = CLIP_STD,
) -> torch.Tensor:
    """A batch of images of any supported kind -> (B, 3, size, size).

    PIL images and file paths take the PIL path; tensors ((3, H, W) or (B, 3, H, W), floats in
    [0, 1]) take the differentiable tensor path."""
    if isinstance(images, torch.Tensor):
        return preprocess_tensor(images, size, mean, std)
    if isinstance(images, (Image.Image, str, Path)):
        images = [images]
    out = []
    for image in images:
        if isinstance(image, torch.Tensor):
            out.append(preprocess_tensor(image, size, mean, std))
            continue
        if isinstance(image, (str, Path)):
            image = load_image(image)
        if not isinstance(image, Image.Image):
            raise TypeError(f"cannot score an image of type {type(image).__name__}")
        out.append(preprocess_pil(image, size, mean, std).unsqueeze(0))
    if not out:
        raise ValueError("no images given")
    return torch.cat(out)
