"""`eval` streams: ranges and stdin are evaluated and written a chunk at a time."""

import io
import json
import os
import re
import select
import subprocess
import sys
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import actviz
from actviz import grid
from conftest import invoke


def run(args, stdin=None):
    return invoke(*args, input=stdin)


def bits(values):
    return np.asarray(values, dtype=np.float64).view(np.uint64)


def read_csv(text):
    lines = text.splitlines()
    header = lines[0].split(",")
    columns = np.array([[float(v) for v in line.split(",")] for line in lines[1:]]).T
    return header, columns


@pytest.mark.parametrize("args, x", [
    (["--range", "-3", "2", "--num", "50"], np.linspace(-3, 2, 50)),
    (["--range", "-0.1", "0.7", "--step", "0.05"],
     np.minimum(-0.1 + np.arange(17) * 0.05, 0.7)),
])
def test_range_larger_than_a_chunk_matches_a_single_computation_bit_for_bit(monkeypatch, args, x):
    monkeypatch.setattr(grid, "CHUNK_SIZE", 7)
    chunks = []
    real = grid._chunks
    monkeypatch.setattr(grid, "_chunks", lambda *a: (chunks.append(c) or c for c in real(*a)))
    result = run(["eval", "sigmoid", "relu", "--alpha", "0.1", "-d", *args, "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    assert len(chunks) == -(-len(x) // 7) > 1
    header, columns = read_csv(result.stdout)
    assert header == ["x", "sigmoid", "sigmoid'", "relu (alpha=0.1)", "relu' (alpha=0.1)"]
    sigmoid, relu = actviz.get("sigmoid"), actviz.get("relu")
    expected = [x, sigmoid(x), sigmoid.derivative(x), relu(x, alpha=0.1), relu.derivative(x, alpha=0.1)]
    for got, want in zip(columns, expected):
        assert np.array_equal(bits(got), bits(want))


@pytest.mark.parametrize("fmt", ["json", "table", "tsv"])
def test_every_format_is_whole_across_chunks(monkeypatch, fmt):
    monkeypatch.setattr(grid, "CHUNK_SIZE", 4)
    chunked = run(["eval", "sigmoid", "--range", "-2", "2", "--num", "21", "--format", fmt])
    monkeypatch.setattr(grid, "CHUNK_SIZE", 1000)
    whole = run(["eval", "sigmoid", "--range", "-2", "2", "--num", "21", "--format", fmt])
    assert chunked.exit_code == whole.exit_code == 0
    if fmt == "table":  # widths come from the first chunk, so only the numbers must agree
        assert [line.split() for line in chunked.stdout.splitlines()] == \
               [line.split() for line in whole.stdout.splitlines()]
    else:
        assert chunked.stdout == whole.stdout
    if fmt == "json":
        records = json.loads(chunked.stdout)
        assert [r["x"] for r in records] == np.linspace(-2, 2, 21).tolist()


@settings(max_examples=60, deadline=None)
@given(
    lo=st.floats(-1e6, 1e6), width=st.floats(1e-6, 1e6),
    num=st.integers(2, 300), chunk=st.integers(1, 64),
)
def test_linear_chunks_are_linspace_bit_for_bit(lo, width, num, chunk):
    hi = lo + width
    if not lo < hi:
        return
    got = np.concatenate(list(grid.linear_chunks(lo, hi, num, chunk)))
    assert np.array_equal(bits(got), bits(np.linspace(lo, hi, num)))


@settings(max_examples=60, deadline=None)
@given(
    numbers=st.lists(st.floats(allow_nan=False) | st.integers(-10**6, 10**6), max_size=60),
    separators=st.lists(st.sampled_from([" ", "\n", "\t", "  ", " \n", "\r\n"]), min_size=1),
    read_size=st.integers(1, 20),
)
def test_stdin_blocks_cut_anywhere_give_the_same_numbers(numbers, separators, read_size):
    words = [repr(n) for n in numbers]
    text = "".join(w + separators[i % len(separators)] for i, w in enumerate(words))
    stream = io.BytesIO(text.encode())
    chunks = list(grid.read_points(stream.read1, read_size))
    got = np.concatenate(chunks) if chunks else np.array([])
    assert np.array_equal(bits(got), bits([float(w) for w in words]))


def test_stdin_error_names_the_line_even_across_blocks():
    stream = io.BytesIO(b"1 2\n3\n\n4 5 six 7\n8\n")
    with pytest.raises(grid.NotANumberError, match="line 4: 'six' is not a number"):
        list(grid.read_points(stream.read1, 3))


@pytest.mark.parametrize("text, message", [
    (b"1 2\n3 1e400\n", "line 2: 1e400 is out of float64's range"),
    (b"1 2\n\n-1E+999 5\n", "line 3: -1E+999 is out of float64's range"),
    (b"1\n2\n3 1_000\n", "line 3: '1_000' is not a number"),
])
@pytest.mark.parametrize("read_size", [3, 65536])
def test_stdin_refuses_underscores_and_literals_beyond_float64(text, message, read_size):
    with pytest.raises(grid.NotANumberError, match=f"^{re.escape(message)}$"):
        list(grid.read_points(io.BytesIO(text).read1, read_size))


def test_stdin_takes_inf_and_nan_spelled_out_and_a_cut_word_is_not_judged_early():
    stream = io.BytesIO(b"inf -Infinity nan 12345 1e-400\n")
    got = np.concatenate(list(grid.read_points(stream.read1, 4)))
    assert bits(got).tolist() == bits([np.inf, -np.inf, np.nan, 12345.0, 0.0]).tolist()


def test_stdin_bad_number_fails_the_run_after_the_good_chunks():
    result = run(["eval", "relu", "--at", "-", "--format", "csv"], stdin="1 2\n3 x\n")
    assert result.exit_code == 1
    assert result.stderr == "actviz: error: stdin line 2: 'x' is not a number\n"


# issue 14 item 4: a word that never ends (a runaway producer, /dev/zero) was gathered
# whole, re-joined on every read (quadratic time, unbounded memory), then echoed whole.
@pytest.mark.parametrize("byte", [b"1", b"\0"])
def test_issue14_item4_an_endless_word_is_refused_at_once_not_gathered(byte):
    reads = []

    def endless(n):
        reads.append(n)
        assert len(reads) < 10, "read on and on, gathering the word"
        return byte * n

    with pytest.raises(grid.NotANumberError) as error:
        list(grid.read_points(endless, 4096))
    message = str(error.value)
    assert message.startswith(f"line 1: {(byte * 20).decode()!r}...") and len(message) < 200


def test_issue14_item4_a_word_of_a_thousand_characters_is_read_and_a_longer_one_refused():
    thousand = b"0" * 999 + b"1"  # 1.0, spelled with 1000 characters
    stream = io.BytesIO(b"2 " + thousand + b"\n3\n4 5 " + b"7" * 1001 + b" 6\n")
    with pytest.raises(grid.NotANumberError, match=r"^line 3: '7{20}'\.\.\. is not a number "
                                                   r"\(a word of over 1000 characters\)$"):
        list(grid.read_points(stream.read1, 4096))
    got = np.concatenate(list(grid.read_points(io.BytesIO(b"2 " + thousand + b"\n").read1, 64)))
    assert got.tolist() == [2.0, 1.0]


def test_issue14_item4_a_long_word_on_stdin_is_a_short_one_line_error():
    result = run(["eval", "relu", "--at", "-"], stdin="1" * 200_000 + "\n")
    assert result.exit_code == 1
    assert result.stderr == ("actviz: error: stdin line 1: '11111111111111111111'... is not a number "
                             "(a word of over 1000 characters)\n")


@pytest.mark.slow
@pytest.mark.skipif(not os.path.exists("/dev/zero") or not hasattr(os, "fork"), reason="needs /dev/zero")
def test_issue14_item4_dev_zero_on_stdin_ends_soon_in_bounded_memory():
    import resource

    def one_gib():
        resource.setrlimit(resource.RLIMIT_AS, (2**30, 2**30))

    with open("/dev/zero", "rb") as zero:
        result = subprocess.run([sys.executable, "-m", "actviz", "eval", "relu", "--at", "-"],
                                stdin=zero, capture_output=True, text=True, timeout=120,
                                preexec_fn=one_gib)
    assert result.returncode == 1
    assert result.stderr == ("actviz: error: stdin line 1: '" + "\\x00" * 20 + "'... is not a number "
                             "(a word of over 1000 characters)\n")


def counting_blocks(monkeypatch, size):
    """Make stdin come in blocks of ``size`` bytes; returns the list of blocks read so far."""
    monkeypatch.setattr(grid, "READ_SIZE", size)
    blocks = []
    real = grid.read_points

    def read_points(read, read_size=None):
        return real(lambda n: blocks.append(read(n)) or blocks[-1], read_size)

    monkeypatch.setattr(grid, "read_points", read_points)
    return blocks


def test_stdin_many_blocks_cli(monkeypatch):
    blocks = counting_blocks(monkeypatch, 5)
    numbers = [repr(v) for v in np.linspace(-4, 4, 101).tolist()]
    result = run(["eval", "step", "--at", "-", "--format", "tsv"], stdin="\n".join(numbers))
    assert result.exit_code == 0, result.stderr
    assert max(map(len, blocks)) == 5 and len(blocks) > 100
    rows = [line.split("\t") for line in result.stdout.splitlines()[1:]]
    assert [r[0] for r in rows] == numbers
    assert [float(r[1]) for r in rows] == [1.0 if float(n) > 0 else 0.0 for n in numbers]


@pytest.mark.parametrize("fmt", ["csv", "table"])
def test_a_bad_word_after_the_first_block_names_it_and_fails_after_the_rows_before(monkeypatch, fmt):
    # The rows already computed stay on stdout (that is streaming); the error says where.
    blocks = counting_blocks(monkeypatch, 8)
    result = run(["eval", "relu", "--at", "-", "--format", fmt], stdin="1 2\n3 4\n5 6\n7 oops 8\n9\n")
    assert result.exit_code == 1
    assert result.stderr == "actviz: error: stdin line 4: 'oops' is not a number\n"
    rows = [line.split(",") if fmt == "csv" else line.split() for line in result.stdout.splitlines()]
    assert rows[0] == ["x", "relu"]
    # blocks of 8 bytes: '1 2\n3 4\n', '5 6\n7 oo' (7 is whole, 'oo' waits), 'ps 8\n9\n'
    assert [float(r[0]) for r in rows[1:]] == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]
    assert len(blocks) == 3


def read_line(stream, timeout=30.0):
    """One line from a pipe, or None if none comes within ``timeout``."""
    deadline = time.monotonic() + timeout
    line = b""
    while not line.endswith(b"\n"):
        if not select.select([stream], [], [], max(0.0, deadline - time.monotonic()))[0]:
            return None
        byte = os.read(stream.fileno(), 1)
        if not byte:
            return line.decode() or None
        line += byte
    return line.decode()


def test_endless_stdin_output_appears_before_the_stream_ends():
    process = subprocess.Popen(
        [sys.executable, "-m", "actviz", "eval", "relu", "--at", "-", "--format", "csv"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    try:
        process.stdin.write(b"-1 2\n")
        process.stdin.flush()
        # The producer is still open: the rows for what it wrote must come anyway.
        relu = actviz.get("relu")
        assert read_line(process.stdout) == "x,relu\n"
        assert read_line(process.stdout) == f"-1.0,{float(relu(-1.0))!r}\n"
        assert read_line(process.stdout) == f"2.0,{float(relu(2.0))!r}\n"
        process.stdin.write(b"3.5\n")
        process.stdin.flush()
        assert read_line(process.stdout) == f"3.5,{float(relu(3.5))!r}\n"
        process.stdin.close()
        assert process.wait(timeout=30) == 0
        assert process.stdout.read() == b""
    finally:
        process.kill()
        process.wait()


PEAK_RSS = """
import resource, subprocess, sys
with open("/dev/null", "w") as sink:
    subprocess.run(sys.argv[1:], stdout=sink, check=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)  # KiB on Linux
"""


def peak_rss_mib(num):
    args = [sys.executable, "-m", "actviz", "eval", "sigmoid", "--range", "-5", "5",
            "--num", str(num), "--format", "csv"]
    out = subprocess.run([sys.executable, "-c", PEAK_RSS, *args], capture_output=True, text=True, check=True)
    return int(out.stdout) / 1024


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ru_maxrss is in KiB on Linux only")
def test_memory_stays_flat_on_a_large_range():
    # A chunk's numbers and text take ~15 MB; 300,000 points are 5 chunks, 1.5M are 23.
    # Held whole, 1.5M rows would take ~24 MB of arrays and ~200 MB of text.
    some, many = peak_rss_mib(300_000), peak_rss_mib(1_500_000)
    assert many < 100
    assert many - some < 5, (some, many)
