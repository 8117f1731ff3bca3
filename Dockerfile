# syntax=docker/dockerfile:1
# One image for the webhook service and the worker (compose runs it with two commands).
#   docker build -t courtbook-app .
#   webhook: uvicorn webhook.app:app --host 0.0.0.0 --port 8000
#   worker:  procrastinate --app=worker.app.app worker
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
# Dependencies first (a layer that changes only with pyproject.toml), then the code.
COPY pyproject.toml ./
RUN python - <<'PY' > /tmp/requirements.txt
import tomllib
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
print("\n".join(project["dependencies"] + project["optional-dependencies"]["sentry"]))
PY
RUN pip install -r /tmp/requirements.txt && rm /tmp/requirements.txt

COPY postgrest_compat ./postgrest_compat
COPY service_common ./service_common
COPY pgrst ./pgrst
COPY webhook ./webhook
COPY worker ./worker
RUN pip install --no-deps ".[sentry]" && rm -rf build ./*.egg-info

RUN groupadd --system --gid 10001 courtbook \
 && useradd --system --uid 10001 --gid courtbook --home-dir /app --shell /usr/sbin/nologin courtbook
USER 10001:10001

EXPOSE 8000
CMD ["uvicorn", "webhook.app:app", "--host", "0.0.0.0", "--port", "8000", "--proxy-headers", "--forwarded-allow-ips=*"]
