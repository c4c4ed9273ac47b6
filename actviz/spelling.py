"""Suggesting what a mistyped name was meant to be: "did you mean 'relu'?"."""

from __future__ import annotations

from typing import Iterable, Mapping, Union


def did_you_mean(word: str, choices: Union[Iterable[str], Mapping[str, str]], n: int = 3,
                 cutoff: float = 0.6, quote: bool = True) -> str:
    """'did you mean 'a' or 'b'?' for the choices closest to ``word``, or '' for none.

    ``choices`` may map each spelling to what it stands for (an alias to its activation's
    name): spellings are matched, and each thing they stand for is offered once.
    """
    import difflib  # only a mistake needs it

    shown = dict(choices) if isinstance(choices, Mapping) else {c: c for c in choices}
    close = difflib.get_close_matches(word, list(shown), n=len(shown), cutoff=cutoff)
    offered = list(dict.fromkeys(shown[c] for c in close))[:n]
    if not offered:
        return ""
    return "did you mean " + " or ".join(repr(c) if quote else c for c in offered) + "?"
