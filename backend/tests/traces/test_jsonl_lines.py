from tunix_rt.traces.jsonl import numbered_lines


async def collect(chunks, limit=100):
    async def gen():
        for c in chunks:
            yield c

    return [(line.number, line.data, line.length) async for line in numbered_lines(gen(), limit)]


async def test_lines_split_across_chunks_keep_numbers():
    out = await collect([b'{"a"', b':1}\n\n{"b":2}\r\n', b'{"c":3}'])
    assert out == [(1, b'{"a":1}', 7), (3, b'{"b":2}', 7), (4, b'{"c":3}', 7)]


async def test_overlong_line_is_reported_not_buffered():
    out = await collect([b"x" * 60, b"x" * 60 + b"\nok\n"], limit=100)
    assert out[0][0] == 1 and out[0][1] is None and out[0][2] == 120
    assert out[1] == (2, b"ok", 2)
