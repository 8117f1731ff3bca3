"""docker-compose.yml and deploy/compose.scale.yml: valid Compose, every variable
documented in .env.example, no secret committed, and consistent with the scripts they run.

No Docker engine runs here, so these are static checks; the scripts the services run
(nginx templates, migrate.sh, backup, restore) are exercised for real by the other
modules of this folder.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from tests.deploy.helpers import DEPLOY, ROOT

COMPOSE_FILES = [ROOT / "docker-compose.yml", DEPLOY / "compose.scale.yml"]
# The Compose Specification's JSON schema, vendored (tests/deploy/vendor/README.md).
SCHEMA = Path(__file__).resolve().parent / "vendor" / "compose-spec.json"
# ${NAME}, ${NAME:-default}, ${NAME-default}, ${NAME:?message}, ${NAME?message}, $NAME;
# $$ is a literal dollar for the container's shell.
_INTERPOLATION = re.compile(
    r"(?<!\$)\$(?:\{([A-Za-z_][A-Za-z0-9_]*)[^}]*\}|([A-Za-z_][A-Za-z0-9_]*))"
)
_USERINFO = re.compile(
    r"^[a-z]+://(?P<user>\$\{[^}]*\}|[^:@/]*)(?::(?P<password>\$\{[^}]*\}|[^@/]*))?@"
)
_SECRETISH = re.compile(r"(PASSWORD|SECRET|_KEY|DSN|TOKEN)", re.IGNORECASE)


def _load(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text())
    assert isinstance(data, dict)
    return data


def _schema() -> dict[str, Any]:
    return json.loads(SCHEMA.read_text())


def _variables(path: Path) -> set[str]:
    text = "\n".join(
        line for line in path.read_text().splitlines() if not line.lstrip().startswith("#")
    )
    return {a or b for a, b in _INTERPOLATION.findall(text)}


def _documented() -> set[str]:
    names = set()
    for line in (ROOT / ".env.example").read_text().splitlines():
        match = re.match(r"^\s*#?\s*([A-Z][A-Z0-9_]*)=", line)
        if match:
            names.add(match.group(1))
    return names


def _env(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {k: str(v) for k, v in env.items()}


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return _load(ROOT / "docker-compose.yml")


@pytest.mark.parametrize("path", COMPOSE_FILES, ids=lambda p: p.name)
def test_valid_against_the_compose_schema(path: Path) -> None:
    validator = jsonschema.Draft7Validator(_schema())
    errors = sorted(validator.iter_errors(_load(path)), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors
    )


def test_every_variable_is_documented_in_env_example() -> None:
    used = set().union(*(_variables(p) for p in COMPOSE_FILES))
    missing = sorted(used - _documented())
    assert not missing, "add to .env.example: " + ", ".join(missing)


@pytest.mark.parametrize("path", COMPOSE_FILES, ids=lambda p: p.name)
def test_no_secret_values_in_compose(path: Path) -> None:
    data = _load(path)
    for name, service in (data.get("services") or {}).items():
        for key, value in _env(service).items():
            if _SECRETISH.search(key):
                assert value == "" or value.startswith("${"), f"{name}.{key} is a literal"
            userinfo = _USERINFO.match(value)
            if userinfo and userinfo.group("password") is not None:
                password = userinfo.group("password")
                assert password.startswith("${"), f"{name}.{key} has a literal password"
    text = path.read_text()
    for pattern in (r"sk_(live|test)_\w+", r"whsec_\w+", r"-----BEGIN", r"AKIA[0-9A-Z]{16}"):
        assert not re.search(pattern, text), pattern


def test_no_secret_literals_in_committed_deploy_files() -> None:
    files = [
        ROOT / "Dockerfile",
        ROOT / ".dockerignore",
        *COMPOSE_FILES,
        DEPLOY / "backup",
        DEPLOY / "restore",
        *(DEPLOY / "nginx").rglob("*"),
        *(DEPLOY / "sqitch").rglob("*"),
    ]
    for path in files:
        if not path.is_file() or path.suffix == ".pyc":
            continue
        text = path.read_text()
        for pattern in (r"sk_live_\w+", r"whsec_[A-Za-z0-9]{8,}", r"-----BEGIN [A-Z ]*PRIVATE KEY"):
            assert not re.search(pattern, text), f"{path}: {pattern}"


def test_services_are_wired_as_designed(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) >= {
        "postgres",
        "migrate",
        "postgrest",
        "webhook",
        "worker",
        "nginx",
        "backup",
        "uptime-kuma",
    }

    pg = services["postgres"]
    assert pg["image"] == "postgres:16"
    assert "ports" not in pg, "PostgreSQL must not be published"
    assert any(v.startswith("pgdata:") for v in pg["volumes"]) and "pgdata" in compose["volumes"]
    assert "pg_isready" in " ".join(pg["healthcheck"]["test"])

    migrate = services["migrate"]
    assert migrate["image"].startswith("sqitch/sqitch:")
    assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "./:/repo:ro" in migrate["volumes"]
    assert migrate["entrypoint"][-1] == "/repo/deploy/sqitch/migrate.sh"
    assert migrate["restart"] == "no"
    for name in ("postgrest", "webhook", "worker", "backup"):
        condition = services[name]["depends_on"]["migrate"]["condition"]
        assert condition == "service_completed_successfully", name

    pgrst = _env(services["postgrest"])
    assert services["postgrest"]["image"].startswith("postgrest/postgrest:v")
    assert pgrst["PGRST_DB_URI"].startswith("postgres://authenticator:${AUTHENTICATOR_PASSWORD")
    assert pgrst["PGRST_DB_SCHEMAS"].endswith("api}") or pgrst["PGRST_DB_SCHEMAS"] == "api"
    assert pgrst["PGRST_DB_ANON_ROLE"].endswith("anon}") or pgrst["PGRST_DB_ANON_ROLE"] == "anon"
    assert pgrst["PGRST_JWT_SECRET"].startswith("${JWT_SECRET")
    assert pgrst["PGRST_ADMIN_SERVER_PORT"] == "3001"

    webhook, worker = services["webhook"], services["worker"]
    assert webhook["build"] == worker["build"] == {"context": ".", "dockerfile": "Dockerfile"}
    assert webhook["image"] == worker["image"]
    assert webhook["command"][:2] == ["uvicorn", "webhook.app:app"]
    assert "--port=8000" in webhook["command"] and "--host=0.0.0.0" in webhook["command"]
    assert worker["command"] == ["courtbook-worker"]
    assert worker["healthcheck"]["test"] == ["CMD", "python", "-m", "worker.health"]
    for svc in (webhook, worker):
        url = _env(svc)["DATABASE_URL"]
        assert url.split("://")[1].split(":")[0] in {"webhook_service", "worker_service"}
        assert "SENTRY_DSN" in _env(svc)

    assert services["uptime-kuma"]["profiles"] == ["monitoring"]
    assert all(p.startswith("127.0.0.1:") for p in services["uptime-kuma"]["ports"])
    published = {n for n, s in services.items() if s.get("ports")}
    assert published == {"nginx", "uptime-kuma"}


def test_nginx_gets_every_template_variable(compose: dict[str, Any]) -> None:
    nginx = compose["services"]["nginx"]
    env = _env(nginx)
    wanted = re.compile(env["NGINX_ENVSUBST_FILTER"])
    referenced = set()
    for template in (DEPLOY / "nginx" / "templates").glob("*.template"):
        referenced |= {
            n for n in re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}", template.read_text())
        }
    referenced = {n for n in referenced if wanted.search(n)}
    assert referenced and referenced <= set(env), sorted(referenced - set(env))
    assert env["NGINX_ENVSUBST_OUTPUT_DIR"] == env["NGINX_CONF_DIR"] == "/etc/nginx"
    assert "./deploy/nginx/templates:/etc/nginx/templates:ro" in nginx["volumes"]
    assert any(v.endswith(":/etc/nginx/certs:ro") for v in nginx["volumes"])
    assert any(v.endswith(":/usr/share/nginx/admin:ro") for v in nginx["volumes"])
    assert env["NGINX_ADMIN_ROOT"] == "/usr/share/nginx/admin"


def test_migrate_gets_what_its_script_requires(compose: dict[str, Any]) -> None:
    script = (DEPLOY / "sqitch" / "migrate.sh").read_text()
    required = re.search(r"for var in ([A-Z_ \\\n]+); do", script)
    assert required
    names = required.group(1).replace("\\", " ").split()
    assert set(names) <= set(_env(compose["services"]["migrate"]))


def test_backup_service(compose: dict[str, Any]) -> None:
    backup = compose["services"]["backup"]
    env = _env(backup)
    assert backup["command"] == ["backup", "--daemon"]
    assert "FROM postgres:16" in backup["build"]["dockerfile_inline"]
    assert "COPY backup restore /usr/local/bin/" in backup["build"]["dockerfile_inline"]
    assert env["BACKUP_DIR"] == "/backups" and "backups:/backups" in backup["volumes"]
    for name in ("BACKUP_KEEP_DAYS", "BACKUP_S3_URL", "BACKUP_S3_ENDPOINT", "AWS_ACCESS_KEY_ID"):
        assert name in env
    assert (DEPLOY / "backup").stat().st_mode & 0o111 and (
        DEPLOY / "restore"
    ).stat().st_mode & 0o111


def test_scale_override_uses_pgbouncer_in_transaction_mode() -> None:
    scale = _load(DEPLOY / "compose.scale.yml")
    services = scale["services"]
    ini = scale["configs"]["pgbouncer_ini"]["content"]
    assert "pool_mode = transaction" in ini
    assert "@pgbouncer:5432/" in _env(services["postgrest"])["PGRST_DB_URI"]
    assert _env(services["postgrest"])["PGRST_DB_PREPARED_STATEMENTS"] == "false"
    assert _env(services["postgrest"])["PGRST_DB_CHANNEL_ENABLED"] == "false"
    assert "@pgbouncer:5432/" in _env(services["webhook"])["DATABASE_URL"]
    assert _env(services["webhook"])["WEBHOOK_DB_PREPARED_STATEMENTS"] == "false"
    # The workers through PgBouncer too, as tests/scale ran them: polling, no prepares,
    # their own pool with procrastinate's search_path.
    worker = _env(services["worker"])
    assert worker["DATABASE_URL"].endswith("@pgbouncer:5432/courtbook_worker")
    assert worker["WORKER_LISTEN_NOTIFY"] == worker["WORKER_DB_PREPARED_STATEMENTS"] == "false"
    assert "courtbook_worker = " in ini and "connect_query='SET search_path = procrastinate" in ini
    # The PgBouncer that ran (1.18: no prepared-statement tracking), pinned.
    assert services["pgbouncer"]["image"] == "edoburu/pgbouncer:1.18.0"
    assert "max_prepared_statements" not in ini
    # pg_dump and sqitch need sessions: migrate and backup stay direct.
    for name in ("migrate", "backup"):
        assert "pgbouncer" not in json.dumps(services.get(name, {}))
    # The read replica and its PostgREST behind nginx's read upstream, the primary as backup.
    read = _env(services["postgrest-read"])
    assert "@postgres-replica:5432/" in read["PGRST_DB_URI"]
    assert read["PGRST_DB_CHANNEL_ENABLED"] == "false"
    assert read["PGRST_DB_PRE_REQUEST"] == "api.check_session"
    nginx = _env(services["nginx"])
    assert nginx["NGINX_PGRST_READ_UPSTREAM"] == "postgrest-read:3000"
    assert nginx["NGINX_PGRST_READ_BACKUP"] == "postgrest:3000"
    assert "pg_basebackup" in services["postgres-replica"]["command"][0]
    assert "-R" in services["postgres-replica"]["command"][0].split()


def test_dockerfile_is_slim_non_root_and_installs_the_project() -> None:
    text = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.\d+-slim", text, re.M)
    users = re.findall(r"^USER\s+(\S+)", text, re.M)
    assert users and users[-1].split(":")[0] not in {"root", "0"}
    assert re.search(r"pip install .*\"\.\[sentry\]\"", text)
    for package in ("pgrst", "webhook", "worker"):
        assert f"COPY {package} ./{package}" in text


def test_dockerignore_keeps_secrets_and_state_out_of_the_build_context() -> None:
    lines = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines[0] == "*"
    reincluded = {line[1:].rstrip("/") for line in lines if line.startswith("!")}
    assert reincluded == {"pyproject.toml", "pgrst", "webhook", "worker"}
