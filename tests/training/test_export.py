"""PEFT LoRA -> llama.cpp GGUF adapter: names, shapes, the llama q/k row permutation, metadata."""

from __future__ import annotations

import json

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from training import export  # noqa: E402

ARCH = {"arch": "llama", "n_head": 4, "n_head_kv": 2, "n_layer": 1}


def _state(r: int = 2, d: int = 16, kv: int = 8) -> dict:
    g = torch.Generator().manual_seed(0)
    p = "base_model.model.model.layers.0."
    return {
        p + "self_attn.q_proj.lora_A.weight": torch.randn(r, d, generator=g),
        p + "self_attn.q_proj.lora_B.weight": torch.randn(d, r, generator=g),
        p + "self_attn.k_proj.lora_A.weight": torch.randn(r, d, generator=g),
        p + "self_attn.k_proj.lora_B.weight": torch.randn(kv, r, generator=g),
        p + "self_attn.v_proj.lora_A.weight": torch.randn(r, d, generator=g),
        p + "self_attn.v_proj.lora_B.weight": torch.randn(kv, r, generator=g),
    }


def _hf_permute(w, n_head):
    """transformers' GGUF loader undoes llama.cpp's q/k permutation with this (reverse_permute)."""
    dim = w.shape[0] // n_head // 2
    return w.reshape(n_head, dim, 2, *w.shape[1:]).swapaxes(2, 1).reshape(w.shape)


def test_tensors_are_named_and_shaped_as_llama_cpp_expects():
    out = export.gguf_tensors(_state(), ARCH)
    assert sorted(out) == sorted(f"blk.0.attn_{m}.weight.lora_{ab}" for m in "qkv" for ab in "ab")
    assert out["blk.0.attn_q.weight.lora_a"].shape == (2, 16) and out["blk.0.attn_q.weight.lora_b"].shape == (16, 2)
    assert all(a.dtype == np.float32 for a in out.values())


def test_q_and_k_rows_are_permuted_back_into_the_hf_order_by_the_loader():
    state = _state()
    out = export.gguf_tensors(state, ARCH)
    p = "base_model.model.model.layers.0.self_attn."
    # What llama.cpp sees, permuted back the way transformers reads GGUF, is the PEFT tensor again.
    q_back = _hf_permute(out["blk.0.attn_q.weight.lora_b"], ARCH["n_head"])
    k_back = _hf_permute(out["blk.0.attn_k.weight.lora_b"], ARCH["n_head_kv"])
    assert np.allclose(q_back, state[p + "q_proj.lora_B.weight"].numpy())
    assert np.allclose(k_back, state[p + "k_proj.lora_B.weight"].numpy())
    assert not np.allclose(out["blk.0.attn_q.weight.lora_b"], state[p + "q_proj.lora_B.weight"].numpy())
    assert np.allclose(out["blk.0.attn_v.weight.lora_b"], state[p + "v_proj.lora_B.weight"].numpy())  # v untouched
    assert np.allclose(out["blk.0.attn_q.weight.lora_a"], state[p + "q_proj.lora_A.weight"].numpy())  # A untouched
    qwen = export.gguf_tensors(state, {**ARCH, "arch": "qwen2"})  # Qwen2 GGUFs are not permuted
    assert np.allclose(qwen["blk.0.attn_q.weight.lora_b"], state[p + "q_proj.lora_B.weight"].numpy())


def test_unsupported_targets_are_refused_by_name():
    state = {"base_model.model.model.layers.0.self_attn.rotary.lora_A.weight": torch.zeros(2, 4)}
    with pytest.raises(export.ExportError, match="rotary"):
        export.gguf_tensors(state, ARCH)
    with pytest.raises(export.ExportError, match="lm_head"):
        export.gguf_tensors({"base_model.model.lm_head.lora_A.weight": torch.zeros(2, 4)}, ARCH)


def test_the_written_file_is_a_lora_adapter(tmp_path):
    from gguf import GGUFReader
    from safetensors.torch import save_file

    (tmp_path / "adapter").mkdir()
    save_file(_state(), str(tmp_path / "adapter" / "adapter_model.safetensors"))
    (tmp_path / "adapter" / "adapter_config.json").write_text(json.dumps({"lora_alpha": 16, "r": 2}))
    path = export.export(tmp_path / "adapter", ARCH, tmp_path / "md-code.gguf")
    reader = GGUFReader(str(path))

    def text(key):
        f = reader.fields[key]
        return bytes(f.parts[f.data[0]]).decode()

    assert (
        text("general.type") == "adapter" and text("adapter.type") == "lora" and text("general.architecture") == "llama"
    )
    assert float(reader.fields["adapter.lora.alpha"].parts[-1][0]) == 16.0
    assert {t.name for t in reader.tensors} == set(export.gguf_tensors(_state(), ARCH))
