# The Floor app: `floor serve`. Run several of them against one Redis; see
# docker-compose.yml and "Scaling out" in README.md.
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY server ./server
COPY web ./web
COPY examples ./examples
RUN pip wheel --no-deps --wheel-dir /wheels .

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# The built wheel: templates, static files and the reference meeting are its package data.
COPY --from=build /wheels /wheels
RUN pip install /wheels/*.whl \
    && rm -r /wheels \
    && useradd --system --home-dir /app floor \
    && mkdir -p /app/floor-data \
    && chown floor /app/floor-data
WORKDIR /app
USER floor

ENV FLOOR_HOST=0.0.0.0 \
    FLOOR_PORT=8000
EXPOSE 8000
HEALTHCHECK --interval=5s --timeout=3s --start-period=10s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
CMD ["floor", "serve"]
