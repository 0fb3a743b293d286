"""The held-out rule: a prompt's side depends only on (salt, fraction, text)."""

from rewardmodel.split import hash_fraction, is_held_out, is_validation

PROMPTS = [f"a red circle above {n} blue squares" for n in range(2000)]


def test_a_prompt_stays_on_its_side_however_much_data_arrives():
    before = {p for p in PROMPTS[:500] if is_held_out(p, salt="s", fraction=0.1)}
    after = {p for p in PROMPTS if is_held_out(p, salt="s", fraction=0.1)}
    assert before == {p for p in after if p in PROMPTS[:500]}


def test_the_held_out_share_follows_the_fraction():
    share = sum(is_held_out(p, salt="s", fraction=0.1) for p in PROMPTS) / len(PROMPTS)
    assert 0.08 < share < 0.12


def test_case_and_spacing_do_not_move_a_prompt():
    assert hash_fraction("s", "A red  circle ") == hash_fraction("s", "a red circle")


def test_another_salt_draws_another_set():
    one = {p for p in PROMPTS if is_held_out(p, salt="one", fraction=0.1)}
    two = {p for p in PROMPTS if is_held_out(p, salt="two", fraction=0.1)}
    assert one != two


def test_validation_is_drawn_independently_of_the_held_out_set():
    held_out = [p for p in PROMPTS if is_held_out(p, salt="s", fraction=0.1)]
    share = sum(is_validation(p, salt="s", fraction=0.1) for p in held_out) / len(held_out)
    assert 0.04 < share < 0.2
