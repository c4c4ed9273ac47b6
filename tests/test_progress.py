import io


from conftest import invoke
from actviz.progress import Progress, is_terminal, track


class Terminal(io.StringIO):
    def isatty(self):
        return True


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_shows_on_a_terminal_after_the_delay_and_erases_itself():
    screen, clock = Terminal(), Clock()
    with Progress(total=200, unit="points", stream=screen, clock=clock) as progress:
        progress.advance(50)
        assert screen.getvalue() == ""  # a quick run never shows anything
        clock.now += 0.6
        progress.advance(50)
        assert screen.getvalue() == "\ractviz: 100 / 200 points (50%)\x1b[K"
        clock.now += 0.01
        progress.advance(1)  # redrawn at most every 0.1 s
        assert screen.getvalue().count("\r") == 1
        clock.now += 0.2
        progress.advance(99)
        assert screen.getvalue().endswith("\ractviz: 200 / 200 points (100%)\x1b[K")
    assert screen.getvalue().endswith("\r\x1b[K")


def test_unknown_total_counts_only():
    screen, clock = Terminal(), Clock()
    progress = Progress(unit="points", stream=screen, clock=clock, delay=0)
    progress.advance(1_234_567)
    assert screen.getvalue() == "\ractviz: 1,234,567 points\x1b[K"


def test_nothing_when_the_stream_is_not_a_terminal():
    stream, clock = io.StringIO(), Clock()
    with Progress(total=10, stream=stream, clock=clock, delay=0) as progress:
        for _ in range(10):
            clock.now += 1
            progress.advance()
    assert stream.getvalue() == ""
    assert progress.done == 10


def test_clear_erases_and_the_next_advance_redraws():
    screen, clock = Terminal(), Clock()
    progress = Progress(total=3, unit="figures", stream=screen, clock=clock, delay=0)
    progress.advance()
    progress.clear()
    assert screen.getvalue() == "\ractviz: 1 / 3 figures (33%)\x1b[K\r\x1b[K"
    progress.clear()  # nothing shown: nothing to erase
    progress.advance()
    assert screen.getvalue().endswith("\ractviz: 2 / 3 figures (66%)\x1b[K")


def test_track_counts_by_size():
    screen, clock = Terminal(), Clock()
    progress = Progress(total=6, stream=screen, clock=clock, delay=0, interval=0)
    assert list(track([[1, 2], [3, 4, 5, 6]], progress, len)) == [[1, 2], [3, 4, 5, 6]]
    assert progress.done == 6
    assert "6 / 6 items (100%)" in screen.getvalue()
    assert screen.getvalue().endswith("\r\x1b[K")


def test_is_terminal_of_odd_streams():
    closed = io.StringIO()
    closed.close()
    assert not is_terminal(closed)
    assert not is_terminal(object())
    assert is_terminal(Terminal())


def test_eval_writes_nothing_to_a_stderr_that_is_not_a_terminal():
    result = invoke("eval", "relu", "--range", "0", "1", "--num", "200000", "--format", "csv")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert len(result.stdout.splitlines()) == 200_001
