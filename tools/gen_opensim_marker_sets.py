#!/usr/bin/env python3
"""Generates src/model/marker_sets/gait2354.txt and rajagopal.txt from OpenSim's own marker sets.

Rerun from the repository root with the project's virtualenv, which has `opensim` (4.6) and an
installed `gaitchain` (pip install .):

    .venv/bin/python tools/gen_opensim_marker_sets.py [--data ../shared/data] [--check]

--check prints the neutral-pose inter-marker distances next to the subject's static trial.

Sources (../shared/data, see its README.md):
  gait2354   Models/Gait2354_Simbody/gait2354_simbody.osim (generic model) with
             Pipelines/Gait2354_Simbody/gait2354_Scale_MarkerSet.xml; names and order of
             subject01_static.trc.
  rajagopal  opensim-core example3DWalking/subject_walk_scaled.osim: the Rajagopal 2016 model scaled to
             the subject of Pipelines/Rajagopal/ExpData (motion_capture_walk.trc is byte-identical to that
             example's markers_walk.trc) with its markers placed on that subject, all 65 of them (walking,
             static-only and virtual). Pipelines/Rajagopal/Scale/subject_scaled_walk_markerset.xml holds
             only the 41 walking markers, placed on a differently scaled model that is not in the data;
             markerset_walk_preScale.xml stacks the cluster markers 2 cm apart as placeholders. Names and
             order of static_walk_1.trc.

How a marker moves from OpenSim's model to our 1.75 m template. Both models stand in their default pose
(all coordinates 0), where every body frame is parallel to the ground in both. OpenSim ground axes
(X forward, Y up, Z right) become ours (X forward, Y left, Z up): (x, y, z) -> (x, -z, y). Each OpenSim
body maps to one of our segments (patella -> tibia; arms and head are not in our chain and are left
out, and so are markers that no trial of the set uses) and to a reference point found in both models:
  pelvis            mid-ASIS (midpoint of the two ASIS markers; our pelvis origin)
  femur             hip joint centre (OpenSim: the femur origin)
  tibia, patella    knee centre (midpoint of the femoral epicondyle markers)
  talus/calcn/toes  ankle centre (midpoint of the malleolus markers)
  torso             L5/S1 (OpenSim: the torso origin)
Knee and ankle use the marker midpoints, not OpenSim's joint frames, because our knee and ankle centres
are the midpoints of those landmarks (as in Plug-in Gait); OpenSim's ankle axis lies 2-3 cm below them.
A marker keeps its offset from its reference point, in metres, with one exception: on the thigh and
the shank it keeps its fraction along the segment, so a marker t of the way from the proximal to the
distal centre (projected on the segment axis) stays t of the way on our segment, and its offset across
the axis is kept in metres. Markers at the knee or ankle therefore stay at our knee or ankle, however
OpenSim's segment lengths differ from ours. Widths and the foot are not scaled: OpenSim's generic
gait2354 stands about 1.7 m tall and the Rajagopal subject about 1.8 m, both close to our 1.75 m
template, and the measured foot markers then fall just behind our heel and just ahead of our toe tip,
as markers on a shoe should (run --check). The file then scales everything with height_m / 1.75.

Orientation is OpenSim's: the pelvis markers keep OpenSim's pelvis frame, so pelvis_tilt = 0 means
OpenSim's neutral pelvis for these sets (Plug-in Gait: ASIS and PSIS level).

Weights are 1, except Top.Head (0.1, OpenSim's own IK weight for it): our chain has no neck joint.
Virtual points of the Rajagopal static trial are placed by their definition, not from OpenSim:
R_HJC/L_HJC, R.KneeJoint, R.AnkleJoint -> our hip, knee and ankle centres; *Ground -> the marker (or
the ankle centre) projected on our floor; MidASIS, MidPSIS, MidClavicle -> midpoint of the pair.
"""
import argparse
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src/model/marker_sets"

