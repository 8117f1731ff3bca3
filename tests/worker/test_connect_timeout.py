"""The worker's pool gives up a connect that gets no answer (libpq connect_timeout),
instead of hanging on a server that accepted the TCP connection and says nothing: what
a postmaster shutting down does to connects waiting in its listen queue (the soak's
slow first fast stop, docs/figures.md "Soak")."""

from __future__ import annotations

import socket
import threading

import psycopg

from worker.app import CONNECT_TIMEOUT_SECONDS, connector_for
from worker.config import WorkerSettings


def test_a_connect_to_a_silent_server_fails_instead_of_hanging() -> None:
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(8)  # the kernel completes the handshake; nothing ever reads or answers
    port = silent.getsockname()[1]
    try:
        url = f"postgresql://courtbook@127.0.0.1:{port}/courtbook"
        settings = WorkerSettings.from_env({"DATABASE_URL": url})
        connector = connector_for(settings)
        kwargs = connector._pool_args["kwargs"]  # what the pool passes to each connect
        assert kwargs["connect_timeout"] == CONNECT_TIMEOUT_SECONDS
        outcome: list[BaseException | None] = []

        def connect() -> None:
            try:
                psycopg.connect(settings.database_url, **kwargs).close()
                outcome.append(None)
            except psycopg.OperationalError as e:
                outcome.append(e)

        thread = threading.Thread(target=connect, daemon=True)
        thread.start()
        # a generous bound on a hang, not a speed goal: the connect must end by itself
        thread.join(CONNECT_TIMEOUT_SECONDS * 4)
        assert outcome, "the connect still hangs on a server that never answers"
        assert isinstance(outcome[0], psycopg.OperationalError)
        assert "timeout" in str(outcome[0]).lower()
    finally:
        silent.close()
