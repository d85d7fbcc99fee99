# The image of ASM Tracker for compose.yaml: the app's dependencies only (scripts/setup --production),
# served by scripts/serve (collectstatic, migrate, gunicorn) as the unprivileged user asm.
# BASE_IMAGE: another image with Python 3.11 on Debian 12 where Docker Hub cannot be reached
# (scripts/check-container --local-base builds one with debootstrap).
ARG BASE_IMAGE=python:3.11-slim-bookworm
FROM ${BASE_IMAGE}

# WeasyPrint's Pango (PDF annexes) and fonts for it to draw with.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-liberation \
    && rm -rf /var/lib/apt/lists/*

RUN useradd --system --create-home --home-dir /home/asm asm \
    && mkdir -p /app /data/media /data/static /data/celery \
    && chown asm:asm /app /data /data/media /data/static /data/celery
WORKDIR /app

# Dependencies first, so that a change of code alone reuses this layer.
COPY --chown=asm:asm pyproject.toml constraints.txt ./
COPY --chown=asm:asm scripts/setup scripts/setup
USER asm
RUN scripts/setup --production
COPY --chown=asm:asm . .

ENV SETUP_ARGS=--production \
    HOST=0.0.0.0 \
    PORT=8000 \
    MEDIA_ROOT=/data/media \
    STATIC_ROOT=/data/static \
    CELERY_DATA_DIR=/data/celery \
    PYTHONUNBUFFERED=1
EXPOSE 8000
CMD ["scripts/serve"]
