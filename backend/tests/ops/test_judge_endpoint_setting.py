"""LLM_JUDGE_BASE_URL is stored with every evaluation it scores, so it may hold no secret."""

import pytest
from pydantic import ValidationError

from tunix_rt.settings import Settings


@pytest.mark.parametrize(
    "url",
    [
        "https://user:sk-secret@judge.example/v1",
        "https://judge.example/v1?api-key=sk-secret",
        "https://judge.example/v1#sk-secret",
    ],
)
def test_an_endpoint_carrying_a_secret_is_refused(url, tmp_path):
    with pytest.raises(ValidationError, match="put the key in LLM_JUDGE_API_KEY") as caught:
        Settings(tunix_rt_home=tmp_path, llm_judge_base_url=url)
    assert "sk-secret" not in str(caught.value)  # a startup error is logged


@pytest.mark.parametrize("url", ["judge.example/v1", "ftp://judge.example/v1"])
def test_an_endpoint_must_be_an_http_url(url, tmp_path):
    with pytest.raises(ValidationError, match="must be an http"):
        Settings(tunix_rt_home=tmp_path, llm_judge_base_url=url)


def test_a_plain_endpoint_is_kept_and_an_empty_one_means_none(tmp_path):
    url = "http://127.0.0.1:8080/v1/"
    assert Settings(tunix_rt_home=tmp_path, llm_judge_base_url=url).llm_judge_base_url == url
    assert Settings(tunix_rt_home=tmp_path, llm_judge_base_url="").llm_judge_base_url is None
