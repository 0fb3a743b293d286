"""Synthetic prompt groups whose quality is known, and simulated annotators.

A prompt names coloured shapes and where they sit ("a red circle above a blue square", "two
green triangles left of a yellow star"); a good image draws exactly that. Each image of a group
gets zero or more defects, each lowering its true quality:

| defect             | what is drawn                          | seen without the prompt? |
|--------------------|----------------------------------------|--------------------------|
| "wrong colour"     | a named shape in another colour        | no                       |
| "swapped position" | the two subjects trade places          | no                       |
| "wrong shape"      | a named shape drawn as another shape   | no                       |
| "missing shape"    | one named shape left out               | partly (fewer shapes)    |
| "extra shape"      | an unnamed small shape added           | partly (more shapes)     |
| "blur"             | Gaussian blur                          | yes                      |
| "noise"            | Gaussian pixel noise                   | yes                      |

So a model that reads (prompt, image) can learn the quality exactly, while a prompt-blind model
cannot rank the colour, shape and position defects. Quality is on the rating scale's footing:
7 is a perfect image and every defect subtracts its penalty (alignment defects from the
alignment score, blur and noise from fidelity; overall = 7 minus all penalties).

`SimulatedAnnotator` turns a group into what an expert would submit (ratings per dimension,
flags, a ranking into slots that agrees with the ratings) with Gaussian noise on the perceived
quality. Everything is deterministic given the seeds: the first m groups of a run are the same
whatever n is asked for, from `generate_groups` or `iter_groups`, and an annotator's judgment of
a group depends only on (annotator seed, group id).

Pure Python, Pillow and numpy: the demo, the end-to-end tests and the reward-model
learnability checks use it without Django."""

from __future__ import annotations

import json
import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

GENERATOR_NAME = "synthetic-shapes-v1"

COLOURS: dict[str, tuple[int, int, int]] = {
    "red": (220, 40, 40),
    "green": (40, 170, 60),
    "blue": (40, 80, 220),
    "yellow": (240, 210, 30),
    "purple": (140, 50, 170),
    "orange": (245, 130, 20),
    "black": (20, 20, 20),
    "white": (250, 250, 250),
}
SHAPES = ["circle", "square", "triangle", "star", "diamond"]
PLURALS = {"circle": "circles", "square": "squares", "triangle": "triangles", "star": "stars", "diamond": "diamonds"}
RELATIONS = ["above", "below", "left of", "right of"]
NUMBERS = {1: "a", 2: "two"}

# (suffix of the prompt, ImageReward category, background colour). Backgrounds are muted so
# that every named colour stays distinguishable on every background.
CONTEXTS = [
    ("", "Abstract", (150, 150, 150)),
    (" in a flat illustration", "Illustrations", (200, 190, 160)),
    (" on a poster", "Arts", (170, 150, 180)),
    (" printed on a mug", "Artifacts", (120, 140, 150)),
    (" on a road sign", "Vehicles", (110, 130, 110)),
    (" on a kitchen tile", "Indoor Scenes", (180, 170, 150)),
    (" painted on a garden wall", "Outdoor Scenes", (160, 120, 100)),
    (" as a cake decoration", "Food", (210, 180, 170)),
]

ALIGNMENT_DEFECTS = ("wrong colour", "swapped position", "wrong shape", "missing shape", "extra shape")
FIDELITY_DEFECTS = ("blur", "noise")
DEFECTS = ALIGNMENT_DEFECTS + FIDELITY_DEFECTS
# Penalty of each defect on the 1..7 footing; blur and noise scale with their severity (0..1).
PENALTY = {
    "wrong colour": 2.0,
    "swapped position": 2.0,
    "wrong shape": 2.0,
    "missing shape": 2.5,
    "extra shape": 1.0,
    "blur": 1.0,  # + 1.0 * severity
    "noise": 1.0,  # + 1.0 * severity
}
# How many defects an image gets, with these weights.
DEFECT_COUNT_WEIGHTS = [0.25, 0.4, 0.25, 0.1]
BEST = 7.0
WORST = 1.0
# The ImageReward image flag an annotator sets for a defect (only blur has one).
DEFECT_FLAGS = {"blur": "too blurred"}


@dataclass
class Subject:
    count: int
    colour: str
    shape: str

    def words(self) -> str:
        if self.count == 1:
            return f"{'an' if self.colour[0] in 'aeiou' else 'a'} {self.colour} {self.shape}"
        return f"{NUMBERS[self.count]} {self.colour} {PLURALS[self.shape]}"


