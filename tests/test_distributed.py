"""The distributed run (checker/distributed.py, the dask extra) finds what one process finds, record for record."""

import json

import pytest

pytest.importorskip("dask.distributed")
pd = pytest.importorskip("pandas")

from checker import distributed  # noqa: E402
from checker.cli import main  # noqa: E402
from checker.records import Layout  # noqa: E402

from .calls_data import records, write_csv, write_jsonl  # noqa: E402

COLUMNS = "call=call_id,role=speaker,agent=agent_id"
KEY = ("call", "turn", "rule", "start")


@pytest.fixture(scope="module")
def client():
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, Client(cluster) as client:
        yield client


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dataset")
    rows = list(records(calls=400, seed=11))
    write_jsonl(folder / "calls.jsonl", rows)
    write_csv(folder / "calls.csv", rows)
    # Two Parquet files, so that the calls are spread over partitions before the shuffle.
    frame = pd.DataFrame(rows)
    half = len(frame) // 2
    (folder / "parquet").mkdir()
    frame.iloc[:half].to_parquet(folder / "parquet" / "part-0.parquet")
    frame.iloc[half:].to_parquet(folder / "parquet" / "part-1.parquet")
    return folder


def local_run(capsys, path, bundle):
    assert main(["--rules", str(bundle), "--no-config", str(path), "--columns", COLUMNS, "--format", "jsonl", "--quiet"]) == 1
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    for row in rows:
        del row["line"]
    return sorted(rows, key=lambda r: tuple(r[k] for k in KEY))


def distributed_run(client, paths, out, bundle):
    turns, findings = distributed.check(paths, out, client, Layout.parse(COLUMNS), rules_path=bundle, partitions=3)
    frame = pd.read_parquet(out)
    rows = []
    for row in frame.to_dict("records"):
        row["suggestions"] = list(row["suggestions"])
        row["turn"], row["start"], row["end"] = int(row["turn"]), int(row["start"]), int(row["end"])
        row["role_inferred"] = bool(row["role_inferred"])
        row["queue"] = row["queue"] if isinstance(row["queue"], str) else None
        rows.append(row)
    assert findings == len(rows)
    return turns, sorted(rows, key=lambda r: tuple(r[k] for k in KEY))


def test_parquet_on_two_workers_equals_one_process(client, dataset, tmp_path, capsys, fixture_bundle):
    local = local_run(capsys, dataset / "calls.jsonl", fixture_bundle)
    turns, found = distributed_run(client, [dataset / "parquet"], tmp_path / "out", fixture_bundle)
    assert turns == sum(1 for _ in open(dataset / "calls.jsonl"))
    assert len(local) > 100 and any(r["role_inferred"] for r in local)
    assert found == local


def test_csv_on_two_workers_equals_one_process(client, dataset, tmp_path, capsys, fixture_bundle):
    local = local_run(capsys, dataset / "calls.csv", fixture_bundle)
    _, found = distributed_run(client, [dataset / "calls.csv"], tmp_path / "out", fixture_bundle)
    assert found == local


def test_missing_column_is_an_input_error(client, dataset, tmp_path, fixture_bundle):
    from checker.errors import CheckerError

    with pytest.raises(CheckerError, match="no column 'call'"):
        distributed.check([dataset / "parquet"], tmp_path / "out", client, Layout(), rules_path=fixture_bundle)
