"""The style sheets actviz ships: matplotlib ``.mplstyle`` files, chosen by name.

``paper``, ``slide`` and ``book`` are files beside this module (package data);
``style_file`` finds one by name, or takes a path to a user's own ``.mplstyle``
file. Reading a sheet is matplotlib's job (``actviz.render.style_rc``): this module
knows nothing of matplotlib and reads no file.
"""

from __future__ import annotations

import os

from actviz.errors import UsageError

SHIPPED = ("paper", "slide", "book")


class StyleError(UsageError):
    """A style that cannot be used: an unknown name, an unreadable or invalid file."""


def style_file(style: str) -> str:
    """The path of the style sheet ``style`` names: a shipped one by name, else a file
    (a path, or a name ending in .mplstyle). Raises StyleError for an unknown name."""
    if style in SHIPPED:
        return os.path.join(os.path.dirname(os.path.abspath(__file__)), f"{style}.mplstyle")
    if style.endswith(".mplstyle") or os.sep in style or (os.altsep and os.altsep in style) \
            or os.path.exists(style):
        return style
    from actviz.spelling import did_you_mean

    hint = did_you_mean(style, SHIPPED)
    raise StyleError(f"no style is named {style!r}{' (' + hint + ')' if hint else ''}; the styles are "
                     f"{', '.join(SHIPPED[:-1])} and {SHIPPED[-1]}, or give a .mplstyle file", "style")
