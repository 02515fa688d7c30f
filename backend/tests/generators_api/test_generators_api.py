"""The generators API: listing, deterministic generation, persistence and its errors."""

import json

from tests.factories import trace

GEN = "/api/generators"


async def _trace_ids(client, **params):
    r = await client.get("/api/traces", params={"limit": 100, **params})
    assert r.status_code == 200, r.text
    return [t["id"] for t in r.json()["data"]]


async def test_list_names_every_generator_with_version_and_params(client):
    r = await client.get(GEN)
    assert r.status_code == 200
    gens = {g["name"]: g for g in r.json()["data"]}
    assert set(gens) == {"arithmetic", "high_card_duel", "reverse_word"}
    for g in gens.values():
        assert g["version"] == "1.0.0"
        assert g["description"]
    assert gens["arithmetic"]["params"]["digits"] == {
        "type": "integer",
        "default": 2,
        "description": "Digits in each operand; also the item's difficulty.",
        "minimum": 1,
        "maximum": 12,
    }
    assert gens["arithmetic"]["params"]["operations"]["items"]["enum"] == ["add", "sub", "mul"]
    assert set(gens["reverse_word"]["params"]) == {"min_length", "max_length"}
    assert gens["high_card_duel"]["params"] == {}


async def test_generate_persists_traces_with_generator_meta(client):
    r = await client.post(
        f"{GEN}/arithmetic/generate", json={"count": 5, "seed": 7, "params": {"digits": 3}}
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["generator"], body["version"], body["seed"]) == ("arithmetic", "1.0.0", 7)
    assert body["params"] == {
        "operations": ["add", "sub", "mul"],
        "digits": 3,
        "allow_negative": False,
    }
    assert (body["created_count"], body["duplicate_count"]) == (5, 0)
    ids = [t["id"] for t in body["traces"]]
    assert sorted(await _trace_ids(client, meta="generator=arithmetic")) == sorted(ids)
    stored = (await client.get(f"/api/traces/{ids[0]}")).json()
    meta = stored["payload"]["meta"]
    assert meta["source"] == "generator"
    assert meta["generator"] == "arithmetic"
    assert meta["seed"] == 7
    assert meta["difficulty"] == 3
    assert stored["source"] == "generator"
    assert stored["payload"]["final_answer"] == meta["expected_answer"]
    assert stored["payload"] == body["traces"][0]["trace"]


async def test_same_seed_gives_same_traces_and_a_repeat_reports_duplicates(client):
    req = {"count": 4, "seed": 123, "params": {"min_length": 5, "max_length": 12}}
    first = (await client.post(f"{GEN}/reverse_word/generate", json=req)).json()
    second = await client.post(f"{GEN}/reverse_word/generate", json=req)
    assert second.status_code == 201
    second = second.json()
    assert [t["trace"] for t in second["traces"]] == [t["trace"] for t in first["traces"]]
    assert (first["created_count"], first["duplicate_count"]) == (4, 0)
    assert (second["created_count"], second["duplicate_count"]) == (0, 4)
    assert all(t["duplicate"] for t in second["traces"])
    assert [t["id"] for t in second["traces"]] == [t["id"] for t in first["traces"]]
    assert len(await _trace_ids(client)) == 4


async def test_a_different_seed_gives_different_traces(client):
    a = (
        await client.post(
            f"{GEN}/arithmetic/generate", json={"count": 3, "seed": 1, "persist": False}
        )
    ).json()
    b = (
        await client.post(
            f"{GEN}/arithmetic/generate", json={"count": 3, "seed": 2, "persist": False}
        )
    ).json()
    assert [t["trace"]["prompt"] for t in a["traces"]] != [
        t["trace"]["prompt"] for t in b["traces"]
    ]


async def test_omitted_seed_is_chosen_and_reported(client):
    r = await client.post(f"{GEN}/arithmetic/generate", json={"count": 1, "persist": False})
    assert r.status_code == 201
    seed = r.json()["seed"]
    assert isinstance(seed, int)
    assert r.json()["traces"][0]["trace"]["meta"]["seed"] == seed


async def test_persist_false_returns_traces_and_writes_nothing(client):
    r = await client.post(
        f"{GEN}/arithmetic/generate", json={"count": 3, "seed": 9, "persist": False}
    )
    assert r.status_code == 201
    body = r.json()
    assert len(body["traces"]) == 3
    assert all(t["id"] is None and t["duplicate"] is False for t in body["traces"])
    assert (body["created_count"], body["duplicate_count"]) == (0, 0)
    assert await _trace_ids(client) == []


async def test_bad_param_is_422_naming_the_field_and_writes_nothing(client):
    r = await client.post(
        f"{GEN}/arithmetic/generate", json={"count": 2, "seed": 1, "params": {"digits": 13}}
    )
    assert r.status_code == 422
    [error] = r.json()["detail"]
    assert error["field"] == "params.digits"
    assert error["loc"] == ["body", "params", "digits"]
    assert "between 1 and 12" in error["msg"]
    assert await _trace_ids(client) == []


