"""Joint axes, signs and static geometry of gait2354 (subject01_simbody) and the Rajagopal-type
subject_walk_scaled, measured through the OpenSim API. Prints Markdown-ish tables.

Our axes: ours = (X, -Z, Y) of OpenSim's (X forward, Y up, Z right).
"""
import sys
import numpy as np

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent))
import opensim_ik as B

osim = B._opensim()
osim.Logger.setLevelString("Error")

MODELS = {
    "gait2354": B.CASES["gait2354"]["model"],
    "rajagopal": B.CASES["rajagopal"]["model"],
}
SHARED = ["pelvis_tilt", "pelvis_list", "pelvis_rotation", "pelvis_tx", "pelvis_ty", "pelvis_tz"] + [
    f"{c}_{s}" for s in "rl" for c in ("hip_flexion", "hip_adduction", "hip_rotation", "knee_angle",
                                       "ankle_angle", "subtalar_angle", "mtp_angle")] + [
    "lumbar_extension", "lumbar_bending", "lumbar_rotation"]

# clinical positive axis (ours, in the parent frame), docs/conventions.md
def clinical_axis(name):
    side = -1.0 if name.endswith("_l") else 1.0
    base = name[:-2] if name[-2:] in ("_r", "_l") else name
    X, Y, Z = np.eye(3)
    return {"pelvis_tilt": Y, "pelvis_list": -X, "pelvis_rotation": Z, "hip_flexion": -Y,
            "hip_adduction": side * X, "hip_rotation": side * Z, "knee_angle": Y, "ankle_angle": -Y,
            "subtalar_angle": side * X, "mtp_angle": -Y, "lumbar_extension": -Y,
            "lumbar_bending": X, "lumbar_rotation": Z}.get(base)


def ours(v):
    v = np.asarray(v, float)
    return np.array([v[0], -v[2], v[1]])


def vec(v):
    return np.array([v[i] for i in range(3)])


def mat(R):
    return np.array([[R.get(i, j) for j in range(3)] for i in range(3)])


def axis_angle(R):
    angle = np.arccos(np.clip((np.trace(R) - 1) / 2, -1, 1))
    if angle < 1e-12:
        return np.zeros(3), 0.0
    a = np.array([R[2, 1] - R[1, 2], R[0, 2] - R[2, 0], R[1, 0] - R[0, 1]]) / (2 * np.sin(angle))
    return a / np.linalg.norm(a), angle


def fmt(v, nd=3):
    return "(" + ", ".join(f"{x:+.{nd}f}" for x in v) + ")"


class M:
    def __init__(self, path):
        self.model = osim.Model(str(path))
        self.state = self.model.initSystem()
        self.cs = self.model.getCoordinateSet()
        for i in range(self.cs.getSize()):
            self.cs.get(i).setClamped(self.state, False)
        self.reset()

    def reset(self):
        for i in range(self.cs.getSize()):
            c = self.cs.get(i)
            c.setValue(self.state, c.getDefaultValue(), False)
        self.model.realizePosition(self.state)

    def set(self, name, value):
        self.cs.get(name).setValue(self.state, value, False)
        beta = name + "_beta" if name.startswith("knee_angle") else None
        if beta and self.cs.contains(beta):
            self.cs.get(beta).setValue(self.state, value, False)
        self.model.realizePosition(self.state)

    def body(self, name):
        return self.model.getGround() if name == "ground" else self.model.getBodySet().get(name)

    def R(self, body):  # body rotation in ground
        return mat(self.body(body).getTransformInGround(self.state).R())

    def p(self, body, station=(0, 0, 0)):  # station (OpenSim body coords) in ground, OpenSim axes
        return vec(self.body(body).findStationLocationInGround(self.state, osim.Vec3(*station)))

    def marker(self, name):
        return vec(self.model.getMarkerSet().get(name).getLocationInGround(self.state))

    def has_marker(self, name):
        return self.model.getMarkerSet().contains(name)

    def joint_of(self, coord):
        return self.cs.get(coord).getJoint()


