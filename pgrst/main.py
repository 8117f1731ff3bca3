"""`pgrst` console script: read PGRST_* variables and serve with uvicorn."""

from __future__ import annotations

import asyncio
import logging
import sys

from pgrst.admin import admin_app
from pgrst.config import VERSION, ConfigError, bind_host, load_config
from service_common import jsonlog


def setup_logging(level: str) -> None:
    jsonlog.install("pgrst", logging.WARNING)
    lvl = {"crit": logging.CRITICAL, "error": logging.ERROR, "warn": logging.WARNING,
           "info": logging.INFO, "debug": logging.DEBUG}.get(level, logging.INFO)  # fmt: skip
    logging.getLogger("pgrst").setLevel(min(lvl, logging.INFO))
    logging.getLogger("psycopg.pool").setLevel(logging.ERROR)


def main() -> None:
    try:
        config = load_config()
    except ConfigError as exc:
        setup_logging("error")
        logging.getLogger("pgrst").critical("invalid configuration", extra={"error": str(exc)})
        sys.exit(1)
    setup_logging(config.log_level)
    import uvicorn

    from pgrst.app import PgrstApp

    pgrst_app = PgrstApp(config)
    host = bind_host(config.server_host)
    logging.getLogger("pgrst").info(
        "starting pgrst",
        extra={
            "version": VERSION,
            "host": host,
            "port": config.server_port,
            "schemas": config.db_schemas,
        },  # fmt: skip
    )
    common = {
        "log_config": None,
        "access_log": False,
        "server_header": False,
        "loop": "uvloop",
        "http": "httptools",
    }
    main_server = uvicorn.Server(
        uvicorn.Config(
            pgrst_app.starlette, host=host, port=config.server_port, lifespan="on", **common
        )  # fmt: skip
    )
    if config.admin_server_port is None:
        main_server.run()
        return
    admin_server = uvicorn.Server(
        uvicorn.Config(
            admin_app(pgrst_app), host=host, port=config.admin_server_port, lifespan="off", **common
        )  # fmt: skip
    )
    # uvicorn installs signal handlers per server; stop both when one stops.

    async def serve_both() -> None:
        main_task = asyncio.create_task(main_server.serve())
        admin_task = asyncio.create_task(admin_server.serve())
        await asyncio.wait({main_task, admin_task}, return_when=asyncio.FIRST_COMPLETED)
        main_server.should_exit = admin_server.should_exit = True
        await asyncio.gather(main_task, admin_task, return_exceptions=True)

    import uvloop

    uvloop.run(serve_both())


if __name__ == "__main__":
    main()
