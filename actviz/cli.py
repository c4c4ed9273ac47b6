"""The command line: click commands that parse, call the library, and format.

Errors become one line on stderr and an exit status here, at the edge: 2 for a wrong
command line (click's UsageError, and the library's UsageError, named after the option
it concerns where there is one), 1 for a run that failed (the library's RunError), and
for Ctrl-C, SIGTERM or
SIGHUP the status of a process killed by that signal (130, 143, 129 in a shell) once the
run has cleaned up after itself. Heavy modules (numpy, matplotlib) are imported inside
the commands that need them, so ``--help`` and shell completion load only click.
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import io
import os
import signal
import sys
import warnings

import click

from actviz import __version__
from actviz.animation import DEFAULT_FPS, MAX_FPS
from actviz.errors import ActvizError, RunError, UsageError
from actviz.figure_limits import LEGEND_PLACES
from actviz.languages import LANGUAGES
from actviz.outputs import FIGURE_FORMATS
from actviz.training_limits import DEFAULT_EPOCHS, DEFAULT_LR, DEFAULT_SEED, MAX_EPOCHS, MAX_LR

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
# The formats actviz.tables writes, listed here so that --help does not import it.
TABLE_FORMATS = ("table", "csv", "tsv", "json")


class ActvizCommand(click.Command):
    """A command whose library errors become click's: a UsageError a wrong command line
    (naming the option its ``option`` keyword stands for), a RunError a failed run."""

    def parse_args(self, ctx, args):
        try:
            return super().parse_args(ctx, args)
        except click.NoSuchOption as error:
            hint = OPTION_HINTS.get(error.option_name)
            if hint and option_hint(ctx, hint[0]):
                raise click.NoSuchOption(error.option_name, f"No such option {error.option_name!r}; "
                                         f"{hint[1]}", ctx=ctx) from None
            raise
        except click.UsageError as error:
            # click's parser raises some ('--alpha' without its value) without the context:
            # the message would name 'actviz' instead of 'actviz plot'.
            error.ctx = error.ctx or ctx
            raise

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except UsageError as error:
            raise usage_error(ctx, error) from None
        except RunError as error:
            if getattr(error, "on_stdout", False):
                discard_stdout()  # what it still buffers would fail again at exit
            raise click.ClickException(str(error)) from None


# Options people reach for that the command spells otherwise: (the keyword it has, the hint).
OPTION_HINTS = {"--xlim": ("range", "the x range is --range MIN MAX")}


def usage_error(ctx, error: UsageError) -> click.UsageError:
    """The library's UsageError as click's: an option's BadParameter where the error is
    about one keyword (or "size and dpi"), else a UsageError."""
    hints = [option_hint(ctx, keyword) for keyword in (error.option or "").split(" and ") if keyword]
    if hints and all(hints):
        return click.BadParameter(str(error), ctx=ctx, param_hint=" / ".join(hints))
    return click.UsageError(str(error), ctx=ctx)


def option_hint(ctx, keyword: str):
    """'--range' for the library's keyword ``range``: the command's option of that long
    name (``output`` is '-o' / '--output'); None when the command has none."""
    long_name = "--" + keyword.replace("_", "-")
    for param in ctx.command.params:
        if long_name in getattr(param, "opts", ()):
            return " / ".join(f"'{opt}'" for opt in param.opts)
    return None


class ActvizGroup(click.Group):
    """A group whose errors are one line on stderr, never a traceback."""

    command_class = ActvizCommand

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        with warnings.catch_warnings():
            # A warning (a plugin that failed to load, glyphs no font has) is one line.
            warnings.showwarning = show_warning
            return self._main(args, prog_name, complete_var, standalone_mode, **extra)

    def _main(self, args, prog_name, complete_var, standalone_mode, **extra):
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, **extra)
        try:
            status = super().main(args, prog_name, complete_var, False, **extra)
        except click.exceptions.NoArgsIsHelpError as error:
            error.show()
            sys.exit(error.exit_code)
        except click.UsageError as error:
            where = error.ctx.command_path if error.ctx else "actviz"
            click.echo(
                f"{where}: error: {error.format_message()} (see '{where} --help')", err=True
            )
            sys.exit(error.exit_code)
        except click.ClickException as error:
            click.echo(f"actviz: error: {error.format_message()}", err=True)
            sys.exit(error.exit_code)
        except (click.Abort, KeyboardInterrupt):
            click.echo("actviz: interrupted", err=True)
            sys.exit(128 + signal.SIGINT)
        except Terminated as stop:
            click.echo(f"actviz: terminated by {signal.Signals(stop.signum).name}", err=True)
            sys.exit(128 + stop.signum)
        except BrokenPipeError:
            # The reader went away (`actviz eval ... | head`): stop quietly, as click does.
            discard_stdout()
            sys.exit(1)
        except OSError as error:  # no command expected it (writing_stdout names stdout's own)
            click.echo(f"actviz: error: {os_error_text(error)}", err=True)
            try:
                if sys.stdout is not None:  # None: started with stdout closed
                    sys.stdout.flush()
            except OSError:
                discard_stdout()
            sys.exit(1)
        sys.exit(status if isinstance(status, int) else 0)


def os_error_text(error: OSError) -> str:
    """An OSError as one line: 'No space left on device: out.csv', not '[Errno 28] ...'."""
    text = error.strerror or str(error) or type(error).__name__
    return f"{text}: {error.filename}" if error.filename else text


def show_warning(message, category, filename, lineno, file=None, line=None):
    option = getattr(message, "option", None)  # a library warning names its keyword
    click.echo(f"actviz: warning: {message}" + (f" (--{option} NAME)" if option else ""), err=True)


@contextlib.contextmanager
def writing_stdout():
    """Write a command's output to stdout inside this block, which flushes it at the end:
    a write that fails (a full disk, a file-size limit) is then one line naming stdout and
    exit 1, not a message from Python's own flush at exit (status 120). A reader that went
    away (BrokenPipeError) is left to ActvizGroup, which stops quietly. Inside the block
    every write to stdout is whole (see actviz.streams): all bytes, or that error."""
    from actviz.streams import with_whole_writes

    original = sys.stdout
    try:
        if original is None:  # started with stdout closed (`>&-`)
            raise OSError(errno.EBADF, "stdout is closed")
        sys.stdout = with_whole_writes(original)
        yield
        sys.stdout.flush()
    except (BrokenPipeError, ActvizError):  # ActvizError: a file's, not stdout's
        raise
    except OSError as error:
        discard_stdout()
        raise click.ClickException(f"cannot write to stdout: {os_error_text(error)}") from None
    except UnicodeEncodeError as error:  # PYTHONIOENCODING=ascii, a Latin-1 locale
        discard_stdout()
        raise click.ClickException(unencodable_text(error)) from None
    finally:
        if not isinstance(sys.stdout, _Discard):
            sys.stdout = original


def unencodable_text(error: UnicodeEncodeError) -> str:
    """One line saying which text stdout's encoding cannot write, and what helps."""
    text = error.object[error.start:error.end]
    return (f"cannot write to stdout: its encoding ({error.encoding}) has no {text!r}; "
            "set PYTHONIOENCODING=utf-8")