def parent_child_bodies(joint):
    pf = joint.getParentFrame().findBaseFrame().getName()
    cf = joint.getChildFrame().findBaseFrame().getName()
    return pf, cf


def rotation_order(joint):
    cj = osim.CustomJoint.safeDownCast(joint)
    if cj is None:
        return joint.getConcreteClassName()
    st = cj.getSpatialTransform()
    names = []
    for k in range(3):
        ta = st.getTransformAxis(k)
        names.append(ta.getCoordinateNamesInArray().get(0) if ta.getCoordinateNamesInArray().getSize() else "-")
    return " -> ".join(names)


def probe_point(m, name):
    """(description, function returning a scalar) whose increase means the clinical positive."""
    side = name[-1] if name[-2:] in ("_r", "_l") else None
    med = 1.0 if side == "r" else -1.0  # medial direction along our Y for this side
    if name == "pelvis_tilt":
        post = "V.Sacral" if m.has_marker("V.Sacral") else None
        f = lambda: (ours(m.marker("V.Sacral"))[2]
                     if post else ours((m.marker("R.PSIS") + m.marker("L.PSIS")) / 2)[2]) - ours(
            (m.marker("R.ASIS") + m.marker("L.ASIS")) / 2)[2]
        return "z(mid-PSIS or V.Sacral) - z(mid-ASIS) [mm] (anterior tilt: +)", f
    if name == "pelvis_list":
        return "z(R.ASIS) - z(L.ASIS) [mm] (right up: +)", lambda: ours(m.marker("R.ASIS") - m.marker("L.ASIS"))[2]
    if name == "pelvis_rotation":
        return "x(R.ASIS) - x(L.ASIS) [mm] (right forward: +)", lambda: ours(m.marker("R.ASIS") - m.marker("L.ASIS"))[0]
    if name.startswith("pelvis_t"):
        return "pelvis origin (ours x,y,z) [mm]", lambda: ours(m.p("pelvis"))
    if name.startswith("hip_flexion"):
        return "x(knee centre) [mm] (forward: +)", lambda: ours(m.p(f"tibia_{side}"))[0]
    if name.startswith("hip_adduction"):
        return "medial shift of knee centre [mm] (+)", lambda: med * ours(m.p(f"tibia_{side}"))[1]
    if name.startswith("hip_rotation"):
        return "medial shift of MTP centre (toes origin) [mm] (internal: +)", lambda: med * ours(m.p(f"toes_{side}"))[1]
    if name.startswith("knee_angle"):
        return "x(knee centre) - x(ankle centre) [mm] (ankle backward = flexion: +)", lambda: ours(
            m.p(f"tibia_{side}") - m.p(f"talus_{side}"))[0]
    if name.startswith("ankle_angle"):
        return "z(MTP centre) - z(ankle centre) [mm] (dorsiflexion: +)", lambda: ours(
            m.p(f"toes_{side}") - m.p(f"talus_{side}"))[2]
    if name.startswith("subtalar_angle"):
        zs = -1.0 if side == "r" else 1.0  # OpenSim +Z is right: lateral for the right foot
        return ("z(medial) - z(lateral) of calcn stations 4 cm either side, 10 cm ahead [mm] (inversion: +)",
                lambda: ours(m.p(f"calcn_{side}", (0.10, 0, 0.04 * zs)) - m.p(f"calcn_{side}", (0.10, 0, -0.04 * zs)))[2])
    if name.startswith("mtp_angle"):
        return "z(toes station 5 cm ahead of the MTP) [mm] (extension: +)", lambda: ours(m.p(f"toes_{side}", (0.05, 0, 0)))[2]
    if name == "lumbar_extension":
        return "-x(torso station 0.4 m up) [mm] (trunk backward: +)", lambda: -ours(m.p("torso", (0, 0.4, 0)))[0]
    if name == "lumbar_bending":
        return "-y(torso station 0.4 m up) [mm] (to the right: +)", lambda: -ours(m.p("torso", (0, 0.4, 0)))[1]
    if name == "lumbar_rotation":
        return "y(torso station 0.2 m ahead, 0.3 m up) [mm] (anterior trunk turns left: +)", lambda: ours(
            m.p("torso", (0.2, 0.3, 0)))[1]
    raise KeyError(name)


