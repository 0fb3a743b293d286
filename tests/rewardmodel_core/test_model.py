import pytest
import torch
from PIL import Image
from transformers import BlipConfig, BlipForImageTextRetrieval

from rewardmodel.core import RewardModel, preset_config
from rewardmodel.core.model import IMAGEREWARD_MEAN, IMAGEREWARD_STD, PRESETS, RewardHead

from .helpers import PROMPTS, bert_tokenizer, random_pixels, tiny_model


def test_imagereward_large_preset_has_the_published_shapes():
    config = preset_config("imagereward-large", tokenizer=bert_tokenizer())
    with torch.device("meta"):
        model = RewardModel(config)
    shapes = {name: tuple(p.shape) for name, p in model.state_dict().items()}
    assert shapes["vision_model.embeddings.position_embedding"] == (1, 197, 1024)  # 224 px / 16 + [CLS]
    assert shapes["vision_model.embeddings.patch_embedding.weight"] == (1024, 3, 16, 16)
    assert len(model.vision_model.encoder.layers) == 24
    assert model.vision_model.config.num_attention_heads == 16
    assert model.vision_model.post_layernorm.eps == 1e-6
    assert shapes["text_encoder.embeddings.word_embeddings.weight"] == (30524, 768)
    assert len(model.text_encoder.encoder.layer) == 12
    assert shapes["text_encoder.encoder.layer.11.crossattention.self.key.weight"] == (768, 1024)
    assert shapes["vision_proj.weight"] == (256, 1024) and shapes["text_proj.weight"] == (256, 768)
    assert (config.reward_mean, config.reward_std) == (IMAGEREWARD_MEAN, IMAGEREWARD_STD)
    n_params = sum(p.numel() for p in model.parameters())
    assert 440e6 < n_params < 452e6  # ~446M: vision 303M, text 142M, head 0.9M


def test_head_layers_are_numbered_as_the_reference_mlp():
    head = RewardHead(768)
    linear = {
        name.split(".")[0]: tuple(p.shape) for name, p in head.layers.named_parameters() if name.endswith("weight")
    }
    assert linear == {"0": (1024, 768), "2": (128, 1024), "4": (64, 128), "6": (16, 64), "7": (1, 16)}
    assert [head.layers[i].p for i in (1, 3, 5)] == [0.2, 0.2, 0.1]
    assert all(not isinstance(m, (torch.nn.ReLU, torch.nn.GELU)) for m in head.layers)


def test_head_starts_with_the_reference_initialisation():
    torch.manual_seed(0)
    head = RewardHead(768)
    weight = head.layers[0].weight
    assert weight.std().item() == pytest.approx(1 / 769, rel=0.02)
    assert all(head.layers[i].bias.eq(0).all() for i in (0, 2, 4, 6, 7))


def test_xavier_head_starts_at_unit_gain_and_the_tiny_preset_uses_it():
    torch.manual_seed(0)
    head = RewardHead(64, init="xavier").eval()
    features = torch.randn(4096, 64)
    # Five linear maps at Glorot gain: the reward's spread is of the order of the features'
    # (the reference's initialisation: ~1e-4 of it at width 64, ~1e-6 at 768).
    assert 0.05 < head(features).std().item() < 20
    assert RewardHead(64).eval()(features).std().item() < 1e-3
    assert head.layers[2].weight.std().item() == pytest.approx((2 / (1024 + 128)) ** 0.5, rel=0.05)
    with pytest.raises(ValueError, match="unknown head init 'he'"):
        RewardHead(64, init="he")
    tiny = PRESETS["tiny"]()
    assert (tiny.head_init, tiny.head_dropout) == ("xavier", (0.0, 0.0, 0.0))
    assert PRESETS["imagereward-large"]().head_init == "reference"


def test_batched_scores_equal_one_by_one_scores():
    model = tiny_model()
    pixels = random_pixels(6)
    prompts = [PROMPTS[i % 3] for i in range(6)]
    batched = model.score_batch(prompts, pixels, batch_size=4)
    one_by_one = torch.tensor([model.score(p, pixels[i : i + 1])[0] for i, p in enumerate(prompts)])
    assert torch.allclose(batched, one_by_one, atol=1e-5)
    assert batched.std() > 1e-3  # the scores do differ


def test_score_reads_the_whole_prompt_bidirectionally():
    model = tiny_model()
    pixels = random_pixels(1)
    # Only the last word differs: [CLS] sees it only if the encoder is not causal.
    first = model.score("a red circle above a blue square", pixels)[0]
    second = model.score("a red circle above a blue circle", pixels)[0]
    assert abs(first - second) > 1e-4


