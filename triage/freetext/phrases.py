"""Phrases as regular expressions: the small pattern language of `triage/locale/phrases.<lang>.json`.

A phrase is words separated by spaces. `a|b` is either word; `[a b|c]` is either run of words (runs
nest); `word?` (or `[...]?`) may be left out; `word*` is any word that starts so; `...` is a gap of up
to `GAP_WORDS` words; `word!x,y` is the word when the next word is not `x` or `y`; `{name}` is a
macro. Words are matched whole, in lower case, with spaces or hyphens between them. A gap is a
capturing group, so that a reader can see a negation that falls inside it ("sitting doesn't hurt").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from triage.errors import PhraseError

GAP_WORDS = 4
"""How many words a `...` gap may skip: a clause, not a sentence."""

SEPARATOR = r"[\s\-]+"
_WORD_CHARS = r"[\w']"
_MACRO = re.compile(r"\{(\w+)\}")
_PLAIN = re.compile(r"[^\s\[\]|?*!.{}]+(?: [^\s\[\]|?*!.{}]+)*")


@dataclass(frozen=True, slots=True)
class _Element:
    pattern: str
    optional: bool = False
    gap: bool = False


def expand(phrase: str, macros: Mapping[str, str]) -> str:
    """The phrase with each `{name}` replaced by its macro, for as many rounds as macros nest."""
    for _ in range(5):
        expanded = _MACRO.sub(lambda m: _macro(m.group(1), macros), phrase)
        if expanded == phrase:
            return expanded
        phrase = expanded
    raise PhraseError(f"macros nest too deeply in {phrase!r}")


def _macro(name: str, macros: Mapping[str, str]) -> str:
    if name not in macros:
        raise PhraseError(f"unknown macro {{{name}}}")
    return macros[name]


def compile_phrase(phrase: str, macros: Mapping[str, str]) -> re.Pattern[str]:
    """A phrase as one regular expression whose capturing groups are its gaps."""
    body = _sequence(expand(phrase, macros).strip(), phrase)
    return re.compile(rf"(?<!{_WORD_CHARS}){body}(?!\w)")


@dataclass(frozen=True, slots=True)
class Phrase:
    """A compiled phrase and the words one of which must be in a text for it to match there."""

    pattern: re.Pattern[str]
    first_words: frozenset[str] | None
    """Whole words, or prefixes ending in `*`; None when the phrase cannot be told this way."""

    def may_match(self, words: frozenset[str]) -> bool:
        """Whether a text of these words can hold the phrase (a quick test before the search)."""
        if self.first_words is None:
            return True
        for word in self.first_words:
            if word in words:
                return True
            if word.endswith("*") and any(w.startswith(word[:-1]) for w in words):
                return True
        return False


def item_phrase(text: str, macros: Mapping[str, str]) -> Phrase:
    """A phrase compiled, with its first words for the quick test."""
    expanded = expand(text, macros).strip()
    return Phrase(compile_phrase(text, macros), _first_words(_tokens(expanded, text), text))


_ONE_WORD = re.compile(r"[\w']+\*?")


def _first_words(tokens: list[str], source: str) -> frozenset[str] | None:
    """The words a match of these tokens can begin with (None: any, or not plain words)."""
    found: set[str] = set()
    for token in tokens:
        optional = token.endswith("?") and len(token) > 1
        token = token[:-1] if optional else token
        if token == "..":
            continue
        if token.startswith("["):
            for choice in _split_choices(token[1:-1]):
                words = _first_words(_tokens(choice.strip(), source), source)
                if words is None:
                    return None
                found |= words
        else:
            for word in token.split("|"):
                first = word.partition("!")[0].split("-")[0]
                if not _ONE_WORD.fullmatch(first):
                    return None
                found.add(first)
        if not optional:
            return frozenset(found)
    return None


def alternation(texts: list[str]) -> str:
    """Plain phrases as one alternation, longest first, so that the longest at a place wins."""
    words = sorted({" ".join(t.split()) for t in texts}, key=len, reverse=True)
    return "|".join(_literal(w) for w in words)


def _literal(text: str) -> str:
    return SEPARATOR.join(re.escape(part) for part in text.split())


def _sequence(text: str, source: str) -> str:
    elements = [_element(token, source) for token in _tokens(text, source)]
    if not elements or elements[0].gap or elements[-1].gap:
        raise PhraseError(f"a phrase must start and end with a word: {source!r}")
    for index, element in enumerate(elements):
        if element.gap and all(e.optional or e.gap for e in elements[index + 1 :]):
            # A gap before nothing but optional words would swallow whatever follows.
            raise PhraseError(f"a gap must come before a word that is not optional: {source!r}")
    out = ""
    needs_separator = False
    for element in elements:
        if element.gap:
            out += rf"((?:{SEPARATOR}{_WORD_CHARS}+){{0,{GAP_WORDS}}})"
            continue
        if not needs_separator:
            # The first word; when it may be left out, it carries its own separator.
            out += (
                f"(?:(?:{element.pattern}){SEPARATOR})?"
                if element.optional
                else f"(?:{element.pattern})"
            )
            needs_separator = not element.optional
            continue
        piece = f"{SEPARATOR}(?:{element.pattern})"
        out += f"(?:{piece})?" if element.optional else piece
    return out


def _tokens(text: str, source: str) -> list[str]:
    """Split on spaces outside brackets."""
    tokens, depth, current = [], 0, ""
    for char in text:
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
            if depth < 0:
                raise PhraseError(f"unbalanced ] in {source!r}")
        if char == " " and depth == 0:
            if current:
                tokens.append(current)
            current = ""
        else:
            current += char
    if depth:
        raise PhraseError(f"unbalanced [ in {source!r}")
    if current:
        tokens.append(current)
    return tokens


def _element(token: str, source: str) -> _Element:
    if token in ("...", "...?"):
        return _Element("", gap=True)
    optional = token.endswith("?") and len(token) > 1
    if optional:
        token = token[:-1]
    if token.startswith("["):
        if not token.endswith("]"):
            raise PhraseError(f"a group must end with ] in {source!r}")
        choices = [c.strip() for c in _split_choices(token[1:-1])]
        return _Element("|".join(_choice(c, source) for c in choices), optional)
    return _Element("|".join(_word(w, source) for w in _split_choices(token)), optional)


def _choice(text: str, source: str) -> str:
    """One alternative of a group: a plain run of words is written flat, without groups."""
    if _PLAIN.fullmatch(text):
        return SEPARATOR.join(_word(w, source) for w in text.split())
    return _sequence(text, source)


def _split_choices(text: str) -> list[str]:
    """Split on `|` outside brackets."""
    choices, depth, current = [], 0, ""
    for char in text:
        depth += (char == "[") - (char == "]")
        if char == "|" and depth == 0:
            choices.append(current)
            current = ""
        else:
            current += char
    choices.append(current)
    return choices


def _word(word: str, source: str) -> str:
    if not word:
        raise PhraseError(f"an empty word in {source!r}")
    word, _, refused = word.partition("!")
    prefix = word.endswith("*")
    pattern = re.escape(word.rstrip("*")) + (f"{_WORD_CHARS}*" if prefix else "")
    if refused:
        nexts = "|".join(re.escape(w) for w in refused.split(","))
        pattern += rf"(?!{SEPARATOR}(?:{nexts})\b)"
    return pattern
