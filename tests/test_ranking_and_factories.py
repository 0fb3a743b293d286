"""A ranking with ties expands to the reference pairs, and the group factory keeps a group's
images in order."""

import pytest

from annotation.ranking import expand_ranking_to_pairs, non_tied_pairs
from tests.factories import make_group, make_project


def test_ranking_with_ties_expands_to_reference_pairs():
    # slots 1,2,2,5: image 0 beats all, 1 and 2 tie, 3 loses to all.
    pairs = expand_ranking_to_pairs([1, 2, 2, 5])
    assert (1, 2, True) in pairs
    assert non_tied_pairs([1, 2, 2, 5]) == [(0, 1), (0, 2), (0, 3), (1, 3), (2, 3)]
    assert non_tied_pairs([3, 1]) == [(1, 0)]


@pytest.mark.django_db
def test_group_factory_stores_images_in_order():
    group = make_group(make_project(), k=5)
    assert [gi.position for gi in group.group_images.all()] == [0, 1, 2, 3, 4]
