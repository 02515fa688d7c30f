"""registry:// refs: parsing (pure) and resolution through the database or the files alone."""

import pytest

from tests.registry.helpers import create_model, move, promote, succeeded_run
from tunix_rt.core.registry_refs import RegistryRef, parse_ref, resolve_dir
from tunix_rt.registry.service import resolve_ref


def test_refs_name_a_version_or_an_alias():
    assert parse_ref("registry://arith@3") == RegistryRef("arith", version=3)
    assert parse_ref("registry://arith.v2_x-y#production") == RegistryRef(
        "arith.v2_x-y", alias="production"
    )
    assert str(RegistryRef("arith", version=3)) == "registry://arith@3"
    assert str(RegistryRef("arith", alias="staging")) == "registry://arith#staging"


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("arith@3", "not a registry reference"),
        ("registry://arith", "names no version or alias"),
        ("registry://arith@", "must be a positive integer"),
        ("registry://arith@0", "must be a positive integer"),
        ("registry://arith@v3", "must be a positive integer"),
        ("registry://arith#", "alias ''"),
        ("registry://arith#Prod", "alias 'Prod'"),
        ("registry://arith#1", "alias '1'"),
        ("registry://Arith@1", "model name 'Arith'"),
        ("registry://@1", "model name ''"),
        ("registry://a@1#b", "both '@' and '#'"),
    ],
)
def test_malformed_refs_say_what_is_wrong(ref, message):
    with pytest.raises(ValueError, match=message):
        parse_ref(ref)


async def test_refs_resolve_to_the_version_directory_in_the_backend_and_on_disk(
    client, sessions, app
):
    await create_model(client, "arith")
    run_id = await succeeded_run(client, sessions, app)
    v1 = await promote(client, "arith", run_id)
    v2 = await promote(client, "arith", run_id)
    await move(client, "arith", "production", version=1)
    root = app.state.settings.registry_dir.resolve()
    async with sessions() as s:
        path, row = await resolve_ref(s, app.state.settings, "registry://arith@2")
        assert (str(path), row.id) == (v2["path"], v2["id"])
        path, row = await resolve_ref(s, app.state.settings, "registry://arith#production")
        assert (str(path), row.id) == (v1["path"], v1["id"])
    # The training CLI resolves with the files alone, aliases included.
    assert str(resolve_dir(root, "registry://arith#production")) == v1["path"]
    assert str(resolve_dir(root, "registry://arith@2")) == v2["path"]
    await move(client, "arith", "production", version=2)
    assert str(resolve_dir(root, "registry://arith#production")) == v2["path"]


async def test_unresolvable_refs_are_clear_errors(client, sessions, app):
    from tunix_rt.errors import ApiError

    await create_model(client, "arith")
    await promote(client, "arith", await succeeded_run(client, sessions, app))
    cases = [
        ("registry://arith", 422, "names no version or alias"),
        ("registry://nope@1", 404, "no model named 'nope'"),
        ("registry://arith@7", 404, "has no version 7"),
        ("registry://arith#staging", 404, "has no alias 'staging'"),
    ]
    async with sessions() as s:
        for ref, status, message in cases:
            with pytest.raises(ApiError) as caught:
                await resolve_ref(s, app.state.settings, ref)
            assert caught.value.status_code == status, ref
            assert message in caught.value.detail and ref in caught.value.detail
    root = app.state.settings.registry_dir
    for ref, message in [
        ("registry://nope@1", "no model 'nope'"),
        ("registry://arith@7", "has no version 7"),
        ("registry://arith#staging", "has no alias 'staging'"),
    ]:
        with pytest.raises(ValueError, match=message):
            resolve_dir(root, ref)