class _Discard(io.TextIOBase):
    def write(self, text):
        return len(text)


def discard_stdout() -> None:
    """Stop writing to a stdout that failed: what it still buffers would fail again when
    Python flushes it at exit. (The old stream, closed later, fails silently.)"""
    sys.stdout = _Discard()


@click.group(cls=ActvizGroup, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="actviz", message="%(prog)s %(version)s")
def cli():
    """Look at activation functions and perceptrons.

    \b
    Examples:
      actviz list                       every activation, its parameters, formula
      actviz plot sigmoid step          one figure comparing two functions
      actviz plot relu --alpha 0.1 -d   a leaky ReLU and its derivative
      actviz plot leaky_relu --alpha 0.01,0.1,0.3
                                        a sweep: one curve per value
      actviz plot --expr 'x * sigmoid(1.702 * x)' gelu
                                        your own activation beside a built-in one
      actviz eval sigmoid --format csv  a value table for scripts
      actviz gate xor --explain         XOR as two layers of perceptrons
      actviz info gelu                  range, continuity, saturation, ...
    """


class Terminated(BaseException):
    """SIGTERM or SIGHUP arrived. A BaseException, like KeyboardInterrupt, so that it
    unwinds through everything (removing temporary files on the way) to ActvizGroup.main."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


_received_signal: int | None = None


def _stop(signum, frame):
    global _received_signal
    if _received_signal is not None:
        return  # a second signal must not interrupt the clean-up of the first
    _received_signal = signum
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    raise Terminated(signum)


def main() -> None:
    """The `actviz` command: the CLI with SIGINT, SIGTERM and SIGHUP turned into exceptions.

    After the clean-up the process ends by the same signal, as Python does for an
    uncaught Ctrl-C: a shell then reports 130 (143 for SIGTERM) and a shell loop or make
    sees that the command was interrupted, not that it failed. Signals a parent has set
    to be ignored (nohup, background jobs) stay ignored.
    """
    for name in ("SIGINT", "SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is not None and signal.getsignal(signum) in (signal.SIG_DFL, signal.default_int_handler):
            signal.signal(signum, _stop)
    try:
        cli(prog_name="actviz")
    except SystemExit as done:
        if _received_signal is not None and done.code == 128 + _received_signal and hasattr(os, "kill"):
            for stream in (sys.stdout, sys.stderr):  # dying by a signal flushes nothing
                try:
                    if stream is not None:  # None: started with it closed
                        stream.flush()
                except (OSError, ValueError):
                    pass
            signal.signal(_received_signal, signal.SIG_DFL)
            os.kill(os.getpid(), _received_signal)
        raise


# --- shared option stacks ---------------------------------------------------------------

def parameter_options(sweeps: bool):
    """--alpha, --beta and -p NAME=VALUE, shared by every command that evaluates
    activations; ``sweeps`` says whether the command takes several values (plot, eval)
    or one (gate), and the help says the same."""
    values = "VALUE[,VALUE...]" if sweeps else "VALUE"
    sweep_help = {
        "param": " Several values are a sweep." if sweeps else "",
        "alpha": "; 0.01,0.1,0.3 is a sweep: one curve or column per value" if sweeps else "",
    }

    def decorate(command):
        command = click.option(
            "-p", "--param", "param_items", multiple=True, metavar=f"NAME={values}",
            help=f"Set any parameter (repeatable), e.g. -p lambd=0.3.{sweep_help['param']} "
                 "`actviz list` shows them.",
        )(command)
        # multiple=True only so that collect_params sees (and refuses) one given twice.
        command = click.option(
            "--beta", multiple=True, metavar=values, help="Set parameter beta (e.g. softplus)."
        )(command)
        command = click.option(
            "--alpha", multiple=True, metavar=values,
            help=f"Set parameter alpha (e.g. the negative slope of relu){sweep_help['alpha']}.",
        )(command)
        return command

    return decorate


def table_format_option(detail: str = ""):
    """--format for the commands that print tables: the same formats and default in each;
    ``detail`` says what the command's formats keep."""
    return click.option(
        "--format", "fmt", type=click.Choice(TABLE_FORMATS), default="table", show_default=True,
        help="Output format" + (f"; {detail}." if detail else "."),
    )


def expression_options(command):
    """--expr and --label: your own activation, shared by plot and eval."""
    command = click.option(
        "--label", "labels", multiple=True, metavar="TEXT",
        help="Name of the matching --expr (the first --label names the first --expr, ...).",
    )(command)
    command = click.option(
        "--expr", "expressions", multiple=True, metavar="EXPR",
        help="Your own activation in x (repeatable), e.g. 'x * sigmoid(1.702 * x)': + - * / **, "
             "exp log log1p expm1 sqrt abs tanh sin cos erf minimum maximum, "
             "where(x > 0, a, b), pi, e and every activation by name, with keyword parameters. "
             "Its derivative is exact (forward-mode), not a finite difference.",
    )(command)
    return command


def depth_option(command):
    """--depth: each activation composed with itself, shared by plot and eval."""
    return click.option(
        "--depth", metavar="N[,N...]",
        help="Apply each activation N times in a row, f(f(...f(x))), N from 1 to 100; "
             "with -d the derivative is the chain rule's product. Several depths are a sweep.",
    )(command)


FIGURE_OPTIONS = ("title", "size", "dpi", "font", "style", "linewidth", "font_size", "lang")


