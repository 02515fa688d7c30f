import pytest

from tunix_rt_training.config import (
    ConfigError,
    GenerateConfig,
    TrainConfig,
    config_from_dict,
    load_train_config,
)


def test_defaults_resolve_to_a_complete_plain_dict():
    resolved = config_from_dict(TrainConfig, {}).resolved()
    assert resolved["model"] == "tiny" and resolved["template"] == "chatml"
    assert resolved["mesh"] == {"fsdp": 1, "tp": 1} and resolved["lora"] is None
    assert set(resolved) >= {"learning_rate", "schedule", "max_steps", "num_epochs", "device"}


def test_unknown_key_is_named_with_a_suggestion():
    with pytest.raises(
        ConfigError, match=r"lerning_rate: unknown key \(did you mean 'learning_rate'\?\)"
    ):
        config_from_dict(TrainConfig, {"lerning_rate": 0.1})


def test_bad_nested_key_and_value_are_named_with_dotted_paths():
    with pytest.raises(ConfigError) as info:
        config_from_dict(TrainConfig, {"lora": {"rank": 0, "alfa": 2}, "mesh": {"tp": -1}})
    message = str(info.value)
    assert "lora.rank:" in message and "lora.alfa: unknown key" in message
    assert "mesh.tp:" in message


def test_enum_values_list_what_is_allowed():
    with pytest.raises(ConfigError, match=r"schedule: .*'cosine', 'linear' or 'constant'"):
        config_from_dict(TrainConfig, {"schedule": "exponential"})
    with pytest.raises(ConfigError, match="template: unknown chat template 'alpaca'"):
        config_from_dict(TrainConfig, {"template": "alpaca"})


def test_batch_must_split_over_the_fsdp_axis():
    with pytest.raises(ConfigError, match=r"batch_size: 6 must be divisible by mesh\.fsdp=4"):
        config_from_dict(TrainConfig, {"batch_size": 6, "mesh": {"fsdp": 4}})


def test_yaml_file_loads_and_keeps_yaml_numbers(tmp_path):
    path = tmp_path / "run.yaml"
    path.write_text("learning_rate: 1e-3\nlora:\n  rank: 4\nmax_steps: 10\n")
    config = load_train_config(path)
    assert config.learning_rate == 1e-3 and config.lora is not None and config.lora.rank == 4
    assert not config.full_finetune and config.total_steps(1000) == 10


def test_unreadable_or_non_mapping_files_fail_clearly(tmp_path):
    with pytest.raises(ConfigError, match="cannot read config file"):
        load_train_config(tmp_path / "missing.yaml")
    (tmp_path / "list.yaml").write_text("- 1\n- 2\n")
    with pytest.raises(ConfigError, match="top level must be a mapping"):
        load_train_config(tmp_path / "list.yaml")


def test_epochs_become_steps_of_the_effective_batch():
    config = config_from_dict(
        TrainConfig, {"num_epochs": 2, "batch_size": 8, "gradient_accumulation_steps": 2}
    )
    assert config.total_steps(100) == 13  # ceil(200 / 16)


def test_lora_without_target_modules_means_full_finetune():
    assert config_from_dict(TrainConfig, {"lora": {"target_modules": None}}).full_finetune


def test_generate_config_requires_a_model_and_checks_sampling():
    with pytest.raises(ConfigError, match=r"^invalid config: model: required$"):
        config_from_dict(GenerateConfig, {})
    with pytest.raises(ConfigError, match="top_p"):
        config_from_dict(GenerateConfig, {"model": "m", "top_p": 1.5})
    assert not config_from_dict(GenerateConfig, {"model": "m"}).sampling