def coordinate_rows(key, m):
    rows = []
    for name in SHARED:
        if not m.cs.contains(name):
            rows.append(dict(model=key, coord=name, joint="(absent: welded)"))
            continue
        c = m.cs.get(name)
        j = m.joint_of(name)
        parent, child = parent_child_bodies(j)
        lo, hi = c.getRangeMin(), c.getRangeMax()
        translation = c.getMotionType() == 2  # Translational
        step = 0.01 if translation else np.radians(10)
        m.reset()
        Rp, Rc0, pc0 = m.R(parent), m.R(child), m.p(child)
        what, probe = probe_point(m, name)
        v0 = probe()
        m.set(name, c.getDefaultValue() + step)
        Rc1, pc1 = m.R(child), m.p(child)
        v1 = probe()
        m.reset()
        row = dict(model=key, coord=name, joint=f"{j.getName()} ({j.getConcreteClassName()})",
                   parent=parent, child=child, order=rotation_order(j), clamped=c.getDefaultClamped(),
                   parent_aligned=np.allclose(Rp, np.eye(3), atol=1e-6),
                   child_aligned_at_0=np.allclose(Rc0, np.eye(3), atol=1e-6))
        if translation:
            d = (pc1 - pc0) / step
            row.update(range=f"{lo:.3g} .. {hi:.3g} m", axis_parent=ours(Rp.T @ d), axis_child=None,
                       probe=what, probe_delta=1000 * (np.asarray(v1) - np.asarray(v0)), sign="n/a")
        else:
            dR_parent = Rp.T @ Rc1 @ Rc0.T @ Rp  # child rotation increment, in the parent body frame
            a_par, ang = axis_angle(dR_parent)
            dR_child = Rc0.T @ Rc1  # in the child body frame
            a_ch, _ = axis_angle(dR_child)
            a_ours = ours(a_par)
            clin = clinical_axis(name)
            dot = float(a_ours @ clin)
            pure = np.degrees(np.arccos(min(1.0, abs(dot))))
            # obliquity about the nearest of our pure axes
            k = int(np.argmax(abs(a_ours)))
            off = np.degrees(np.arccos(min(1.0, abs(a_ours[k]))))
            delta = 1000 * (v1 - v0)
            row.update(range=f"{np.degrees(lo):.0f} .. {np.degrees(hi):.0f} deg",
                       axis_parent=a_ours, axis_child=ours(a_ch), angle_deg=np.degrees(ang),
                       off_clinical_deg=pure, off_pure_deg=off,
                       sign="same" if dot > 0 else "opposite", probe=what, probe_delta=delta,
                       probe_sign="same" if delta > 0 else "opposite")
        rows.append(row)
    return rows