def figure_options(command):
    """--title, --size, --dpi, --font, --style, --linewidth, --font-size and --lang: how a figure
    looks, the same for every command that draws one (plot, gate --plot). The command
    gets them as keywords named as in FIGURE_OPTIONS, None where not given."""
    options = [
        click.option("--title", help="Title (default: what the figure shows: the names and parameters, "
                                     "or the gate)."),
        click.option("--size", nargs=2, type=FLOAT, metavar="W H",
                     help="Figure size in inches, each at least 1 (default: the style's, else 6.4 4.8 "
                          "for curves, and for a gate's plane what it draws, cropped)."),
        click.option("--dpi", type=FLOAT,
                     help="Resolution of PNG output, in dots per inch (default: the style's, else 100): "
                          "at least 10, and at most 16384 pixels on each side (--size times --dpi)."),
        click.option("--font", metavar="NAME",
                     help="Font for all text (an installed font's name, or a font file). By default "
                          "Latin text is in DejaVu Sans and other scripts (Hangul, Kana, CJK, ...) in an "
                          "installed font that has them."),
        click.option("--style", metavar="NAME|FILE",
                     help="A matplotlib style sheet: paper (a paper's column, 3.5 x 2.6 in at 300 dpi, "
                          "curves apart in greyscale by line style and marker), slide (large type, thick "
                          "lines), book (black and grey lines), or your own .mplstyle file. Only this "
                          "sheet is read, never your matplotlibrc."),
        click.option("--linewidth", type=FLOAT, metavar="W",
                     help="Width of the lines in points, 0.1 to 20 (default: the style's, else 1.8)."),
        click.option("--font-size", type=FLOAT, metavar="PT",
                     help="Size of the type in points, 4 to 72 (default: the style's, else 10); titles "
                          "and labels keep their proportion to it."),
        click.option("--lang", type=click.Choice(LANGUAGES),
                     help="Language of the names and default title: en (default), ko or ja, in the "
                          "words of the book's Korean and Japanese editions. The axis labels stay x and y."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def collect_params(alpha, beta, param_items) -> dict[str, str]:
    """Parameter name -> its values as typed (one, or a sweep: '0.01,0.1' or '0:0.5:0.05'),
    in the order given; a malformed sweep is an error naming its option."""
    params: dict[str, str] = {}
    # --alpha and --beta come as tuples: one given twice is refused, as -p given twice is.
    named = [("alpha", value, "'--alpha'") for value in alpha]
    named += [("beta", value, "'--beta'") for value in beta]
    for item in param_items:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="'-p' / '--param'")
        named.append((key, value, "'-p' / '--param'"))
    for key, value, hint in named:
        from actviz.series import sweep_values  # only a command given parameters needs numpy

        try:
            values = sweep_values(value)
        except UsageError as error:
            raise click.BadParameter(str(error), param_hint=hint) from None
        if key in params:
            raise click.UsageError(
                f"parameter {key!r} is given twice ({params[key]} and {value}); "
                f"for a sweep give the values once, separated by commas"
            )
        params[key] = ",".join(values)
    return params


def warn_of_decimal_commas(alpha, beta, param_items) -> None:
    """A sweep of two whole numbers, '--alpha 0,1', is more often a decimal comma (0.1)
    than a sweep: say how it was read (on stderr; the run goes on)."""
    typed = [(f"--alpha {v}", v) for v in alpha] + [(f"--beta {v}", v) for v in beta]
    typed += [(f"-p {item}", item.partition("=")[2]) for item in param_items]
    for given, value in typed:
        first, comma, second = value.strip().partition(",")
        if comma and first.isdigit() and second.isdigit() and first.isascii() and second.isascii():
            click.echo(f"actviz: warning: {given} is a sweep of two values, {first} and {second}; "
                       f"for the number {first}.{second} write a decimal point", err=True)


def refuse_parameters_as_names(names) -> None:
    """'alpha=0.1' typed where an activation's NAME goes: say which option sets it."""
    for name in names:
        key, equals, value = name.partition("=")
        if equals and key.strip().isidentifier():
            key = key.strip()
            option = f"--{key} {value}" if key in ("alpha", "beta") else f"-p {key}={value}"
            raise click.UsageError(f"{name!r} is not an activation name; set a parameter with {option}")


def complete_activation_names(ctx, param, incomplete):
    """Shell completion for NAME arguments: names and aliases that start with what is typed.

    It loads the registry (numpy, no matplotlib) only when a NAME is being completed;
    completing commands and options loads nothing but click. It prints no warning (a
    plugin that fails to load, say): stderr is the user's prompt; the command warns when run.
    """
    from click.shell_completion import CompletionItem

    from actviz.activation import canonical_name
    from actviz.registry import all_activations

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        activations = all_activations()
    typed = canonical_name(incomplete)
    return [
        CompletionItem(name, help=act.summary)
        for act in activations
        for name in (act.name, *act.aliases)
        if canonical_name(name).startswith(typed)
    ]


def one_value_each(params, command) -> dict[str, str]:
    """The parameters of a command that takes no sweep: one value each."""
    for key, values in params.items():
        if "," in values:
            raise click.UsageError(
                f"{command} takes one value per parameter, not {key}={values} "
                "(sweeps are for plot and eval)"
            )
    return params


def parse_number(text: str, where: str) -> float:
    from actviz.floats import parse_float

    try:
        return parse_float(text)
    except UsageError as error:
        raise click.BadParameter(str(error), param_hint=f"'{where}'") from None


class Float64(click.ParamType):
    """A float option read as actviz.floats reads every number: no '1_000', no '1e400'."""

    name = "float"

    def convert(self, value, param, ctx):
        if isinstance(value, (int, float)):  # a default
            return float(value)
        from actviz.floats import NumberError, parse_float

        try:
            return parse_float(value)
        except NumberError as error:
            self.fail(str(error), param, ctx)


FLOAT = Float64()


class Whole(click.IntRange):
    """A whole-number option read as actviz.floats reads one: ASCII digits, no '1_000'
    (click's own INT takes both, and digits of any script)."""

    name = "integer"

    def convert(self, value, param, ctx):
        if isinstance(value, str):
            from actviz.floats import NumberError, parse_whole

            try:
                value = parse_whole(value)
            except NumberError as error:
                self.fail(str(error), param, ctx)
        return super().convert(value, param, ctx)

    def _describe_range(self) -> str:
        # Without bounds there is no range to show in --help (click's would say "x<=None").
        return super()._describe_range() if self.min is not None or self.max is not None else ""


WHOLE = Whole()


# --- list ------------------------------------------------------------------------------

@cli.command("list")
@click.argument("names", nargs=-1, metavar="[NAME...]", shell_complete=complete_activation_names)
@table_format_option("json, csv and tsv keep every property, the table the main ones")
@click.option("--properties", "with_properties", is_flag=True,
              help="Each activation's property sheet at its defaults (as `actviz info` "
                   "computes it): range, monotonicity, continuity, saturation, slopes.")
def list_command(names, fmt, with_properties):
    """List every activation (or those named): name, aliases, parameters with defaults,
    formula. The table fits the terminal's width, wrapping long cells.

    \b
    Examples:
      actviz list
      actviz list leaky_relu elu
      actviz list --format json | jq '.[].name'
      actviz list --properties            range, C^k, saturation, ... of each
    """
    import shutil

    from actviz.registry import all_activations, get
    from actviz.tables import write_records

    activations = [get(name) for name in names] if names else all_activations()
    if with_properties:
        headers, rows = property_rows(activations, fmt)
    else:
        headers = ["name", "aliases", "parameters", "formula", "derivative"]
        rows = [
            [act.name, list(act.aliases), dict(act.params), act.formula, act.derivative_formula]
            for act in activations
        ]
        if fmt == "table" and not names:  # a terminal table has no room for the derivative's formula
            headers, rows = headers[:4], [row[:4] for row in rows]
    with writing_stdout():
        write_records(sys.stdout, headers, rows, fmt, width=shutil.get_terminal_size().columns)


def property_rows(activations, fmt):
    """Headers and rows of `list --properties`: the summary for a table, every key of the
    JSON sheet otherwise (in csv and tsv a list or mapping is a cell of JSON)."""
    from actviz.properties import Properties, property_sheet
    from actviz.tables import json_cell

    sheets = [property_sheet(act) for act in activations]
    if fmt == "table":
        return list(Properties.SUMMARY), [sheet.summary() for sheet in sheets]
    records = [sheet.as_dict() for sheet in sheets]
    headers = list(records[0])
    if fmt == "json":
        return headers, [list(record.values()) for record in records]
    return headers, [[v if isinstance(v, str) else json_cell(v) for v in record.values()] for record in records]


# --- info ------------------------------------------------------------------------------

@cli.command("info")
@click.argument("name", metavar="NAME", shell_complete=complete_activation_names)
@parameter_options(sweeps=False)
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True,
              help="Output format; json has one key per property, inf as \"inf\".")
