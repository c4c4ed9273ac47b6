"""Drawing figures: the only module that imports matplotlib.

It uses ``matplotlib.figure.Figure`` with the Agg canvas, never pyplot's global state
(except to open a window for ``--show``), and draws with matplotlib's default style
whatever the user's matplotlibrc says, so a command gives the same bytes everywhere:
no date (unless one is given), no version strings, fixed SVG ids. The style is set in
an ``rc_context`` around each figure, never in the caller's global rcParams.

Text in any script: Latin text keeps the default font (DejaVu Sans), and characters it
lacks (Hangul, Kana, CJK ideographs, ...) are drawn by font fallback from installed
fonts that have them, found through matplotlib's font manager. Where no installed font
has them, one :class:`MissingGlyphsWarning` names them and how to get a font, instead
of matplotlib's warning per glyph. A text with $math$ is typeset by mathtext, which
draws the words around the math in one font and falls back to none: where the first
font lacks some of them, the text gets an installed font that has them all first.
"""

from __future__ import annotations

import contextlib
import functools
import io
import itertools
import logging
import os
import re
import sys
import unicodedata
import warnings
import zlib
from dataclasses import dataclass
from datetime import datetime
from typing import Callable, Dict, Iterable, Optional, Sequence, Tuple


@contextlib.contextmanager
def _in_folder(path: str):
    """The current folder is ``path`` inside the block, then the one before (found again
    by a descriptor, so even a folder that was renamed or deleted meanwhile)."""
    here = os.open(".", getattr(os, "O_PATH", os.O_RDONLY) | getattr(os, "O_DIRECTORY", 0))
    try:
        os.chdir(path)
        try:
            yield
        finally:
            os.fchdir(here)
    finally:
        os.close(here)


def _import_matplotlib_reading_no_rc_file():
    """matplotlib, imported without reading any user's matplotlibrc.

    On import matplotlib reads the first matplotlibrc it finds: in the current folder,
    then $MATPLOTLIBRC, then the user's config folder. actviz draws in matplotlib's own
    defaults whatever they say, and must not even read them: a FIFO of that name hangs,
    a link to /dev/zero fills the memory, undecodable bytes raise. Imported from inside
    its own data folder, the first it finds is its packaged defaults. MPLBACKEND only
    matters to --show's window (files are drawn on the Agg canvas), so a value
    matplotlib rejects must not stop a file being written: it is hidden meanwhile too.
    """
    import importlib.util

    if "matplotlib" in sys.modules:  # a caller's matplotlib, already configured by them
        return sys.modules["matplotlib"]
    package = importlib.util.find_spec("matplotlib").submodule_search_locations[0]
    backend = os.environ.pop("MPLBACKEND", None)
    try:
        with _in_folder(os.path.join(package, "mpl-data")):
            import matplotlib
    finally:
        if backend is not None:
            os.environ["MPLBACKEND"] = backend
    if backend is not None:  # a notebook's inline backend, say: pyplot must still use it
        try:
            matplotlib.rcParams["backend"] = backend
        except ValueError:  # a name matplotlib rejects: files are drawn on Agg anyway
            pass
    return matplotlib


_requested_backend = os.environ.get("MPLBACKEND")
matplotlib = _import_matplotlib_reading_no_rc_file()
import numpy as np  # noqa: E402 (after matplotlib, imported above with care)
from matplotlib import cbook, font_manager, ft2font
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.colors import LinearSegmentedColormap, ListedColormap
from matplotlib.figure import Figure
from matplotlib.image import imsave
from matplotlib.legend_handler import HandlerTuple
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from actviz.errors import RunError, UsageError
from actviz.figure import (DEFAULT_SIZE, Curve, FigureOptions, FigureSizeError, Layout, Panels,
                           check_figure_size, check_panel_size, figure_size)
from actviz.grid import MAX_PLOT_VALUE
from actviz.spelling import did_you_mean


def _metadata(fmt: str, date: Optional[datetime], about: Optional[About] = None) -> dict:
    """Metadata without version strings and, unless ``date`` is given, without dates; with
    what ``about`` says of the figure (see ``ActvizFigure.describe``).

    Dates and version strings would make bytes differ from run to run and release to
    release. PDF and SVG have a date field (``date`` goes there, in UTC); matplotlib
    writes no date into PNG, and neither do we. A key set to None is left out. The
    command that drew the figure is PNG's Software, SVG's dc:source and PDF's Keywords;
    the title is each one's Title (SVG's <title> too), the description PNG's Description,
    SVG's dc:description (and <desc>, added by ``to_bytes``) and PDF's Subject.
    """
    command, title, description = (about.commands.get(fmt, ""), about.title, about.description) \
        if about else ("", "", "")
    title = title or description
    if fmt == "png":
        return {"Software": command or None, "Title": title or None, "Description": description or None}
    if fmt == "svg":
        about_keys = {"Title": title, "Description": description, "Source": command}
        return {"Date": date.isoformat() if date else None, "Creator": None,
                **{key: value for key, value in about_keys.items() if value}}
    return {"CreationDate": date, "ModDate": None, "Creator": None, "Producer": None,
            "Title": title or None, "Subject": description or None, "Keywords": command or None}


@dataclass(frozen=True)
class About:
    """What a figure file says of itself: the command that draws it in each format
    ({format: command}), its title and a description, all in plain text."""

    commands: Dict[str, str]
    title: str = ""
    description: str = ""


def _with_svg_desc(svg: bytes, description: str) -> bytes:
    """The SVG with ``<desc>`` after the ``<title>`` matplotlib writes (both direct children
    of <svg>, where screen readers look for them)."""
    from xml.sax.saxutils import escape

    if not description:
        return svg
    return svg.replace(b"</title>\n", f"</title>\n <desc>{escape(description)}</desc>\n".encode("utf-8"), 1)


class FontError(UsageError):
    """A font asked for by name or file is not installed or cannot be read."""


class MissingGlyphsWarning(UserWarning):
    """No installed font has glyphs for some characters; matplotlib draws them as boxes.
    ``option`` is the keyword that chooses another font."""

    option = "font"


def _style() -> dict:
    style = {k: v for k, v in matplotlib.rcParamsDefault.items() if k != "backend"}
    style["svg.hashsalt"] = "actviz"  # fixed ids in SVG instead of random ones
    return style


# Settings a style sheet may not make, as matplotlib.style.use ignores them: they are
# about the session, not the figure's look.
_NOT_STYLE = {"interactive", "backend", "backend_fallback", "webagg.port", "webagg.address",
              "webagg.port_retries", "webagg.open_in_browser", "toolbar", "timezone",
              "figure.max_open_warning", "figure.raise_window", "savefig.directory",
              "tk.window_focus", "docstring.hardcopy", "date.epoch"}


class _Collected(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record):
        lines = [line for line in record.getMessage().splitlines() if line.strip()]
        self.messages.append(lines[0].strip() if lines else "cannot be read")


def style_rc(style: str) -> dict:
    """The rc settings of the style sheet ``style`` (a shipped style's name or a
    .mplstyle file; see actviz.styles), read by matplotlib's own reader of style sheets
    and no other file (matplotlib.style would read the user's style library too). A name
    no style has, a file that cannot be read, or any line matplotlib would warn of (a
    bad key or value) is a StyleError naming the file and line."""
    from actviz.styles import StyleError, style_file

    path = style_file(style)
    if os.path.isdir(path):
        raise StyleError(f"cannot read style file {path!r}: it is a folder", "style")
    collected = _Collected()
    log = logging.getLogger("matplotlib")
    log.addHandler(collected)
    propagate, log.propagate = log.propagate, False  # said once, as the error below
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a deprecated key: the file is to be mended
            rc = matplotlib.rc_params_from_file(path, fail_on_error=False, use_default_template=False)
    except OSError as error:
        raise StyleError(f"cannot read style file {path!r}: {error.strerror or error}", "style") from None
    except UnicodeDecodeError:
        raise StyleError(f"cannot read style file {path!r}: it is not UTF-8 text", "style") from None
    except Warning as warning:
        raise StyleError(f"style file {path!r}: {warning}", "style") from None
    finally:
        log.removeHandler(collected)
        log.propagate = propagate
    if collected.messages:
        more = f" (and {len(collected.messages) - 1} more)" if len(collected.messages) > 1 else ""
        raise StyleError(f"{collected.messages[0]}{more}", "style")
    if rc.get("text.usetex"):
        raise StyleError(f"style file {path!r} sets text.usetex, which needs a LaTeX installation; "
                         "actviz typesets math with matplotlib's mathtext", "style")
    return {key: value for key, value in rc.items() if key not in _NOT_STYLE}


