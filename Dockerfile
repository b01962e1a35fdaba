FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/opt/venv PATH=/opt/venv/bin:$PATH
RUN apt-get update && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/* && pip install --no-cache-dir uv==0.13.8
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --locked --no-dev --no-install-project
COPY . .
# Static files are collected in production mode, so the hashed manifest that serves them exists.
RUN DEBUG=true python manage.py compilemessages --ignore .venv -v0 \
    && SECRET_KEY=collectstatic-only DEBUG=false python manage.py collectstatic --no-input -v0
RUN useradd --system --home /app donorflow && mkdir -p /app/var && chown donorflow /app/var
USER donorflow
EXPOSE 8000
