import numpy as np
import pytest
import torch
from PIL import Image

from rewardmodel.core.preprocessing import CLIP_MEAN, CLIP_STD, preprocess_images, preprocess_pil, preprocess_tensor


def smooth_image(width: int, height: int, mode: str = "RGB", seed: int = 0) -> Image.Image:
    """A smooth random picture (resampling differences stay small, as on real images)."""
    rng = np.random.default_rng(seed)
    channels = len(mode)
    coarse = rng.uniform(0, 255, size=(6, 6, channels)).astype(np.uint8)
    return Image.fromarray(coarse.squeeze() if channels == 1 else coarse, mode).resize((width, height), Image.BILINEAR)


def reference_transform(image: Image.Image, size: int) -> torch.Tensor:
    """ImageReward's transform spelled out: Resize(size, BICUBIC) of the shorter side on the PIL
    image, CenterCrop(size), convert("RGB"), ToTensor, Normalize(CLIP)."""
    w, h = image.size
    if w <= h:
        new_w, new_h = size, int(size * h / w)
    else:
        new_w, new_h = int(size * w / h), size
    image = image.resize((new_w, new_h), Image.BICUBIC)
    top, left = int(round((new_h - size) / 2.0)), int(round((new_w - size) / 2.0))
    image = image.crop((left, top, left + size, top + size)).convert("RGB")
    x = torch.from_numpy(np.asarray(image).copy()).permute(2, 0, 1).float() / 255
    return (x - torch.tensor(CLIP_MEAN).view(3, 1, 1)) / torch.tensor(CLIP_STD).view(3, 1, 1)


@pytest.mark.parametrize("width,height", [(300, 200), (200, 301), (224, 224), (97, 64)])
def test_pil_path_is_the_reference_transform(width, height):
    image = smooth_image(width, height)
    assert torch.equal(preprocess_pil(image, 224), reference_transform(image, 224))


def test_rgba_is_resized_with_its_alpha_and_flattened_after_the_crop():
    rgba = smooth_image(300, 200, mode="RGBA", seed=3)
    ours = preprocess_pil(rgba, 224)
    assert torch.equal(ours, reference_transform(rgba, 224))
    converted_first = reference_transform(rgba.convert("RGB"), 224)
    assert not torch.allclose(ours, converted_first, atol=1e-3)


def test_tensor_path_agrees_closely_with_the_pil_path():
    image = smooth_image(320, 240, seed=1)
    pixels = torch.from_numpy(np.asarray(image).copy()).permute(2, 0, 1).float() / 255
    difference = (preprocess_tensor(pixels, 224)[0] - preprocess_pil(image, 224)).abs()
    # Pillow rounds its resized image to 8 bits, the tensor path does not: ~1/255 at most.
    assert difference.mean() < 5e-3
    assert difference.max() < 0.1


def test_tensor_path_equals_the_pil_path_when_no_resize_is_needed():
    image = smooth_image(64, 80, seed=2)
    pixels = torch.from_numpy(np.asarray(image).copy()).permute(2, 0, 1).float() / 255
    assert torch.allclose(preprocess_tensor(pixels, 64)[0], preprocess_pil(image, 64), atol=1e-6)


def test_tensor_path_passes_gradients_to_the_pixels():
    pixels = torch.rand(2, 3, 100, 120, requires_grad=True)
    preprocess_tensor(pixels, 64).sum().backward()
    assert pixels.grad is not None and pixels.grad.abs().sum() > 0


def test_paths_pil_images_and_tensors_batch_together(tmp_path):
    image = smooth_image(80, 64)
    image.save(tmp_path / "a.png")
    pixels = torch.from_numpy(np.asarray(image).copy()).permute(2, 0, 1).float() / 255
    batch = preprocess_images([tmp_path / "a.png", image, pixels], 64)
    assert batch.shape == (3, 3, 64, 64)
    assert torch.equal(batch[0], batch[1])
