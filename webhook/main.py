"""`courtbook-webhook`: the webhook service under uvicorn on WEBHOOK_HOST:WEBHOOK_PORT
(default 127.0.0.1:8000)."""

from __future__ import annotations

import os

import uvicorn

from webhook import logging as json_logging


def main() -> None:
    json_logging.setup(os.environ.get("LOG_LEVEL", "INFO").upper())
    uvicorn.run(
        "webhook.app:app",
        host=os.environ.get("WEBHOOK_HOST", "127.0.0.1"),
        port=int(os.environ.get("WEBHOOK_PORT", "8000")),
        log_config=None,
        access_log=False,
        proxy_headers=True,
        forwarded_allow_ips=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
    )


if __name__ == "__main__":
    main()
