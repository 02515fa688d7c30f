import io
import math

import orjson
import pytest
from conftest import REQUIRED, assert_valid_event_stream

from tunix_rt_training.events import Reporter


def test_each_event_is_one_flushed_json_line():
    stream = io.BytesIO()
    reporter = Reporter(stream, show_progress=False)
    reporter.log("hello")
    reporter.metric(3, {"loss": 1.5, "tokens_per_s": 10})
    reporter.progress(3, 10, epoch=0.25)
    reporter.checkpoint(3, "checkpoints/3")
    reporter.artifact("model", "model")
    reporter.result({"ok": True})
    events = assert_valid_event_stream(stream.getvalue())
    assert [e["event"] for e in events] == list(REQUIRED)
    assert events[1] == {"event": "metric", "step": 3, "values": {"loss": 1.5, "tokens_per_s": 10}}
    assert events[0]["level"] == "info"


def test_non_finite_metric_values_become_null():
    stream = io.BytesIO()
    Reporter(stream, show_progress=False).metric(1, {"loss": math.nan, "x": math.inf})
    assert orjson.loads(stream.getvalue())["values"] == {"loss": None, "x": None}


def test_unknown_event_or_level_is_refused():
    reporter = Reporter(io.BytesIO(), show_progress=False)
    with pytest.raises(ValueError, match="unknown event"):
        reporter.emit("bogus")
    with pytest.raises(ValueError, match="unknown log level"):
        reporter.log("x", level="loud")


def test_progress_bar_goes_to_the_terminal_stream_only():
    stream, tty = io.BytesIO(), io.StringIO()
    reporter = Reporter(stream, tty=tty, show_progress=True)
    reporter.metric(5, {"loss": 0.5})
    reporter.progress(5, 10)
    assert "5/10" in tty.getvalue() and "loss 0.5" in tty.getvalue()
    assert_valid_event_stream(stream.getvalue())
