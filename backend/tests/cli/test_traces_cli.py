"""`tunix-rt traces import|export` against a running server."""

import json

from tests.cli.helpers import read_jsonl, run_cli, write_traces


def test_import_stores_every_line_and_reports_counts(server, source, tmp_path):
    path = write_traces(tmp_path / "traces.jsonl", source, 25)

    result = run_cli("traces", "import", str(path), "--url", server.url)

    assert result.exit_code == 0, result.output
    assert "25 lines read, 25 imported, 0 duplicates" in result.stdout
    assert len(server.traces(source=source)) == 25


def test_importing_the_same_file_again_counts_duplicates(server, source, tmp_path):
    path = write_traces(tmp_path / "traces.jsonl", source, 5)
    run_cli("traces", "import", str(path), "--url", server.url)

    result = run_cli("traces", "import", str(path), "--url", server.url)

    assert result.exit_code == 0, result.output
    assert "0 imported, 5 duplicates" in result.stdout
    assert len(server.traces(source=source)) == 5


def test_bad_lines_fail_the_import_list_line_numbers_and_write_nothing(server, source, tmp_path):
    path = write_traces(tmp_path / "traces.jsonl", source, 4)
    lines = path.read_text().splitlines()
    lines[2] = "{not json"
    lines.append(json.dumps({"trace_version": "1", "meta": {"source": source}}))
    path.write_text("\n".join(lines) + "\n")

    result = run_cli("traces", "import", str(path), "--url", server.url)

    assert result.exit_code == 1
    assert "2 bad line(s) in 5; nothing was imported" in result.stderr
    assert "line 3: invalid JSON" in result.stderr
    assert "line 5: prompt: Field required" in result.stderr
    assert "--on-error skip" in result.stderr
    assert server.traces(source=source) == []


def test_skip_mode_imports_the_good_lines_and_lists_the_bad(server, source, tmp_path):
    path = write_traces(tmp_path / "traces.jsonl", source, 4)
    path.write_text(path.read_text() + "{not json\n")

    result = run_cli("traces", "import", str(path), "--on-error", "skip", "--url", server.url)

    assert result.exit_code == 0, result.output
    assert "4 imported, 0 duplicates, 1 bad lines skipped" in result.stdout
    assert "line 5: invalid JSON" in result.stderr
    assert len(server.traces(source=source)) == 4


def test_export_writes_matching_traces_to_a_file(server, source, tmp_path):
    run_cli(
        "traces",
        "import",
        str(write_traces(tmp_path / "in.jsonl", source, 12)),
        "--url",
        server.url,
    )
    out = tmp_path / "out.jsonl"

    result = run_cli("traces", "export", "--source", source, "--out", str(out), "--url", server.url)

    assert result.exit_code == 0, result.output
    assert f"wrote 12 traces to {out}" in result.stderr
    records = read_jsonl(out)
    assert len(records) == 12
    assert {r["meta"]["source"] for r in records} == {source}
    assert not (tmp_path / "out.jsonl.part").exists()


def test_exported_file_imports_again_as_duplicates(server, source, tmp_path):
    run_cli(
        "traces", "import", str(write_traces(tmp_path / "in.jsonl", source, 3)), "--url", server.url
    )
    out = tmp_path / "out.jsonl"
    run_cli("traces", "export", "--source", source, "--out", str(out), "--url", server.url)

    result = run_cli("traces", "import", str(out), "--url", server.url)

    assert result.exit_code == 0, result.output
    assert "3 lines read, 0 imported, 3 duplicates" in result.stdout


def test_export_to_stdout_honours_meta_filter_and_limit(server, source, tmp_path):
    run_cli(
        "traces", "import", str(write_traces(tmp_path / "in.jsonl", source, 8)), "--url", server.url
    )

    result = run_cli(
        "traces", "export", "--meta", f"source={source}", "--limit", "5", "--url", server.url
    )

    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == 5
    assert {r["meta"]["source"] for r in records} == {source}
    assert "wrote 5 traces to stdout" in result.stderr


def test_url_comes_from_the_environment(server, source):
    result = run_cli("traces", "export", "--source", source, env={"TUNIX_RT_URL": server.url})

    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "wrote 0 traces to stdout" in result.stderr


def test_invalid_filter_prints_the_server_message_and_exits_1(server):
    result = run_cli("traces", "export", "--meta", "no-equals-sign", "--url", server.url)

    assert result.exit_code == 1
    assert "HTTP 422" in result.stderr
    assert "meta filter 'no-equals-sign' must look like key=value" in result.stderr
    assert result.stdout == ""
