"""What `actviz gate --train` reports: each epoch's mistakes, the verdict, the learned line.

The learning rule itself is :func:`actviz.perceptrons.train`; this module turns its
result into the lines of the terminal report, the rows of the csv and tsv, the JSON
document and the plane `--plot` draws. It knows nothing of click or matplotlib.
"""

from __future__ import annotations

import itertools
from typing import IO, Iterator, Sequence, Tuple

from actviz.logic_gates import (
    PLANE,
    formula,
    implements_text,
    input_names,
    line_equation,
    plane_grid,
    shown,
)
from actviz.perceptrons import (
    Perceptron,
    TrainingResult,
    decision_lines,
    gate,
    implemented_gates,
    input_rows,
    linearly_separable,
)
from actviz.tables import json_text, write_records


def error_runs(errors: Sequence[int]) -> list[Tuple[str, int]]:
    """Per-epoch mistakes with equal neighbours merged: [('1', 2), ('2-3', 3), ...]."""
    runs = []
    epoch = 1
    for count, group in itertools.groupby(errors):
        length = len(list(group))
        last = epoch + length - 1
        runs.append((str(epoch) if length == 1 else f"{epoch}-{last}", count))
        epoch = last + 1
    return runs


def training_header(name: str, epochs: int, lr: float, seed: int) -> str:
    return (f"{name}: one step perceptron, perceptron learning rule "
            f"(lr {lr:g}, seed {seed}, at most {epochs} epoch{'s' if epochs > 1 else ''})")


def training_verdict(result: TrainingResult, epochs: int) -> list[str]:
    """Whether it converged and, if not, why: more epochs would help, or nothing would."""
    name = result.target
    if result.converged:
        return [f"converged in epoch {result.epoch}: every row is right."]
    separable = linearly_separable(name)
    if result.cycle:
        earlier, last = result.cycle
        back = "their starting values" if earlier == 0 else f"those after epoch {earlier}"
        repeated = f"epoch {last}" if earlier + 1 == last else f"epochs {earlier + 1}-{last}"
        lines = [
            f"did not converge: after epoch {last} the weights and bias are back to {back},",
            f"a cycle: {repeated} would repeat forever, so training stopped.",
        ]
        if separable:  # the rule converges in exact arithmetic: rounding undid the corrections
            return lines + [f"{name} is linearly separable, but at this --lr rounding loses the",
                            "corrections: a larger --lr will get there."]
        return lines + _not_separable(name, f"{name} is not linearly separable.")
    if separable:
        return [f"did not converge in {epochs} epochs, but {name} is linearly separable: "
                "more --epochs or another --lr will get there."]
    return _not_separable(name, f"did not converge in {epochs} epochs: {name} is not linearly separable.")


def _not_separable(name: str, first: str) -> list[str]:
    """Why no single perceptron computes the gate: its 1s and 0s, and what does compute it."""
    target = gate(name)
    ones, zeros = [], []
    for row, y in zip(input_rows(target.n_inputs), target.expected()):
        (ones if y else zeros).append("(" + ", ".join(map(str, row)) + ")")
    return [
        first,
        f"No straight line puts its 1s, {' and '.join(ones)}, on one side and its 0s,",
        f"{' and '.join(zeros)}, on the other, so no single perceptron computes {name};",
        f"two layers do (actviz gate {name.lower()} --explain).",
    ]


def training_result_line(result: TrainingResult) -> str:
    learned = shown(result.perceptron, result.target, builtin=False)
    word = "learned" if result.converged else "last"
    names = input_names(result.perceptron.n_inputs)
    return f"{word}: y = {formula(result.perceptron, names)}, " + implements_text(learned)


def write_training(out: IO[str], results: Sequence[TrainingResult], epochs: int, lr: float, seed: int,
                   fmt: str) -> None:
    """The report of ``train`` runs in ``fmt``: the terminal's, csv, tsv or JSON.

    The epochs are written from each result's packed states through one %-template a
    row, a few thousand rows to a write: no row is built as a list or a dict.
    """
    if fmt == "json":
        _write_training_json(out, results, epochs, lr, seed)
    elif fmt in ("csv", "tsv"):
        _write_training_rows(out, results, "," if fmt == "csv" else "\t")
    else:
        for k, result in enumerate(results):
            out.write(("\n" if k else "") + training_header(result.target, epochs, lr, seed) + "\n")
            write_records(out, ["epoch", "errors"], error_runs(result.errors), "table")
            out.write("\n".join(training_verdict(result, epochs) + [training_result_line(result)]) + "\n")


