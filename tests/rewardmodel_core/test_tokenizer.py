import pytest

from rewardmodel.core import PromptTokenizer, TokenizerError

from .helpers import BERT_VOCAB, bert_tokenizer


def test_prompt_is_cls_words_sep_then_masked_padding_to_35():
    tokenizer = bert_tokenizer()
    input_ids, attention_mask = tokenizer("A castle on a hill")
    assert input_ids.shape == attention_mask.shape == (1, 35)
    words = tokenizer.hf.convert_ids_to_tokens(input_ids[0, :7].tolist())
    assert words == ["[CLS]", "a", "castle", "on", "a", "hill", "[SEP]"]
    assert attention_mask[0].tolist() == [1] * 7 + [0] * 28
    assert input_ids[0, 7:].eq(tokenizer.pad_token_id).all()


def test_long_prompt_is_truncated_at_35_ending_with_sep():
    tokenizer = bert_tokenizer()
    input_ids, attention_mask = tokenizer("castle " * 60)
    assert input_ids.shape == (1, 35)
    assert attention_mask.all()
    assert input_ids[0, 0] == tokenizer.cls_token_id
    assert input_ids[0, -1] == tokenizer.sep_token_id


def test_prompts_are_lower_cased():
    tokenizer = bert_tokenizer()
    assert tokenizer("A CASTLE")[0].tolist() == tokenizer("a castle")[0].tolist()


def test_dec_and_enc_follow_the_bert_vocabulary_as_in_blip():
    tokenizer = bert_tokenizer()
    assert (tokenizer.bos_token_id, tokenizer.enc_token_id, len(tokenizer)) == (30522, 30523, 30524)
    assert tokenizer.cls_token_id == 101


def test_built_vocabulary_spells_unseen_words_instead_of_unk():
    tokenizer = PromptTokenizer.build(["a red circle above a blue square"])
    ids = tokenizer("a magenta circle")[0][0].tolist()
    tokens = tokenizer.hf.convert_ids_to_tokens(ids[: ids.index(tokenizer.sep_token_id) + 1])
    assert tokens[:2] == ["[CLS]", "a"]
    assert "circle" in tokens
    assert tokenizer.hf.unk_token not in tokens
    assert "".join(t.removeprefix("##") for t in tokens[2:-2]) == "magenta"


def test_tokenizer_saved_and_loaded_encodes_the_same(tmp_path):
    tokenizer = PromptTokenizer.build(["two green triangles left of a yellow star"])
    tokenizer.save(tmp_path)
    loaded = PromptTokenizer.from_pretrained(tmp_path)
    prompt = "two yellow stars, left of a triangle!"
    assert loaded(prompt)[0].tolist() == tokenizer(prompt)[0].tolist()
    assert len(loaded) == len(tokenizer)


def test_tokenizer_loads_from_a_plain_vocab_file():
    assert len(PromptTokenizer.from_pretrained(BERT_VOCAB)) == 30524


def test_directory_without_tokenizer_files_is_refused(tmp_path):
    with pytest.raises(TokenizerError, match="no tokenizer"):
        PromptTokenizer.from_pretrained(tmp_path)
