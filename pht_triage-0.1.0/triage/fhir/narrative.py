"""Narratives: the human-readable `text` every resource the service emits carries (FHIR R4
narrative.html, dom-6), generated from the resource's own content, escaped, in the XHTML subset
FHIR allows (`div`, `p`, `ul`, `li`, `b`). Contained resources carry none (dom-1).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

XHTML = "http://www.w3.org/1999/xhtml"


def narrative(heading: str, lines: Iterable[str] = ()) -> dict[str, str]:
    """A generated narrative: a bold heading, then the lines as a list."""
    body = f"<p><b>{escape(heading)}</b></p>"
    listed = "".join(f"<li>{escape(line)}</li>" for line in lines)
    if listed:
        body += f"<ul>{listed}</ul>"
    return {"status": "generated", "div": f'<div xmlns="{XHTML}">{body}</div>'}


def with_narrative(
    resource: dict[str, Any], heading: str, lines: Iterable[str] = ()
) -> dict[str, Any]:
    """The resource with its narrative placed after `id` (the usual order of a FHIR resource)."""
    text = narrative(heading, lines)
    found: dict[str, Any] = {}
    for key, value in resource.items():
        if key != "text":
            found[key] = value
        if key == "id":
            found["text"] = text
    found.setdefault("text", text)
    return found


def response_narrative(response: Mapping[str, Any]) -> dict[str, str]:
    """A QuestionnaireResponse's narrative: its status, then each question with its answer."""
    lines = [f"{text}: {answer}" for text, answer in _answers(response.get("item"))]
    return narrative(f"Answers to the sit-bone pain intake ({response.get('status')})", lines)


def _answers(items: Any) -> Iterable[tuple[str, str]]:
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, Mapping):
            continue
        answers = item.get("answer")
        if isinstance(answers, list) and answers:
            shown = ", ".join(_value(answer) for answer in answers)
            yield str(item.get("text") or item.get("linkId")), shown
        elif "item" not in item:
            yield str(item.get("text") or item.get("linkId")), "not known"
        yield from _answers(item.get("item"))


def _value(answer: Any) -> str:
    if not isinstance(answer, Mapping):
        return "?"
    for name, value in answer.items():
        if name.startswith("value"):
            if isinstance(value, Mapping):
                return str(value.get("display") or value.get("code"))
            return str(value)
    return "?"