def _write_training_rows(out: IO[str], results: Sequence[TrainingResult], sep: str) -> None:
    """A row per epoch: its mistakes and the weights after it, then the gate's outcome.

    Weight columns run to the most inputs of any gate (NOT's w2 is empty); ``converged``
    is the gate's outcome, on each of its rows, so that any row says how training ended.
    The rows are what csv.writer writes: a gate's name and the numbers need no quotes.
    """
    n = max(len(r.weights) for r in results)
    headers = ["gate", "epoch", "errors", *(f"w{i + 1}" for i in range(n)), "bias", "converged"]
    write_records(out, headers, [], "csv" if sep == "," else "tsv")
    for r in results:
        cells = [r.target.replace("%", "%%"), "%d", "%d", *["%r"] * len(r.weights),
                 *[""] * (n - len(r.weights)), "%r", str(r.converged).lower()]
        _write_epochs(out, sep.join(cells) + "\n", r, "")


def _write_epochs(out: IO[str], template: str, result: TrainingResult, between: str) -> None:
    """Each epoch through ``template`` (epoch, errors, weights..., bias), ``between`` them,
    a few thousand epochs to a write."""
    epochs = zip(itertools.count(1), result.errors, *result.state_columns())
    first = True
    while True:
        block = list(map(template.__mod__, itertools.islice(epochs, _EPOCHS_PER_WRITE)))
        if not block:
            return
        out.write(("" if first else between) + between.join(block))
        first = False


_EPOCHS_PER_WRITE = 4096


def _write_training_json(out: IO[str], results: Sequence[TrainingResult], epochs: int, lr: float,
                         seed: int) -> None:
    """The JSON document json.dumps(indent=2) would write, its long lists streamed: the
    rest is dumped with a marker in their place, and the lists are written at the markers."""
    import json
    documents = [training_document(r, epochs, lr, seed, _marker("errors", k), _marker("epochs", k))
                 for k, r in enumerate(results)]
    text = json_text({"training": documents})
    for k, r in enumerate(results):
        for what in ("errors", "epochs"):
            before, text = text.split(json.dumps(_marker(what, k)), 1)
            line = before[before.rindex("\n") + 1:]  # '      "errors": '
            indent = " " * (len(line) - len(line.lstrip(" ")))
            out.write(before + "[\n")
            if what == "errors":
                out.write(",\n".join(f"{indent}  {e}" for e in r.errors))
            else:
                _write_epochs(out, _epoch_template(indent + "  ", len(r.weights)), r, ",\n")
            out.write(f"\n{indent}]")
    out.write(text + "\n")


def _marker(what: str, k: int) -> str:
    return f"@actviz:{what}:{k}@"


def _epoch_template(indent: str, n: int) -> str:
    """One epoch's object as json.dumps(indent=2) writes it at ``indent``, to fill with
    (epoch, errors, weights..., bias): ints as %d, floats as %r (JSON's float text)."""
    inner = indent + "  "
    weights = ",\n".join([f"{inner}  %r"] * n)
    return (f'{indent}{{\n{inner}"epoch": %d,\n{inner}"errors": %d,\n{inner}"weights": [\n'
            f'{weights}\n{inner}],\n{inner}"bias": %r\n{indent}}}')


def training_document(result: TrainingResult, epochs: int, lr: float, seed: int,
                      errors: object, history: object) -> dict:
    """The JSON document of one run, its per-epoch lists given (or markers for them)."""
    return {
        "gate": result.target,
        "lr": lr,
        "seed": seed,
        "max_epochs": epochs,
        "errors": errors,
        "epochs": history,
        "converged": result.converged,
        "epoch": result.epoch,
        "cycle": None if result.cycle is None else
        {"epoch": result.cycle[1], "same_weights_as_epoch": result.cycle[0]},
        "weights": list(result.weights),
        "bias": result.bias,
        "implements": implemented_gates(result.perceptron),
        "linearly_separable": linearly_separable(result.target),
    }


def training_plane(result: TrainingResult, epochs: int) -> dict:
    """The learned perceptron's regions and line, with each input marked by its target."""
    learned = result.perceptron
    return dict(
        title=f"{result.target}, {_outcome(result, epochs)}", box=PLANE, region=plane_grid(learned),
        points=_target_points(result),
        lines=[("learned line: " + line_equation(learned), decision_lines(learned)[0][1])],
        marks=(f"learned y = 0; marker: {result.target} = 0", f"learned y = 1; marker: {result.target} = 1"),
    )