def geometry(key, m):
    m.reset()
    out = {}
    P = m.p("pelvis")
    Rp = m.R("pelvis")
    inp = lambda x: ours(Rp.T @ (x - P)) * 1000  # mm, pelvis frame, our axes
    rasis, lasis = m.marker("R.ASIS"), m.marker("L.ASIS")
    mid_asis = (rasis + lasis) / 2
    if m.has_marker("R.PSIS"):
        psis = (m.marker("R.PSIS") + m.marker("L.PSIS")) / 2
        psis_name = "mid-PSIS (R.PSIS/L.PSIS)"
    else:
        psis = m.marker("V.Sacral")
        psis_name = "V.Sacral"
    hr, hl = m.p("femur_r"), m.p("femur_l")
    out["mid-ASIS marker in pelvis frame (mm, ours)"] = fmt(inp(mid_asis), 1)
    out[f"{psis_name} in pelvis frame (mm, ours)"] = fmt(inp(psis), 1)
    out["R hip centre in pelvis frame (mm, ours)"] = fmt(inp(hr), 1)
    out["L hip centre in pelvis frame (mm, ours)"] = fmt(inp(hl), 1)
    out["R hip centre from mid-ASIS marker (mm, ours)"] = fmt(inp(hr) - inp(mid_asis), 1)
    out["inter-ASIS marker distance (mm)"] = f"{1000 * np.linalg.norm(rasis - lasis):.1f}"
    out["inter-hip-centre distance (mm)"] = f"{1000 * np.linalg.norm(hr - hl):.1f}"
    a, ps = inp(mid_asis), inp(psis)
    out["ASIS-PSIS line pitch at pelvis_tilt=0 (deg; + = mid-ASIS higher = posterior tilt vs ISB)"] = (
        f"{np.degrees(np.arctan2(a[2] - ps[2], a[0] - ps[0])):+.2f}")
    ra, la = inp(rasis), inp(lasis)
    out["ASIS line roll at 0 (deg; + = R.ASIS higher)"] = f"{np.degrees(np.arctan2(ra[2] - la[2], la[1] - ra[1])):+.2f}"
    out["ASIS line yaw at 0 (deg; + = R.ASIS ahead)"] = f"{np.degrees(np.arctan2(ra[0] - la[0], la[1] - ra[1])):+.2f}"
    for s in "rl":
        for seg, prox, dist in (("femur", f"femur_{s}", f"tibia_{s}"), ("tibia", f"tibia_{s}", f"talus_{s}")):
            Rb = m.R(prox)
            d = ours(Rb.T @ (m.p(dist) - m.p(prox)))
            out[f"{seg}_{s}: joint-centre line in {prox} frame (mm, ours)"] = fmt(1000 * d, 1)
            # sagittal: + = distal centre anterior (line tilted forward); frontal: + = distal centre medial
            med = 1 if s == "r" else -1
            out[f"{seg}_{s}: line sagittal tilt (deg, + distal end forward)"] = f"{np.degrees(np.arctan2(d[0], -d[2])):+.2f}"
            out[f"{seg}_{s}: line frontal tilt (deg, + distal end medial)"] = f"{np.degrees(np.arctan2(med * d[1], -d[2])):+.2f}"
        # foot
        Rc = m.R(f"calcn_{s}")
        pc = m.p(f"calcn_{s}")
        inc = lambda x: ours(Rc.T @ (x - pc)) * 1000
        mtp = inc(m.p(f"toes_{s}"))
        out[f"calcn_{s}: MTP centre (toes origin) in calcn frame (mm, ours)"] = fmt(mtp, 1)
        out[f"calcn_{s}: calcn origin -> MTP centre pitch (deg, + toes up)"] = f"{np.degrees(np.arctan2(mtp[2], mtp[0])):+.2f}"
        S = s.upper()
        if m.has_marker(f"{S}.HeelGround"):
            h, t = inc(m.marker(f"{S}.HeelGround")), inc(m.marker(f"{S}.ToeGround"))
            out[f"calcn_{s}: HeelGround -> ToeGround (sole) pitch (deg, + toes up)"] = f"{np.degrees(np.arctan2(t[2] - h[2], t[0] - h[0])):+.2f}"
        toe = f"{S}.Toe.Tip" if m.has_marker(f"{S}.Toe.Tip") else f"{S}.Toe"
        h, t = inc(m.marker(f"{S}.Heel")), inc(m.marker(toe))
        out[f"calcn_{s}: {S}.Heel -> {toe} marker pitch (deg, + toes up)"] = f"{np.degrees(np.arctan2(t[2] - h[2], t[0] - h[0])):+.2f}"
        ta = m.p(f"talus_{s}")
        out[f"ankle_{s}: ankle centre above sole/heel marker (mm)"] = f"{1000 * (ta[1] - m.marker(f'{S}.Heel')[1]):.1f}"
    # lumbar joint
    tor = m.p("torso")
    out["lumbar joint (torso origin) from pelvis origin (mm, ours)"] = fmt(inp(tor), 1)
    out["lumbar joint from mid-ASIS marker (mm, ours)"] = fmt(inp(tor) - inp(mid_asis), 1)
    return out