@dataclass
class Scene:
    """What a prompt asks for: one subject alone, or `a` in `relation` to `b`."""

    a: Subject
    relation: str | None = None
    b: Subject | None = None
    context: int = 0

    @property
    def prompt(self) -> str:
        text = self.a.words() if self.relation is None else f"{self.a.words()} {self.relation} {self.b.words()}"
        return text + CONTEXTS[self.context][0]

    @property
    def category(self) -> str:
        return CONTEXTS[self.context][1]


@dataclass
class SyntheticGroup:
    id: str
    prompt: str
    category: str
    images: list[Image.Image]
    quality: list[float]
    defects: list[list[str]]
    # Per image: the alignment and fidelity parts of the quality (7 minus their penalties).
    alignment: list[float] = field(default_factory=list)
    fidelity: list[float] = field(default_factory=list)
    # Per image: how severe its blur / noise is (0..1), for the annotator's flags.
    severity: list[dict[str, float]] = field(default_factory=list)
    seed: int = 0  # the seed this group was drawn from (its own, derived from the run's seed)

    def true_ranking(self, *, slots: int = 5, max_per_slot: int = 2) -> list[int]:
        """The ranking a noiseless annotator gives."""
        return assign_slots(self.quality, slots=slots, max_per_slot=max_per_slot)


# ---------------------------------------------------------------------------------------------
# Drawing the groups
# ---------------------------------------------------------------------------------------------


def _draw_scene(rng: random.Random) -> Scene:
    context = rng.randrange(len(CONTEXTS))
    colours = list(COLOURS)
    if rng.random() < 0.2:
        return Scene(a=Subject(rng.choice((1, 1, 2)), rng.choice(colours), rng.choice(SHAPES)), context=context)
    colour_a, colour_b = rng.sample(colours, 2)
    shape_a, shape_b = rng.choice(SHAPES), rng.choice(SHAPES)
    a = Subject(2 if rng.random() < 0.3 else 1, colour_a, shape_a)
    return Scene(a=a, relation=rng.choice(RELATIONS), b=Subject(1, colour_b, shape_b), context=context)


def _regions(relation: str | None, size: int) -> tuple[tuple[float, float, float, float], ...]:
    """Boxes (x0, y0, x1, y1) for subject a and subject b."""
    s = float(size)
    m = s * 0.04
    if relation is None:
        return ((m, m, s - m, s - m),)
    top, bottom = (m, m, s - m, s / 2), (m, s / 2, s - m, s - m)
    left, right = (m, m, s / 2, s - m), (s / 2, m, s - m, s - m)
    return {"above": (top, bottom), "below": (bottom, top), "left of": (left, right), "right of": (right, left)}[
        relation
    ]


def _cells(box, count: int) -> list[tuple[float, float, float, float]]:
    """Split a box into `count` cells along its longer side."""
    x0, y0, x1, y1 = box
    if count == 1:
        return [box]
    if x1 - x0 >= y1 - y0:
        w = (x1 - x0) / count
        return [(x0 + i * w, y0, x0 + (i + 1) * w, y1) for i in range(count)]
    h = (y1 - y0) / count
    return [(x0, y0 + i * h, x1, y0 + (i + 1) * h) for i in range(count)]


def _shape_points(shape: str, cx: float, cy: float, r: float) -> list[tuple[float, float]] | None:
    if shape == "triangle":
        return [(cx, cy - r), (cx + r * 0.95, cy + r * 0.8), (cx - r * 0.95, cy + r * 0.8)]
    if shape == "diamond":
        return [(cx, cy - r), (cx + r * 0.75, cy), (cx, cy + r), (cx - r * 0.75, cy)]
    if shape == "star":
        points = []
        for i in range(10):
            radius = r if i % 2 == 0 else r * 0.45
            angle = -math.pi / 2 + i * math.pi / 5
            points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
        return points
    return None


def _draw_shape(draw: ImageDraw.ImageDraw, shape: str, colour: tuple[int, int, int], cx, cy, r) -> None:
    if shape == "circle":
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=colour)
    elif shape == "square":
        side = r * 0.85
        draw.rectangle((cx - side, cy - side, cx + side, cy + side), fill=colour)
    else:
        draw.polygon(_shape_points(shape, cx, cy, r), fill=colour)