def info_command(name, alpha, beta, param_items, fmt):
    """Print an activation's property sheet: formulas, parameters, range, bounds,
    monotonicity, continuity (C^k), zero-centred, identity near 0, saturation, the
    largest |f'| and where |f'| < 0.1 (vanishing gradients).

    Every property is computed from f, f' and the kinks (sampled densely over [-20, 20]
    and out to +-1e12, with limits at +-inf), not typed in by hand.

    \b
    Examples:
      actviz info gelu
      actviz info elu --alpha 0.5           C^0: elu is C^1 only at alpha = 1
      actviz info leaky_relu -p alpha=0.01 --format json
    """
    from actviz.properties import property_sheet
    from actviz.tables import write_json

    params = one_value_each(collect_params(alpha, beta, param_items), "info")
    sheet = property_sheet(name, **params)
    with writing_stdout():
        if fmt == "json":
            write_json(sys.stdout, sheet.as_dict())
        else:
            click.echo(sheet.text(), nl=False)


# --- eval ------------------------------------------------------------------------------

def point_chunks(at, xrange, step, num):
    """The x values to evaluate, as an iterable of arrays (so huge ranges stream), and
    how many there are (None for stdin)."""
    from actviz.value_tables import points

    if at and list(at) == ["-"] and not (xrange or step is not None or num is not None):
        if sys.stdin is None:  # started with stdin closed (`<&-`)
            raise click.ClickException("cannot read stdin: stdin is closed")
        return read_stdin_points(), None
    if at and "-" in at:
        raise click.UsageError("'--at -' (read stdin) cannot be combined with other --at values")
    numbers = [parse_number(v, "--at") for item in at for v in item.split(",")] if at else None
    return points(numbers, xrange, num, step)


def read_stdin_points():
    """Numbers from stdin as they arrive (see grid.read_points); a bad one fails the run,
    as does a failed read (so that writing_stdout never takes it for a failed write)."""
    from actviz.grid import NotANumberError, read_points

    try:
        yield from read_points(sys.stdin.buffer.read1)
    except NotANumberError as error:
        raise click.ClickException(f"stdin {error}") from None
    except OSError as error:
        raise click.ClickException(f"cannot read stdin: {os_error_text(error)}") from None


@cli.command("eval")
@click.argument("names", nargs=-1, metavar="NAME...", shell_complete=complete_activation_names)
@expression_options
@parameter_options(sweeps=True)
@click.option("-d", "--derivative", is_flag=True, help="Add each function's derivative column.")
@depth_option
@click.option("--at", multiple=True, metavar="X[,X...]",
              help="Evaluate at these points (repeatable); '--at -' reads numbers from stdin.")
@click.option("--range", "xrange", nargs=2, type=FLOAT, metavar="MIN MAX",
              help="Evaluate over [MIN, MAX] (default -5 5).")
@click.option("--step", type=FLOAT, help="Spacing of the points in --range.")
@click.option("--num", type=WHOLE, help="Number of points in --range, ends included (default 11).")
@table_format_option("csv, tsv and json keep every bit of each float")
@click.option("--precision", type=Whole(1, 17), default=6, show_default=True,
              help="Significant digits in the table format.")
def eval_command(names, expressions, labels, alpha, beta, param_items, derivative, depth, at, xrange, step,
                 num, fmt, precision):
    """Print a table of activation values (and derivatives).

    Without --at or --range it evaluates at the integers from -5 to 5. In csv, tsv and
    json every float is written so that it reads back to the same bits; nan, inf and
    -inf are written as such (in json as the strings "nan", "inf", "-inf"). A parameter
    given several values (--alpha 0.1,0.2) gives one column per value.

    \b
    Examples:
      actviz eval sigmoid tanh
      actviz eval relu --alpha 0.1 -d --at -1,0,1
      actviz eval leaky_relu --alpha 0.01,0.1,0.3 --at -2,2
      actviz eval --expr 'x * sigmoid(1.702 * x)' --label gelu_approx -d
      actviz eval gelu --range -3 3 --step 0.5 --format csv
      actviz eval sigmoid -d --depth 1,5,10 --at 0
      seq -10 10 | actviz eval softplus --at - --format json
    """
    from actviz import value_tables

    refuse_parameters_as_names(names)
    params = collect_params(alpha, beta, param_items)
    table = value_tables.request(names, expr=expressions, label=labels, params=params, derivative=derivative,
                                 depth=depth)
    chunks, total = point_chunks(at, xrange, step, num)
    warn_of_decimal_commas(alpha, beta, param_items)  # once the request is known to be good

    from actviz.progress import Progress, is_terminal, track
    from actviz.tables import write_numbers

    # Rows scrolling by on a terminal are progress enough; a redirected run gets a line.
    progress = Progress(total, "points", enabled=is_terminal(sys.stderr) and not is_terminal(sys.stdout))
    with writing_stdout():
        write_numbers(sys.stdout, table.headers, table.rows(track(chunks, progress, len)), fmt, precision)


# --- plot ------------------------------------------------------------------------------

def source_date():
    """SOURCE_DATE_EPOCH, the date written into PDF and SVG files (None when unset); a bad
    value fails the run (exit 1): the environment is wrong, not the command line."""
    from actviz.outputs import source_date as date_from

    return date_from(os.environ)


@cli.command("plot")
@click.argument("names", nargs=-1, metavar="NAME...", shell_complete=complete_activation_names)
@click.option("--all", "every", is_flag=True,
              help="Every activation in the registry, one figure each (default -o '{name}.png').")
@expression_options
@parameter_options(sweeps=True)
@click.option("-d", "--derivative", is_flag=True, help="Add each function's derivative (dashed, same colour).")
@depth_option
@click.option("--vanishing", is_flag=True,
              help="Shade, in each function's colour, where |f'| < 0.1 (vanishing gradients, as "
                   "`actviz info` finds them); png, svg and pdf only.")
@click.option("--range", "xrange", nargs=2, type=FLOAT, default=(-5.0, 5.0), show_default=True,
              metavar="MIN MAX", help="The x range.")
@click.option("--num", type=WHOLE, default=1001, show_default=True,
              help="Number of points (the ends, 0 and every kink are always added).")