def test_padding_content_does_not_change_the_reward():
    model = tiny_model()
    input_ids, attention_mask = model.tokenizer([PROMPTS[0], PROMPTS[1] + " " + PROMPTS[2]])
    noisy = input_ids.clone()
    noisy[0][attention_mask[0] == 0] = 7  # garbage where the mask says padding
    pixels = model.preprocess(random_pixels(2))
    with torch.no_grad():
        clean = model(pixels, input_ids, attention_mask)
        dirty = model(pixels, noisy, attention_mask)
    assert torch.equal(clean, dirty)


def test_reward_passes_gradients_to_the_pixels():
    model = tiny_model().requires_grad_(False)
    pixels = random_pixels(2, size=80).requires_grad_(True)
    rewards = model.reward(pixels, PROMPTS[:2])
    rewards.sum().backward()
    assert rewards.shape == (2,)
    assert pixels.grad is not None and pixels.grad.abs().sum() > 0


def test_reward_equals_score_on_tensor_input():
    model = tiny_model()
    pixels = random_pixels(3, size=72)
    with torch.no_grad():
        rewards = model.reward(pixels, PROMPTS[0])
    assert torch.allclose(rewards, model.score_batch(PROMPTS[0], pixels), atol=1e-6)


def test_score_takes_paths_and_pil_images(tmp_path):
    model = tiny_model()
    image = Image.new("RGB", (90, 64), (200, 30, 30))
    image.save(tmp_path / "red.png")
    # The same pixels reach the model either way ...
    pixels = model.preprocess([tmp_path / "red.png", image])
    assert torch.equal(pixels[0], pixels[1])
    # ... and score the same, up to the matmul kernels' row-dependent rounding on some CPUs
    # (seen: 2e-7 apart on an AVX2-only AMD EPYC, bit-equal on an AMX Xeon).
    from_path, from_pil = model.score(PROMPTS[0], [tmp_path / "red.png", image])
    assert from_path == pytest.approx(from_pil, abs=1e-5)


def test_projections_are_kept_but_frozen():
    model = tiny_model()
    assert not any(p.requires_grad for p in model.vision_proj.parameters())
    assert not any(p.requires_grad for p in model.text_proj.parameters())


def small_blip_itm(tmp_path, image_size=96):
    """A small BlipForImageTextRetrieval saved like a hub checkpoint, with bert-base's tokenizer."""
    config = BlipConfig(
        text_config=dict(
            vocab_size=30524,
            hidden_size=32,
            intermediate_size=64,
            num_hidden_layers=2,
            num_attention_heads=2,
            max_position_embeddings=64,
        ),
        vision_config=dict(
            hidden_size=48,
            intermediate_size=96,
            num_hidden_layers=2,
            num_attention_heads=2,
            image_size=image_size,
            patch_size=16,
            initializer_range=0.02,
        ),
        image_text_hidden_size=24,
    )
    torch.manual_seed(0)
    blip = BlipForImageTextRetrieval(config)
    blip.save_pretrained(tmp_path / "blip")
    bert_tokenizer().hf.save_pretrained(tmp_path / "blip")
    return blip, tmp_path / "blip"


def test_backbone_weights_come_from_a_blip_itm_checkpoint(tmp_path):
    blip, path = small_blip_itm(tmp_path)
    model = RewardModel.from_blip_itm(path, image_size=None, local_files_only=True)
    for name in ("vision_model", "text_encoder", "vision_proj", "text_proj"):
        ours, theirs = getattr(model, name).state_dict(), getattr(blip, name).state_dict()
        assert ours.keys() == theirs.keys()
        assert all(torch.equal(ours[k], theirs[k]) for k in ours), name
    assert model.config.text["is_decoder"] and model.config.text["encoder_hidden_size"] == 48
    assert len(model.score("a castle on a hill", random_pixels(2, size=96))) == 2


def test_blip_position_embeddings_are_resized_to_the_reward_resolution(tmp_path):
    blip, path = small_blip_itm(tmp_path, image_size=96)
    model = RewardModel.from_blip_itm(path, image_size=64, local_files_only=True)
    position = model.vision_model.embeddings.position_embedding
    assert position.shape == (1, 1 + 4 * 4, 48)
    assert torch.equal(position[:, 0], blip.vision_model.embeddings.position_embedding[:, 0])
    assert model.config.image_size == 64