def _place(rng: random.Random, cell) -> tuple[float, float, float]:
    """A centre and radius inside a cell, jittered so that no two images are alike."""
    x0, y0, x1, y1 = cell
    r = min(x1 - x0, y1 - y0) * rng.uniform(0.28, 0.4)
    cx = rng.uniform(x0 + r, x1 - r)
    cy = rng.uniform(y0 + r, y1 - r)
    return cx, cy, r


def _render(scene: Scene, defects: list[str], severity: dict[str, float], rng: random.Random, size: int) -> Image.Image:
    background = tuple(max(0, min(255, c + rng.randint(-6, 6))) for c in CONTEXTS[scene.context][2])
    image = Image.new("RGB", (size, size), background)
    draw = ImageDraw.Draw(image)

    subjects = [scene.a] if scene.b is None else [scene.a, scene.b]
    regions = list(_regions(scene.relation, size))
    if "swapped position" in defects:
        regions.reverse()
    # One drawn instance per counted shape: (subject index, colour, shape).
    instances = [[i, s.colour, s.shape] for i, s in enumerate(subjects) for _ in range(s.count)]
    if "wrong colour" in defects:
        target = rng.randrange(len(subjects))
        others = [c for c in COLOURS if c != subjects[target].colour]
        new = rng.choice(others)
        for inst in instances:
            if inst[0] == target:
                inst[1] = new
    if "wrong shape" in defects:
        target = rng.randrange(len(subjects))
        new = rng.choice([s for s in SHAPES if s != subjects[target].shape])
        for inst in instances:
            if inst[0] == target:
                inst[2] = new
    if "missing shape" in defects:
        instances.pop(rng.randrange(len(instances)))

    for index, subject in enumerate(subjects):
        mine = [inst for inst in instances if inst[0] == index]
        for inst, cell in zip(mine, _cells(regions[index], subject.count)):
            _draw_shape(draw, inst[2], COLOURS[inst[1]], *_place(rng, cell))
    if "extra shape" in defects:
        named = {(s.colour, s.shape) for s in subjects}
        while True:
            colour, shape = rng.choice(list(COLOURS)), rng.choice(SHAPES)
            if (colour, shape) not in named:
                break
        r = size * 0.09
        _draw_shape(draw, shape, COLOURS[colour], rng.uniform(r, size - r), rng.uniform(r, size - r), r)

    if "blur" in defects:
        image = image.filter(ImageFilter.GaussianBlur(radius=(0.8 + 1.7 * severity["blur"]) * size / 64))
    if "noise" in defects:
        nrng = np.random.default_rng(rng.getrandbits(64))
        pixels = np.asarray(image, dtype=np.float32)
        pixels += nrng.standard_normal(pixels.shape, dtype=np.float32) * (25.0 + 45.0 * severity["noise"])
        image = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")
    return image


def _check_defects(defects) -> tuple[str, ...]:
    """The defect kinds a run may draw, in DEFECTS order (None: all of them)."""
    if defects is None:
        return DEFECTS
    if isinstance(defects, str):
        defects = [defects]
    unknown = [d for d in defects if d not in DEFECTS]
    if unknown:
        raise ValueError(f"unknown defect kinds {unknown!r}; choose among {', '.join(DEFECTS)}")
    if not defects:
        raise ValueError("defects must name at least one defect kind (None: all of them)")
    return tuple(d for d in DEFECTS if d in defects)


def _possible(kinds: tuple[str, ...], scene: Scene) -> list[str]:
    return [d for d in kinds if not (d == "swapped position" and scene.relation is None)]


def _draw_defects(rng: random.Random, scene: Scene, kinds: tuple[str, ...] = DEFECTS) -> list[str]:
    possible = _possible(kinds, scene)
    count = rng.choices(range(len(DEFECT_COUNT_WEIGHTS)), weights=DEFECT_COUNT_WEIGHTS)[0]
    return sorted(rng.sample(possible, min(count, len(possible))), key=DEFECTS.index)


def _scores(defects: list[str], severity: dict[str, float]) -> tuple[float, float, float]:
    """(overall, alignment, fidelity) true quality of an image with these defects."""
    alignment = BEST - sum(PENALTY[d] for d in defects if d in ALIGNMENT_DEFECTS)
    fidelity = BEST - sum(PENALTY[d] + severity[d] for d in defects if d in FIDELITY_DEFECTS)
    overall = alignment + fidelity - BEST
    return round(overall, 4), round(alignment, 4), round(fidelity, 4)


def group_seed(seed: int, index: int) -> int:
    return random.Random(f"synthetic-group:{seed}:{index}").getrandbits(63)


