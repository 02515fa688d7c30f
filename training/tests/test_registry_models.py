"""registry:// model refs in training and generation configs, resolved from the files alone
(the layout the backend writes: models/<name>/<version>/ and models/<name>/aliases/<alias>)."""

import io
import os
import shutil
from pathlib import Path

import orjson
import pytest
from conftest import train_in_process, write_traces

from tunix_rt_training.config import ConfigError, GenerateConfig, TrainConfig, config_from_dict
from tunix_rt_training.events import Reporter
from tunix_rt_training.generate import generate


def fake_registry(home: Path, export: Path, name: str = "arith") -> Path:
    """Version 1 of `name` holding `export`'s files, with alias production -> 1."""
    version = home / "registry" / "models" / name / "1"
    version.mkdir(parents=True)
    for path in export.iterdir():
        shutil.copyfile(path, version / path.name)
    aliases = home / "registry" / "models" / name / "aliases"
    aliases.mkdir()
    (aliases / "production").write_text("1\n")
    return version


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TUNIX_RT_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def test_registry_refs_resolve_to_the_version_directory(home, tmp_path):
    export = tmp_path / "export"
    export.mkdir()
    (export / "config.json").write_text("{}")
    version = fake_registry(home, export)
    for ref in ("registry://arith@1", "registry://arith#production"):
        assert config_from_dict(TrainConfig, {"model": ref}).model == str(version.resolve())
        assert config_from_dict(GenerateConfig, {"model": ref}).model == str(version.resolve())


def test_the_default_registry_is_under_var_in_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.delenv("TUNIX_RT_HOME", raising=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match=f"registry at {os.path.realpath(tmp_path)}/var/registry"):
        config_from_dict(TrainConfig, {"model": "registry://arith@1"})


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("registry://arith@2", "model 'arith' has no version 2"),
        ("registry://arith#staging", "model 'arith' has no alias 'staging'"),
        ("registry://other@1", "no model 'other' in the registry"),
        ("registry://arith", "names no version or alias"),
        ("registry://Arith@1", "model name 'Arith'"),
    ],
)
def test_unresolvable_refs_are_config_errors_naming_the_key(home, tmp_path, ref, message):
    export = tmp_path / "export"
    export.mkdir()
    (export / "config.json").write_text("{}")
    fake_registry(home, export)
    with pytest.raises(ConfigError, match=f"model: .*{message}"):
        config_from_dict(TrainConfig, {"model": ref})


@pytest.mark.slow
def test_a_registry_version_generates_and_fine_tunes(home, trained, traces, tmp_path):
    version = fake_registry(home, trained.run_dir / "export")
    items = write_traces(tmp_path / "items.jsonl", 3, seed=5)
    config = config_from_dict(
        GenerateConfig, {"model": "registry://arith#production", "max_new_tokens": 8}
    )
    result = generate(
        config, items, tmp_path / "preds.jsonl", Reporter(io.BytesIO(), show_progress=False)
    )
    assert result["count"] == 3
    assert len((tmp_path / "preds.jsonl").read_bytes().splitlines()) == 3

    run = train_in_process(
        tmp_path / "from_registry", traces, model="registry://arith@1", max_steps=1
    )
    assert run.outcome.result["model"]["source"] == str(version.resolve())
    assert not (tmp_path / "from_registry" / "tokenizer").exists()  # the version's tokenizer
    meta = orjson.loads((tmp_path / "from_registry" / "export" / "tunix_rt.json").read_bytes())
    assert meta["source_model"] == str(version.resolve())
