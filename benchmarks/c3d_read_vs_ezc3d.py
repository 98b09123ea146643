"""Read time of one long C3D file: ezc3d against gaitchain's reader, in one run.

    .venv/bin/python benchmarks/c3d_read_vs_ezc3d.py [PATH] [--bench BENCH_IO] [--reps N] [--ezc3d-reps M]

Without PATH the file is generated first by the C++ benchmark (`bench_io --write`, a 10-minute, 100 Hz,
60-marker trial with 16 analog channels at 1000 Hz and ~2200 events) into a temporary folder. ezc3d
is timed in this process (`ezc3d.c3d(path)`). gaitchain is timed through `gaitchain.io.read_c3d(path)`
when the Python bindings provide it, otherwise through `bench_io --read-only PATH`, which times
`read_c3d` inside the C++ process and prints `best_seconds=... median_seconds=...` (process start-up
excluded). gaitchain is timed first (see the comment in main). Both sides read the file from the page
cache after a first untimed read; best and median wall-clock times are printed with the ratio
ezc3d / gaitchain.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def find_bench(explicit: str | None) -> Path:
    """bench_io from --bench, $GAITCHAIN_BENCH_IO, or the most recently built build*/benchmarks/bench_io."""
    for candidate in (explicit, os.environ.get("GAITCHAIN_BENCH_IO")):
        if candidate:
            path = Path(candidate)
            if not path.is_file():
                sys.exit(f"bench_io not found at {path}")
            return path
    builds = sorted(REPO.glob("build*/benchmarks/bench_io"), key=lambda p: p.stat().st_mtime, reverse=True)
    if not builds:
        sys.exit("bench_io not found: build it (cmake --build <build> --target bench_io) or pass --bench PATH")
    return builds[0]


def timed(fn, reps: int) -> tuple[float, float]:
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def gaitchain_reader():
    """gaitchain.io.read_c3d if the bindings have it, else None."""
    try:
        from gaitchain import io as gio  # noqa: PLC0415

        return getattr(gio, "read_c3d", None)
    except ImportError:
        return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", help="C3D file to read (default: generate one with bench_io --write)")
    parser.add_argument("--bench", help="path of the bench_io executable")
    parser.add_argument("--reps", type=int, default=7, help="repetitions for gaitchain (default 7)")
    parser.add_argument("--ezc3d-reps", type=int, default=3, help="repetitions for ezc3d (default 3)")
    args = parser.parse_args()

    import ezc3d  # noqa: PLC0415

    with tempfile.TemporaryDirectory(prefix="gaitchain_c3d_bench_") as scratch:
        if args.path:
            path = Path(args.path)
        else:
            path = Path(scratch) / "walk_10min.c3d"
            bench = find_bench(args.bench)
            subprocess.run([str(bench), "--write", str(path)], check=True, stdout=subprocess.DEVNULL)
        size_mb = path.stat().st_size / 1e6
        print(f"file: {path} ({size_mb:.1f} MB)")

        read_c3d = gaitchain_reader()
        if read_c3d is not None:
            read_c3d(str(path))
            gc_best, gc_median = timed(lambda: read_c3d(str(path)), args.reps)
            how = "gaitchain.io.read_c3d (Python)"
        else:
            bench = find_bench(args.bench)
            out = subprocess.run([str(bench), "--read-only", str(path), "--reps", str(args.reps)], check=True,
                                 capture_output=True, text=True).stdout
            match = re.search(r"best_seconds=([0-9.eE+-]+) median_seconds=([0-9.eE+-]+)", out)
            if not match:
                sys.exit(f"unexpected bench_io output:\n{out}")
            gc_best, gc_median = float(match.group(1)), float(match.group(2))
            how = f"read_c3d (C++, {bench.relative_to(REPO) if bench.is_relative_to(REPO) else bench} --read-only)"
        print(f"gaitchain  best {gc_best:8.4f} s  median {gc_median:8.4f} s"
              f"  ({args.reps} reps, {size_mb / gc_best:7.1f} MB/s)  via {how}")
        # ezc3d second: its many small allocations leave a large, already-mapped heap behind, which would
        # spare a reader running after it most page faults (a flattering number for gaitchain).
        ezc3d.c3d(str(path))  # untimed warm-up
        ez_best, ez_median = timed(lambda: ezc3d.c3d(str(path)), args.ezc3d_reps)
        print(f"ezc3d {getattr(ezc3d, '__version__', '?'):<10} best {ez_best:8.4f} s  median {ez_median:8.4f} s"
              f"  ({args.ezc3d_reps} reps, {size_mb / ez_best:7.1f} MB/s)")
        print(f"ratio ezc3d / gaitchain: best {ez_best / gc_best:.1f}x, median {ez_median / gc_median:.1f}x")


if __name__ == "__main__":
    main()
