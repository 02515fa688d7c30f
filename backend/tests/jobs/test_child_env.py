"""What the worker puts in the job process's environment (runner.child_env)."""

import os

from pydantic import SecretStr

from tunix_rt.settings import Settings
from tunix_rt.worker.runner import child_env

KEY = "LLM_JUDGE_API_KEY"  # what training/tunix_rt_training/evaluate.py reads


def test_the_llm_judge_key_from_settings_reaches_the_child(monkeypatch, tmp_path):
    monkeypatch.delenv(KEY, raising=False)
    monkeypatch.chdir(tmp_path)  # no .env file here
    settings = Settings(tunix_rt_home=tmp_path, llm_judge_api_key=SecretStr("sk-from-settings"))
    env = child_env(settings)
    assert env[KEY] == "sk-from-settings"
    assert env["PYTHONUNBUFFERED"] == "1" and env["PATH"] == os.environ["PATH"]
    assert KEY not in os.environ  # passed to the child only, not set in the worker


def test_a_key_read_from_the_env_file_reaches_the_child(monkeypatch, tmp_path):
    monkeypatch.delenv(KEY, raising=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(f"{KEY}=sk-from-dotenv\n")
    assert child_env(Settings(tunix_rt_home=tmp_path))[KEY] == "sk-from-dotenv"


def test_without_a_key_the_child_gets_none(monkeypatch, tmp_path):
    monkeypatch.delenv(KEY, raising=False)
    monkeypatch.chdir(tmp_path)
    assert KEY not in child_env(Settings(tunix_rt_home=tmp_path))