def _make_group(
    index: int, scene: Scene, *, seed: int, k_range, size: int, kinds: tuple[str, ...] = DEFECTS
) -> SyntheticGroup:
    """Group number `index` of the run `seed` showing `scene` (k_range inclusive), its images'
    defects drawn from `kinds`."""
    own_seed = group_seed(seed, index)
    rng = random.Random(own_seed)
    k = rng.randint(k_range[0], k_range[1])
    all_defects = [_draw_defects(rng, scene, kinds) for _ in range(k)]
    severities = [{"blur": round(rng.random(), 3), "noise": round(rng.random(), 3)} for _ in range(k)]
    scores = [_scores(d, s) for d, s in zip(all_defects, severities)]
    if k > 1 and len({s[0] for s in scores}) == 1:
        # A group whose images are all alike teaches nothing: give one of them a defect.
        # (Only when `kinds` leaves no other defect for this scene do they stay alike.)
        victim = rng.randrange(k)
        extra = [d for d in _possible(kinds, scene) if d not in all_defects[victim]]
        if extra:
            all_defects[victim] = sorted(all_defects[victim] + [rng.choice(extra)], key=DEFECTS.index)
            scores[victim] = _scores(all_defects[victim], severities[victim])
    images = [_render(scene, d, s, rng, size) for d, s in zip(all_defects, severities)]
    return SyntheticGroup(
        id=f"syn-{index:06d}",
        prompt=scene.prompt,
        category=scene.category,
        images=images,
        quality=[s[0] for s in scores],
        defects=all_defects,
        alignment=[s[1] for s in scores],
        fidelity=[s[2] for s in scores],
        severity=[{d: s[d] for d in FIDELITY_DEFECTS if d in defects} for defects, s in zip(all_defects, severities)],
        seed=own_seed,
    )


def iter_groups(n: int, *, seed: int = 0, k_range=(4, 9), size: int = 64, defects=None) -> Iterator[SyntheticGroup]:
    """Groups 0..n-1 of the run `seed`, one at a time. Prompts differ between the groups of a
    run as long as the space of scenes allows (a repeat is redrawn up to 50 times).

    `defects` (default None: all of DEFECTS) limits the defect kinds drawn, e.g. to those a small
    model can see in a CPU budget; the scenes and prompts stay those of the run, and the default
    draws exactly what it drew before the option existed."""
    if k_range[0] < 1 or k_range[1] < k_range[0]:
        raise ValueError(f"k_range must be (min, max) with 1 <= min <= max, got {k_range!r}")
    kinds = _check_defects(defects)
    seen: set[str] = set()
    for index in range(n):
        rng = random.Random(f"synthetic-scene:{seed}:{index}")
        scene = _draw_scene(rng)
        for _ in range(50):
            if scene.prompt not in seen:
                break
            scene = _draw_scene(rng)
        seen.add(scene.prompt)
        yield _make_group(index, scene, seed=seed, k_range=k_range, size=size, kinds=kinds)


def generate_groups(n: int, *, seed: int = 0, k_range=(4, 9), size: int = 64, defects=None) -> list[SyntheticGroup]:
    return list(iter_groups(n, seed=seed, k_range=k_range, size=size, defects=defects))


# ---------------------------------------------------------------------------------------------
# Rankings and simulated annotators
# ---------------------------------------------------------------------------------------------


def assign_slots(
    perceived: Sequence[float], *, slots: int = 5, max_per_slot: int = 2, tie_margin: float = 0.15
) -> list[int]:
    """Slots (1 = best) for images with these perceived qualities: better never in a worse slot,
    at most `max_per_slot` per slot, ties where the qualities are closest (and wherever they
    are within `tie_margin`, as a person would tie images they cannot tell apart)."""
    k = len(perceived)
    if k > slots * max_per_slot:
        raise ValueError(f"{k} images do not fit {slots} slots of {max_per_slot}")
    order = sorted(range(k), key=lambda i: (-perceived[i], i))
    values = [perceived[i] for i in order]
    gaps = [values[i] - values[i + 1] for i in range(k - 1)]
    # best[i][b]: least cost of putting the first i sorted images into b slots; a tie costs its
    # gap minus the margin, so near-equal images tie even when they need not.
    inf = float("inf")
    best = [[inf] * (slots + 1) for _ in range(k + 1)]
    choice = [[0] * (slots + 1) for _ in range(k + 1)]
    best[0][0] = 0.0
    for i in range(1, k + 1):
        for b in range(1, slots + 1):
            for size in range(1, min(max_per_slot, i) + 1):
                prev = best[i - size][b - 1]
                if prev == inf:
                    continue
                cost = prev + sum(gaps[j] - tie_margin for j in range(i - size, i - 1))
                if cost < best[i][b] - 1e-12:
                    best[i][b], choice[i][b] = cost, size
    blocks = min(range(1, slots + 1), key=lambda b: (best[k][b], b)) if k else 0
    sizes = []
    i, b = k, blocks
    while i > 0:
        sizes.append(choice[i][b])
        i, b = i - choice[i][b], b - 1
    result = [0] * k
    position = 0
    for slot, size in enumerate(reversed(sizes), start=1):
        for _ in range(size):
            result[order[position]] = slot
            position += 1
    return result