def check_style(options: FigureOptions, default_size=DEFAULT_SIZE) -> None:
    """Raise StyleError unless ``options.style`` (if any) can be read, and FigureSizeError
    unless the size and resolution it gives the figure can be drawn."""
    if options.style is not None:
        try:
            check_figure_size(*figure_size(options, style_rc(options.style), default_size))
        except FigureSizeError as error:
            if options.size is not None and options.dpi is not None:
                raise
            from actviz.styles import StyleError  # the style's size or resolution is in it

            raise StyleError(f"with style {options.style!r}, {error.option}: {error}", "style") from None


def _look(options: Optional[FigureOptions]) -> dict:
    """The rc settings the figure options set over matplotlib's defaults: the style's,
    then --linewidth and --font-size."""
    if options is None:
        return {}
    look = style_rc(options.style) if options.style is not None else {}
    if options.linewidth is not None:
        look["lines.linewidth"] = options.linewidth
    if options.font_size is not None:  # the style's sizes in points grow with it
        factor = options.font_size / look.get("font.size", matplotlib.rcParamsDefault["font.size"])
        look.update(_scaled_type(look, factor))
        look["font.size"] = options.font_size
    return look


# Type sizes a style may give in points (matplotlib's defaults give them relative to
# font.size, "large", "small"): scaled with font.size where a figure's type shrinks.
_TYPE_SIZES = ("axes.titlesize", "axes.labelsize", "xtick.labelsize", "ytick.labelsize",
               "legend.fontsize", "legend.title_fontsize", "figure.titlesize", "figure.labelsize")


def _scaled_type(style: dict, factor: float) -> dict:
    """The type sizes of ``style`` given in points, times ``factor``."""
    return {key: style[key] * factor for key in _TYPE_SIZES
            if isinstance(style.get(key), (int, float)) and not isinstance(style.get(key), bool)}


class MathTextError(UsageError):
    """A text's $...$ that matplotlib's mathtext cannot typeset; ``option`` names the text."""


# Frames the check keeps in reserve: a figure typesets its texts deeper in the stack than
# the check does, and a text that only just passed must not fail there.
_MATH_DEPTH_RESERVE = 200


def math_png(tex: str, dpi: float = 110) -> bytes:
    """One line of mathtext (without its $ signs) as PNG bytes: a notebook's typeset formula."""
    from matplotlib.mathtext import math_to_image

    buffer = io.BytesIO()
    math_to_image(f"${tex}$", buffer, dpi=dpi, format="png")
    return buffer.getvalue()


def check_mathtext(text: str, option: str) -> None:
    """Raise MathTextError unless ``text`` is drawable: plain, or math (between $ signs)
    that mathtext parses. Call it before anything is drawn, so that a bad --title fails
    the run before any file of a batch is written."""
    from matplotlib import cbook
    from matplotlib.mathtext import MathTextParser

    if not cbook.is_math_text(text):
        return
    limit = sys.getrecursionlimit()
    try:
        sys.setrecursionlimit(limit - _MATH_DEPTH_RESERVE)
        with matplotlib.rc_context(_style()):
            MathTextParser("path").parse(text)
    except RecursionError:
        reason = "it is nested too deeply"
    except ValueError as error:  # mathtext's parse error: its last line says where
        reason = _parse_error_summary(str(error))
    else:
        return
    finally:
        sys.setrecursionlimit(limit)
    shown = text if len(text) <= 60 else text[:60] + "..."
    raise MathTextError(f"{shown!r} is not valid math text: {reason} (write \\$ for a dollar sign)",
                        option)


def _parse_error_summary(message: str) -> str:
    """'unknown symbol: \\foo, found '\\' at character 2' from pyparsing's explanation, whose
    last line says what went wrong where (an 'Expected ...' listing every construct
    mathtext knows is left out)."""
    last = message.strip().splitlines()[-1] if message.strip() else "it cannot be parsed"
    last = re.sub(r"^\w+Exception: ", "", last)
    found = re.fullmatch(r"(.*?),? ?found (.*?)\s+\(at char (\d+)\).*", last)
    if not found:
        return last[:200]
    what = f"{found[1][0].lower()}{found[1][1:]}, " if 0 < len(found[1]) <= 40 else ""
    return f"{what}found {found[2]} at character {int(found[3]) + 1}"


def texts_of(curves: Sequence[Curve], layout: Layout) -> list[str]:
    """Every piece of text a figure shows (tick labels are numbers)."""
    return [layout.display_title or layout.title, layout.options.xlabel, layout.options.ylabel,
            *(curve.legend or curve.label for curve in curves)]


# --- fonts for any script ----------------------------------------------------------------

# Debian/Ubuntu packages with fonts for a script, by the first word of Unicode's names.
_FONT_PACKAGES = {
    "HANGUL": "fonts-nanum or fonts-noto-cjk",
    "CJK": "fonts-noto-cjk", "HIRAGANA": "fonts-ipafont-gothic or fonts-noto-cjk",
    "KATAKANA": "fonts-ipafont-gothic or fonts-noto-cjk",
    "BOPOMOFO": "fonts-noto-cjk", "IDEOGRAPHIC": "fonts-noto-cjk", "HALFWIDTH": "fonts-noto-cjk",
}
_OTHER_FONT_PACKAGES = "fonts-noto-core or fonts-noto-extra"
# Names of fonts made for one of the CJK languages, to prefer for text in that script.
_REGION_TAGS = {"HANGUL": ("KR", "Korean"), "HIRAGANA": ("JP", "Japanese"), "KATAKANA": ("JP", "Japanese")}
_LAST_RESORT = "lastresort"  # matplotlib's font of boxes: it covers everything, draws nothing


def font_families(texts: Iterable[str], font: str | None = None) -> list[str]:
    """The ``font.family`` list that draws every character of ``texts``.

    ``font`` (a name or a font file), or else the default sans-serif, comes first, so
    Latin text keeps it; then the fewest installed fonts that cover the characters it
    lacks. Characters no installed font has are named in one MissingGlyphsWarning.
    Call it with the style the figure is drawn in (``_style()``) in force.
    """
    families = ([_font_name(font)] if font else []) + list(matplotlib.rcParams["font.family"])
    faces = [_face_of_family(family) for family in families]
    missing = [c for c in _characters(texts) if not any(_draws(face, c) for face in faces)]
    chosen, missing = _fallbacks(missing)
    if missing:
        # matplotlib's cache of installed fonts predates fonts installed since: look again.
        if _add_new_system_fonts():
            more, missing = _fallbacks(missing)
            chosen += more
    families += chosen
    split: list[str] = []  # drawn by some font, but not by one font with the rest of a math text
    for text in texts:  # mathtext draws the words of a text in one font, without fallback
        if text and cbook.is_math_text(text):
            split += [c for c in _math_font(text, families)[1] if c not in missing and c not in split]
    if missing:
        warnings.warn(_missing_message(missing), MissingGlyphsWarning, stacklevel=2)
    elif split:
        warnings.warn(_split_message(split), MissingGlyphsWarning, stacklevel=2)
    return families


def _math_font(text: str, families: Sequence[str]) -> tuple[Optional[str], list[str]]:
    """For a text with $math$: the installed font to put before ``families`` so that mathtext,
    which draws every character outside the math in the first font it finds, draws them
    all (None when the first family does); and the characters no single font draws."""
    characters = _characters([text])
    first = _face_of_family(families[0])
    if all(_draws(first, c) for c in characters):
        return None, []
    chosen, _ = _fallbacks(characters)
    if not chosen and _add_new_system_fonts():
        chosen, _ = _fallbacks(characters)
    if not chosen:
        return None, [c for c in characters if not _draws(first, c)]
    face = _face_of_family(chosen[0])
    return chosen[0], [c for c in characters if not _draws(face, c)]


