"""The HTML pages' routes and their stylesheet, added to the service by `install`."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.web import intake, screen

STATIC_PATH = "/static"
"""Where the pages' stylesheet is served (the pages link to it relatively)."""

STATIC = Path(__file__).with_name("static")

SELF_CHECKED = screen.PATHS | {f"{STATIC_PATH}/web.css"}
"""Paths the API key middleware lets through: the screening page checks the key from its form
(a browser form cannot send the header), and the stylesheet holds no data."""


def add_web_pages(app: FastAPI) -> None:
    """Add the intake and screening pages and the stylesheet to the app."""
    app.include_router(intake.router)
    app.include_router(screen.router)
    app.mount(STATIC_PATH, StaticFiles(directory=STATIC), name="static")