@click.option("--ylim", nargs=2, type=FLOAT, metavar="MIN MAX", help="The y range (default: fit the curves).")
@click.option("--logy", is_flag=True,
              help="Log y axis: values at or below 0 are left out, and a curve with none above "
                   "0 is an error. With --term it draws log10(y). Not for .html pages.")
@figure_options
@click.option("--xlabel", default="x", show_default=True, help="Label of the x axis.")
@click.option("--ylabel", default="y", show_default=True, help="Label of the y axis.")
@click.option("--grid/--no-grid", default=True, show_default=True, help="Draw grid lines.")
@click.option("--legend", type=click.Choice([*LEGEND_PLACES, "none"]), metavar="PLACE",
              help="Where the legend goes: best, upper left, ..., center, outside (beside the axes) "
                   "or none. Default: best with several curves, none for one.")
@click.option("--no-legend", is_flag=True, help="No legend (--legend none).")
@click.option("--formula", is_flag=True, help="Add each curve's formula to its legend entry.")
@click.option("-o", "--output", "outputs", multiple=True, metavar="FILE",
              help="Write here (format from .png/.svg/.pdf, .html for an interactive page, or .gif for an "
                   "animation: a frame per value of a sweep); '-' for stdout; repeat for several files. "
                   "With fields ({name}, or a parameter such as {alpha}) a file per activation or "
                   "value. Default: NAMES.png.")
@click.option("--format", "fmt", type=click.Choice(FIGURE_FORMATS),
              help="Figure format for '-o -', an -o without .png, .svg, .pdf, .html or .gif, and the "
                   "default file name (png); it must agree with an -o's extension.")
@click.option("--fps", type=WHOLE, metavar="N",
              help=f"Frames per second of a .gif, 1 to {MAX_FPS} (default {DEFAULT_FPS}).")
@click.option("-q", "--quiet", is_flag=True, help="Do not print the written paths.")
@click.option("--show", is_flag=True, help="Open the figure in a window (needs a display).")
@click.option("--term", "in_terminal", is_flag=True,
              help="Draw in the terminal with Unicode characters instead of writing a file "
                   "(sized to the terminal; --size, --dpi, --grid and --font are for files).")
@click.option("--ascii", "ascii_only", is_flag=True,
              help="With --term (implied): plain ASCII characters only.")
@click.option("--panels", is_flag=True,
              help="A panel (axes) per name, its derivative with it, in a grid; --title goes over "
                   "them all. png, svg and pdf only.")
@click.option("--panels-by", metavar="PARAM",
              help="A panel per value of a swept parameter (or depth): --alpha 0.01,0.1,0.3 "
                   "--panels-by alpha. Implies --panels.")
@click.option("--layout", metavar="ROWSxCOLS",
              help="The panels' grid, such as 2x2 (default: near square, wider than tall).")
def plot_command(names, every, expressions, labels, alpha, beta, param_items, derivative, depth, vanishing,
                 xrange, num, ylim, logy, title, xlabel, ylabel, font, grid, legend, no_legend, formula, lang,
                 size, dpi, outputs, fmt, fps, quiet, show, in_terminal, ascii_only, panels, panels_by, layout,
                 style, linewidth, font_size):
    """Draw activation functions (and derivatives) into PNG, SVG or PDF figures, an
    interactive HTML page, an animated GIF, or with --term in the terminal.

    Several names draw one figure with a legend; a parameter given several values
    (--alpha 0.01,0.1,0.3) draws one curve per value. Jumps (step, threshold,
    hardshrink) are drawn as vertical lines, and every kink is on the grid. Titles,
    labels and legends may be in any script, drawn with an installed font that has it.

    An -o with fields is an output-name template: '{name}' gives each activation its own
    file, '{alpha}' (any parameter) each value of a sweep, all drawn in one process.
    A .gif animates a sweep: a frame per value (per combination of values), titled
    with it, on fixed axes; without a sweep it is a GIF of one frame. At most 1000
    frames.
    The same command writes the same bytes every time, whatever the date, the folder,
    MPLBACKEND or the user's matplotlibrc; SOURCE_DATE_EPOCH, if set, is the date in
    PDF and SVG files (otherwise they hold none). Files are replaced atomically: a
    failed or interrupted run leaves the old file as it was.

    \b
    Examples:
      actviz plot sigmoid step                 writes sigmoid-step.png
      actviz plot relu --alpha 0.1 -o relu.svg
      actviz plot leaky_relu --alpha 0.01,0.1,0.3 -d -o sweep.png
      actviz plot --expr 'x * sigmoid(1.702 * x)' --label 'gelu (approx)' gelu
      actviz plot tanh sigmoid -d --range -6 6 -o grads.pdf
      actviz plot sigmoid relu -d --vanishing  shaded where |f'| < 0.1
      actviz plot sigmoid relu -d --depth 1,5,10 --logy
                                               gradients through 1, 5, 10 layers
      actviz plot step --title '계단함수 구현' -o step.png
      actviz plot step sigmoid relu --lang ko -o ko.png
                                               names in Korean: 계단 함수, ...
      actviz plot sigmoid relu -o '{name}.png' -o '{name}.svg'
      actviz plot --all -d -o 'all-{name}.svg'
      actviz plot relu --alpha 0.01,0.1,0.3 -o 'relu-{alpha}.png'
      actviz plot sigmoid tanh -d --term       in the terminal, no file
      actviz plot leaky_relu --alpha 0:0.5:0.05 -d -o page.html
                                               a page with a slider for alpha
      actviz plot leaky_relu --alpha 0:0.5:0.05 -d -o sweep.gif --fps 4
                                               an animation: a frame per alpha
      actviz plot step sigmoid relu leaky_relu --panels
                                               four panels in a 2x2 grid
      actviz plot leaky_relu --alpha 0.01,0.1,0.3 -d --panels-by alpha
      actviz plot sigmoid tanh relu -d --style paper -o fig.pdf
                                               a paper's column, greyscale-safe
    """
    from actviz import plotting
    from actviz.figure import FigureOptions

    in_terminal = in_terminal or ascii_only
    lang = lang or "en"
    if no_legend and legend not in (None, "none"):
        raise click.UsageError(f"--no-legend and --legend {legend!r} contradict each other")
    options = FigureOptions(title=title, xlabel=xlabel, ylabel=ylabel, ylim=ylim, logy=logy, grid=grid,
                            size=size, dpi=dpi, font=font, vanishing=vanishing,
                            legend="none" if no_legend else legend, formula=formula, lang=lang,
                            style=style, linewidth=linewidth, font_size=font_size)
    if in_terminal and (panels or panels_by or layout):
        raise click.UsageError("--term draws one plot in the terminal; it cannot be combined with "
                               f"{'--panels' if panels else '--panels-by' if panels_by else '--layout'}")
    look_option = "--style" if style else "--linewidth" if linewidth is not None else \
        "--font-size" if font_size is not None else f"--lang {lang}" if lang != "en" else None
    if in_terminal and (outputs or fmt or show or fps is not None or vanishing or look_option):
        given = "-o" if outputs else "--format" if fmt else "--show" if show else \
            "--fps" if fps is not None else "--vanishing" if vanishing else look_option
        raise click.UsageError(f"--term draws in the terminal; it cannot be combined with {given}")
    if every and (names or expressions):
        raise click.UsageError("give activation names (or --expr) or --all, not both")
    if every:
        from actviz.registry import names as registry_names

        names = tuple(registry_names())
    refuse_parameters_as_names(names)
    params = collect_params(alpha, beta, param_items)
    plot = plotting.request(names, expr=expressions, label=labels, params=params, derivative=derivative,
                            depth=depth, range=xrange, num=num, options=options, panels=panels,
                            panels_by=panels_by, layout=layout)
    warn_of_decimal_commas(alpha, beta, param_items)  # once the request is known to be good
    if in_terminal:
        plot_in_terminal(*plot.figure(), ascii_only)
        return
    planned = []
    date = None
    if outputs or not show:
        planned = plotting.plan_files(plot, outputs, fmt, every)
    fps = gif_rate(fps, any(out.fmt == "gif" for out in planned))
    if planned:
        for out in planned:
            refuse_terminal(out.path)
        date = source_date()  # after the command line's checks: a wrong one is told first
        from actviz.files import check_writable_folder

        for out in planned:
            if out.path != "-":
                check_writable_folder(out.path)

    from actviz import render
    from actviz.progress import Progress

    if show:  # before any file is written: a run that cannot show fails as a whole
        plotting.check_texts(plot)
        plotting.check_figure_axes(plot)
        advice = "nothing was written (without --show, -o writes the file)" if outputs \
            else "write a file with -o instead"
        try:
            render.check_can_show()
        except render.NoDisplayError as error:
            raise click.ClickException(f"--show: {error}; {advice}") from None
        shown = plot.panel_figure() if plot.panels else None  # its grid checked before any file is written
    # A closed stdout (`>&-`) asks for no paths, as -q does: the files are the output.
    print_paths = not quiet and sys.stdout is not None and all(out.path != "-" for out in planned)
    written = []
    with Progress(total=len(planned), unit="files") as progress:
        for out in plotting.write_files(plot, planned, date, fps):
            written.append(out.path)
            progress.advance()
    if print_paths:  # once all are in place: a run that fails writes none
        with writing_stdout():
            for path in written:
                click.echo(path)
    if show:
        render.show_panels(shown) if plot.panels else render.show(*plot.figure())


