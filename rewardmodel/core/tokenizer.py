"""Prompt tokenizer: BLIP's bert-base-uncased WordPiece, as ImageReward uses it.

* lower-cased WordPiece; the vocabulary is bert-base-uncased (30522 entries) plus `[DEC]` = 30522
  (BLIP's bos token) and `[ENC]` = 30523, so the text encoder has 30524 embeddings;
* `[CLS] prompt [SEP] [PAD] ...`: `[CLS]` stays first (the reward reads its output; replacing it
  with `[ENC]` as BLIP's matching head does moves scores by ~0.5), padded to `max_length` = 35
  with the padding masked, truncated at 35 (the last kept token is `[SEP]`).

Where the vocabulary comes from:

* `PromptTokenizer.from_pretrained(path_or_hub_id)`: a tokenizer directory (`tokenizer.json` or
  `vocab.txt`, as saved by transformers or shipped with a BLIP checkpoint), a `vocab.txt` file,
  or, on a machine that reaches the hub, an id such as `bert-base-uncased`. `[DEC]`/`[ENC]` are
  added when missing.
* `PromptTokenizer.build(prompts)`: a small vocabulary written by this code for the `tiny`
  preset, which trains from scratch and needs no pretrained embeddings: the five BERT specials,
  every printable ASCII character alone and as a `##` continuation (so every ASCII word can be
  spelled and nothing common becomes `[UNK]`), the words of the given prompts (BERT's own
  normalisation and pre-tokenisation), then `[DEC]`, `[ENC]`. It is saved with the checkpoint
  like any other tokenizer.
"""

import string
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import torch
from tokenizers import normalizers, pre_tokenizers
from transformers import BertTokenizer

from .config import MAX_LENGTH

BERT_SPECIALS = ("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")
DEC_TOKEN = "[DEC]"
ENC_TOKEN = "[ENC]"


class TokenizerError(ValueError):
    """A tokenizer path that holds no usable tokenizer."""


class PromptTokenizer:
    def __init__(self, tokenizer: BertTokenizer, max_length: int = MAX_LENGTH, source: str = ""):
        if tokenizer.cls_token_id is None or tokenizer.pad_token_id is None:
            raise TokenizerError("the tokenizer has no [CLS] or [PAD] token")
        added = {}
        if tokenizer.convert_tokens_to_ids(DEC_TOKEN) in (None, tokenizer.unk_token_id):
            added["bos_token"] = DEC_TOKEN
        if tokenizer.convert_tokens_to_ids(ENC_TOKEN) in (None, tokenizer.unk_token_id):
            added["additional_special_tokens"] = [ENC_TOKEN]
        if added:
            tokenizer.add_special_tokens(added)
        self.hf = tokenizer
        self.max_length = max_length
        self.source = source

    # -- construction -------------------------------------------------------------------------

    @classmethod
    def from_vocab(cls, vocab: str | Path | dict[str, int], *, max_length: int = MAX_LENGTH, do_lower_case=True):
        if isinstance(vocab, (str, Path)) and not Path(vocab).is_file():
            raise TokenizerError(f"vocabulary file not found: {vocab}")
        source = str(vocab) if isinstance(vocab, (str, Path)) else "built"
        vocab = str(vocab) if isinstance(vocab, Path) else vocab
        return cls(BertTokenizer(vocab=vocab, do_lower_case=do_lower_case), max_length=max_length, source=source)

    @classmethod
    def from_pretrained(cls, name_or_path: str | Path, *, max_length: int = MAX_LENGTH, local_files_only=False):
        path = Path(name_or_path)
        if path.is_file():
            if path.suffix != ".txt":
                raise TokenizerError(f"{path} is not a vocab.txt file or a tokenizer directory")
            return cls.from_vocab(path, max_length=max_length)
        if path.is_dir():
            if not any((path / name).is_file() for name in ("tokenizer.json", "vocab.txt")):
                raise TokenizerError(f"{path} holds no tokenizer (no tokenizer.json or vocab.txt)")
            return cls(BertTokenizer.from_pretrained(str(path)), max_length=max_length, source=str(path))
        if str(name_or_path).startswith((".", "/", "~")) or local_files_only:
            raise TokenizerError(f"tokenizer not found: {name_or_path}")
        # A hub id such as "bert-base-uncased" (needs the network on the user's machine).
        hf = BertTokenizer.from_pretrained(str(name_or_path))
        return cls(hf, max_length=max_length, source=str(name_or_path))

    @classmethod
    def build(cls, prompts: Iterable[str], *, min_count: int = 1, max_words: int | None = None, max_length=MAX_LENGTH):
        """A small WordPiece vocabulary from the words of `prompts` (see the module docstring)."""
        normaliser = normalizers.BertNormalizer(lowercase=True)
        splitter = pre_tokenizers.BertPreTokenizer()
        counts = Counter()
        for prompt in prompts:
            for word, _ in splitter.pre_tokenize_str(normaliser.normalize_str(prompt)):
                counts[word] += 1
        chars = [c for c in string.printable if not c.isspace() and not c.isupper()]
        tokens = list(BERT_SPECIALS) + chars + ["##" + c for c in chars if c.isalnum()]
        known = set(tokens)
        words = sorted(
            (w for w, n in counts.items() if n >= min_count and w not in known), key=lambda w: (-counts[w], w)
        )
        tokens += words[:max_words] if max_words is not None else words
        vocab = {token: i for i, token in enumerate(tokens)}
        return cls.from_vocab(vocab, max_length=max_length)

    # -- use ----------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.hf)

    @property
    def pad_token_id(self) -> int:
        return self.hf.pad_token_id

    @property
    def cls_token_id(self) -> int:
        return self.hf.cls_token_id

    @property
    def sep_token_id(self) -> int:
        return self.hf.sep_token_id

    @property
    def bos_token_id(self) -> int:
        return self.hf.convert_tokens_to_ids(DEC_TOKEN)

    @property
    def enc_token_id(self) -> int:
        return self.hf.convert_tokens_to_ids(ENC_TOKEN)

    def __call__(self, prompts: str | Sequence[str]) -> tuple[torch.Tensor, torch.Tensor]:
        """(input_ids, attention_mask), each (n, max_length) int64."""
        if isinstance(prompts, str):
            prompts = [prompts]
        enc = self.hf(
            list(prompts), padding="max_length", truncation=True, max_length=self.max_length, return_tensors="pt"
        )
        return enc["input_ids"], enc["attention_mask"]

    def save(self, out_dir: str | Path) -> list[str]:
        """Writes tokenizer.json, tokenizer_config.json and a readable vocab.txt; returns the names."""
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        written = [Path(p).name for p in self.hf.save_pretrained(str(out_dir))]
        vocab = sorted(self.hf.get_vocab().items(), key=lambda item: item[1])
        (out_dir / "vocab.txt").write_text("".join(token + "\n" for token, _ in vocab), encoding="utf-8")
        return sorted(set(written) | {"vocab.txt"})

    def describe(self) -> dict:
        """What config.json records about the tokenizer."""
        return {
            "class": "BertTokenizer (WordPiece)",
            "vocab_size": len(self),
            "do_lower_case": bool(getattr(self.hf, "do_lower_case", True)),
            "max_length": self.max_length,
            "padding": "max_length, masked",
            "first_token": "[CLS]",
            "bos_token": DEC_TOKEN,
            "bos_token_id": self.bos_token_id,
            "enc_token": ENC_TOKEN,
            "enc_token_id": self.enc_token_id,
            "source": self.source,
        }
