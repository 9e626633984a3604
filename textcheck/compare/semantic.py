"""Sentence meaning as a dense vector: the mean of static token embeddings, L2-normalised.

TF-IDF over surface words pairs "top-sliced from policing budgets" with nothing in "not
being funded from the core police grant"; a sentence embedding puts them near each other.
The embedding is WordLlama's ``l2_supercat`` 256-dimension static token table (MIT licence,
https://github.com/dleemiller/WordLlama), which ships with its tokenizer inside the
``wordllama`` wheel.  We read the two bundled files directly (``tokenizers`` and
``safetensors``) and pool them ourselves: the package's own ``WordLlama.load()`` looks for
the tokenizer in the wrong folder and then tries the network, and nothing here may be
downloaded at run time.  Why this model and not another: README "Meaning, not only words".

The table is loaded once per process (about 0.3 s, 16 MB) and only when a comparison runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from textcheck.errors import InputError

PACKAGE = "wordllama"
TOKENIZER_FILE = "tokenizers/l2_supercat_tokenizer_config.json"
WEIGHTS_FILE = "weights/l2_supercat_256.safetensors"
TENSOR = "embedding.weight"
DIMENSIONS = 256


@lru_cache(maxsize=1)
def _model() -> tuple[Any, np.ndarray]:
    """The bundled tokenizer and token table (raises ``InputError`` when not installed)."""
    try:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        root = resources.files(PACKAGE)
        tokenizer = Tokenizer.from_file(str(root.joinpath(TOKENIZER_FILE)))
        table = load_file(str(root.joinpath(WEIGHTS_FILE)))[TENSOR].astype(np.float32)
    except (ImportError, ModuleNotFoundError, FileNotFoundError, KeyError) as exc:
        raise InputError(
            f"the sentence embedding of the '{PACKAGE}' package is missing or unreadable; "
            "reinstall textcheck with its dependencies"
        ) from exc
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer, table


def embed(texts: Sequence[str]) -> np.ndarray:
    """One unit-length row per text (a zero row for a text with no tokens)."""
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    if not texts:
        return out
    tokenizer, table = _model()
    for i, encoding in enumerate(tokenizer.encode_batch(list(texts), add_special_tokens=False)):
        if encoding.ids:
            out[i] = table[encoding.ids].mean(axis=0)
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return out / norms
