"""The base model a training run starts from, as a `transformers` model.

The embedded models ship as GGUF files in registry packages (no download at run time), and
transformers reads GGUF directly (`gguf_file=`), dequantizing to float32. A directory with
Hugging Face weights works too (what a GPU machine would use for Qwen2.5-Coder-7B).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass
class BaseModel:
    name: str
    gguf: Path | None  # the GGUF file the embedded server loads (None for a HF directory)
    hf_dir: Path | None

    @property
    def source(self) -> str:
        return str(self.gguf or self.hf_dir)


def resolve(name: str) -> BaseModel:
    """smollm2 | qwen-coder-1.5b | a .gguf path | a Hugging Face model directory."""
    from assistant.modelserver import MODELS, model_path

    if name in MODELS or name.endswith(".gguf"):
        return BaseModel(name, model_path(name), None)
    path = Path(name)
    if (path / "config.json").is_file():
        return BaseModel(name, None, path)
    raise ValueError(f"unknown base model {name!r}: use one of {', '.join(MODELS)}, a .gguf file or a model directory")


CACHE = Path(__file__).resolve().parent.parent / "var" / "training" / "base"


def dequantized_dir(base: BaseModel, cache: Path = CACHE) -> Path:
    """The GGUF's weights as a plain float32 Hugging Face model directory, made once: transformers
    dequantizes GGUF on load but keeps it marked as quantized, which its Trainer refuses to train."""
    import json

    from transformers import AutoModelForCausalLM, AutoTokenizer

    stat = base.gguf.stat()
    stamp = {"gguf": str(base.gguf), "size": stat.st_size, "mtime": int(stat.st_mtime)}
    folder = cache / base.gguf.stem
    marker = folder / "mdweb-source.json"
    if marker.is_file() and json.loads(marker.read_text()) == stamp:
        return folder
    tokenizer = AutoTokenizer.from_pretrained(str(base.gguf.parent), gguf_file=base.gguf.name)
    model = AutoModelForCausalLM.from_pretrained(str(base.gguf.parent), gguf_file=base.gguf.name, dtype="float32")
    model.hf_quantizer = None
    if getattr(model.config, "quantization_config", None) is not None:
        del model.config.quantization_config
    folder.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(folder))
    tokenizer.save_pretrained(str(folder))
    marker.write_text(json.dumps(stamp))
    return folder


def load(base: BaseModel, dtype: str | None = None):
    """(model, tokenizer) for training (float32 on CPU, bfloat16 on a GPU); the tokenizer gets a
    pad token if it has none."""
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    dtype = dtype or ("bfloat16" if torch.cuda.is_available() else "float32")
    folder = dequantized_dir(base) if base.gguf else base.hf_dir
    tokenizer = AutoTokenizer.from_pretrained(str(folder))
    model = AutoModelForCausalLM.from_pretrained(str(folder), dtype=getattr(torch, dtype))
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    model.config.pad_token_id = tokenizer.pad_token_id
    return model, tokenizer


def architecture(base: BaseModel) -> dict:
    """What the GGUF adapter export needs to know about the base: llama.cpp architecture name,
    head counts (llama-style q/k rows are permuted in GGUF) and layer count."""
    if base.gguf:
        from gguf import GGUFReader

        reader = GGUFReader(str(base.gguf))

        def field(key: str):
            f = reader.fields.get(key)
            if f is None:
                return None
            value = f.parts[f.data[0]]
            return bytes(value).decode() if f.types and f.types[0].name == "STRING" else int(value[0])

        arch = field("general.architecture")
        return {"arch": arch, "n_head": field(f"{arch}.attention.head_count"),
                "n_head_kv": field(f"{arch}.attention.head_count_kv"), "n_layer": field(f"{arch}.block_count")}  # fmt: skip
    import json

    cfg = json.loads((base.hf_dir / "config.json").read_text())
    arch = {"LlamaForCausalLM": "llama", "Qwen2ForCausalLM": "qwen2"}.get(cfg["architectures"][0], "llama")
    return {"arch": arch, "n_head": cfg["num_attention_heads"],
            "n_head_kv": cfg.get("num_key_value_heads", cfg["num_attention_heads"]), "n_layer": cfg["num_hidden_layers"]}  # fmt: skip