def math_text_fonts(artist) -> None:
    """Give each text with $math$ in ``artist`` (a figure or an Axes) whose words its first
    font cannot draw (Hangul, Kana) a font that can, first (see ``_math_font``)."""
    for text in artist.findobj(Text):
        content = text.get_text()
        if "$" in content and cbook.is_math_text(content):
            families = list(text.get_fontfamily())
            font, _ = _math_font(content, families)
            if font is not None:
                text.set_fontfamily([font, *families])


def _characters(texts: Iterable[str]) -> list[str]:
    """The distinct characters to check, in order: not ASCII, spaces, or inside $math$."""
    seen: dict[str, None] = {}
    for text in texts:
        for c in re.sub(r"(?<!\\)\$.*?(?<!\\)\$", "", text or ""):
            if ord(c) >= 128 and not c.isspace() and unicodedata.category(c)[0] != "C":
                seen[c] = None
    return list(seen)


def _font_name(font: str) -> str:
    """The family name of ``font``: an installed font's name (any case) or a font file."""
    if os.path.isfile(font):
        try:
            font_manager.fontManager.addfont(font)
            return font_manager.FontProperties(fname=font).get_name()
        except Exception as error:  # FreeType's own errors for a file that is not a font
            # "FT_Open_Face (ft2font.cpp line 200) failed with error 0x02: unknown file format"
            reason = re.sub(r"^FT_\w+ \(.*?\) failed with error 0x[0-9a-fA-F]+: ", "", str(error))
            raise FontError(f"cannot read font file {font!r}: {reason}", "font") from None
    for attempt in range(2):
        names = {entry.name.lower(): entry.name for entry in _installed()}
        if font.lower() in names:
            return names[font.lower()]
        if attempt == 0 and not _add_new_system_fonts():
            break
    hint = did_you_mean(font.lower(), names, cutoff=0.5)
    raise FontError(
        f"no installed font is named {font!r}{'; ' + hint if hint else ''} (`fc-list : family` lists them)",
        "font",
    )


def _installed() -> list:
    return [
        entry for entry in font_manager.fontManager.ttflist
        if _LAST_RESORT not in os.path.basename(entry.fname).lower().replace("_", "")
    ]


def _face_of_family(family: str):
    path = font_manager.findfont(font_manager.FontProperties(family=[family]))
    return _face(str(path), getattr(path, "face_index", 0))


@functools.lru_cache(maxsize=None)
def _face(path: str, index: int = 0):
    # A face alone, without matplotlib's fallback list (which ends in the boxes font).
    try:
        return ft2font.FT2Font(path, face_index=index)
    except TypeError:  # matplotlib < 3.8 has no face_index (and reads face 0)
        return ft2font.FT2Font(path)
    except Exception:  # an unreadable font file is a font without glyphs
        return None


def _draws(face, character: str) -> bool:
    return face is not None and face.get_char_index(ord(character)) != 0


def _fallbacks(missing: list[str]) -> tuple[list[str], list[str]]:
    """Installed fonts, fewest first, that draw ``missing``; and what none of them draws."""
    if not missing:
        return [], []
    scripts = {_script(c) for c in missing}
    regions = [tag for script in scripts for tag in _REGION_TAGS.get(script, ())]
    families: dict[str, object] = {}
    for entry in sorted(_installed(), key=_closeness_to_regular):
        families.setdefault(entry.name, entry)  # the face findfont would pick for the name
    chosen: list[str] = []
    while missing and families:
        def rank(name):
            face = _face(families[name].fname, getattr(families[name], "index", 0))
            covered = sum(_draws(face, c) for c in missing)
            made_for = any(tag in name for tag in regions)
            sans = any(word in name for word in ("Sans", "Gothic", "Hei"))
            return (-covered, not made_for, _monospaced(face), not sans, len(name), name), face

        (key, face), name = min((rank(name), name) for name in families)
        if key[0] == 0:
            break
        chosen.append(name)
        del families[name]
        missing = [c for c in missing if not _draws(face, c)]
    return chosen, missing


@functools.lru_cache(maxsize=None)
def _monospaced(face) -> bool:
    """Whether the font's i is as wide as its M (IPAGothic: its Latin letters would look
    typed, where IPAPGothic's read as prose); FreeType's FIXED_WIDTH flag misses such fonts."""
    if face is None or not (_draws(face, "i") and _draws(face, "M")):
        return False
    widths = {face.load_char(ord(c), flags=ft2font.LoadFlags.NO_HINTING if hasattr(ft2font, "LoadFlags")
                             else 2).horiAdvance for c in "iM"}
    return len(widths) == 1


def _closeness_to_regular(entry) -> tuple:
    weight = entry.weight if isinstance(entry.weight, int) else font_manager.weight_dict.get(entry.weight, 400)
    return (entry.style != "normal", abs(weight - 400), entry.fname)


_rescanned = False


def _add_new_system_fonts() -> bool:
    """Add fonts installed since matplotlib cached its list (once a process); any new?"""
    global _rescanned
    if _rescanned:
        return False
    _rescanned = True
    known = {os.path.realpath(entry.fname) for entry in font_manager.fontManager.ttflist}
    added = False
    for path in font_manager.findSystemFonts():
        if os.path.realpath(path) not in known:
            try:
                font_manager.fontManager.addfont(path)
                added = True
            except Exception:  # not a font matplotlib can read: skip it, as matplotlib does
                pass
    return added


def _script(character: str) -> str:
    return unicodedata.name(character, "UNKNOWN").split()[0]


def _missing_message(missing: list[str]) -> str:
    shown = ", ".join(missing[:12]) + (f" and {len(missing) - 12} more" if len(missing) > 12 else "")
    scripts = list(dict.fromkeys(_script(c) for c in missing))
    script_names = ", ".join(s if s == "CJK" else s.title() for s in scripts)
    packages = [
        package for s in scripts for package in _FONT_PACKAGES.get(s, _OTHER_FONT_PACKAGES).split(" or ")
    ]
    return (
        f"no installed font has glyphs for {shown} ({script_names}), so they are drawn as boxes; "
        f"install a font that has them (Debian/Ubuntu: apt-get install "
        f"{' or '.join(dict.fromkeys(packages))}) "
        "or choose one as the font"
    )


def _split_message(split: list[str]) -> str:
    scripts = ", ".join(dict.fromkeys(s if s == "CJK" else s.title() for s in map(_script, split)))
    return (
        f"mathtext draws the words beside $math$ in one font, and no installed font has all of them: "
        f"{', '.join(split[:12])} ({scripts}) are drawn as boxes; install a font that has them all "
        "(Debian/Ubuntu: apt-get install fonts-noto-cjk) or choose one as the font"
    )