def nominal_axes(key, m):
    """First rotation axis of each joint as defined (CustomJoint rotation1 axis, or a PinJoint's
    Z), expressed in the parent body frame (ours), with its angle from the nearest pure axis."""
    out = []
    for jn in ("knee_r", "walker_knee_r", "ankle_r", "subtalar_r", "mtp_r", "knee_l", "walker_knee_l", "ankle_l", "subtalar_l", "mtp_l"):
        if not m.model.getJointSet().contains(jn):
            continue
        j = m.model.getJointSet().get(jn)
        T = j.getParentFrame().findTransformInBaseFrame()  # keep the Transform alive while reading R
        Rf = mat(T.R())
        cj = osim.CustomJoint.safeDownCast(j)
        if cj is not None:
            ta = cj.getSpatialTransform().getTransformAxis(0); a = np.array([float(x) for x in ta.get_axis().to_numpy()])
        elif j.getConcreteClassName() == "PinJoint":
            a = np.array([0, 0, 1.0])
        else:
            out.append(f"{jn}: {j.getConcreteClassName()} (no axis)")
            continue
        a = ours(Rf @ a)
        k = int(np.argmax(abs(a)))
        off = np.degrees(np.arccos(min(1.0, abs(a[k]))))
        # components: sagittal-plane axis tilt pieces
        out.append(f"{jn}: axis in parent body (ours) {fmt(a)}; {off:.2f} deg from {'XYZ'[k]} axis; "
                   f"elevation from horizontal {np.degrees(np.arcsin(a[2])):+.2f} deg, "
                   f"yaw from our Y in the horizontal plane {np.degrees(np.arctan2(a[0], abs(a[1]))):+.2f} deg")
    return out


def marker_pelvis_frame(key, m):
    """Hip and lumbar centres from mid-ASIS in a marker pelvis frame (X: mid-PSIS -> mid-ASIS,
    Z normal to the ASIS/PSIS plane, up), i.e. an ISB-like frame like ours."""
    m.reset()
    ra, la = m.marker("R.ASIS"), m.marker("L.ASIS")
    ps = (m.marker("R.PSIS") + m.marker("L.PSIS")) / 2 if m.has_marker("R.PSIS") else m.marker("V.Sacral")
    mid = (ra + la) / 2
    y = ours(la - ra); y /= np.linalg.norm(y)
    x = ours(mid - ps); x -= (x @ y) * y; x /= np.linalg.norm(x)
    z = np.cross(x, y)
    R = np.vstack([x, y, z])
    f = lambda p: R @ ours(p - mid) * 1000
    pd = np.linalg.norm(ours(mid - ps)) * 1000
    pw = np.linalg.norm(ra - la) * 1000
    hr = f(m.p("femur_r"))
    harr = np.array([-(0.24 * pd + 9.9), -(0.33 * pw + 7.3), -(0.30 * pw + 10.9)])
    return [f"PW (inter-ASIS markers) {pw:.1f} mm, PD (mid-ASIS to {'mid-PSIS' if m.has_marker('R.PSIS') else 'V.Sacral'}) {pd:.1f} mm",
            f"R hip centre from mid-ASIS in the marker (ISB-like) frame {fmt(hr, 1)} mm; Harrington 2007 from PW/PD {fmt(harr, 1)} mm",
            f"lumbar joint from mid-ASIS in that frame {fmt(f(m.p('torso')), 1)} mm",
            f"pelvis origin from mid-ASIS in that frame {fmt(f(m.p('pelvis')), 1)} mm"]