# Our landmarks and the segment each lies on (src/model/lower_body.cpp).
LANDMARK_SEGMENT = {"hip": "femur", "knee": "tibia", "ankle": "talus", "heel": "calcn", "mtp": "calcn",
                    "toe_tip": "toes"}
ARM_OR_HEAD = ("humerus", "ulna", "radius", "hand", "head")


def sides(fmt):
    return [fmt.format(s=s, S=S) for s, S in (("r", "R"), ("l", "L"))]


SETS = {
    "gait2354": dict(
        model="opensim-models/Models/Gait2354_Simbody/gait2354_simbody.osim",
        markers="opensim-models/Pipelines/Gait2354_Simbody/gait2354_Scale_MarkerSet.xml",
        order="opensim-models/Pipelines/Gait2354_Simbody/subject01_static.trc",
        asis=("R.ASIS", "L.ASIS"),
        knee=("{S}.Knee.Lat", "{S}.Knee.Med"),
        ankle=("{S}.Ankle.Lat", "{S}.Ankle.Med"),
        weights={"Top.Head": 0.1},
        virtual={},
        title="OpenSim gait2354 (Pipelines/Gait2354_Simbody: subject01_static.trc, subject01_walk1.trc)",
        omitted="R/L.Bicep, R/L.Elbow, R/L.Wrist.Med/Lat (arms); R/L.Temple (head, and not in OpenSim's "
                "marker set).",
    ),
    "rajagopal": dict(
        model="opensim-core/OpenSim/Examples/Moco/example3DWalking/subject_walk_scaled.osim",
        markers=None,
        order="opensim-models/Pipelines/Rajagopal/ExpData/static_walk_1.trc",
        asis=("R.ASIS", "L.ASIS"),
        knee=("{S}.Knee", "{S}.MKnee"),
        ankle=("{S}.Ankle", "{S}.MAnkle"),
        weights={},
        # name -> (rule, argument)
        virtual={**{n: ("landmark", "hip_" + s) for n, s in (("R_HJC", "r"), ("L_HJC", "l"))},
                 **{f"{S}.KneeJoint": ("landmark", f"knee_{s}") for s, S in (("r", "R"), ("l", "L"))},
                 **{f"{S}.AnkleJoint": ("landmark", f"ankle_{s}") for s, S in (("r", "R"), ("l", "L"))},
                 **{f"{S}.AnkleJointGround": ("floor_landmark", f"ankle_{s}") for s, S in (("r", "R"), ("l", "L"))},
                 **{f"{S}.{m}Ground": ("floor_marker", f"{S}.{m}") for S in "RL" for m in ("Heel", "MT5", "Toe")},
                 "MidASIS": ("mid", ("R.ASIS", "L.ASIS")), "MidPSIS": ("mid", ("R.PSIS", "L.PSIS")),
                 "MidClavicle": ("mid", ("R.Clavicle", "L.Clavicle"))},
        title="OpenSim Rajagopal 2016 walking subject (Pipelines/Rajagopal/ExpData: motion_capture_walk.trc, "
              "static_walk_1.trc)",
        omitted="R/L.Biceps, R/L.Elbow, R/L.MElbow, R/L.Forearm, R/L.Wrist (arms); the model's Head marker "
                "(in no trial).",
    ),
}


def trc_names(path):
    return [n for n in path.read_text().splitlines()[3].split("\t")[2:] if n.strip()]


def ours(p):
    """OpenSim ground (X forward, Y up, Z right) -> ours (X forward, Y left, Z up)."""
    return np.array([p[0], -p[2], p[1]])


def template():
    """Our 1.75 m template in the neutral pose: landmark positions and segment origins (world = frames)."""
    import gaitchain
    m = gaitchain.Model.lower_body(height_m=1.75)
    q = np.zeros(m.coordinate_count)
    landmarks = dict(zip(m.landmark_names, m.landmark_positions(q)))
    origins = dict(zip(m.segment_names, m.segment_poses(q)[:, :3, 3]))
    return landmarks, origins


