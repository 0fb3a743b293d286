"""Rankings as ImageReward records them: `slots[i]` is the slot of image i, 1 = best; equal
slots are ties. Pure Python, shared by submission, import and export."""

from collections.abc import Sequence
from itertools import combinations


def expand_ranking_to_pairs(slots: Sequence[int]) -> list[tuple[int, int, bool]]:
    """Every pair of images as (better index, worse index, is_tie). Images in different slots
    give better/worse (lower slot wins); images in one slot give a tie, listed in index order.
    The reference training expansion is the non-tied subset of these pairs."""
    pairs = []
    for i, j in combinations(range(len(slots)), 2):
        if slots[i] == slots[j]:
            pairs.append((i, j, True))
        elif slots[i] < slots[j]:
            pairs.append((i, j, False))
        else:
            pairs.append((j, i, False))
    return pairs


def non_tied_pairs(slots: Sequence[int]) -> list[tuple[int, int]]:
    return [(better, worse) for better, worse, tie in expand_ranking_to_pairs(slots) if not tie]
