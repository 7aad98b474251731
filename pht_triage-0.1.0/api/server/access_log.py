"""uvicorn's access log without query strings, which can carry health data (issue 10)."""

from __future__ import annotations

import copy
import logging
from typing import Any


class PathWithoutQuery(logging.Filter):
    """Cut the query string from the path of an access-log line, leaving address, method and status."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record's path argument; never drops a line."""
        args = record.args
        if isinstance(args, tuple) and len(args) == 5 and isinstance(args[2], str):
            record.args = (args[0], args[1], args[2].partition("?")[0], args[3], args[4])
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's default logging configuration, with `PathWithoutQuery` on the access handler."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["path_without_query"] = {"()": PathWithoutQuery}
    config["handlers"]["access"]["filters"] = ["path_without_query"]
    return config