async def test_unknown_param_and_cross_field_rule_are_422(client):
    r = await client.post(f"{GEN}/arithmetic/generate", json={"count": 1, "params": {"digitz": 2}})
    assert r.status_code == 422
    assert r.json()["detail"][0]["field"] == "params.digitz"
    r = await client.post(
        f"{GEN}/reverse_word/generate",
        json={"count": 1, "params": {"min_length": 9, "max_length": 3}},
    )
    assert r.status_code == 422
    assert r.json()["detail"][0]["field"] == "params.min_length"
    assert await _trace_ids(client) == []


async def test_unknown_generator_is_404_listing_the_available_ones(client):
    r = await client.post(f"{GEN}/sudoku/generate", json={"count": 1})
    assert r.status_code == 404
    detail = r.json()["detail"]
    assert "sudoku" in detail
    assert "arithmetic, high_card_duel, reverse_word" in detail


async def test_count_out_of_range_is_422(client):
    for count in (0, 10_001):
        r = await client.post(f"{GEN}/arithmetic/generate", json={"count": count})
        assert r.status_code == 422, count
        assert r.json()["detail"][0]["field"] == "count"


# --- High Card Duel paths that older UNGAR scripts call -----------------------------------


async def test_ungar_status_reports_the_builtin_duel(client):
    r = await client.get("/api/ungar/status")
    assert r.status_code == 200
    assert r.json() == {"available": True, "version": "1.0.0"}


async def test_duel_generate_returns_ids_and_previews(client):
    r = await client.post("/api/ungar/high-card-duel/generate", json={"count": 3, "seed": 42})
    assert r.status_code == 201, r.text
    body = r.json()
    assert len(body["trace_ids"]) == 3
    assert [p["trace_id"] for p in body["preview"]] == body["trace_ids"]
    for preview in body["preview"]:
        assert preview["game"] == "high_card_duel"
        assert preview["result"] in {"win", "loss", "tie"}
        assert len(preview["my_card"]) == 2
        stored = (await client.get(f"/api/traces/{preview['trace_id']}")).json()
        assert stored["payload"]["meta"]["my_card_code"] == preview["my_card"]
        assert stored["payload"]["meta"]["generator"] == "high_card_duel"
    again = (
        await client.post("/api/ungar/high-card-duel/generate", json={"count": 3, "seed": 42})
    ).json()
    assert again["preview"] == body["preview"]


async def test_duel_generate_without_persist_writes_nothing(client):
    r = await client.post(
        "/api/ungar/high-card-duel/generate", json={"count": 2, "seed": 1, "persist": False}
    )
    assert r.status_code == 201
    assert r.json()["trace_ids"] == []
    assert [p["trace_id"] for p in r.json()["preview"]] == [None, None]
    assert await _trace_ids(client) == []


async def test_duel_generate_count_over_100_is_422(client):
    r = await client.post("/api/ungar/high-card-duel/generate", json={"count": 101, "seed": 1})
    assert r.status_code == 422
    assert r.json()["detail"][0]["field"] == "count"
    assert await _trace_ids(client) == []


async def test_duel_export_has_the_ungar_line_shape_and_only_duels(client):
    await client.post("/api/traces", json=trace(1))
    await client.post(f"{GEN}/arithmetic/generate", json={"count": 2, "seed": 3})
    duels = (
        await client.post("/api/ungar/high-card-duel/generate", json={"count": 3, "seed": 5})
    ).json()
    r = await client.get("/api/ungar/high-card-duel/export.jsonl")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in r.text.splitlines()]
    assert {line["id"] for line in lines} == set(duels["trace_ids"])
    for line in lines:
        assert set(line) == {"id", "prompts", "trace_steps", "final_answer", "metadata"}
        assert line["metadata"]["generator"] == "high_card_duel"
        assert line["final_answer"] in {"play", "fold"}
        assert isinstance(line["prompts"], str)
        assert len(line["trace_steps"]) == 5
        assert all(isinstance(s, str) for s in line["trace_steps"])
        assert line["trace_steps"][0].startswith("My card is ")
    limited = await client.get("/api/ungar/high-card-duel/export.jsonl", params={"limit": 2})
    assert len(limited.text.splitlines()) == 2


async def test_duels_with_the_same_card_share_one_trace_holding_the_first_deal(client):
    """The reasoning depends only on my card, so there are 52 distinct duel traces.

    A repeated card is a duplicate: same id, and the stored meta keeps the first deal.
    """
    body = (
        await client.post("/api/ungar/high-card-duel/generate", json={"count": 100, "seed": 1})
    ).json()
    first_by_card: dict[str, tuple[str, str]] = {}
    for trace_id, preview in zip(body["trace_ids"], body["preview"], strict=True):
        assert preview["trace_id"] == trace_id
        first_by_card.setdefault(preview["my_card"], (trace_id, preview["result"]))
        assert first_by_card[preview["my_card"]][0] == trace_id
    assert len(set(body["trace_ids"])) == len(first_by_card) <= 52
    for card, (trace_id, result) in first_by_card.items():
        meta = (await client.get(f"/api/traces/{trace_id}")).json()["payload"]["meta"]
        assert (meta["my_card_code"], meta["result"]) == (card, result)
