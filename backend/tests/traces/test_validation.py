import pytest

from tests.factories import row_count, trace


@pytest.mark.parametrize(
    ("override", "field"),
    [
        ({"trace_version": ""}, "trace_version"),
        ({"trace_version": "v" * 65}, "trace_version"),
        ({"prompt": ""}, "prompt"),
        ({"prompt": "p" * 50_001}, "prompt"),
        ({"final_answer": ""}, "final_answer"),
        ({"steps": []}, "steps"),
        ({"steps": [{"i": 0, "type": "t", "content": "c"}] * 1001}, "steps"),
        ({"steps": [{"i": 0, "type": "", "content": "c"}]}, "steps[0].type"),
        ({"steps": [{"i": 0, "type": "t", "content": "c" * 20_001}]}, "steps[0].content"),
        (
            {
                "steps": [
                    {"i": 0, "type": "t", "content": "c"},
                    {"i": 0, "type": "t", "content": "d"},
                ]
            },
            "steps",
        ),
        ({"steps": [{"i": "x", "type": "t", "content": "c"}]}, "steps[0].i"),
        ({"meta": {"tags": "not-a-list"}}, "meta"),
        ({"prompt": 5}, "prompt"),
    ],
)
async def test_invalid_trace_is_422_naming_the_field(client, sessions, override, field):
    r = await client.post("/api/traces", json=trace(1, **override))
    assert r.status_code == 422, r.text
    fields = [e["field"] for e in r.json()["detail"]]
    assert field in fields, fields
    assert field in r.json()["message"]
    assert await row_count(sessions) == 0


async def test_duplicate_step_index_message_says_which(client):
    steps = [{"i": 2, "type": "t", "content": "a"}, {"i": 2, "type": "t", "content": "b"}]
    r = await client.post("/api/traces", json=trace(1, steps=steps))
    assert r.status_code == 422
    assert "i=2" in r.json()["message"]


async def test_malformed_json_is_422_not_500(client):
    r = await client.post(
        "/api/traces", content=b'{"prompt": ', headers={"content-type": "application/json"}
    )
    assert r.status_code == 422
    assert r.json()["detail"][0]["type"] == "json_invalid"


async def test_body_over_trace_max_bytes_is_413_even_without_content_length(client, sessions):
    big = trace(
        1,
        prompt="x" * 40_000,
        steps=[{"i": i, "type": "t", "content": "y" * 19_000} for i in range(60)],
    )

    async def chunked():
        import orjson

        data = orjson.dumps(big)
        for start in range(0, len(data), 65536):
            yield data[start : start + 65536]

    r = await client.post(
        "/api/traces", content=chunked(), headers={"content-type": "application/json"}
    )
    assert r.status_code == 413
    assert "TRACE_MAX_BYTES" in r.json()["detail"]
    assert await row_count(sessions) == 0


async def test_declared_content_length_over_limit_is_413(client):
    r = await client.post(
        "/api/traces",
        content=b"{}",
        headers={"content-type": "application/json", "content-length": str(5 * 1024 * 1024)},
    )
    assert r.status_code == 413


async def test_bad_pagination_arguments_are_422(client):
    for query in ("limit=0", "limit=101", "offset=-1", "limit=abc"):
        r = await client.get(f"/api/traces?{query}")
        assert r.status_code == 422, query
    r = await client.get("/api/traces?cursor=%%%")
    assert r.status_code == 400 and "cursor" in r.json()["detail"]
