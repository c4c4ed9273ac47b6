"""Regenerate the README's sections that come from the code, or check they are current.

    python docs/readme_sections.py          # rewrite README.md in place
    python docs/readme_sections.py --check  # exit 1 if README.md is out of date

A section is the text between ``<!-- NAME:start -->`` and ``<!-- NAME:end -->``.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import actviz

README = Path(__file__).resolve().parent.parent / "README.md"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def activation_table() -> str:
    lines = [
        "| name | aliases | parameters (defaults) | f(x) | f'(x) | notes |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for act in actviz.all_activations():
        params = ", ".join(f"`{k}={v!r}`" for k, v in act.params.items()) or "none"
        aliases = ", ".join(f"`{a}`" for a in act.aliases)
        lines.append(
            f"| `{act.name}` | {aliases} | {params} | {_cell(act.formula)} "
            f"| {_cell(act.derivative_formula)} | {_cell(act.summary)} |"
        )
    return "\n".join(lines)


def gate_explain() -> str:
    """`actviz gate xor --explain` as the command prints it."""
    from click.testing import CliRunner

    from actviz.cli import cli

    args = ["gate", "xor", "--explain"]
    result = CliRunner().invoke(cli, args, prog_name="actviz")
    if result.exit_code != 0:
        raise SystemExit(f"actviz {' '.join(args)} failed: {result.stderr}")
    return f"```console\n$ actviz {' '.join(args)}\n{result.stdout}```"


def console(*args: str) -> str:
    """`actviz ARGS` as the command prints it, quoted as a shell would need."""
    return session([args])


def session(commands, statuses=(0,)) -> str:
    """One console block: each `actviz ARGS` and what it prints; an exit status outside
    ``statuses`` stops the generation."""
    import shlex

    from click.testing import CliRunner

    from actviz.cli import cli

    lines = []
    for args in commands:
        result = CliRunner().invoke(cli, list(args), prog_name="actviz")
        if result.exit_code not in statuses:
            raise SystemExit(f"actviz {shlex.join(args)} failed: {result.stderr}")
        lines.append(f"$ actviz {shlex.join(args)}\n{result.stdout}")
    return "```console\n" + "".join(lines) + "```"


def check_book() -> str:
    """examples/learner/book.py and `actviz check` on each of its functions, run in its
    folder (check exits 1 for a function that disagrees: that is what it shows)."""
    import os

    folder = README.parent / "examples" / "learner"
    source = (folder / "book.py").read_text(encoding="utf-8")
    code = source.split("import numpy", 1)[1]  # the functions, without the file's comment
    saved = os.getcwd()
    os.chdir(folder)
    try:
        runs = session([
            ("check", "book.py:sigmoid", "--against", "sigmoid"),
            ("check", "book.py:step_function", "--against", "step"),
            ("check", "book.py:relu_grad", "--against", "relu", "-d"),
        ], statuses=(0, 1))
    finally:
        os.chdir(saved)
    return f"```python\nimport numpy{code}```\n\n{runs}"


SECTIONS = {
    "check-book": check_book,
    "activations": activation_table,
    "gate-explain": gate_explain,
    "sweep-eval": lambda: console("eval", "leaky_relu", "--alpha", "0.01,0.1,0.3", "--at", "-2,-1,0,1"),
    "depth-eval": lambda: console("eval", "sigmoid", "-d", "--depth", "1,10", "--at", "-2,0,2"),
    "info-gelu": lambda: console("info", "gelu"),
    "expr-eval": lambda: console(
        "eval", "gelu", "--expr", "x * sigmoid(1.702 * x)", "--label", "approx", "-d", "--at", "-2,-1,0,1,2"
    ),
}


def render(text: str) -> str:
    for name, make in SECTIONS.items():
        pattern = re.compile(
            rf"(<!-- {name}:start -->\n).*?(<!-- {name}:end -->)", re.DOTALL
        )
        if not pattern.search(text):
            raise SystemExit(f"README.md has no {name} section")
        text = pattern.sub(lambda m: m.group(1) + make() + "\n" + m.group(2), text)
    return text


def main(argv: list[str]) -> int:
    current = README.read_text(encoding="utf-8")
    wanted = render(current)
    if "--check" in argv:
        if wanted != current:
            print("README.md is out of date: run python docs/readme_sections.py", file=sys.stderr)
            return 1
        return 0
    README.write_text(wanted, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
