# One image for the API, the worker and the one-shot migrate job.
FROM python:3.11-slim AS base
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy
RUN pip install --no-cache-dir uv==0.13.9 && useradd --create-home --uid 10001 app
WORKDIR /app
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY alembic.ini ./
COPY backend ./backend
COPY workflows ./workflows
RUN uv sync --frozen --no-dev
ENV PATH="/app/.venv/bin:$PATH" ENVIRONMENT=production LOG_FORMAT=json API_HOST=0.0.0.0
USER app
EXPOSE 8000
CMD ["conciliacontag", "api", "--workers", "2"]