def gif_rate(fps, writes_gif: bool) -> int:
    """The frame rate of a GIF: --fps checked (and refused where no GIF is written), or the default."""
    if fps is None:
        return DEFAULT_FPS
    if not writes_gif:
        raise click.UsageError("--fps sets the frame rate of a .gif, and no .gif is written")
    from actviz.animation import check_fps

    return check_fps(fps)


def refuse_terminal(path: str) -> None:
    """A figure written to a terminal ('-o -' or '-o /dev/tty') fills it with bytes: refused;
    and '-o -' needs a stdout that is open. Checked before any work."""
    from actviz.files import is_terminal

    if path == "-":
        if sys.stdout is None:  # started with stdout closed (`>&-`)
            raise click.ClickException("cannot write to stdout: stdout is closed")
        if sys.stdout.isatty():
            raise click.UsageError("refusing to write a binary figure to a terminal; redirect stdout or use -o FILE")
    elif is_terminal(path):
        raise click.UsageError(f"refusing to write a binary figure to the terminal {path!r}; use -o FILE")


def plot_in_terminal(curves, layout, ascii_only):
    from actviz import term

    columns, lines = term.terminal_size()  # COLUMNS and LINES, when set, win
    colour = term.wants_colour(sys.stdout)
    text = term.draw(
        curves, layout, columns, lines,
        unicode=not ascii_only and term.can_show_unicode(sys.stdout), colour=colour,
    )
    with writing_stdout():
        click.echo(text, color=colour)


# --- gate ------------------------------------------------------------------------------

@cli.command("gate")
@click.argument("names", nargs=-1, metavar="[GATE...]")
@click.option("--weights", metavar="W[,W...]",
              help="Your own perceptron instead of a gate: one weight per input, e.g. 0.5,0.5.")
@click.option("--bias", metavar="B", help="Your perceptron's bias (with --weights; default 0).")
@click.option("--activation", metavar="NAME",
              help="Pass every weighted sum through this activation instead of step (e.g. sigmoid).")
@parameter_options(sweeps=False)
@table_format_option("csv, tsv and json keep every bit of each float, json the weights")
@click.option("--explain", is_flag=True,
              help="Show each perceptron's weights and bias, and per row its sums and hidden outputs.")
@click.option("--expect", metavar="GATE",
              help="Exit 1, with the rows that differ on stderr, unless the table is GATE's.")
@click.option("--plot", "plot_path", metavar="FILE",
              help="Also draw the input plane: regions, inputs and decision lines (.png, .svg, .pdf; "
                   ".html: a page with sliders for the weights and bias; .gif with --train: "
                   "a frame per epoch).")
@click.option("--hidden", is_flag=True,
              help="With --plot (xor, xnor): draw the plane of the hidden units' outputs instead, "
                   "where the inputs land and the output unit's line parts them.")
@click.option("--train", is_flag=True,
              help="Learn the gate's table with the perceptron learning rule, from small random weights.")
@click.option("--epochs", type=WHOLE,
              help=f"With --train: at most this many epochs (default {DEFAULT_EPOCHS}, at most {MAX_EPOCHS}).")
@click.option("--lr", type=FLOAT,
              help=f"With --train: the learning rate, > 0 and at most {MAX_LR:g} (default {DEFAULT_LR:g}).")
@click.option("--seed", type=WHOLE, help=f"With --train: seed of the initial weights (default {DEFAULT_SEED}).")
@click.option("--fps", type=WHOLE, metavar="N",
              help=f"With --train --plot FILE.gif: frames (epochs) per second, 1 to {MAX_FPS} "
                   f"(default {DEFAULT_FPS}).")