@dataclass
class Judgment:
    ratings: list[dict[str, int]]
    flags: list[list[str]]
    slots: list[int]
    prompt_category: str
    prompt_flags: list[str] = field(default_factory=list)

    def as_submission(self, image_ids: Sequence) -> list[dict]:
        """The per-image judgments in the shape the submission service and API take."""
        return [
            {"image_id": image_id, "ratings": dict(r), "flags": list(f), "slot": s}
            for image_id, r, f, s in zip(image_ids, self.ratings, self.flags, self.slots)
        ]


def _to_scale(quality: float, lo: int, hi: int) -> float:
    return lo + (quality - WORST) * (hi - lo) / (BEST - WORST)


@dataclass
class SimulatedAnnotator:
    """An expert who perceives each image's true quality plus Gaussian noise (std `noise`, on
    the 1..7 footing) and reports it faithfully: ratings, the flag of a blur it notices, and a
    ranking that agrees with its overall ratings."""

    noise: float = 0.3
    seed: int = 0

    def judge(
        self,
        group: SyntheticGroup,
        *,
        slots: int = 5,
        max_per_slot: int = 2,
        dimensions: Sequence = ("overall", "alignment", "fidelity"),
        scale: tuple[int, int] = (1, 7),
    ) -> Judgment:
        """`dimensions` are keys (rated on `scale`) or a project's dimension specs
        ({"key", "min", "max", ...}). Unknown keys are rated like overall."""
        rng = random.Random(f"annotator:{self.seed}:{group.id}")
        specs = [
            (d["key"], int(d["min"]), int(d["max"])) if isinstance(d, dict) else (d, scale[0], scale[1])
            for d in dimensions
        ]
        truth = {
            "overall": group.quality,
            "alignment": group.alignment or group.quality,
            "fidelity": group.fidelity or group.quality,
        }
        perceived_overall = [q + rng.gauss(0.0, self.noise) if self.noise else q for q in group.quality]
        ratings = [dict() for _ in group.quality]
        for key, lo, hi in specs:
            for i, rating in enumerate(ratings):
                if key == "overall":
                    value = perceived_overall[i]
                else:
                    value = truth.get(key, group.quality)[i] + (rng.gauss(0.0, self.noise) if self.noise else 0.0)
                rating[key] = int(min(hi, max(lo, math.floor(_to_scale(value, lo, hi) + 0.5))))
        flags = []
        for i, defects in enumerate(group.defects):
            mine = []
            for defect, flag in DEFECT_FLAGS.items():
                strength = (0.5 + group.severity[i].get(defect, 0.0)) if defect in defects else -1.0
                if strength + (rng.gauss(0.0, self.noise) if self.noise else 0.0) > 0:
                    mine.append(flag)
            flags.append(mine)
        # Ratings grow with the perceived quality, so ranking by it never contradicts them.
        ranking = assign_slots(perceived_overall, slots=slots, max_per_slot=max_per_slot)
        return Judgment(ratings=ratings, flags=flags, slots=ranking, prompt_category=group.category)


# ---------------------------------------------------------------------------------------------
# Files: the reference training format and a folder for import_generations
# ---------------------------------------------------------------------------------------------


def _split_prompts(prompts: Sequence[str], split: Sequence[float], seed: int) -> dict[str, str]:
    """Each distinct prompt to "train", "valid" or "test" (a prompt never spans two splits)."""
    if len(split) != 3 or any(f < 0 for f in split) or not math.isclose(sum(split), 1.0, abs_tol=1e-6):
        raise ValueError(f"split must be three non-negative fractions summing to 1, got {split!r}")
    distinct = list(dict.fromkeys(prompts))
    random.Random(f"split:{seed}").shuffle(distinct)
    n = len(distinct)
    n_train = round(n * split[0])
    n_valid = round(n * (split[0] + split[1])) - n_train
    names = {}
    for i, prompt in enumerate(distinct):
        names[prompt] = "train" if i < n_train else "valid" if i < n_train + n_valid else "test"
    return names