class ActvizFigure(Figure):
    """A matplotlib Figure drawn by actviz: it shows itself in a notebook (as PNG, IPython's
    display protocol) and saves with the style and fonts it was drawn with, so its bytes
    are the command line's (``to_bytes``). Made without pyplot: no window, no global state."""

    _actviz_style: dict = {}
    _actviz_crop: bool = False
    _actviz_about: Optional[About] = None

    def describe(self, commands: Dict[str, str], title: str = "", description: str = "") -> "ActvizFigure":
        """Have every file of the figure record the command that draws it (``commands``:
        {format: command line}), its title and a description for screen readers (plain
        text); returns the figure."""
        self._actviz_about = About(dict(commands), title, description)
        return self

    # Whether the Agg canvas holds this figure as it stands, drawn by fitted_figure's
    # last check: a PNG is then encoded from those pixels, not drawn a second time.
    _actviz_drawn_pixels: bool = False

    def draw(self, renderer):
        # Every way of drawing (savefig called by the user, a notebook's inline backend,
        # draw_without_rendering) in the style the figure was laid out in: outside it
        # matplotlib would remake the tick labels in its default type, too large for the
        # room the layout left them, and push the y label off a small figure.
        self._actviz_drawn_pixels = False  # drawn again, by whatever renderer
        with _drawing(self._actviz_style):
            super().draw(renderer)

    def to_bytes(self, fmt: str, date: Optional[datetime] = None) -> bytes:
        """The figure in ``fmt`` (png, svg or pdf), reproducibly: no version strings, and
        no date but ``date`` (PDF and SVG only); what ``describe`` said of it. The page
        keeps the figure's size, unless the figure is to be cropped to what is drawn (a
        gate plane of no size asked for)."""
        with _drawing(self._actviz_style):
            buffer = io.BytesIO()
            metadata = _metadata(fmt, date, self._actviz_about)
            if fmt == "png" and self._pixels_are_the_png():
                # what savefig does after drawing the canvas, without the drawing
                imsave(buffer, self.canvas.buffer_rgba(), format="png", origin="upper", dpi=self.dpi,
                       metadata=metadata)
            else:
                extra = dict(bbox_inches="tight", pad_inches=0.12) if self._actviz_crop else {}
                self.savefig(buffer, format=fmt, metadata=metadata, **extra)
            data = buffer.getvalue()
        if fmt == "svg" and self._actviz_about:
            data = _with_svg_desc(data, self._actviz_about.description)
        return data

    def _repr_png_(self) -> bytes:
        return self.to_bytes("png")

    def _pixels_are_the_png(self) -> bool:
        """Whether savefig would draw for a PNG the pixels the canvas holds: drawn by
        fitted_figure and unchanged since (matplotlib marks a changed figure stale), at
        the figure's size and resolution, uncropped, and saved as drawn (savefig's
        colours in the rc, read inside the figure's style, are "auto", not transparent)."""
        renderer = getattr(self.canvas, "renderer", None)
        return (self._actviz_drawn_pixels and not self.stale and not self._actviz_crop
                and isinstance(self.canvas, FigureCanvasAgg) and renderer is not None
                and (renderer.width, renderer.height) == self.canvas.get_width_height(physical=True)
                and renderer.dpi == self.dpi
                and matplotlib.rcParams["savefig.facecolor"] == "auto"
                and matplotlib.rcParams["savefig.edgecolor"] == "auto"
                and not matplotlib.rcParams["savefig.transparent"])


def _figure_style(texts: Sequence[str], font: str | None, look: Optional[dict] = None) -> dict:
    """matplotlib's default style (whatever the user's matplotlibrc says), with the
    ``look`` of the figure options over it (see ``_look``), and fonts that draw ``texts``
    in any script. A style never changes the page's size or resolution, set apart."""
    style = {**_style(), **(look or {})}
    style.update({"svg.hashsalt": "actviz", "savefig.dpi": "figure", "savefig.bbox": None})
    with matplotlib.rc_context(style):
        return {**style, "font.family": font_families(texts, font)}


def _new_figure(size, dpi: float, style: dict, scale: float) -> ActvizFigure:
    """An empty figure in ``style`` (``_figure_style``) with its type ``scale`` times the
    default size, and constrained layout (the axes make room for every label inside the
    figure's size); draw into it inside ``drawing``."""
    style = {**style, **_scaled_type(style, scale), "font.size": style["font.size"] * scale}
    with _drawing(style):
        figure = ActvizFigure(figsize=size, dpi=dpi, layout="constrained")
    # a margin of 3 points, and at least 3 pixels at low dpi, where glyphs snapped to
    # whole pixels and their anti-aliasing would otherwise touch the edge
    pad = max(3 / 72, 3 / dpi)
    figure.get_layout_engine().set(w_pad=pad, h_pad=pad)
    FigureCanvasAgg(figure)
    figure._actviz_style = style
    figure._actviz_made = (tuple(size), dpi)
    return figure


def _cleared(figure: ActvizFigure, style: dict, scale: float) -> ActvizFigure:
    """``figure`` emptied and set up as _new_figure sets up a new one (a batch reuses one
    Figure: building a Figure, its canvas and renderer costs as much as drawing one)."""
    style = {**style, **_scaled_type(style, scale), "font.size": style["font.size"] * scale}
    for ax in figure.axes:  # removed, not cleared first as Figure.clear() would: that costs
        figure.delaxes(ax)  # as much as making a new Axes, for an Axes thrown away
    with _drawing(style):
        figure.clear()
        figure.set_layout_engine("constrained")
    pad = max(3 / 72, 3 / figure.dpi)
    figure.get_layout_engine().set(w_pad=pad, h_pad=pad)
    figure._actviz_style = style
    return figure


# Type sizes tried, largest first, until every text fits inside the figure: constrained
# layout moves the axes to make room, but it cannot make a small figure bigger.
FONT_SCALES = (1.0, 0.85, 0.72, 0.6, 0.5, 0.42, 0.35)


def fitted_figure(size, dpi: float, texts: Sequence[str], font: Optional[str],
                  draw: Callable[[ActvizFigure], None], reuse: Optional[ActvizFigure] = None,
                  legend_share: float = 1.0, look: Optional[dict] = None) -> ActvizFigure:
    """A figure of ``size`` drawn by ``draw`` in the largest type (of FONT_SCALES) at which
    nothing is clipped (and each legend is at most ``legend_share`` of its axes' height, and
    below 1, a legend over its axes within their width); the smallest when none fits
    (figures under 2 x 1.5 inches). ``reuse``, a figure made here before of the same size
    and dpi, is drawn into again for the first try. ``look``: rc settings of the figure
    options (see ``_look``)."""
    style = _figure_style(texts, font, look)
    # only a $math$ text with letters past ASCII outside the math may need a font of its
    # own (texts are every text the figure shows, as for the fonts above; a tick label's
    # math is all math): looking through every artist for one is a tenth of a figure
    math_fonts = any("$" in text and _characters([text]) for text in texts if text)
    # FreeType cannot draw type under a pixel: at a few dots per inch the type stays large
    usable = [s for s in FONT_SCALES if s * 8 * dpi / 72 >= 1] or FONT_SCALES[:1]
    for scale in usable:
        if reuse is not None and scale == usable[0] and getattr(reuse, "_actviz_made", None) == (tuple(size), dpi):
            figure = _cleared(reuse, style, scale)
        else:
            figure = _new_figure(size, dpi, style, scale)
        with drawing(figure):
            draw(figure)
            if math_fonts:
                math_text_fonts(figure)
            if fits(figure, legend_share):
                break
    # the layout just checked is the one saved: constrained layout, run again, can move
    # an axes with a fixed aspect and a colour bar a little. No engine at all: "none"
    # leaves a placeholder engine, and savefig lays out a figure that has one (a third
    # drawing of it, a third of a batch's time); None means the rc's layout, so not the rc's.
    with matplotlib.rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
        figure.set_layout_engine(None)
    # fits drew it on the canvas: a PNG needs no other drawing. Its size checks after the
    # drawing marked the figure stale (Axes.apply_aspect sets the position it had), with
    # nothing changed: not stale, so that a change made from now on tells (to_bytes).
    figure._actviz_drawn_pixels = True
    figure.stale = False
    return figure