@figure_options
def gate_command(names, weights, bias, activation, alpha, beta, param_items, fmt, explain, expect,
                 plot_path, hidden, train, epochs, lr, seed, fps, **figure):
    """Print perceptron logic gates' truth tables; check, draw or train a perceptron.

    GATE is and, or, nand, nor, xor, xnor, not, or all. The gates use the book's weights
    (AND: w = 0.5, 0.5, b = -0.7) and y = step(w·x + b); XOR is AND(NAND, OR), two layers.
    Several gates print one table with a column per gate.

    \b
    Examples:
      actviz gate xor --explain                  the two-layer network, row by row
      actviz gate all                            every gate's column in one table
      actviz gate --weights 0.5,0.5 --bias -0.7  which gate is your perceptron?
      actviz gate --weights 1,1 --bias -1.5 --expect and
                                                 exit 1 unless it is AND
      actviz gate and --activation sigmoid       the same weights, through sigmoid
      actviz gate xor --plot xor.png             regions and both decision lines
      actviz gate xor --hidden --plot h.png      XOR seen by its output unit
      actviz gate or xor --train                 OR is learned; XOR cannot be
      actviz gate and --train --format csv       the weights after every epoch
      actviz gate and --train --plot and.gif     the line moving, an epoch a frame
      actviz gate and --plot and.pdf --style paper
                                                 plot's figure options apply too
    """
    params = one_value_each(collect_params(alpha, beta, param_items), "gate")
    check_gate_options(names, weights, bias, activation, params, explain, expect, plot_path,
                       train, epochs, lr, seed, fps)
    if hidden:
        check_hidden_options(weights, plot_path, train)
    looks = plane_options(plot_path, figure)
    if train:
        return train_command(gate_names_of(names), DEFAULT_EPOCHS if epochs is None else epochs,
                             DEFAULT_LR if lr is None else lr, DEFAULT_SEED if seed is None else seed, fmt,
                             plot_path, fps, looks)

    entries = gate_entries(names, weights, bias, activation, params)
    if expect:
        expect = expected_gate(entries[0], expect)
    figure = decision = None
    if plot_path:
        figure = figure_target(plot_path, entries)
        if figure[1] == "gif":
            raise click.UsageError("--plot FILE.gif animates training, an epoch a frame: add --train")
        if hidden:  # before the table: a gate without a hidden layer is told first
            decision = entries[0].hidden_plane(looks.lang)
        elif figure[1] != "html":
            decision = entries[0].plane(looks.lang)
        if decision is not None:
            decision = dataclasses.replace(decision, options=looks)
    with writing_stdout():
        write_gate_table(entries, fmt, explain)
    if figure:
        draw_plane(figure, decision, entries[0], hidden)
    if expect:
        check_expected(entries[0], expect)


def plane_options(plot_path, given):
    """The figure options of gate --plot (see figure_options), checked (a style read)
    before anything is printed, or None without --plot; a usage error where they are given
    without a figure, or for a page, which draws in its own style."""
    named = [f"--{name.replace('_', '-')}" for name in FIGURE_OPTIONS if given.get(name) is not None]
    if plot_path is None:  # no figure, no FigureOptions: a table starts without actviz.figure
        if named:
            raise click.UsageError(f"{named[0]} is a figure option: it applies with --plot FILE")
        return None
    if named:
        from actviz.outputs import figure_format

        if figure_format(plot_path) == "html":
            raise click.UsageError(f"{named[0]}: an .html page draws in its own style; the figure options "
                                   "are for .png, .svg, .pdf and .gif")
    from actviz.figure import FigureOptions

    options = FigureOptions(**{name: given[name] for name in FIGURE_OPTIONS if given.get(name) is not None})
    if options.style is not None:
        from actviz.render import PLANE_SIZE, check_style

        check_style(options, PLANE_SIZE)
    return options


def check_gate_options(names, weights, bias, activation, params, explain, expect, plot_path,
                       train, epochs, lr, seed, fps):
    """Every combination of options that cannot mean anything is a usage error, up front."""
    def conflict(a, b):
        raise click.UsageError(f"{a} and {b} cannot be combined")

    if expect is not None and not expect.strip():  # an empty Makefile variable, say
        raise click.BadParameter("is empty: name the gate to check against (and, or, nand, nor, "
                                 "xor, xnor or not)", param_hint="'--expect'")
    if weights is not None and names:
        if all(looks_like_number(name) for name in names):  # --weights 0.5 0.5: a space for a comma
            raise click.UsageError(
                f"--weights takes every weight in one value, separated by commas: --weights "
                f"{','.join((weights, *names))} ({' '.join(names)} was read as a gate name)"
            )
        conflict("a gate name", "--weights (your own perceptron)")
    if bias is not None and weights is None:
        raise click.UsageError("--bias needs --weights: give your perceptron's weights too")
    if not names and weights is None:
        raise click.UsageError("name a gate (and, or, nand, nor, xor, xnor, not or all) or give --weights")
    if params and activation is None:
        raise click.UsageError("--alpha, --beta and -p set --activation's parameters: name one with --activation")
    if not train:
        for given, option in ((epochs, "--epochs"), (lr, "--lr"), (seed, "--seed"), (fps, "--fps")):
            if given is not None:
                raise click.UsageError(f"{option} applies only with --train")
    else:
        for given, option in ((weights, "--weights"), (activation, "--activation"),
                              (explain or None, "--explain"), (expect, "--expect")):
            if given is not None:
                conflict("--train", option)
    several = len(gate_names_of(names)) > 1 if names else False
    if several and expect:
        raise click.UsageError("--expect checks one gate or one --weights perceptron, not several")
    if several and plot_path:
        raise click.UsageError("--plot draws one gate or one --weights perceptron, not several")


def looks_like_number(text: str) -> bool:
    from actviz.floats import NumberError, parse_float

    try:
        parse_float(text)
    except NumberError:
        return False
    return True


def check_hidden_options(weights, plot_path, train):
    """--hidden draws one picture: a built-in two-layer gate's hidden plane, into a figure."""
    if plot_path is None:
        raise click.UsageError("--hidden is drawn with --plot FILE (.png, .svg or .pdf)")
    if train:
        raise click.UsageError("--train and --hidden cannot be combined: training learns one perceptron, "
                               "which has no hidden layer")
    if weights is not None:
        raise click.UsageError("--hidden draws a gate's hidden layer, and a --weights perceptron has none")
    from actviz.outputs import figure_format

    if figure_format(plot_path) in ("html", "gif"):
        raise click.UsageError("--hidden --plot draws .png, .svg or .pdf, not a page or an animation")


def gate_names_of(names) -> list[str]:
    """The gates named (see logic_gates.chosen_gates); an unknown one is a usage error."""
    from actviz.logic_gates import chosen_gates

    return chosen_gates(names)


def parse_weights(text: str) -> list[float]:
    values = [parse_number(item, "--weights") for item in text.split(",")] if text.strip() else []
    if not values:
        raise click.BadParameter("needs at least one weight, e.g. 0.5,0.5", param_hint="'--weights'")
    return values


def gate_entries(names, weights, bias, activation, params):
    """What the table shows: the named gates, or the --weights perceptron (any activation)."""
    from actviz import logic_gates

    if weights is not None:
        b = 0.0 if bias is None else parse_number(bias, "--bias")
        return [logic_gates.perceptron_entry(parse_weights(weights), b, activation or "step", params)]
    return logic_gates.gate_entries(names, activation, params)


