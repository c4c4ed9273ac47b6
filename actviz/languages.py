"""The languages a figure's names and default titles are written in: English, Korean, Japanese.

The Korean and Japanese words are those of the Korean and Japanese editions of "Deep
Learning from Scratch" (계단 함수, 시그모이드 함수, ReLU 함수; ステップ関数, シグモイド関数,
ReLU関数). Each activation of the catalog carries its names (``Activation.display_names``);
where the book has no word of its own, the name is the English display name followed by
함수 or 関数, as the book writes "ReLU 함수" and "tanh関数". This module says how a name
reads in a language: an activation's, a derivative's, several names in a title. It knows
no click and no matplotlib; the axis labels stay x and y, the book's symbols in every
edition.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Sequence

from actviz.errors import UsageError

if TYPE_CHECKING:
    from actviz.activation import Activation

LANGUAGES = ("en", "ko", "ja")
DEFAULT_LANGUAGE = "en"

# A display name without a word of its own in a language takes this word after it.
_FUNCTION_WORD = {"ko": " 함수", "ja": "関数"}
# The derivative of a named function: "Sigmoid′", "시그모이드 함수의 도함수", "シグモイド関数の導関数".
_DERIVATIVE = {"en": "{}\u2032", "ko": "{}의 도함수", "ja": "{}の導関数"}
# Between the names of a title: "Step, Sigmoid", "계단 함수, 시그모이드 함수", "ステップ関数、シグモイド関数".
_SEPARATOR = {"en": ", ", "ko": ", ", "ja": "、"}


# A logic gate of the book by name: "AND", "AND 게이트", "ANDゲート"; and the plane of its
# hidden layer (`gate xor --hidden --plot`).
_GATE = {"en": "{}", "ko": "{} 게이트", "ja": "{}ゲート"}
_HIDDEN_SPACE = {"en": "{} in its hidden space", "ko": "{}의 은닉층 공간", "ja": "{}の隠れ層の空間"}


def gate_name(name: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """A gate's name as a reader of ``lang`` reads it: "AND 게이트", "ANDゲート"."""
    return _GATE[lang].format(name)


def hidden_space(name: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The title of a gate's hidden plane before its formula: "XOR 게이트의 은닉층 공간"."""
    return _HIDDEN_SPACE[lang].format(gate_name(name, lang))


class LanguageError(UsageError):
    """A language actviz does not write; ``option`` is "lang"."""


def check_language(lang: object) -> str:
    """``lang`` if it is one of LANGUAGES, else a LanguageError naming them."""
    if lang not in LANGUAGES:
        raise LanguageError(f"{lang!r} is no language of actviz's figures; choose one of "
                            f"{', '.join(LANGUAGES)}", "lang")
    return lang


def display_name(act: Activation, lang: str = DEFAULT_LANGUAGE) -> str:
    """The name a reader of ``lang`` reads: the catalog's word for it, else the display name
    with 함수/関数 after it; an activation without a display name (an expression's formula,
    a plugin that gave none) keeps its name in every language."""
    if lang != DEFAULT_LANGUAGE:
        if lang in act.display_names:
            return act.display_names[lang]
        if act.display_name:
            return act.display_name + _FUNCTION_WORD[lang]
    return act.title


def derivative_name(name: str, lang: str = DEFAULT_LANGUAGE, formula: bool = False) -> str:
    """The derivative of the function called ``name``: "ReLU′", "ReLU 함수의 도함수",
    "ReLU関数の導関数"; a ``formula`` gets parentheses first: "(x * sigmoid(x))′"."""
    return _DERIVATIVE[lang].format(f"({name})" if formula else name)


def joined(names: Sequence[str], lang: str = DEFAULT_LANGUAGE) -> str:
    """Several names in one title, as ``lang`` lists them."""
    return _SEPARATOR[lang].join(names)