def knee_coupling(key, m):
    rows = []
    for s in "rl":
        for deg in (0, 15, 30, 60, 90):
            q = np.radians(deg) * (-1 if key == "gait2354" else 1)  # flexion
            m.reset()
            m.set(f"knee_angle_{s}", q)
            Rf = m.R(f"femur_{s}")
            d = ours(Rf.T @ (m.p(f"tibia_{s}") - m.p(f"femur_{s}")))
            Rt = Rf.T @ m.R(f"tibia_{s}")
            # tibia orientation in femur as our-axes Cardan (flexion about Y, then X, then Z)
            Ro = np.array([[1, 0, 0], [0, 0, -1], [0, 1, 0]]) @ Rt @ np.array([[1, 0, 0], [0, 0, -1], [0, 1, 0]]).T
            flex = np.degrees(np.arctan2(Ro[0, 2], Ro[2, 2]))
            add = np.degrees(np.arcsin(-Ro[1, 2]))
            rot = np.degrees(np.arctan2(Ro[1, 0], Ro[1, 1]))
            extra = ""
            if m.model.getBodySet().contains(f"patella_{s}"):
                pp = ours(Rf.T @ (m.p(f"patella_{s}") - m.p(f"femur_{s}")))
                extra = f"patella origin {fmt(1000 * pp, 1)}"
            rows.append(f"{key} {s} flexion {deg:3d}: tibia origin in femur {fmt(1000 * d, 1)} mm; "
                        f"Cardan(Y,X,Z) of tibia in femur: {flex:+.2f} {add:+.2f} {rot:+.2f} deg {extra}")
    m.reset()
    return rows


if __name__ == "__main__":
    all_rows = []
    for key, path in MODELS.items():
        m = M(path)
        print(f"\n#### {key}: {path.name}")
        rows = coordinate_rows(key, m)
        all_rows += rows
        for r in rows:
            if "parent" not in r:
                print(f"{r['coord']:18s} {r['joint']}")
                continue
            if r["sign"] == "n/a":
                print(f"{r['coord']:18s} {r['joint']:28s} {r['parent']}->{r['child']} axis(ours) {fmt(r['axis_parent'])} "
                      f"range {r['range']} | probe +0.01 m: {fmt(r['probe_delta'], 2)}")
                continue
            print(f"{r['coord']:18s} {r['joint']:28s} {r['parent']}->{r['child']} order [{r['order']}] "
                  f"range {r['range']} clamped={r['clamped']} parent_aligned={r['parent_aligned']}\n"
                  f"{'':18s} axis in parent (ours) {fmt(r['axis_parent'])} in child {fmt(r['axis_child'])} "
                  f"|rot| {r['angle_deg']:.3f} deg; off pure axis {r['off_pure_deg']:.2f} deg; "
                  f"sign vs clinical: {r['sign']} | probe {r['probe']}: {r['probe_delta']:+.2f} -> {r['probe_sign']}")
        print(f"\n#### {key}: geometry at the default pose")
        for k, v in geometry(key, m).items():
            print(f"  {k}: {v}")
        print(f"\n#### {key}: nominal joint axes")
        for line in nominal_axes(key, m):
            print("  " + line)
        print(f"\n#### {key}: marker pelvis frame")
        for line in marker_pelvis_frame(key, m):
            print("  " + line)
        print(f"\n#### {key}: knee coupling")
        for line in knee_coupling(key, m):
            print("  " + line)
        cc = m.model.getConstraintSet()
        print(f"  constraints: {[cc.get(i).getName() + ' (' + cc.get(i).getConcreteClassName() + ')' for i in range(cc.getSize())]}")
