"""ImageReward's annotation protocol (shared/reference/imagereward.md, section 1) as the
defaults of a new project."""

RATING_DIMENSIONS = [
    {
        "key": "overall",
        "label": "Overall",
        "min": 1,
        "max": 7,
        "anchors": {
            "1": "Very poor: I would never use this image for the prompt.",
            "4": "Acceptable: usable, with visible problems.",
            "7": "Excellent: matches the prompt and looks real or intended.",
        },
    },
    {
        "key": "alignment",
        "label": "Image-text alignment",
        "min": 1,
        "max": 7,
        "anchors": {
            "1": "Unrelated to the prompt.",
            "4": "Follows the main subject; misses or gets wrong some details.",
            "7": "Every element of the prompt is there, as asked.",
        },
    },
    {
        "key": "fidelity",
        "label": "Fidelity",
        "min": 1,
        "max": 7,
        "anchors": {
            "1": "Severely distorted, broken or unrecognisable.",
            "4": "Plausible at a glance; artefacts on a closer look.",
            "7": "No artefacts: shapes, anatomy and textures are right.",
        },
    },
]

IMAGE_FLAGS = [
    "repeated generation",
    "body problems",
    "too blurred",
    "psychologically discomforting",
    "sexual content",
    "violent content",
    "defames groups",
]

PROMPT_FLAGS = [
    "intent unclear",
    "sexual content",
    "violent content",
    "defames groups",
    "contains personal information",
]

PROMPT_CATEGORIES = [
    "Abstract",
    "Animals",
    "Artifacts",
    "Arts",
    "Food",
    "Illustrations",
    "Indoor Scenes",
    "Outdoor Scenes",
    "People",
    "Plants",
    "Vehicles",
    "World Knowledge",
]


def rating_dimensions():
    return [dict(d, anchors=dict(d["anchors"])) for d in RATING_DIMENSIONS]


def image_flags():
    return list(IMAGE_FLAGS)


def prompt_flags():
    return list(PROMPT_FLAGS)


def prompt_categories():
    return list(PROMPT_CATEGORIES)


REVIEW_REASONS = [
    "ranking contradicts the images",
    "ratings inconsistent",
    "missed a flag",
    "careless (too fast)",
    "other",
]


def review_reasons():
    return list(REVIEW_REASONS)
