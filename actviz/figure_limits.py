"""What a figure's options may be: the bounds of its size, resolution, line width and
type size, its defaults, and where its legend may go.

Apart from actviz.figure, which checks them, so that the command line can offer the
legend's places without creating the figure's classes (every command, ``eval`` and
``gate`` too, paid about 8 ms of start-up for them). This module knows nothing of click
or matplotlib.
"""

# A figure's size: below an inch a side or 10 dpi there is no room for the text (and
# FreeType cannot size a font at 1 dpi); past 16384 pixels a side the canvas alone
# takes a gigabyte (matplotlib's own limit, 65536, needs 16 GB).
MIN_INCHES = 1.0
MIN_DPI = 10.0
MAX_PIXELS = 2**14
# A figure's size and resolution when neither the options nor the style set them.
DEFAULT_SIZE = (6.4, 4.8)
DEFAULT_DPI = 100.0
# Bounds of --linewidth (points) and --font-size (points): past them a figure is no use.
LINE_WIDTHS = (0.1, 20.0)
FONT_SIZES = (4.0, 72.0)


# Where a legend goes: matplotlib's places inside the axes, or beside them ("outside").
LEGEND_PLACES = ("best", "upper right", "upper left", "lower left", "lower right", "right",
                 "center left", "center right", "lower center", "upper center", "center",
                 "outside")
