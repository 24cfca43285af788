"""MD-GRPO: GRPO (TRL's GRPOTrainer, KL to the reference model) whose reward is the LAMMPS run
itself (training/reward.py), with low-reward recycling: a completion that scores under
`recycle_below` comes back as a repair prompt (request + failed script + diagnosis) later in
the same run. Plain Python (no Django)."""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Callable
from pathlib import Path

from . import base as base_models
from . import datasets as mddata
from . import export, prompts, reward
from .config import TrainConfig
from .runs import MetricsLog, trainer_callback, write_summary


class RecyclingPool:
    """The prompts GRPO draws from, as an endless stream: the dataset's requests in turn, and repair
    prompts made from low-reward completions as soon as the reward has seen them (GRPOTrainer
    repeats each streamed prompt for its `num_generations` completions)."""

    def __init__(self, requests: list[str], seed: int = 0, recycled_share: float = 0.5) -> None:
        if not requests:
            raise ValueError("GRPO needs at least one request")
        self.requests = requests
        self.rng = random.Random(seed)
        self.recycled_share = recycled_share
        self.waiting: list[tuple[str, str]] = []  # (request, repair prompt)
        self.served = 0
        self.recycled_served = 0
        self.lock = threading.Lock()

    def next_row(self) -> dict:
        with self.lock:
            if self.waiting and self.rng.random() < self.recycled_share:
                request, repair = self.waiting.pop(0)
                self.recycled_served += 1
                messages = prompts.codegen_prompt(request)
                messages[-1] = {"role": "user", "content": repair}
                return {"prompt": messages, "request": request, "recycled": True}
            request = self.requests[self.served % len(self.requests)]
            self.served += 1
        return {"prompt": prompts.codegen_prompt(request), "request": request, "recycled": False}

    def stream(self):
        while True:
            yield self.next_row()

    def as_dataset(self):
        from datasets import IterableDataset

        return IterableDataset.from_generator(self.stream)

    def recycle(self, request: str, completion: str, scored: reward.Scored) -> None:
        with self.lock:
            self.waiting.append((request, reward.repair_prompt(request, completion, scored)))
            del self.waiting[:-64]  # keep the newest


def _text(completion) -> str:
    if isinstance(completion, list):  # conversational: [{"role": "assistant", "content": ...}]
        return "".join(m.get("content", "") for m in completion)
    return str(completion)


class EngineReward:
    """The reward function GRPOTrainer calls: scores every completion through the engine in
    parallel workers, logs levels, recycles the low ones."""

    __name__ = "lammps_engine"

    def __init__(self, pool: RecyclingPool, config: TrainConfig, log: MetricsLog) -> None:
        self.pool, self.config, self.log = pool, config, log
        self.calls = 0
        self.seconds = 0.0
        self.history: list[float] = []

    def __call__(self, prompts, completions, request, **kwargs) -> list[float]:
        started = time.monotonic()
        texts = [_text(c) for c in completions]
        scored = reward.score_many(list(zip(request, texts, strict=True)), workers=self.config.reward_workers)
        for req, text, s in zip(request, texts, scored, strict=True):
            if s.reward < self.config.recycle_below:
                self.pool.recycle(req, text, s)
        self.calls += 1
        self.seconds += time.monotonic() - started
        rewards = [s.reward for s in scored]
        self.history += rewards
        levels: dict[str, int] = {}
        for s in scored:
            levels[s.level] = levels.get(s.level, 0) + 1
        self.log.log({"reward_call": self.calls, "reward_mean": sum(rewards) / len(rewards), "reward_s": round(
            time.monotonic() - started, 2), **{f"level_{k}": v for k, v in levels.items()}})  # fmt: skip
        return rewards


def requests_of(manifest: dict) -> list[str]:
    return [s["prompt"] for s in mddata.read_samples(manifest) if s.get("prompt")]


def train(config: TrainConfig, manifest: dict, folder: Path, on_metrics: Callable[[dict], None] | None = None,
          init_adapter: Path | None = None) -> dict:  # fmt: skip
    """Run MD-GRPO; `init_adapter` continues from an SFT adapter (PEFT directory)."""
    import torch
    from trl import GRPOConfig, GRPOTrainer

    from .sft import lora_config

    torch.manual_seed(config.seed)
    if config.threads:
        torch.set_num_threads(config.threads)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.json").write_text(json.dumps({**config.to_dict(), "dataset_version": manifest["version"],
                                                    "init_adapter": str(init_adapter or "")}, indent=2))  # fmt: skip
    log = MetricsLog(folder, on_metrics)
    base = base_models.resolve(config.base_model)
    model, tokenizer = base_models.load(base)
    peft_config = lora_config(config)
    if init_adapter:
        from peft import PeftModel

        model = PeftModel.from_pretrained(model, str(init_adapter), is_trainable=True)
        peft_config = None
    pool = RecyclingPool(requests_of(manifest), seed=config.seed)
    reward_fn = EngineReward(pool, config, log)
    args = GRPOConfig(
        output_dir=str(folder / "checkpoints"), max_steps=config.max_steps, learning_rate=config.learning_rate,
        per_device_train_batch_size=config.batch_size, gradient_accumulation_steps=config.gradient_accumulation,
        num_generations=config.num_generations, max_completion_length=config.max_completion_length,
        beta=config.beta, temperature=config.temperature, logging_steps=config.logging_steps, save_strategy="no",
        report_to="none", seed=config.seed, use_cpu=not torch.cuda.is_available(),
        bf16=torch.cuda.is_available() and torch.cuda.is_bf16_supported(),  # bf16 autocast is slow on most CPUs
        gradient_checkpointing=config.gradient_checkpointing, use_vllm=config.use_vllm,
        remove_unused_columns=False, dataloader_num_workers=0, shuffle_dataset=False,
    )  # fmt: skip
    trainer = GRPOTrainer(model=model, reward_funcs=[reward_fn], args=args, train_dataset=pool.as_dataset(),
                          processing_class=tokenizer, peft_config=peft_config,
                          callbacks=[trainer_callback(log)])  # fmt: skip
    started = time.monotonic()
    result = trainer.train()
    seconds = time.monotonic() - started
    adapter_dir = folder / "adapter"
    trainer.model.save_pretrained(str(adapter_dir))
    gguf_path = export.export(adapter_dir, base_models.architecture(base), folder / f"{config.adapter}.gguf",
                              name=config.adapter)  # fmt: skip
    rewards = [r["reward"] for r in log.rows if "reward" in r]
    summary = {"kind": "grpo", "adapter": config.adapter, "base_model": config.base_model, "base": base.source,
               "dataset": f"{manifest['name']}@{manifest['version']}", "steps": result.global_step,
               "seconds": round(seconds, 1), "seconds_per_step": round(seconds / max(1, result.global_step), 2),
               "reward_seconds": round(reward_fn.seconds, 1), "reward_first": rewards[0] if rewards else None,
               "reward_last": rewards[-1] if rewards else None, "completions_scored": len(reward_fn.history),
               "recycled_waiting": len(pool.waiting), "recycled_served": pool.recycled_served,
               "adapter_dir": str(adapter_dir), "gguf": str(gguf_path)}  # fmt: skip
    return write_summary(folder, summary)
