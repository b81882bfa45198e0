"""Checking a dataset of turn records too big for one process, on a Dask cluster.

    pip install '.[dask]'
    python -m checker.distributed 'calls/*.parquet' --out findings/ --scheduler tcp://10.0.0.5:8786
    python -m checker.distributed calls.csv --out findings/ --workers 2      # a local cluster

or from Python::

    from checker import distributed
    distributed.check(["calls/*.parquet"], "findings/", client=client, layout=Layout.parse("call=call_id"))

The records (Parquet, or CSV) are read as a ``dask.dataframe``; a shuffle on
the call id puts every turn of a call in one partition (so calls need not be
contiguous here, unlike the stream of runner.py); each partition is checked
by the same code as one process (calls.py: roles inferred when unnamed,
masking, the rules version) and written as Parquet, one row per finding with
the columns of the JSON Lines output except ``line`` (a record's line in a
file means nothing once the data is shuffled). Turns are numbered from the
turn column when there is one, else in input order (partition by partition,
row by row). A record without a call id, speaker or text is skipped and
counted. The engine is built once per worker process from the rules bundle
and settings the client sends.

Dask rather than Spark: it is Python end to end (no JVM on the workers or in
CI), reads and writes Parquet through pyarrow, and runs the same code on a
laptop's LocalCluster as on a cluster.
"""

import argparse
import logging
import sys
import time
from pathlib import Path

import dask.dataframe as dd
import pandas as pd
import pyarrow as pa
import pyarrow.dataset as pads

from . import config
from .calls import check_call, rows_of, rules_version
from .errors import CheckerError
from .facade import TeamChecker
from .records import FIELDS, REQUIRED, Call, Layout, Turn, finish

ORDER = "_order"
COLUMNS = [
    ("call", pa.string()), ("turn", pa.int64()), ("role", pa.string()), ("speaker", pa.string()),
    ("role_inferred", pa.bool_()), ("agent", pa.string()), ("queue", pa.string()), ("rule", pa.string()),
    ("category", pa.string()), ("severity", pa.string()), ("kind", pa.string()), ("start", pa.int64()),
    ("end", pa.int64()), ("match", pa.string()), ("message", pa.string()), ("suggestions", pa.list_(pa.string())),
    ("rules_version", pa.string()),
]
SCHEMA = pa.schema(COLUMNS)
META = pd.DataFrame({name: pd.Series(dtype="int64" if t == pa.int64() else "bool" if t == pa.bool_() else "object") for name, t in COLUMNS})

_teams = {}  # per worker process: (rules version) -> TeamChecker


def _team(settings, rules_path, version):
    if version not in _teams:
        _teams[version] = TeamChecker(settings, rules_path=rules_path)
    return _teams[version]


def read(paths, layout, input_format=None, encoding=None, blocksize="64MB"):
    """The records as a dask DataFrame with the fields' own names (call, role, text, …) and an input order."""
    paths = [str(p) for p in paths]
    fmt = input_format or ("csv" if all(p.lower().endswith(".csv") for p in paths) else "parquet")
    cols = layout.columns
    if fmt == "csv":
        frame = dd.read_csv(paths, dtype=str, keep_default_na=False, encoding=encoding or "utf-8-sig", blocksize=blocksize)
    elif fmt == "parquet":
        frame = dd.read_parquet(paths)
    else:
        raise CheckerError(f"the distributed run reads parquet or csv, not {fmt}")
    present = list(frame.columns)
    missing = [cols[f] for f in REQUIRED if cols[f] not in present] + [cols[f] for f in sorted(layout.named) if cols[f] not in present]
    if missing:
        raise CheckerError(f"{paths[0]}: no column {', '.join(map(repr, missing))}; it has {', '.join(map(repr, present))}")
    wanted = {cols[f]: f for f in FIELDS if cols[f] in present}
    frame = frame[list(wanted)].rename(columns=wanted)
    return frame.map_partitions(_with_order, meta={**{c: frame[c].dtype for c in frame.columns}, ORDER: "int64"})


def _with_order(df, partition_info=None):
    number = partition_info["number"] if partition_info else 0
    df = df.copy()
    df[ORDER] = (number << 32) + pd.RangeIndex(len(df)).to_numpy()
    return df


def _text(value):
    if value is None or (isinstance(value, float) and value != value):
        return None
    return value if isinstance(value, str) else str(value)