def write_gate_table(entries, fmt, explain):
    from actviz import logic_gates
    from actviz.tables import write_json, write_records

    if fmt == "table" and explain:  # each entry in turn: its network, then its rows
        click.echo("\n".join(entry.explain() for entry in entries), nl=False)
        return
    headers, rows = logic_gates.truth_columns(entries, explain)
    if fmt == "json":
        write_json(sys.stdout, logic_gates.document(entries, headers, rows))
    elif fmt == "table":
        write_records(sys.stdout, headers, logic_gates.terminal_cells(rows), "table")
        if not entries[0].builtin:
            unit = entries[0].network.layers[0][0]
            names = logic_gates.input_names(unit.n_inputs)
            click.echo(f"y = {logic_gates.formula(unit, names)} {logic_gates.implements_text(entries[0])}.")
    else:
        write_records(sys.stdout, headers, rows, fmt)


def expected_gate(entry, name):
    """The gate --expect names, checked (known, same input count) before anything is printed."""
    from actviz.logic_gates import expected_gate as expected

    try:
        return expected(entry, name)
    except UsageError as error:
        raise click.UsageError(f"--expect: {error}") from None


def check_expected(entry, name):
    from actviz.logic_gates import mismatch_lines

    lines = mismatch_lines(entry, name)
    if lines:
        raise click.ClickException("\n".join(lines))


def figure_target(path, entries):
    """(path, format, date) of --plot FILE, checked before anything is computed or printed."""
    if path == "-":
        raise click.UsageError("--plot needs a file name: the truth table goes to stdout")
    from actviz.outputs import figure_format

    extension = figure_format(path)
    if not extension:
        raise click.UsageError(f"--plot {path!r}: the file name must end in .png, .svg, .pdf, .html or .gif")
    n = entries[0].network.n_inputs if entries else 2
    if n != 2:
        what = entries[0].name if entries[0].builtin else "this perceptron"
        raise click.UsageError(f"--plot draws the plane of two inputs, and {what} takes {n}")
    from actviz.files import check_writable_folder

    refuse_terminal(path)
    if extension == "html" and entries:
        from actviz.page import check_gate_page

        check_gate_page(entries[0])
    check_writable_folder(path)
    return path, extension, source_date()


def draw_plane(figure, decision, entry=None, hidden=False, trained=None):
    """Write the plane: a gate's (``entry``, its hidden one with ``hidden``), or with
    ``trained`` (result, epochs, lr, seed) a training's; the file records its command."""
    from actviz.files import write_output

    path, fmt, date = figure
    if fmt == "html":
        from actviz.page import gate_page

        write_output(path, gate_page(entry, gate_command_text(entry)))
        return
    from actviz import render

    drawn = render.decision_figure(decision)
    if trained is not None:
        from actviz.training import described_training

        described_training(drawn, decision, *trained)
    else:
        from actviz.logic_gates import described_plane

        described_plane(drawn, entry, hidden, decision)
    write_output(path, drawn.to_bytes(fmt, date))


def gate_command_text(entry) -> str:
    """The `actviz gate` command a page was written by (its --plot FILE left out)."""
    from actviz.logic_gates import gate_command

    return f"{gate_command(entry)} --plot FILE.html"


def train_command(names, epochs, lr, seed, fmt, plot_path, fps, looks):
    """--train: the perceptron learning rule on each gate's table; not converging is no failure."""
    from actviz import logic_gates, training
    from actviz.perceptrons import train

    if looks is not None and looks.lang != "en":  # its titles are sentences: epochs, errors, the verdict
        raise click.UsageError(f"--lang {looks.lang} names the gates of a gate's figure; a training's figures "
                               "are titled in English")
    figure = None
    if plot_path:
        from actviz.outputs import figure_format

        if figure_format(plot_path) == "html":
            raise click.UsageError("--train --plot draws the learned plane as .png, .svg or .pdf, "
                                   "or its training as .gif, not a page")
        figure = figure_target(plot_path, logic_gates.gate_entries(names[:1]))
        if figure[1] == "gif":
            from actviz.animation import check_frame_count

            check_frame_count(training.frame_total(epochs), f"a .gif of up to {epochs} epochs", "epochs")
    fps = gif_rate(fps, bool(figure) and figure[1] == "gif")
    results = [train(name, epochs=epochs, lr=lr, seed=seed) for name in names]
    with writing_stdout():
        training.write_training(sys.stdout, results, epochs, lr, seed, fmt)
    if figure and figure[1] == "gif":
        from actviz.files import write_output
        from actviz.render import Decision, decisions_animation

        frames = (Decision(**frame, options=looks) for frame in training.training_frames(results[0], epochs))
        write_output(figure[0], decisions_animation(
            frames, fps, training.training_comment(results[0], epochs, lr, seed, fps, looks)))
    elif figure:
        from actviz.render import Decision

        draw_plane(figure, Decision(**training.training_plane(results[0], epochs), options=looks),
                   trained=(results[0], epochs, lr, seed))



# --- check -----------------------------------------------------------------------------

@cli.command("check")
@click.argument("target", metavar="FILE.py:FUNC")
@click.option("--against", required=True, metavar="NAME", shell_complete=complete_activation_names,
              help="The activation to hold FUNC against (`actviz list` shows them).")
@parameter_options(sweeps=False)
@click.option("-d", "--derivative", is_flag=True, help="FUNC is a derivative: hold it against NAME's.")
@click.option("--timeout", type=FLOAT, default=10.0, show_default=True, metavar="S",
              help="Stop FUNC's process after S seconds (a hang is then a finding).")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format: one finding a line, or a JSON document.")
def check_command(target, against, alpha, beta, param_items, derivative, timeout, fmt):
    """Check your own activation function against actviz's.

    FILE.py is imported as you would import it: its folder first on sys.path
    and its working directory, its code run, in a process of its own (what it
    prints stays there; a plot it shows is drawn off-screen). FUNC is called on
    an array and on scalars at 0, both signs of tiny to huge x (the subnormal
    range, +-1000, +-1e15), NAME's kinks and their neighbours, nan and +-inf.

    One finding a line: a failure on arrays or scalars, numpy warnings and the
    x that raise them, a wrong type or shape, nan or inf where actviz's value is
    finite, the worst error in ulp and where; a different value at a kink is a
    note. Exit status 0 when FUNC is within 4 ulp of actviz everywhere (or of the
    error rounding x causes, where larger) with no warnings, 1 otherwise, 2 for
    a wrong command line (no such file, function or activation).

    \b
    Examples:
      actviz check mine.py:sigmoid --against sigmoid
      actviz check mine.py:relu_grad --against relu -d
      actviz check mine.py:leaky --against leaky_relu --alpha 0.01
      actviz check slow.py:gelu --against gelu --timeout 60 --format json
    """
    from actviz.check import check_function

    params = one_value_each(collect_params(alpha, beta, param_items), "check")
    report = check_function(target, against, derivative=derivative, params=params, timeout=timeout)
    with writing_stdout():
        if fmt == "json":
            from actviz.tables import write_json

            write_json(sys.stdout, report.to_dict())
        else:
            click.echo(report.text())
    return report.exit_status