def training_frames(result: TrainingResult, epochs: int) -> Iterator[dict]:
    """The plane at the start and after each epoch (len(result.errors) + 1 of them, made
    one at a time): the line moving, the epoch and its errors in the title, and in the last
    one how training ended."""
    target = result.target
    # The equation on a line of its own: frames are not cropped (they are all one size),
    # and "... = 0 (outside the plot)" on one line would run off the frame.
    steps = [(result.start, "epoch 0, the start", "starting line:\n")]
    for k, (errors, after) in enumerate(zip(result.errors, result.history), start=1):
        # the errors made while the epoch ran; the line drawn is where it left the weights
        steps.append((after, f"epoch {k}: {errors} error{'' if errors == 1 else 's'} during it",
                      f"line after epoch {k}:\n"))
    for k, ((weights, bias), title, line) in enumerate(steps):
        unit = Perceptron(weights, bias)
        ending = f"; {_outcome(result, epochs)}" if k == len(steps) - 1 else ""
        yield dict(
            title=f"{target}, {title}{ending}", box=PLANE, region=plane_grid(unit),
            points=_target_points(result), lines=[(line + line_equation(unit), decision_lines(unit)[0][1])],
            marks=(f"y = 0; marker: {target} = 0", f"y = 1; marker: {target} = 1"),
        )


def frame_total(epochs: int) -> int:
    """The most frames a training of at most ``epochs`` epochs makes: the start and each epoch."""
    return epochs + 1


def _outcome(result: TrainingResult, epochs: int) -> str:
    if result.converged:
        return f"learned in {result.epoch} epochs"
    if result.cycle:
        return f"not learned: a cycle in epoch {result.cycle[1]}"
    return f"not learned in {epochs} epochs"


def _target_points(result: TrainingResult) -> list:
    """Each input of the plane, marked by the output the gate wants there."""
    return [(x1, x2, float(y)) for (x1, x2), y in zip(input_rows(2), gate(result.target).expected())]


# --- what a training's figure records: the command that draws it and a description ----------
def training_command(result: TrainingResult, epochs: int, lr: float, seed: int) -> str:
    """The `actviz gate --train` command that draws the training's plane, up to its --plot
    FILE (see logic_gates.plane_commands); the defaults left out."""
    from actviz.floats import short_text
    from actviz.training_limits import DEFAULT_EPOCHS, DEFAULT_LR, DEFAULT_SEED

    words = ["actviz", "gate", str(result.target).lower(), "--train"]
    if epochs != DEFAULT_EPOCHS:
        words += ["--epochs", str(epochs)]
    if lr != DEFAULT_LR:
        words += ["--lr", short_text(lr)]
    if seed != DEFAULT_SEED:
        words += ["--seed", str(seed)]
    return " ".join(words)


def described_training(figure, decision, result: TrainingResult, epochs: int, lr: float, seed: int):
    """The figure (render.ActvizFigure) of the learned plane ``decision``, set to record the
    command that draws it, its title and a description; returns it."""
    from actviz.logic_gates import plane_commands, plane_description

    who = f"the perceptron learned for {result.target} ({_outcome(result, epochs)})"
    return figure.describe(plane_commands(training_command(result, epochs, lr, seed), decision.options),
                           decision.shown_title,
                           plane_description(decision, who, f"the four inputs marked by {result.target}'s outputs"))


def training_comment(result: TrainingResult, epochs: int, lr: float, seed: int, fps: int,
                     options=None) -> str:
    """What a training's GIF records: the command that draws it (with the figure
    ``options`` given, a FigureOptions), and a description."""
    from actviz.animation import DEFAULT_FPS
    from actviz.logic_gates import with_figure_options

    command = f"{with_figure_options(training_command(result, epochs, lr, seed), options)} --plot FILE.gif"
    if fps != DEFAULT_FPS:
        command += f" --fps {fps}"
    return (f"{command}\nAnimation, a frame per epoch, of the decision regions of a perceptron learning "
            f"{result.target} over the plane of x1 and x2, with the four inputs marked by {result.target}'s "
            f"outputs and its decision line moving; {_outcome(result, epochs)}.")