def fits(figure: Figure, legend_share: float = 1.0) -> bool:
    """Whether, laid out, every artist of ``figure`` is inside it and each legend inside
    ``legend_share`` of the height of its axes (a taller one would cover the title and ticks)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")  # "constrained_layout not applied": the axes collapsed
        # drawn into the pixels, not only laid out: a PNG of a figure that fits is
        # encoded from them (to_bytes), which costs less than drawing it again
        figure.canvas.draw()
    if any("constrained_layout" in str(w.message) for w in caught):
        return False
    renderer = figure.canvas.get_renderer()
    drawn = figure.get_tightbbox(renderer)  # in inches
    width, height = figure.get_size_inches()
    margin = 1.5 / figure.dpi  # anti-aliased glyphs reach a pixel or so past their box
    if min(drawn.x0, drawn.y0, width - drawn.x1, height - drawn.y1) < margin:
        return False
    for ax in figure.axes:
        legend = ax.get_legend()
        if legend is None:
            continue
        box = legend.get_window_extent(renderer)
        if box.height > legend_share * ax.bbox.height:
            return False
        # a panel's legend over its axes stays within their width, off its neighbours
        if legend_share < 1 and box.x0 < ax.bbox.x1 and (box.x0 < ax.bbox.x0 - 1 or box.x1 > ax.bbox.x1 + 1):
            return False
    # panels' titles and tick labels do not run into their neighbours' (matplotlib wraps a
    # title to the figure's width, which a panel in the middle of a row does not have)
    # or so much as touch them: a point of space between them at least
    texts = [_panel_text_boxes(ax, renderer) for ax in figure.axes] if len(figure.axes) > 1 else []
    gap = figure.dpi / 72
    return not any(a.padded(gap).overlaps(b) for one, other in itertools.combinations(texts, 2)
                   for a in one for b in other)


def _panel_text_boxes(ax, renderer) -> list:
    """The boxes of an Axes' title and the tick labels it shows, in pixels (matplotlib
    keeps labels of ticks past the axes' limits, placed but not drawn)."""
    shown = [ax.title] if ax.title.get_text() else []
    for axis, limits in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
        lo, hi = sorted(limits)
        slack = 1e-9 * (hi - lo)
        shown += [label for loc, label in zip(axis.get_majorticklocs(), axis.get_majorticklabels())
                  if lo - slack <= loc <= hi + slack and label.get_visible() and label.get_text()]
    return [text.get_window_extent(renderer) for text in shown]


def wrapped(text) -> None:
    """Let a title or label break at spaces where it is wider than the figure; not one
    with a space inside $math$, where a break would split the formula."""
    if not any(re.search(r"\s", math) for math in re.findall(r"(?<!\\)\$(.*?)(?<!\\)\$", text.get_text())):
        text.set_wrap(True)


@contextlib.contextmanager
def drawing(figure: Figure):
    """The rcParams ``figure`` was made with (if actviz made it), while drawing into it."""
    with _drawing(getattr(figure, "_actviz_style", None)):
        yield


@contextlib.contextmanager
def _drawing(style: Optional[dict]):
    # np.errstate: matplotlib's tick locator tries steps past the float range for axes
    # near 1e308 (exp(x) up to x = 709) and rejects them: an overflow it expects.
    with contextlib.ExitStack() as stack:
        if style:
            stack.enter_context(matplotlib.rc_context(style))
        stack.enter_context(_quiet_glyph_warnings())
        stack.enter_context(np.errstate(over="ignore"))
        yield


def curves_figure(curves: Sequence[Curve], layout: Layout, reuse: Optional[ActvizFigure] = None
                  ) -> ActvizFigure:
    """A figure of the curves, of the size asked for with nothing clipped: a new one, or
    ``reuse`` (a figure this function made before, of the same size and dpi) cleared and
    drawn again where the type needs no shrinking, with the same bytes.

    Raises FontError when ``layout.options.font`` is not installed; warns
    MissingGlyphsWarning (once) when no installed font draws some of the text.
    """
    options = layout.options
    def draw(figure):
        ax = figure.add_subplot()
        draw_curves(ax, curves, layout)
        if _legend_beside(curves, layout):  # the title centred over the figure, not the narrower plot
            ax.set_title("")
            wrapped(figure.suptitle(layout.display_title or layout.title))

    look = _look(options)
    size, dpi = figure_size(options, look)
    check_figure_size(size, dpi)
    return fitted_figure(size, dpi, texts_of(curves, layout), options.font, draw, reuse, look=look)


def _legend_beside(curves: Sequence[Curve], layout: Layout) -> bool:
    """Whether the default legend goes beside the plot: past LEGEND_INSIDE curves so many
    entries would hide the curves."""
    return layout.options.legend is None and len(curves) > LEGEND_INSIDE


def curves_into(ax, curves: Sequence[Curve], layout: Layout):
    """Draw the curves into a caller's Axes, in the caller's style (their rcParams) with
    the figure options' style, line width and type size over it, and fonts added that
    draw the text; returns the Axes."""
    with matplotlib.rc_context(_look(layout.options)):  # what the figure options set applies too
        families = font_families(texts_of(curves, layout), layout.options.font)
        with matplotlib.rc_context({"font.family": families}), _drawing(None):
            draw_curves(ax, curves, layout)
            math_text_fonts(ax)
    return ax



# A panel's legend takes at most this share of its height, else the type shrinks: a small
# panel's legend would cover its curves (a single figure's may take all of it).
PANEL_LEGEND_SHARE = 0.5


def styled_size(options: FigureOptions) -> Tuple[float, float]:
    """The size (inches) a figure of ``options`` is drawn at, its style's where it gives one."""
    return figure_size(options, _look(options))[0]


def panels_figure(panels: Panels, reuse: Optional[ActvizFigure] = None) -> ActvizFigure:
    """A figure of panels (figure.panel_parts), of the size asked for with nothing clipped,
    as ``curves_figure`` draws one (``reuse`` as there)."""
    options = panels.options
    look = _look(options)
    size, dpi = figure_size(options, look)
    check_figure_size(size, dpi)
    check_panel_size(options, panels.grid, size)
    return fitted_figure(size, dpi, panels_texts(panels), options.font,
                         lambda figure: draw_panels(figure, panels), reuse, legend_share=PANEL_LEGEND_SHARE,
                         look=look)


def panels_texts(panels: Panels) -> list[str]:
    """Every piece of text a figure of panels shows."""
    return [panels.title or "", *(text for curves, layout in panels.panels for text in texts_of(curves, layout))]


def draw_panels(figure: Figure, panels: Panels) -> None:
    """Each panel into an Axes of a grid, row by row, drawn as draw_curves draws one figure;
    the x axis shared (its tick labels and label under the lowest panel of each column),
    the y axis too where ``panels.share_y`` says (its labels beside the first column), and
    the title, if any, over them all."""
    rows, columns = panels.grid
    count = len(panels.panels)
    grid = figure.add_gridspec(rows, columns)
    first = None
    for k, (curves, layout) in enumerate(panels.panels):
        row, column = divmod(k, columns)
        ax = figure.add_subplot(grid[row, column], sharex=first, sharey=first if panels.share_y else None)
        first = first or ax
        draw_curves(ax, curves, layout)
        if k + columns < count:  # a panel below: it shows the x axis
            ax.tick_params(labelbottom=False)
            ax.set_xlabel("")
        if column > 0:
            ax.set_ylabel("")
            if panels.share_y:
                ax.tick_params(labelleft=False)
    if panels.title:
        wrapped(figure.suptitle(panels.title))


# The most legend entries drawn inside the plot; more go beside it.
LEGEND_INSIDE = 8


def draw_curves(ax, curves: Sequence[Curve], layout: Layout, legend: Optional[dict] = None) -> None:
    """The curves, axes and title into ``ax``; ``legend`` the keywords of matplotlib's
    legend, else it goes where ``layout.legend`` says (beside the plot, by default, for
    more than LEGEND_INSIDE curves)."""
    options = layout.options
    if options.logy:
        ax.set_yscale("log")  # y = 0 is not on it: no zero line
    else:
        ax.axhline(0, color="0.6", linewidth=0.8, zorder=1)
    ax.axvline(0, color="0.6", linewidth=0.8, zorder=1)
    base = line_base(options)
    for curve in curves:
        y = np.asarray(curve.y, dtype=np.float64)
        if options.logy:
            y = np.where(y > 0, y, np.nan)  # left out, and the line breaks there
        ax.plot(curve.x, y, label=curve.legend or curve.label, linewidth=line_width(curve, base), zorder=2,
                **(styled_line(curve) if options.style is not None else
                   {"color": f"C{curve.colour % 10}", "linestyle": "--" if curve.dashed else "-"}))
    shading = shade_vanishing(ax, curves)
    ax.set_xlim(*layout.xlim)
    if options.ylim is not None:
        ax.set_ylim(*options.ylim)
    title = layout.display_title or layout.title
    for text in (ax.set_title(title), ax.set_xlabel(options.xlabel), ax.set_ylabel(options.ylabel)):
        wrapped(text)
    if options.grid:
        ax.grid(True, alpha=0.3)
    if legend is None and _legend_beside(curves, layout):  # so many entries would hide the curves
        legend = {"loc": "upper left", "bbox_to_anchor": (1.02, 1.0), "borderaxespad": 0.0, "fontsize": "small"}
    if shading:  # the shades' own entry after the curves'
        place = {"loc": "upper left", "bbox_to_anchor": (1.02, 1.0), "borderaxespad": 0.0} \
            if layout.legend == "outside" else {"loc": layout.legend or "best"}
        legend = {**place, **(legend or {}), "handles": ax.get_legend_handles_labels()[0] + shading}
    if legend is not None:
        ax.legend(**legend)
    else:
        place_legend(ax, layout.legend)


