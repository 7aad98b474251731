"""Running the service on uvicorn, with the limits, timeouts and log privacy the settings ask for."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

# Imported where used: the supervisor unpickles `api.server.*` classes in each new worker before
# the worker answers uvicorn's health check, so importing this package must stay light.
if TYPE_CHECKING:
    from api.settings import Settings

APP_FACTORY = "api.app:create_app"
"""The service as an import string: uvicorn needs one to start several worker processes."""


def uvicorn_options(settings: Settings) -> dict[str, Any]:
    """The uvicorn options that the settings decide: timeouts, the connection cap and proxies."""
    # Here, so that importing this package (as `triage serve --help` does) does not load uvicorn.
    from api.server.access_log import log_config
    from api.server.protocol import HeaderTimeoutProtocol

    proxies = settings.trusted_proxies
    return {
        "http": HeaderTimeoutProtocol,
        "timeout_keep_alive": settings.keep_alive_s,
        "limit_concurrency": settings.limit_concurrency,
        "timeout_graceful_shutdown": settings.shutdown_timeout_s,
        # uvicorn trusts X-Forwarded-For from 127.0.0.1 unless told otherwise; trust no one unless named.
        "proxy_headers": bool(proxies),
        "forwarded_allow_ips": proxies or [],
        "log_config": log_config(),
        "server_header": False,  # no `server: uvicorn` telling a prober what to try (issue 10)
    }


def serve(host: str, port: int, workers: int, log_level: str) -> None:
    """Serve the app with uvicorn until SIGTERM or SIGINT; the settings come from the environment."""
    from pydantic import ValidationError

    from api.settings import Settings

    try:
        settings = Settings()
    except ValidationError as error:
        names = ", ".join(f"TRIAGE_API_{str(e['loc'][0]).upper()}" for e in error.errors())
        raise ValueError(f"bad setting: {names}") from None
    import uvicorn  # here, so that importing this package does not load the server

    from api.server import sockets

    _metrics_folder()
    arguments: dict[str, Any] = {
        "factory": True,
        "host": host,
        "port": port,
        "workers": workers,
        "log_level": log_level,
        **uvicorn_options(settings),
    }
    if workers == 1 or not sockets.supported():
        uvicorn.run(APP_FACTORY, **arguments)
        return
    # As uvicorn.run does for several workers, but each worker listening on a socket of its own.
    from uvicorn.supervisors import Multiprocess

    config = uvicorn.Config(APP_FACTORY, **arguments)
    try:
        listening = sockets.listening_socket(host, port)
    except OSError as error:
        raise ValueError(f"cannot listen on {host}:{port}: {error.strerror}") from None
    Multiprocess(config, sockets=[listening]).run()


def _metrics_folder() -> None:
    """A fresh folder for the workers' Prometheus metrics, unless one is set (`api.metrics`);
    removed when this process exits, by SIGTERM too."""
    import atexit
    import functools
    import os
    import shutil
    import signal
    import tempfile

    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        return
    folder = tempfile.mkdtemp(prefix="triage-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder
    remove = functools.partial(shutil.rmtree, folder, ignore_errors=True)
    atexit.register(remove)
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:
        # uvicorn, once shut down, restores this handler and raises SIGTERM again, so the process
        # still ends as killed by SIGTERM, but without atexit: remove the folder first.
        def removed_then_default(signum: int, frame: object) -> None:
            remove()
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)

        signal.signal(signal.SIGTERM, removed_then_default)
