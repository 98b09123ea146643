"""Optional: where the `opensim` package (4.6, PyPI) is installed, the TRC and MOT files we write load in
OpenSim with the same names, times and values."""
import pathlib

import numpy as np
import pytest

import gaitchain as gc

opensim = pytest.importorskip("opensim")
DATA = pathlib.Path(__file__).resolve().parents[2].parent / "shared" / "data"


def test_trc_we_write_loads_in_opensim(tmp_path):
    trial = gc.read(DATA / "opensim-models/Pipelines/Gait2354_Simbody/subject01_walk1.trc")
    out = tmp_path / "walk.trc"
    gc.write(out, trial)
    table = opensim.TimeSeriesTableVec3(str(out))
    assert table.getNumRows() == trial.frame_count
    assert list(table.getColumnLabels()) == trial.marker_names
    assert table.getTableMetaDataAsString("Units") == "mm"
    source = opensim.TimeSeriesTableVec3(str(DATA / "opensim-models/Pipelines/Gait2354_Simbody/subject01_walk1.trc"))
    for row in [0, 75, trial.frame_count - 1]:
        ours, theirs = table.getRowAtIndex(row), source.getRowAtIndex(row)
        for m in [0, 20, len(trial.marker_names) - 1]:
            np.testing.assert_allclose([ours[m][i] for i in range(3)], [theirs[m][i] for i in range(3)], atol=1e-9)
    np.testing.assert_allclose(table.getIndependentColumn()[1], 1 / 60, atol=1e-12)


def test_mot_we_write_loads_in_opensim(tmp_path):
    ik = gc.read_table(DATA / "opensim-models/Pipelines/Gait2354_Simbody/OutputReference/subject01_walk1_ik.mot")
    out = tmp_path / "ik.mot"
    gc.write_table(out, ik)
    table = opensim.TimeSeriesTable(str(out))
    assert list(table.getColumnLabels()) == list(ik.columns)
    assert table.getNumRows() == len(ik)
    assert table.getTableMetaDataAsString("inDegrees") == "yes"
    np.testing.assert_allclose(np.array(table.getIndependentColumn()), ik.index.to_numpy(), atol=1e-12)
    column = table.getDependentColumn("knee_angle_r").to_numpy()
    np.testing.assert_allclose(column, ik["knee_angle_r"].to_numpy(), atol=1e-12)
    storage = opensim.Storage(str(out))  # the older reader OpenSim's tools still use
    assert storage.getSize() == len(ik) and storage.isInDegrees()