LINE_WIDTH = 1.8  # without a style or --linewidth (matplotlib's own is 1.5)
UNDER_WIDTH = 1.5  # points wider per level: 0.75 each side shows (a pixel at 100 dpi)


def line_width(curve: Curve, base: float = LINE_WIDTH) -> float:
    """A curve's width: ``base`` (see ``line_base``), wider the deeper it lies under
    later curves that coincide with it (at most figure.MAX_UNDER levels), so that it
    shows on both sides of the narrower ones drawn over it; the widening is in
    proportion to ``base`` (1.5 points a level to 1.8)."""
    return base + UNDER_WIDTH * curve.under * (base / LINE_WIDTH)


def line_base(options: FigureOptions) -> float:
    """The width of a curve: --linewidth, else a style's lines.linewidth (in force while
    drawing), else LINE_WIDTH."""
    if options.linewidth is not None:
        return options.linewidth
    return matplotlib.rcParams["lines.linewidth"] if options.style is not None else LINE_WIDTH


# Markers of a styled curve are spaced along the line as drawn (a fraction of the axes'
# diagonal), not every so many points: a curve of 1001 points would be a smear of them.
MARK_SPACING = 0.12


def styled_line(curve: Curve) -> dict:
    """How a curve looks in a style: its function's entry of the style's prop_cycle
    (colour, line style, marker, ...). A derivative keeps the colour and marker (drawn
    hollow) and is dashed, or dotted where its function is dashed already, so that it
    stays apart from its function in greyscale too. Each function's markers start at
    another place along the line, so that curves that coincide show each one's."""
    cycle = list(matplotlib.rcParams["axes.prop_cycle"])
    props = dict(cycle[curve.colour % len(cycle)]) if cycle else {}
    props.setdefault("color", f"C{curve.colour % 10}")
    if curve.dashed:
        plain = props.get("linestyle", "-") in ("-", "solid", ":", "dotted")
        props["linestyle"] = "--" if plain else ":"
    if props.get("marker") not in (None, "", "None", "none", " "):
        offset = (curve.colour * 0.37 + (0.5 if curve.dashed else 0.0)) % 1.0 * MARK_SPACING
        props["markevery"] = (offset, MARK_SPACING)
        if curve.dashed:
            props.setdefault("markerfacecolor", "none")
    return props


def place_legend(ax, place: Optional[str]) -> None:
    """The legend at one of matplotlib's places in the axes, "outside" beside them (the
    layout makes room for it), or none."""
    if place == "outside":
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0.0)
    elif place is not None:
        ax.legend(loc=place)


VANISHING_ALPHA = 0.15  # light enough that overlapping shades of a sweep stay readable


def shade_vanishing(ax, curves: Sequence[Curve]) -> list:
    """Each curve's ``shaded`` intervals (where |f'| < 0.1) as full-height bands in its
    colour, behind everything; returns the legend entry that says what they mean (none
    when nothing is shaded)."""
    shaded = [curve for curve in curves if curve.shaded]
    for curve in shaded:
        for lo, hi in curve.shaded:
            ax.axvspan(lo, hi, color=_colour(curve), alpha=VANISHING_ALPHA, linewidth=0, zorder=0)
    return [Patch(color="0.5", alpha=VANISHING_ALPHA * 2, linewidth=0, label="|f'| < 0.1")] if shaded else []


def _colour(curve: Curve):
    """A curve's colour: its function's in the colour cycle in force."""
    colours = matplotlib.rcParams["axes.prop_cycle"].by_key().get("color")
    return colours[curve.colour % len(colours)] if colours else f"C{curve.colour % 10}"


def render_formats(
    curves: Sequence[Curve], layout: Layout, formats: Sequence[str], date: Optional[datetime] = None
) -> Dict[str, bytes]:
    """The figure drawn once and saved in each of ``formats``: {format: bytes}."""
    figure = curves_figure(curves, layout)
    return {fmt: figure.to_bytes(fmt, date) for fmt in dict.fromkeys(formats)}


@contextlib.contextmanager
def _quiet_glyph_warnings():
    # MissingGlyphsWarning has said it once; matplotlib would say it per glyph and format.
    # A figure under 2 x 1.5 inches may have no room left for its axes: it is drawn in
    # the smallest type (see fitted_figure), without matplotlib's warning at every save.
    # A font with no bold face (NanumGothic, IPAPGothic) drawing bold text is a heavier
    # weight of the same font: matplotlib logs that at every lookup, to no purpose here.
    logger = logging.getLogger("matplotlib.font_manager")
    logger.addFilter(_no_bold_fallback_notes)
    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from", category=UserWarning)
            warnings.filterwarnings("ignore", message="constrained_layout not applied", category=UserWarning)
            yield
    finally:
        logger.removeFilter(_no_bold_fallback_notes)


def _no_bold_fallback_notes(record: logging.LogRecord) -> bool:
    return not record.getMessage().startswith("findfont: Failed to find font weight")


# --- decision regions of a perceptron (actviz gate --plot) --------------------------------------
REGION_COLOURS = ("#d6e4f0", "#fbd9b9")  # light blue where y = 0, light orange where y = 1
POINT_COLOURS = ("#1f4e79", "#c0504d")  # their dark partners, for the marked inputs
POINT_SHADES = LinearSegmentedColormap.from_list("y points", POINT_COLOURS)  # for real values
LINE_STYLES = (("#5b2c83", "-"), ("#1b7837", "--"), ("#444444", ":"), ("#8c510a", "-."))

Point = Tuple[float, float]


@dataclass(frozen=True)
class Decision:
    """A plane of two inputs: what a unit outputs everywhere, at the inputs, and its lines.

    ``region`` holds the unit's output sampled over ``box`` (x1 min, x1 max, x2 min, x2 max),
    row i at the i-th x2 from below; all 0s and 1s draw two colours, anything else a shaded
    scale. ``points`` are (x1, x2, y): an input and the output it is marked by, written
    beside it unless ``notes`` gives a text per point. ``lines`` are (label, ends), a
    decision line each; ends None means it misses the box. ``axes`` label the two axes.
    """

    title: str
    box: Tuple[float, float, float, float]
    region: Sequence[Sequence[float]]
    points: Sequence[Tuple[float, float, float]]
    lines: Sequence[Tuple[str, Optional[Tuple[Point, Point]]]]
    marks: Tuple[str, str] = ("y = 0", "y = 1")  # legend labels of the two kinds of point
    notes: Sequence[str] = ()
    axes: Tuple[str, str] = ("x1", "x2")
    size: Optional[Tuple[float, float]] = None  # None: options.size, the style's, else PLANE_SIZE cropped
    dpi: Optional[float] = None  # None: options.dpi, the style's, else 100
    options: FigureOptions = FigureOptions()  # title (over ``title``), font, style, linewidth, font size

    @property
    def shown_title(self) -> str:
        """The title the plane is drawn (and its file records) with: the options' (--title),
        else its own."""
        return self.options.title if self.options.title is not None else self.title


PLANE_SIZE = (5.6, 5.8)  # room for a square plane, its title and legend


def decision_figure(decision: Decision) -> ActvizFigure:
    """A new figure of the plane with nothing clipped: of the size asked for (or the
    style's), else of PLANE_SIZE cropped when saved to what is drawn (the strips a square
    plane leaves empty depend on the legend and the colour bar)."""
    look = _look(decision.options)
    size, dpi = _plane_size(decision, look)
    figure = fitted_figure(size or PLANE_SIZE, dpi, decision_texts(decision), decision.options.font,
                           lambda figure: _draw_plane_figure(figure, decision), look=look)
    figure._actviz_crop = size is None
    return figure


