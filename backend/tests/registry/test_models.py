from tests.factories import row_count
from tests.registry.helpers import create_model
from tunix_rt.registry.models import RegisteredModelRow


async def test_a_model_is_created_with_description_and_tags_and_read_by_name(client):
    created = await create_model(client, "arith", description="sums", tags=["math", "tiny"])
    assert created["name"] == "arith" and created["description"] == "sums"
    assert created["tags"] == ["math", "tiny"]
    assert created["version_count"] == 0 and created["latest_version"] is None
    assert created["aliases"] == {}
    got = (await client.get("/api/models/arith")).json()
    assert got == created


async def test_a_duplicate_name_is_a_409_and_stores_nothing(client, sessions):
    await create_model(client, "arith")
    r = await client.post("/api/models", json={"name": "arith"})
    assert r.status_code == 409 and "already exists" in r.json()["detail"]
    assert await row_count(sessions, RegisteredModelRow) == 1


async def test_names_must_be_usable_in_registry_refs(client, sessions):
    for name in ["Arith", "has space", "-dash", "a/b", "", "x" * 101, "versions"]:
        r = await client.post("/api/models", json={"name": name})
        assert r.status_code == 422, (name, r.text)
        assert r.json()["detail"][0]["field"] == "name"
    assert await row_count(sessions, RegisteredModelRow) == 0


async def test_models_are_listed_by_name_and_filtered_by_tag(client):
    await create_model(client, "b-model", tags=["math"])
    await create_model(client, "a-model", tags=["math", "cards"])
    await create_model(client, "c-model")
    page = (await client.get("/api/models")).json()
    assert [m["name"] for m in page["data"]] == ["a-model", "b-model", "c-model"]
    math = (await client.get("/api/models", params={"tag": "math"})).json()
    assert [m["name"] for m in math["data"]] == ["a-model", "b-model"]
    cards = (await client.get("/api/models", params={"tag": "cards"})).json()
    assert [m["name"] for m in cards["data"]] == ["a-model"]
    first = (await client.get("/api/models", params={"limit": 2})).json()
    assert len(first["data"]) == 2 and first["pagination"]["next_offset"] == 2


async def test_patch_changes_only_the_given_fields(client):
    await create_model(client, "arith", description="old", tags=["a"])
    r = await client.patch("/api/models/arith", json={"tags": ["b", "b", "c"]})
    assert r.status_code == 200, r.text
    assert r.json()["tags"] == ["b", "c"] and r.json()["description"] == "old"
    r = await client.patch("/api/models/arith", json={"description": "new"})
    assert r.json()["description"] == "new" and r.json()["tags"] == ["b", "c"]
    assert (await client.patch("/api/models/arith", json={"name": "x"})).status_code == 422


async def test_unknown_model_is_404(client):
    r = await client.get("/api/models/nope")
    assert r.status_code == 404 and "model 'nope' not found" in r.json()["detail"]
    assert (await client.get("/api/models/nope/versions")).status_code == 404
    assert (await client.patch("/api/models/nope", json={})).status_code == 404