def _save(image: Image.Image, path: Path, image_format: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fmt = {"jpg": "JPEG"}.get(image_format.lower(), image_format.upper())
    # Flat shapes compress well even at the fastest PNG level, which is several times quicker.
    image.save(path, format=fmt, **({"compress_level": 1} if fmt == "PNG" else {}))


def write_reference_dataset(
    out_dir,
    *,
    n_groups: int,
    seed: int = 0,
    k_range=(4, 9),
    size: int = 64,
    split=(0.8, 0.1, 0.1),
    annotator_noise: float = 0.3,
    image_format: str = "png",
    slots: int = 5,
    max_per_slot: int = 2,
    defects=None,
) -> dict:
    """Images at out_dir/images/<group id>/<i>.<format> and train.json, valid.json, test.json in
    ImageReward's reference training format, the rankings given by one simulated annotator
    (noise `annotator_noise`). Also writes quality.json: the true quality and defects per group
    id, for learnability checks. `defects`: the defect kinds drawn (None: all, see iter_groups).
    Returns {split: {"groups", "images", "pairs"}}."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    annotator = SimulatedAnnotator(noise=annotator_noise, seed=seed)
    records, truth = [], {}
    for group in iter_groups(n_groups, seed=seed, k_range=k_range, size=size, defects=defects):
        paths = []
        for i, image in enumerate(group.images):
            rel = f"images/{group.id}/{i}.{image_format}"
            _save(image, out / rel, image_format)
            paths.append(rel)
        ranking = annotator.judge(group, slots=slots, max_per_slot=max_per_slot).slots
        records.append({"id": group.id, "prompt": group.prompt, "generations": paths, "ranking": ranking})
        truth[group.id] = {"category": group.category, "quality": group.quality, "defects": group.defects}
    assignment = _split_prompts([r["prompt"] for r in records], split, seed)
    counts = {}
    for name in ("train", "valid", "test"):
        mine = [r for r in records if assignment[r["prompt"]] == name]
        (out / f"{name}.json").write_text(json.dumps(mine, indent=1))
        pairs = sum(
            1
            for r in mine
            for i in range(len(r["ranking"]))
            for j in range(i + 1, len(r["ranking"]))
            if r["ranking"][i] != r["ranking"][j]
        )
        counts[name] = {"groups": len(mine), "images": sum(len(r["generations"]) for r in mine), "pairs": pairs}
    (out / "quality.json").write_text(json.dumps(truth))
    return counts


def write_generation_folder(
    out_dir,
    *,
    n_groups: int,
    seed: int = 0,
    k_range=(4, 9),
    size: int = 64,
    image_format: str = "png",
    with_ranks: bool = False,
    annotator_noise: float = 0.0,
    slots: int = 5,
    max_per_slot: int = 2,
    manifest_name: str = "manifest.jsonl",
    group_id_prefix: str = "",
) -> Path:
    """Images at out_dir/images/<group id>/<i>.<format> and a JSONL manifest for
    `manage.py import_generations` (one line per image, see annotation/imports/manifests.py);
    `with_ranks` adds each image's slot from a simulated annotator. The true quality and
    defects go in each line's metadata; `group_id_prefix` is put before each group id (to keep
    two runs apart in one project). Returns the manifest's path."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    annotator = SimulatedAnnotator(noise=annotator_noise, seed=seed)
    manifest = out / manifest_name
    with manifest.open("w") as lines:
        for group in iter_groups(n_groups, seed=seed, k_range=k_range, size=size):
            ranking = annotator.judge(group, slots=slots, max_per_slot=max_per_slot).slots if with_ranks else None
            for i, image in enumerate(group.images):
                rel = f"images/{group_id_prefix}{group.id}/{i}.{image_format}"
                _save(image, out / rel, image_format)
                line = {
                    "group": group_id_prefix + group.id,
                    "prompt": group.prompt,
                    "image": rel,
                    "generator": GENERATOR_NAME,
                    "seed": group.seed % (2**62) + i,
                    "metadata": {"category": group.category, "quality": group.quality[i], "defects": group.defects[i]},
                }
                if ranking is not None:
                    line["rank"] = ranking[i]
                lines.write(json.dumps(line) + "\n")
    return manifest