def _plane_size(decision: Decision, look: dict) -> Tuple[Optional[Tuple[float, float]], float]:
    """The plane's size (None: PLANE_SIZE, cropped) and resolution, checked: the
    decision's, else the options', else the style's."""
    given = decision.size or decision.options.size or look.get("figure.figsize")
    dpi = decision.dpi or figure_size(decision.options, look)[1]
    check_figure_size(given or PLANE_SIZE, dpi)
    return (tuple(float(v) for v in given) if given else None), dpi


def _draw_plane_figure(figure: Figure, decision: Decision) -> None:
    draw_decision(figure.add_subplot(), decision, legend_below=figure)


def decision_into(ax, decision: Decision):
    """Draw the plane into a caller's Axes (in the caller's style, with a style of the
    options over it); returns the Axes."""
    with matplotlib.rc_context(_look(decision.options)):
        families = font_families(decision_texts(decision), decision.options.font)
        with matplotlib.rc_context({"font.family": families}), _drawing(None):
            draw_decision(ax, decision)
            math_text_fonts(ax)
    return ax


def decision_texts(decision: Decision) -> list[str]:
    return [decision.shown_title, *decision.marks, *(label for label, _ in decision.lines), *decision.notes,
            *decision.axes]


def draw_decision(ax, d: Decision, legend_below: Optional[Figure] = None) -> None:
    """The plane into ``ax`` (a real-valued plane's colour bar beside it), its legend under
    the axes, or with ``legend_below`` under everything in that figure."""
    scale = _type_scale()
    image, binary = _draw_region(ax, d)
    line_handles = _draw_lines(ax, d.lines, scale * line_base(d.options) / LINE_WIDTH)
    for k, (x1, x2, y) in enumerate(d.points):
        if binary or y in (0.0, 1.0):
            ax.scatter([x1], [x2], s=140 * scale**2, zorder=3, linewidths=2 * scale, edgecolors=POINT_COLOURS[y >= 0.5],
                       facecolors=POINT_COLOURS[1] if y >= 0.5 else "white")
        else:  # a real value: the dark partner of the region's shade for it (the shade
            # itself would vanish into the plane), and the number beside it says the rest
            ax.scatter([x1], [x2], s=140 * scale**2, zorder=3, linewidths=1.5 * scale, edgecolors="white",
                       facecolors=POINT_SHADES(image.norm(y)))
        ax.annotate(d.notes[k] if d.notes else f"{y:.3g}", (x1, x2), xytext=(9 * scale, 7 * scale),
                    textcoords="offset points", zorder=4, fontsize=10 * scale, fontweight="bold")
    entries = (_kinds(d.marks, scale) if binary else []) + [(h, h.get_label()) for h in line_handles]
    place = dict(loc="outside lower left") if legend_below else dict(loc="upper left", bbox_to_anchor=(0.0, -0.1))
    (legend_below or ax).legend([e[0] for e in entries], [e[1] for e in entries], frameon=False,
                                fontsize=9 * scale, handler_map={tuple: HandlerTuple(ndivide=None, pad=0.6)},
                                **place)
    ax.set_xlim(d.box[0], d.box[1])
    ax.set_ylim(d.box[2], d.box[3])
    ax.set_aspect("equal")
    ax.set_xticks(np.arange(np.ceil(d.box[0] * 2), np.floor(d.box[1] * 2) + 1) / 2)
    ax.set_yticks(np.arange(np.ceil(d.box[2] * 2), np.floor(d.box[3] * 2) + 1) / 2)
    ax.grid(True, color="white", alpha=0.6, linewidth=0.8)
    ax.set_xlabel(d.axes[0])
    ax.set_ylabel(d.axes[1])
    wrapped(ax.set_title(d.shown_title, loc="left"))


def _draw_region(ax, d: Decision):
    """Two flat colours for 0/1 outputs, else a shaded scale with a colour bar."""
    region = np.asarray(d.region, dtype=np.float64)
    binary = bool(np.isin(region, (0.0, 1.0)).all())
    if binary:
        image = ax.imshow(region, origin="lower", extent=d.box, cmap=ListedColormap(REGION_COLOURS),
                          vmin=0, vmax=1, interpolation="nearest", zorder=0)
    else:
        shades = LinearSegmentedColormap.from_list("y", REGION_COLOURS)
        vmin, vmax = _colour_limits(region)
        # inf (an overflowing sum) is drawn in the colour of its end, not left blank as nan is
        image = ax.imshow(np.clip(region, vmin, vmax), origin="lower", extent=d.box, cmap=shades, vmin=vmin, vmax=vmax,
                          interpolation="nearest", zorder=0)
        # beside the plane and as tall as it (the axes' box may be taller than the square)
        ax.figure.colorbar(image, cax=ax.inset_axes((1.05, 0.0, 0.05, 1.0)), label="y")
    return image, binary


def _colour_limits(region: np.ndarray) -> Tuple[float, float]:
    """The colour scale's ends: the finite outputs' range, kept within +-MAX_PLOT_VALUE
    (the colour bar's tick arithmetic overflows near the float limit) and widened where
    it is one value. Outputs beyond it (inf) take the colour of the nearer end."""
    finite = region[np.isfinite(region)]
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    lo, hi = (min(max(v, -MAX_PLOT_VALUE), MAX_PLOT_VALUE) for v in (lo, hi))
    if lo == hi:
        room = max(abs(lo) * 1e-3, 1.0)
        lo, hi = max(lo - room, -MAX_PLOT_VALUE), min(hi + room, MAX_PLOT_VALUE)
        if lo == hi:  # at an end of the range: room on the other side only
            lo, hi = (lo - room, hi) if lo > 0 else (lo, hi + room)
    return lo, hi


def _type_scale() -> float:
    """The type size in force against matplotlib's default: marks and lines drawn in
    points grow and shrink with it (fitted_figure shrinks the type of a small figure)."""
    return matplotlib.rcParams["font.size"] / matplotlib.rcParamsDefault["font.size"]


def _draw_lines(ax, lines, k: float) -> list:
    handles = []
    for (label, ends), (colour, style) in zip(lines, itertools.cycle(LINE_STYLES)):
        if ends is not None:
            (a1, a2), (b1, b2) = ends
            ax.plot([a1, b1], [a2, b2], color=colour, linestyle=style, linewidth=2.2 * k, zorder=2,
                    marker="None")  # not a style cycle's marker
        handles.append(Line2D([], [], color=colour, linestyle=style, linewidth=2.2 * k,
                              label=label if ends is not None else f"{label} (outside the plot)"))
    return handles


def _kinds(marks, scale: float) -> list:
    """A region's colour beside the marker of the inputs in it: one legend entry says both."""
    kinds = []
    for k in (0, 1):
        marker = Line2D([], [], linestyle="", marker="o", markersize=11 * scale, markeredgewidth=2 * scale,
                        markeredgecolor=POINT_COLOURS[k], markerfacecolor=POINT_COLOURS[1] if k else "white")
        kinds.append(((Patch(facecolor=REGION_COLOURS[k], edgecolor="0.6"), marker), marks[k]))
    return kinds


# --- animations: GIF frames drawn on the Agg canvas -------------------------------------------

def curves_animation(curves: Sequence[Curve], layout: Layout,
                     frames: Sequence[Tuple[str, Sequence[int]]], fps: int, comment: str = "") -> bytes:
    """An animated GIF of the curves: a frame per (title, indices of its curves) in
    ``frames``. Every frame has the axes and the legend's place that all the curves
    together get (unless ``layout`` sets the y limits), so the curves move and the axes
    stay."""
    options = layout.options
    texts = [*texts_of(curves, layout), *(title for title, _ in frames)]
    look = _look(options)
    size, dpi = figure_size(options, look)
    check_figure_size(size, dpi)
    # every curve: the limits they need; laid out once (fitted_figure fixes the layout)
    figure = fitted_figure(size, dpi, texts, options.font,
                           lambda figure: draw_curves(figure.add_subplot(), curves, layout, legend={"handles": []}),
                           look=look)
    with drawing(figure):
        ax = figure.axes[0]
        ax.set_ylim(ax.get_ylim())  # kept, whichever curves a frame shows
        lines = ax.lines[-len(curves):]  # after the axis lines (one on a log axis), a line per curve
        place = _legend_place(ax, [lines[i] for i in frames[0][1]])

    def drawn():
        for title, indices in frames:
            shown = set(indices)
            for i, line in enumerate(lines):
                line.set_visible(i in shown)
            ax.set_title(title)
            ax.legend(handles=[lines[i] for i in indices], **place)
            math_text_fonts(ax)
            yield

    return _gif(figure, drawn(), fps, comment)


