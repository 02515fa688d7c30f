import orjson

from tests.factories import row_count, trace


def jsonl(*lines: object) -> bytes:
    return b"".join((x if isinstance(x, bytes) else orjson.dumps(x)) + b"\n" for x in lines)


async def upload(client, data: bytes, on_error: str | None = None):
    query = f"?on_error={on_error}" if on_error else ""
    files = {"file": ("traces.jsonl", data, "application/x-ndjson")}
    return await client.post(f"/api/traces/import{query}", files=files)


async def test_multipart_import_writes_every_line(client, sessions):
    r = await upload(client, jsonl(*(trace(n) for n in range(25))))
    assert r.status_code == 201, r.text
    assert r.json()["imported"] == 25 and r.json()["failed"] == 0
    assert await row_count(sessions) == 25


async def test_raw_ndjson_body_is_accepted(client, sessions):
    r = await client.post(
        "/api/traces/import",
        content=jsonl(trace(1), trace(2)),
        headers={"content-type": "application/x-ndjson"},
    )
    assert r.status_code == 201 and r.json()["imported"] == 2


async def test_any_bad_line_writes_nothing_and_lists_line_numbers(client, sessions):
    data = jsonl(trace(1), b"{not json", trace(3, prompt=""), b"", trace(4))
    r = await upload(client, data)
    assert r.status_code == 422
    lines = {(e["line"], e["field"]) for e in r.json()["detail"]}
    assert (2, None) in lines and (3, "prompt") in lines
    assert "nothing was imported" in r.json()["message"]
    assert r.json()["report"]["failed"] == 2
    assert await row_count(sessions) == 0


async def test_skip_mode_imports_good_lines_and_reports_bad(client, sessions):
    data = jsonl(trace(1), b"[1, 2]", trace(2), trace(1))
    r = await upload(client, data, on_error="skip")
    assert r.status_code == 201
    body = r.json()
    assert (body["imported"], body["duplicates"], body["failed"]) == (2, 1, 1)
    assert body["errors"][0]["line"] == 2
    assert await row_count(sessions) == 2


async def test_import_spanning_several_write_chunks_rolls_back_entirely(client, sessions):
    good = [trace(n) for n in range(4500)]
    r = await upload(client, jsonl(*good, {"prompt": "no steps"}))
    assert r.status_code == 422
    assert r.json()["detail"][0]["line"] == 4501
    assert await row_count(sessions) == 0


async def test_reimporting_an_export_is_idempotent(client, sessions):
    await client.post("/api/traces/batch", json=[trace(n) for n in range(5)])
    exported = (await client.get("/api/traces/export.jsonl")).content
    r = await upload(client, exported)
    assert r.json()["imported"] == 0 and r.json()["duplicates"] == 5
    assert await row_count(sessions) == 5


async def test_upload_without_file_field_is_422(client):
    r = await client.post("/api/traces/import", files={"other": ("a", b"x")})
    assert r.status_code == 422 and "file" in r.json()["detail"]


async def test_unsupported_content_type_is_415(client):
    r = await client.post("/api/traces/import", json={"a": 1})
    assert r.status_code == 415


async def test_upload_over_import_max_bytes_is_413(client, app):
    original = app.state.settings.import_max_bytes
    app.state.settings.import_max_bytes = 10_000
    try:
        r = await upload(client, jsonl(*(trace(n) for n in range(200))))
    finally:
        app.state.settings.import_max_bytes = original
    assert r.status_code == 413 and "IMPORT_MAX_BYTES" in r.json()["detail"]