def check_partition(df, settings, rules_path, version, layout, role="agent", lang=None, mask=True):
    """The findings (a pandas DataFrame like ``META``) of the calls in one partition."""
    team = _team(settings, rules_path, version)
    rows = []
    if len(df):
        df = df.sort_values(["call", ORDER], kind="stable")
        has = set(df.columns)
        for call_id, group in df.groupby("call", sort=False):
            call_id = _text(call_id)
            turns = []
            agent = queue = None
            for record in group.itertuples(index=False):
                fields = record._asdict()
                speaker, text = _text(fields.get("role")), _text(fields.get("text"))
                if call_id is None or speaker is None or text is None:
                    continue
                number = None
                if "turn" in has and _text(fields["turn"]) not in (None, ""):
                    number = int(float(fields["turn"]))
                turns.append(Turn(0, number, speaker, text))
                agent = agent or _text(fields.get("agent")) or None
                queue = queue or _text(fields.get("queue")) or None
            if not turns:
                continue
            call = finish(Call(call_id.strip(), 0, turns, agent, queue), layout)
            checked = check_call(team.engine, team.settings, call, role, lang)
            for row in rows_of(call, checked, version, mask):
                del row["line"]
                rows.append(row)
    out = pd.DataFrame(rows, columns=list(META.columns))
    return out.astype(META.dtypes.to_dict()) if len(out) else META.copy()


def check(paths, out, client=None, layout=None, settings=None, rules_path=None, role="agent", lang=None, mask=True,
          input_format=None, encoding=None, partitions=None):
    """Check the records in ``paths`` and write the findings under ``out`` as Parquet; ``(turns, findings)``."""
    layout = layout or Layout()
    settings = settings or config.Settings()
    version = rules_version(settings, rules_path)
    TeamChecker(settings, rules_path=rules_path)  # settings or team rules that do not compile fail here, once
    frame = read(paths, layout, input_format, encoding)
    turns = frame.shape[0]
    if not partitions:
        workers = len(client.scheduler_info()["workers"]) if client else 1
        partitions = max(frame.npartitions, 2 * workers)
    shuffled = frame.shuffle(on="call", npartitions=partitions)
    findings = shuffled.map_partitions(
        check_partition, settings, str(rules_path) if rules_path else None, version, layout, role, lang, mask, meta=META,
    )
    write = findings.to_parquet(str(out), schema=SCHEMA, write_index=False, compute=False)
    counted, _ = (client.compute([turns, write], sync=True) if client else dd.compute(turns, write))
    return int(counted), pads.dataset(str(out), format="parquet").count_rows()


def main(argv=None):
    p = argparse.ArgumentParser(prog="python -m checker.distributed", description="Check turn records (Parquet or CSV) on a Dask cluster; findings as Parquet.")
    p.add_argument("inputs", nargs="+", metavar="PATH", help="Parquet files or folders, or CSV files (globs allowed)")
    p.add_argument("--out", required=True, type=Path, help="folder for the findings (Parquet, one file per partition)")
    where = p.add_mutually_exclusive_group()
    where.add_argument("--scheduler", metavar="ADDRESS", help="a running Dask scheduler, e.g. tcp://10.0.0.5:8786")
    where.add_argument("--workers", type=int, default=2, help="without --scheduler: a local cluster of this many worker processes (default: 2)")
    p.add_argument("--columns", metavar="MAP", help="as for python -m checker")
    p.add_argument("--roles", metavar="MAP", help="as for python -m checker")
    p.add_argument("--role", choices=["agent", "customer", "all"], default="agent")
    p.add_argument("--lang", choices=["zh", "en"])
    p.add_argument("--input-format", choices=["parquet", "csv"])
    p.add_argument("--encoding", help="CSV encoding (default: UTF-8, with or without BOM)")
    p.add_argument("--partitions", type=int, help="partitions after the shuffle on the call id (default: as read, at least two per worker)")
    p.add_argument("--config", type=Path, help="team settings file (default: the nearest .phrasecheck.yml)")
    p.add_argument("--no-config", action="store_true")
    p.add_argument("--rules", type=Path, help="compiled rule bundle (default: the built-in rules)")
    p.add_argument("--no-mask", action="store_true")
    args = p.parse_args(argv)
    from dask.distributed import Client, LocalCluster

    try:
        settings = config.find([str(i) for i in args.inputs], args.config, args.no_config)
        layout = Layout.parse(args.columns, args.roles, settings.records)
        cluster = None if args.scheduler else LocalCluster(
            n_workers=args.workers, threads_per_worker=1, processes=True, dashboard_address=None, silence_logs=logging.ERROR,
        )
        with Client(args.scheduler or cluster) as client:
            started = time.perf_counter()
            turns, findings = check(
                args.inputs, args.out, client, layout, settings, args.rules, args.role, args.lang, not args.no_mask,
                args.input_format, args.encoding, args.partitions,
            )
            seconds = time.perf_counter() - started
        if cluster:
            cluster.close()
    except CheckerError as exc:
        print(f"python -m checker.distributed: error: {exc}", file=sys.stderr)
        return 2
    print(f"Checked {turns:,} turns: {findings:,} findings in {args.out}; {seconds:.1f} s, {turns / seconds:,.0f} turns/s", file=sys.stderr)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