def _legend_place(ax, handles) -> dict:
    """Where matplotlib's "best" puts a legend of ``handles`` among all the lines drawn,
    kept by its corner nearest the axes' edges (a longer label grows inwards)."""
    legend = ax.legend(handles=handles, loc="best")
    math_text_fonts(ax)  # as the frame will be drawn: a math entry in Hangul or Kana has its font
    ax.figure.canvas.draw()
    box = legend.get_window_extent().transformed(ax.transAxes.inverted())
    legend.remove()
    right, top = (box.x0 + box.x1) / 2 > 0.5, (box.y0 + box.y1) / 2 > 0.5
    return {"loc": f"{'upper' if top else 'lower'} {'right' if right else 'left'}",
            "bbox_to_anchor": (box.x1 if right else box.x0, box.y1 if top else box.y0),
            "borderaxespad": 0.0}


def decisions_animation(decisions: Iterable[Decision], fps: int, comment: str = "") -> bytes:
    """An animated GIF of the planes in ``decisions`` (a perceptron's training), a frame
    each, made one at a time; every frame has the first one's size, uncropped, so that
    nothing moves but the line and regions. Fonts are chosen for the first frame's text
    (a training's frames differ in numbers only)."""
    decisions = iter(decisions)
    first = next(decisions)
    look = _look(first.options)
    size, dpi = _plane_size(first, look)
    figure = _new_figure(size or PLANE_SIZE, dpi, _figure_style(decision_texts(first), first.options.font, look), 1.0)

    def drawn():
        for decision in itertools.chain([first], decisions):
            figure.clear()
            _draw_plane_figure(figure, decision)
            yield

    return _gif(figure, drawn(), fps, comment)


def _gif(figure: ActvizFigure, frames: Iterable[None], fps: int, comment: str = "") -> bytes:
    """The figure as it stands after each step of ``frames`` (which redraws it), as a GIF
    that loops forever, with ``comment`` (the command and a description) in a comment
    extension. Every frame shares one palette of up to 256 colours, so that what
    does not move keeps its pixels (a palette per frame would make antialiased text
    flicker); frames wait for it zlib-compressed. GIF holds no date or version."""
    drawn = []
    with drawing(figure):
        for _ in frames:
            figure.canvas.draw()
            width, height = figure.canvas.get_width_height()
            drawn.append(zlib.compress(np.asarray(figure.canvas.buffer_rgba())[..., :3].tobytes(), 1))

    def pixels(k: int) -> np.ndarray:
        return np.frombuffer(zlib.decompress(drawn[k]), dtype=np.uint8).reshape(height, width, 3)

    palette = _shared_palette([pixels(k) for k in _samples(len(drawn))])
    images = [_indexed(pixels(k), palette) for k in range(len(drawn))]
    buffer = io.BytesIO()
    extra = {"comment": comment.encode("utf-8")} if comment else {}
    images[0].save(buffer, format="GIF", save_all=True, append_images=images[1:],
                   duration=round(1000 / fps), loop=0, **extra)
    return buffer.getvalue()


GIF_PALETTE_SAMPLES = 8  # frames the palette is made from, evenly spaced from first to last


def _samples(count: int) -> list[int]:
    if count <= GIF_PALETTE_SAMPLES:
        return list(range(count))
    return sorted({round(k * (count - 1) / (GIF_PALETTE_SAMPLES - 1)) for k in range(GIF_PALETTE_SAMPLES)})


def _shared_palette(frames: Sequence[np.ndarray]) -> np.ndarray:
    """Up to 256 colours (rows of R, G, B) for the frames together: their own colours
    when they have no more, else Pillow's maximum-coverage quantizer (within 3 levels of
    every colour in a sweep's frames; k-means refinement tripled the time for little)."""
    from PIL import Image

    strip = np.concatenate(frames)
    colours = np.unique(_colour_keys(strip))
    if len(colours) <= 256:
        return np.stack([colours >> 16, (colours >> 8) & 255, colours & 255], axis=1).astype(np.int64)
    quantized = Image.fromarray(strip).quantize(colors=256, method=Image.Quantize.MAXCOVERAGE,
                                                 dither=Image.Dither.NONE)
    used = len(quantized.getcolors(256))
    return np.asarray(quantized.getpalette()[: 3 * used], dtype=np.int64).reshape(-1, 3)


def _colour_keys(rgb: np.ndarray) -> np.ndarray:
    """Each pixel's colour as one number, 0xRRGGBB."""
    rgb = rgb.reshape(-1, 3).astype(np.uint32)
    return (rgb[:, 0] << 16) | (rgb[:, 1] << 8) | rgb[:, 2]


def _indexed(rgb: np.ndarray, palette: np.ndarray):
    """The frame as a palette image, each pixel the palette's nearest colour (exactly: Pillow's
    own mapping looks colours up at reduced precision, and turned white into 252, 252, 252)."""
    from PIL import Image

    colours, inverse = np.unique(_colour_keys(rgb), return_inverse=True)
    channels = np.stack([colours >> 16, (colours >> 8) & 255, colours & 255], axis=1).astype(np.int64)
    nearest = ((channels[:, None, :] - palette[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)
    image = Image.fromarray(nearest.astype(np.uint8)[inverse].reshape(rgb.shape[:2]), mode="P")
    image.putpalette(palette.astype(np.uint8).tobytes())
    return image


class NoDisplayError(RunError):
    """No window can open here: no display, or no interactive backend."""


def check_can_show() -> None:
    """Raise ``NoDisplayError`` unless a window can open: a display and an interactive
    backend. Cheap where there is no display; call it before drawing anything."""
    if os.name == "posix" and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")) \
            and not _is_macos():
        raise NoDisplayError("a window needs a display, and DISPLAY is not set")
    from matplotlib import pyplot  # picks the default backend: a GUI one only if it starts

    if _requested_backend:
        try:
            # switch_backend imports the backend now (matplotlib.use would only note its
            # name), so a missing toolkit is told here, not as a traceback when drawing.
            pyplot.switch_backend(_requested_backend)
        except (ValueError, ImportError) as error:
            reason = " ".join(str(error).split())
            raise NoDisplayError(f"MPLBACKEND={_requested_backend!r} cannot open a window: {reason}") from None
    if not _interactive(matplotlib.get_backend()):
        raise NoDisplayError(
            f"a window needs an interactive matplotlib backend, but it is {matplotlib.get_backend()!r}"
        )


def show(curves: Sequence[Curve], layout: Layout) -> None:
    """Open a window with the figure; ``NoDisplayError`` where there is no display."""
    _show(texts_of(curves, layout), layout.options, lambda figure: draw_curves(figure.add_subplot(), curves, layout))


def show_panels(panels: Panels) -> None:
    """Open a window with a figure of panels; ``NoDisplayError`` where there is no display."""
    _show(panels_texts(panels), panels.options, lambda figure: draw_panels(figure, panels))


def _show(texts: Sequence[str], options, draw: Callable[[Figure], None]) -> None:
    check_can_show()
    import matplotlib.pyplot as plt  # pyplot only for the window: it owns the GUI event loop

    look = _look(options)
    size, dpi = figure_size(options, look)
    with _drawing(_figure_style(texts, options.font, look)):
        figure = plt.figure(figsize=size, dpi=dpi, layout="constrained")
        draw(figure)
        math_text_fonts(figure)
        plt.show()


def _is_macos() -> bool:
    import sys

    return sys.platform == "darwin"


def _interactive(backend: str) -> bool:
    return backend.lower() not in {"agg", "pdf", "ps", "svg", "cairo", "pgf", "template"}
