"""Training configuration: hyper-parameters in a TOML file (training/configs/*.toml), read into
dataclasses; each training run stores the config it ran with."""

from __future__ import annotations

import tomllib
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

CONFIGS = Path(__file__).resolve().parent / "configs"


@dataclass
class LoraSettings:
    r: int = 8
    alpha: int = 16
    dropout: float = 0.05
    target_modules: list[str] = field(default_factory=lambda: ["q_proj", "k_proj", "v_proj", "o_proj"])


@dataclass
class TrainConfig:
    kind: str = "sft"  # sft | cpt | grpo
    adapter: str = "md-code"  # md-code | md-instruct
    base_model: str = "smollm2"  # smollm2 | qwen-coder-1.5b | a .gguf path | a Hugging Face model directory
    dataset: str = "md-codegen"
    max_steps: int = 10
    learning_rate: float = 2e-4
    batch_size: int = 2
    gradient_accumulation: int = 1
    max_length: int = 1024
    seed: int = 1234
    logging_steps: int = 1
    gradient_checkpointing: bool = False  # saves memory for big models, costs a recompute
    threads: int = 0  # torch CPU threads (0: torch's default)
    # GRPO
    num_generations: int = 2
    max_completion_length: int = 256
    beta: float = 0.04  # KL to the reference model
    temperature: float = 0.9
    reward_workers: int = 2
    recycle_below: float = 0.6  # completions under this reward become repair prompts
    use_vllm: bool = False  # generation through vLLM on a GPU machine
    lora: LoraSettings = field(default_factory=LoraSettings)

    def to_dict(self) -> dict:
        return asdict(self)


def load(path: str | Path, **overrides) -> TrainConfig:
    path = Path(path)
    if not path.exists() and (CONFIGS / f"{path}.toml").exists():
        path = CONFIGS / f"{path}.toml"
    data = tomllib.loads(path.read_text()) if path.exists() else {}
    data.update({k: v for k, v in overrides.items() if v is not None})
    lora = LoraSettings(**data.pop("lora", {}))
    known = {f.name for f in fields(TrainConfig)}
    unknown = set(data) - known
    if unknown:
        raise ValueError(f"unknown training setting(s) in {path}: {', '.join(sorted(unknown))}")
    return TrainConfig(**data, lora=lora)
