"""Supervised fine-tuning (prompt -> completion) and continued pre-training (raw text) of a LoRA
adapter with TRL's SFTTrainer and PEFT, on the base model's own weights (GGUF through
transformers). Writes the PEFT adapter, its GGUF conversion, metrics.jsonl and summary.json
into the run folder. Plain Python (no Django)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from . import base as base_models
from . import datasets as mddata
from . import export, prompts
from .config import TrainConfig
from .runs import MetricsLog, trainer_callback, write_summary


def lora_config(config: TrainConfig):
    from peft import LoraConfig

    return LoraConfig(r=config.lora.r, lora_alpha=config.lora.alpha, lora_dropout=config.lora.dropout,
                      target_modules=list(config.lora.target_modules), task_type="CAUSAL_LM")  # fmt: skip


def training_rows(manifest: dict, config: TrainConfig) -> list[dict]:
    """The dataset's samples in TRL's form: conversational prompt/completion for SFT, text for CPT."""
    rows = [prompts.conversational(s, config.adapter) for s in mddata.read_samples(manifest)]
    want = "text" if config.kind == "cpt" else "prompt"
    rows = [r for r in rows if want in r]
    if not rows:
        raise ValueError(f"dataset {manifest['name']}@{manifest['version']} has no {want} samples for {config.kind}")
    return rows


def train(config: TrainConfig, manifest: dict, folder: Path,
          on_metrics: Callable[[dict], None] | None = None) -> dict:  # fmt: skip
    """Run SFT or CPT; returns the summary (also written to summary.json)."""
    import torch
    from datasets import Dataset
    from trl import SFTConfig, SFTTrainer

    torch.manual_seed(config.seed)
    if config.threads:
        torch.set_num_threads(config.threads)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.json").write_text(
        json.dumps({**config.to_dict(), "dataset_version": manifest["version"]}, indent=2)
    )
    log = MetricsLog(folder, on_metrics)
    base = base_models.resolve(config.base_model)
    model, tokenizer = base_models.load(base)
    rows = training_rows(manifest, config)
    args = SFTConfig(
        output_dir=str(folder / "checkpoints"), max_steps=config.max_steps, learning_rate=config.learning_rate,
        per_device_train_batch_size=config.batch_size, gradient_accumulation_steps=config.gradient_accumulation,
        max_length=config.max_length, logging_steps=config.logging_steps, save_strategy="no", report_to="none",
        seed=config.seed, use_cpu=not torch.cuda.is_available(),
        bf16=torch.cuda.is_available() and torch.cuda.is_bf16_supported(),  # bf16 autocast is slow on most CPUs
        gradient_checkpointing=config.gradient_checkpointing, dataloader_num_workers=0,
        dataset_text_field="text", packing=False, lr_scheduler_type="cosine", warmup_steps=0,
    )  # fmt: skip
    trainer = SFTTrainer(model=model, args=args, train_dataset=Dataset.from_list(rows), processing_class=tokenizer,
                         peft_config=lora_config(config), callbacks=[trainer_callback(log)])  # fmt: skip
    started = time.monotonic()
    result = trainer.train()
    seconds = time.monotonic() - started
    adapter_dir = folder / "adapter"
    trainer.model.save_pretrained(str(adapter_dir))
    gguf_path = export.export(adapter_dir, base_models.architecture(base), folder / f"{config.adapter}.gguf",
                              name=config.adapter)  # fmt: skip
    tokens = next((r["num_tokens"] for r in reversed(log.rows) if "num_tokens" in r), None)
    losses = [r["loss"] for r in log.rows if "loss" in r]
    summary = {"kind": config.kind, "adapter": config.adapter, "base_model": config.base_model, "base": base.source,
               "dataset": f"{manifest['name']}@{manifest['version']}", "samples": len(rows), "steps": result.global_step,
               "seconds": round(seconds, 1), "seconds_per_step": round(seconds / max(1, result.global_step), 2),
               "tokens": tokens, "tokens_per_s": round(tokens / seconds, 1) if tokens else None,
               "loss_first": losses[0] if losses else None, "loss_last": losses[-1] if losses else None,
               "adapter_dir": str(adapter_dir), "gguf": str(gguf_path)}  # fmt: skip
    return write_summary(folder, summary)
