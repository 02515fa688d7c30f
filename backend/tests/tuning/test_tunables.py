"""GET /api/tuning/tunables describes exactly what a search space is allowed to name."""

from tests.tuning.helpers import create, search


async def test_tunables_list_kinds_types_defaults_and_bounds(client):
    r = await client.get("/api/tuning/tunables")
    assert r.status_code == 200, r.text
    by_name = {t["name"]: t for t in r.json()}
    assert by_name["learning_rate"] == {
        "name": "learning_rate", "takes": "float",
        "types": ["choice", "uniform", "loguniform", "quniform", "randint"],
        "default": 0.003, "choices": None, "minimum": 0.0, "maximum": 10.0,
        "exclusive_minimum": True, "exclusive_maximum": False,
    }  # fmt: skip
    assert by_name["batch_size"]["types"] == ["choice", "randint", "quniform"]
    assert (by_name["batch_size"]["minimum"], by_name["batch_size"]["maximum"]) == (1, 4096)
    assert by_name["schedule"]["choices"] == ["cosine", "linear", "constant"]
    assert by_name["lora.rank"]["default"] == 8
    assert by_name["warmup_ratio"]["exclusive_maximum"] is True


async def test_every_listed_tunable_is_accepted_and_others_are_not(client):
    listed = (await client.get("/api/tuning/tunables")).json()
    await create(client)  # builds the dataset the searches below use
    for tunable in listed:
        value = tunable["choices"][0] if tunable["choices"] else tunable["default"]
        space = {tunable["name"]: {"type": "choice", "values": [value]}}
        body = search(search_space=space, fixed_config={"eval_every_n_steps": 10})
        r = await client.post("/api/tuning/jobs", json=body)
        assert r.status_code == 201, (tunable["name"], r.text)
    r = await client.post(
        "/api/tuning/jobs",
        json=search(search_space={"dropout": {"type": "uniform", "min": 0, "max": 0.5}}),
    )
    assert r.status_code == 422
    assert r.json()["known"] == [t["name"] for t in listed]


async def test_a_type_a_tunable_does_not_list_is_refused(client):
    listed = {t["name"]: t for t in (await client.get("/api/tuning/tunables")).json()}
    assert "uniform" not in listed["batch_size"]["types"]
    await create(client)
    r = await client.post(
        "/api/tuning/jobs",
        json=search(search_space={"batch_size": {"type": "uniform", "min": 8, "max": 16}}),
    )
    assert r.status_code == 422 and "batch_size" in r.text
