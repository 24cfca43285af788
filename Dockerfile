# MDWeb: the web app, the LAMMPS engine and its sandbox in one image.
#   docker build -t mdweb .
#   docker run -p 8000:8000 -e SECRET_KEY=... -e ALLOWED_HOSTS=localhost mdweb
# bubblewrap needs user namespaces; in an unprivileged container the engine falls back to
# resource limits (MDWEB_SANDBOX=auto) - run with `--security-opt seccomp=unconfined` or set
# MDWEB_SANDBOX=bwrap to insist on it.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH \
    MDWEB_RUNS_DIR=/data/runs \
    DEBUG=0

RUN apt-get update \
 && apt-get install -y --no-install-recommends bubblewrap procps \
 && rm -rf /var/lib/apt/lists/*

RUN python -m venv /opt/venv
WORKDIR /app
COPY requirements.txt .
RUN pip install --upgrade pip && pip install -r requirements.txt

COPY . .
RUN useradd --create-home --uid 1000 mdweb && mkdir -p /data/runs && chown -R mdweb /data /app
USER mdweb
# Build the LAMMPS style catalogue once (the validator's knowledge of what exists).
RUN python -c "from simulations.engine import catalogue; print(catalogue().version)"

VOLUME ["/data"]
EXPOSE 8000
CMD ["sh", "-c", "python manage.py migrate --noinput && python manage.py collectstatic --noinput -v0 && daphne -b 0.0.0.0 -p 8000 mdweb.asgi:application"]