def opensim_markers(data, spec):
    """Marker -> (OpenSim body, position in our axes) and body origins, in the default pose."""
    import opensim
    model = opensim.Model(str(data / spec["model"]))
    if spec["markers"]:
        model.updMarkerSet().clearAndDestroy()
        extra = opensim.MarkerSet(str(data / spec["markers"]))
        for i in range(extra.getSize()):
            model.addMarker(extra.get(i).clone())
    state = model.initSystem()
    vec = lambda v: ours([v.get(0), v.get(1), v.get(2)])
    markers = {mk.getName(): (mk.getParentFrame().getName(), vec(mk.getLocationInGround(state)))
               for mk in model.getMarkerSet()}
    bodies = {b.getName(): vec(b.getPositionInGround(state)) for b in model.getBodySet()}
    return markers, bodies


def place(spec, markers, bodies, landmarks, origins):
    """Our segment and neutral-pose world position for each OpenSim marker on a body we model."""
    pos = lambda n: markers[n][1]
    mid = lambda a, b: 0.5 * (pos(a) + pos(b))
    ref_osim = {"pelvis": mid(*spec["asis"]), "torso": bodies["torso"]}
    ref_ours = {"pelvis": landmarks["mid_asis"], "torso": landmarks["l5s1"]}
    axis = {}  # segment -> (OpenSim axis, our axis), proximal to distal centre
    for s, S in (("r", "R"), ("l", "L")):
        knee = mid(*(n.format(S=S) for n in spec["knee"]))
        ankle = mid(*(n.format(S=S) for n in spec["ankle"]))
        ref_osim |= {f"femur_{s}": bodies[f"femur_{s}"], f"tibia_{s}": knee, f"foot_{s}": ankle}
        ref_ours |= {f"femur_{s}": landmarks[f"hip_{s}"], f"tibia_{s}": landmarks[f"knee_{s}"],
                     f"foot_{s}": landmarks[f"ankle_{s}"]}
        axis[f"femur_{s}"] = (knee - bodies[f"femur_{s}"], landmarks[f"knee_{s}"] - landmarks[f"hip_{s}"])
        axis[f"tibia_{s}"] = (ankle - knee, landmarks[f"ankle_{s}"] - landmarks[f"knee_{s}"])
    out = {}
    for name, (body, p) in markers.items():
        if body.startswith(ARM_OR_HEAD):
            continue
        segment = body.replace("patella", "tibia")
        group = segment.replace("talus", "foot").replace("calcn", "foot").replace("toes", "foot")
        d = p - ref_osim[group]
        if group in axis:  # keep the fraction along the segment
            a_osim, a_ours = axis[group]
            d = d + (d @ a_osim) / (a_osim @ a_osim) * (a_ours - a_osim)
        out[name] = (segment, ref_ours[group] + d)
    floor = landmarks["heel_r"][2]
    for name, (rule, arg) in spec["virtual"].items():
        if rule == "landmark":
            out[name] = (None, landmarks[arg])
        elif rule == "floor_landmark":
            side = arg[-1]
            out[name] = (f"talus_{side}", landmarks[arg] * [1, 1, 0] + [0, 0, floor])
        elif rule == "floor_marker":
            segment, p = out[arg]
            out[name] = (segment, p * [1, 1, 0] + [0, 0, floor])
        else:
            (sa, pa), (_, pb) = out[arg[0]], out[arg[1]]
            out[name] = (sa, 0.5 * (pa + pb))
    return out


def anchor(segment, p, landmarks, origins):
    """The anchor written in the file: a landmark the point sits on, else the nearest of the segment's
    origin and its landmarks. Returns (anchor name, offset)."""
    for name, q in landmarks.items():
        if np.linalg.norm(p - q) < 1e-9:
            return name, p - q
    candidates = {segment: origins[segment]}
    for name, q in landmarks.items():
        on = LANDMARK_SEGMENT.get(name.rsplit("_", 1)[0])
        if on and f"{on}_{name[-1]}" == segment and np.linalg.norm(q - origins[segment]) > 1e-9:
            candidates[name] = q
    best = min(candidates, key=lambda n: np.linalg.norm(p - candidates[n]))
    return best, p - candidates[best]


