"""A PEFT LoRA adapter, converted to a llama.cpp LoRA adapter in GGUF with the `gguf` package, so
the one embedded model server can load md-code and md-instruct next to each other.

The layout follows llama.cpp's own converter (convert_lora_to_gguf.py): tensors named after the
base GGUF's (`blk.N.attn_q.weight.lora_a` / `.lora_b`), A as (r, in) and B as (out, r), the
adapter's alpha in `adapter.lora.alpha`. Llama-architecture GGUFs store q and k rows permuted
for llama.cpp's rope; B is permuted the same way (A acts on the input and is left alone).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

# Hugging Face module name -> llama.cpp tensor name
TENSOR_NAMES = {
    "self_attn.q_proj": "attn_q", "self_attn.k_proj": "attn_k", "self_attn.v_proj": "attn_v",
    "self_attn.o_proj": "attn_output", "mlp.gate_proj": "ffn_gate", "mlp.up_proj": "ffn_up",
    "mlp.down_proj": "ffn_down",
}  # fmt: skip
PEFT_NAME = re.compile(r"(?:base_model\.model\.)?model\.layers\.(\d+)\.(\w+\.\w+)\.lora_([AB])\.weight$")


class ExportError(ValueError):
    pass


def _permute(w, n_head: int, n_head_kv: int | None):
    """llama.cpp's reverse of the Hugging Face rope permutation (rows of q and k)."""
    if n_head_kv is not None and n_head != n_head_kv:
        n_head = n_head_kv
    return w.reshape(n_head, 2, w.shape[0] // n_head // 2, *w.shape[1:]).swapaxes(1, 2).reshape(w.shape)


def gguf_tensors(state: dict, arch: dict) -> dict[str, object]:
    """{llama.cpp name: float32 numpy array} from a PEFT adapter state dict."""
    import numpy as np

    out: dict[str, object] = {}
    for name, tensor in state.items():
        m = PEFT_NAME.search(name)
        if not m:
            raise ExportError(f"the adapter has a tensor this export does not map: {name}")
        layer, module, ab = m.groups()
        if module not in TENSOR_NAMES:
            raise ExportError(f"LoRA on {module} is not supported by the export (target {', '.join(TENSOR_NAMES)})")
        w = tensor.detach().float().cpu().numpy().astype(np.float32)
        if ab == "B" and arch["arch"] == "llama" and module in ("self_attn.q_proj", "self_attn.k_proj"):
            kv = arch["n_head"] if module == "self_attn.q_proj" else arch["n_head_kv"]
            w = _permute(w, arch["n_head"], kv)
        out[f"blk.{layer}.{TENSOR_NAMES[module]}.weight.lora_{ab.lower()}"] = np.ascontiguousarray(w)
    return out


def export(adapter_dir: Path, arch: dict, out: Path, name: str = "md-code") -> Path:
    """Write `out` (a .gguf LoRA adapter) from a PEFT adapter directory."""
    import gguf
    from safetensors.torch import load_file

    adapter_dir = Path(adapter_dir)
    config = json.loads((adapter_dir / "adapter_config.json").read_text())
    tensors = gguf_tensors(load_file(str(adapter_dir / "adapter_model.safetensors")), arch)
    if not tensors:
        raise ExportError(f"{adapter_dir} holds no LoRA tensors")
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    writer = gguf.GGUFWriter(str(out), arch["arch"])
    writer.add_type(gguf.GGUFType.ADAPTER)
    writer.add_string(gguf.Keys.Adapter.TYPE, "lora")
    writer.add_float32(gguf.Keys.Adapter.LORA_ALPHA, float(config["lora_alpha"]))
    writer.add_name(name)
    for tname, array in sorted(tensors.items()):
        writer.add_tensor(tname, array)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return out
