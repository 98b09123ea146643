"""Reads every C3D/TRC file of ../shared/data and prints the Markdown table of docs/validation.md
("Reading lab files"): what loads, and how it agrees with INVENTORY.txt and with ezc3d.

    .venv/bin/python benchmarks/io_validation.py
"""
import importlib.util
import pathlib

import numpy as np

import gaitchain as gc

ROOT = pathlib.Path(__file__).resolve().parents[1]
spec = importlib.util.spec_from_file_location("inventory", ROOT / "tests/python/test_io_real_files.py")
inventory = importlib.util.module_from_spec(spec)
spec.loader.exec_module(inventory)
try:
    import ezc3d
except ImportError:
    ezc3d = None


def ezc3d_difference(path, raw):
    if ezc3d is None:
        return "n/a"
    try:
        theirs = ezc3d.c3d(str(path))
    except Exception as e:  # noqa: BLE001 - report what ezc3d says
        return f"ezc3d fails ({type(e).__name__})"
    points = np.transpose(theirs["data"]["points"][:3], (2, 1, 0))
    n = min(len(points), len(raw["points"]))
    mine = raw["points"][:n]
    valid = ~np.isnan(mine)
    worst = np.abs(mine[valid] - points[:n][valid]).max() if valid.any() else 0.0
    return f"{worst:.1e} {raw['point_units']}"


print("| file | frames | rate Hz | markers | events (match) | worst event dt s | plate contacts (worst dt, samples) | max point diff vs ezc3d | notes |")
print("|---|---|---|---|---|---|---|---|---|")
for path in sorted(p for p in inventory.DATA.rglob("*") if p.suffix.lower() in (".c3d", ".trc")):
    relative = str(path.relative_to(inventory.DATA))
    short = relative.split("/")[-1]
    try:
        trial = gc.read(path)
    except gc.Error as e:
        print(f"| {short} | - | - | - | - | - | - | - | error: {str(e).split(': ', 1)[1]} |")
        continue
    expect = inventory.INVENTORY.get(relative)
    events = f"{len(trial.events)}"
    worst_event = "-"
    contacts = "-"
    if expect:
        ok = trial.frame_count == expect["frames"] and len(trial.marker_names) == expect["markers"]
        if "events" in expect and expect["events"]:
            got = [t for t, _, _ in trial.events.itertuples(index=False)]
            worst_event = f"{max(abs(a - b[0]) for a, b in zip(got, expect['events'])):.1e}"
            ok &= len(got) == len(expect["events"])
        events += " (yes)" if ok else " (NO)"
        plates = {p.name: p for p in trial.force_plates}
        worst = 0.0
        for name, intervals in expect.get("contacts", {}).items():
            found = inventory.contacts(plates[name])
            for (s, e), (se, ee) in zip(found, intervals or []):
                worst = max(worst, abs(s - se) * plates[name].rate, abs(e - ee) * plates[name].rate)
        if expect.get("contacts"):
            contacts = f"{sum(len(v or []) for v in expect['contacts'].values())} ({worst:.1f})"
    diff = ezc3d_difference(path, gc.io.read_c3d(path)) if path.suffix.lower() == ".c3d" else "-"
    notes = "; ".join(n for n in trial.notes if not n.startswith(("converted", "left out", "vertical")))
    print(f"| {short} | {trial.frame_count} | {trial.rate:g} | {len(trial.marker_names)} | {events} | {worst_event} | "
          f"{contacts} | {diff} | {notes} |")