def write(name, spec, data, placed, landmarks, origins):
    order = [n for n in trc_names(data / spec["order"]) if n in placed]  # points of the trial only
    lines = [f"# {name}: {spec['title']}.",
             "# Generated by tools/gen_opensim_marker_sets.py from OpenSim's marker set on "
             f"{Path(spec['model']).name}; rerun it rather than edit.",
             f"# Omitted: {spec['omitted']}",
             "# Offsets in metres in the anchor's segment frame (X anterior, Y left, Z up), 1.75 m template.",
             "#",
             f"# {'name':<20}{'anchor':<12}{'x':>9}{'y':>9}{'z':>9}  weight"]
    for n in order:
        segment, p = placed[n]
        a, d = anchor(segment, p, landmarks, origins)
        d = np.where(np.abs(d) < 5e-5, 0.0, d)  # no "-0.0000"
        w = spec["weights"].get(n)
        tail = f"  {w:g}" if w is not None else ""
        lines.append(f"{n:<22}{a:<12}{d[0]:9.4f}{d[1]:9.4f}{d[2]:9.4f}{tail}")
    (OUT / f"{name}.txt").write_text("\n".join(lines) + "\n")
    print(f"wrote {OUT / name}.txt: {len(order)} points")


def check(data, spec, placed, pairs):
    """Neutral-pose distances of the template (1.75 m) against the median of the static trial."""
    lines = (data / spec["order"]).read_text().splitlines()
    names = trc_names(data / spec["order"])
    rows = np.array([[float(v) for v in l.split("\t")[2:2 + 3 * len(names)]] for l in lines[5:] if l.strip()])
    trial = rows.reshape(len(rows), len(names), 3) / 1000.0
    print(f"{'pair':<34}{'template':>9}{'static':>9}{'diff':>8}   (m)")
    for a, b in pairs:
        t = np.linalg.norm(placed[a][1] - placed[b][1])
        s = np.median(np.linalg.norm(trial[:, names.index(a)] - trial[:, names.index(b)], axis=1))
        print(f"{a + ' - ' + b:<34}{t:9.3f}{s:9.3f}{t - s:8.3f}")


CHECK_PAIRS = {
    "gait2354": [("R.ASIS", "L.ASIS"), ("R.ASIS", "R.Heel"), ("L.ASIS", "L.Heel"), ("R.Knee.Lat", "R.Knee.Med"),
                 ("L.Knee.Lat", "L.Knee.Med"), ("R.Ankle.Lat", "R.Ankle.Med"), ("L.Ankle.Lat", "L.Ankle.Med"),
                 ("R.Heel", "R.Toe.Tip"), ("L.Heel", "L.Toe.Tip"), ("R.ASIS", "R.Knee.Lat"),
                 ("R.Knee.Lat", "R.Ankle.Lat"), ("V.Sacral", "R.ASIS"), ("R.Acromium", "L.Acromium")],
    "rajagopal": [("R.ASIS", "L.ASIS"), ("R.ASIS", "R.Heel"), ("L.ASIS", "L.Heel"), ("R.Knee", "R.MKnee"),
                  ("R.Ankle", "R.MAnkle"), ("R.Heel", "R.Toe"), ("L.Heel", "L.Toe"), ("R.ASIS", "R.Knee"),
                  ("R.Knee", "R.Ankle"), ("R.PSIS", "L.PSIS"), ("R.Shoulder", "L.Shoulder")],
}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data")
    parser.add_argument("--check", action="store_true", help="compare neutral-pose distances with the static trial")
    args = parser.parse_args()
    landmarks, origins = template()
    for name, spec in SETS.items():
        markers, bodies = opensim_markers(args.data, spec)
        placed = place(spec, markers, bodies, landmarks, origins)
        write(name, spec, args.data, placed, landmarks, origins)
        if args.check:
            check(args.data, spec, placed, CHECK_PAIRS[name])


if __name__ == "__main__":
    main()
