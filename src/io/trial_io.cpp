#include "gaitchain/io/trial_io.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include "files.hpp"
#include "text.hpp"
#include "gaitchain/core/error.hpp"
#include "gaitchain/io/lab_frame.hpp"

namespace gaitchain::io {
namespace {

using detail::lower;

// Metres per file length unit, or nullopt for a unit we do not know.
std::optional<double> metres_per(std::string_view unit) {
  const std::string u = lower(unit);
  if (u == "mm" || u == "millimeters" || u == "millimetres") return 1e-3;
  if (u == "cm") return 1e-2;
  if (u == "m" || u == "meters" || u == "metres") return 1.0;
  return std::nullopt;
}

// A stored event as a gait event, or nullopt for other events (mid-stance, "General" markers, ...).
std::optional<Event> gait_event(const C3dEvent& e) {
  const std::string label = lower(e.label), context = lower(e.context);
  std::optional<Side> side;
  if (context.starts_with("r")) side = Side::right;
  else if (context.starts_with("l")) side = Side::left;
  std::optional<EventKind> kind;
  if (label.find("strike") != std::string::npos || label.find("contact") != std::string::npos) kind = EventKind::foot_strike;
  else if (label.find("off") != std::string::npos) kind = EventKind::foot_off;
  else if (label.size() >= 3 && label.size() <= 4 && (label[0] == 'r' || label[0] == 'l')) {
    // Header-block codes: R/L + HS (heel strike), IC (initial contact), FS (foot strike), TO/FO.
    const std::string code = label.substr(1);
    if (code == "hs" || code == "ic" || code == "fs") kind = EventKind::foot_strike;
    else if (code == "to" || code == "fo") kind = EventKind::foot_off;
    if (kind && !side) side = label[0] == 'r' ? Side::right : Side::left;
  }
  if (!kind || !side) return std::nullopt;
  return Event{e.time, *side, *kind};
}

// Labels of the POINT entries that are model outputs rather than positions.
std::set<std::string> output_labels(const C3d& c3d) {
  std::set<std::string> out;
  for (const char* kind : {"ANGLES", "FORCES", "MOMENTS", "POWERS", "SCALARS", "REACTIONS"})
    if (const C3dParameter* p = c3d.parameter("POINT", kind))
      for (const std::string& s : p->strings)
        if (!s.empty()) out.insert(s);
  return out;
}

// Removes a subject prefix ("Matt:") shared by the prefixed labels when exactly one subject is present,
// unless that would make two names equal.
std::string strip_subject_prefix(std::vector<std::string>& names) {
  std::set<std::string> prefixes;
  for (const std::string& n : names) {
    const auto colon = n.find(':');
    if (colon != std::string::npos && colon > 0) prefixes.insert(n.substr(0, colon + 1));
  }
  if (prefixes.size() != 1) return {};
  const std::string prefix = *prefixes.begin();
  std::set<std::string> taken(names.begin(), names.end());
  std::size_t stripped = 0;
  for (std::string& n : names)
    if (n.starts_with(prefix)) {
      const std::string bare = n.substr(prefix.size());
      if (bare.empty() || taken.count(bare)) continue;
      taken.insert(bare);
      n = bare;
      ++stripped;
    }
  return stripped ? "removed the subject prefix '" + prefix + "' from " + std::to_string(stripped) + " labels" : "";
}

// Makes names unique by appending _2, _3 ...; returns how many were renamed.
std::size_t make_unique(std::vector<std::string>& names) {
  std::set<std::string> seen;
  std::size_t renamed = 0;
  for (std::string& n : names) {
    if (seen.insert(n).second) continue;
    for (int k = 2;; ++k) {
      const std::string candidate = n + "_" + std::to_string(k);
      if (seen.insert(candidate).second) {
        n = candidate;
        ++renamed;
        break;
      }
    }
  }
  return renamed;
}

// Scale to metres, then rotate into the internal frame found from the data.
void place_in_internal_frame(Trial& trial, const std::string& units, double scale) {
  trial.points *= scale;
  trial.lab_frame.scale = scale;
  trial.lab_frame.units = units;
  if (scale != 1.0) trial.notes.push_back("converted " + units + " to m");
  bool any = false;
  for (Eigen::Index k = 0; k < trial.points.size() && !any; ++k) any = !std::isnan(trial.points.data()[k]);
  if (!any) {
    trial.notes.push_back("no valid marker samples: lab axes kept");
    return;
  }
  const LabAxes axes = detect_lab_axes(trial.points, trial.rate, trial.marker_names, trial.force_plates);
  rotate_trial(trial, axes.rotation);
  trial.notes.push_back(axes.how);
}

}  // namespace

Trial trial_from_c3d(const C3d& c3d) {
  Trial trial;
  trial.source = c3d.source;
  trial.notes = c3d.notes;
  trial.rate = c3d.point_rate;
  trial.first_frame = c3d.first_frame;
  const std::optional<double> scale = metres_per(c3d.point_units);
  if (!scale) throw ParseError(c3d.source, "parameter POINT:UNITS", "'" + c3d.point_units + "' is not a length unit (mm, cm or m)");

  const std::set<std::string> outputs = output_labels(c3d);
  std::vector<Eigen::Index> kept;
  for (std::size_t i = 0; i < c3d.point_labels.size(); ++i)
    if (!outputs.count(c3d.point_labels[i])) kept.push_back(static_cast<Eigen::Index>(i));
  if (kept.size() != c3d.point_labels.size())
    trial.notes.push_back("left out " + std::to_string(c3d.point_labels.size() - kept.size()) +
                          " model outputs (angles, forces, moments, powers) listed in the POINT group");
  trial.points.resize(c3d.points.rows(), 3 * static_cast<Eigen::Index>(kept.size()));
  for (std::size_t k = 0; k < kept.size(); ++k) {
    trial.marker_names.push_back(c3d.point_labels[static_cast<std::size_t>(kept[k])]);
    if (c3d.points.rows() > 0)  // a block of an empty matrix would offset a null pointer
      trial.points.middleCols(3 * static_cast<Eigen::Index>(k), 3) = c3d.points.middleCols(3 * kept[k], 3);
  }
  // Old writers store a missing sample as exactly (0, 0, 0) with a valid residual (c3d.org sample04,
  // sample09); no marker sits exactly on the lab origin, so these are missing too.
  std::size_t zeros = 0;
  for (Eigen::Index f = 0; f < trial.points.rows(); ++f)
    for (Eigen::Index m = 0; m < static_cast<Eigen::Index>(kept.size()); ++m) {
      auto p = trial.points.row(f).segment<3>(3 * m);
      if (p.isZero(0.0)) p.setConstant(std::numeric_limits<double>::quiet_NaN()), ++zeros;
    }
  if (zeros) trial.notes.push_back("read " + std::to_string(zeros) + " samples stored as (0, 0, 0) as missing");
  if (const std::string note = strip_subject_prefix(trial.marker_names); !note.empty()) trial.notes.push_back(note);
  if (const std::size_t renamed = make_unique(trial.marker_names))
    trial.notes.push_back("renamed " + std::to_string(renamed) + " repeated labels with a _2, _3 ... suffix");

  std::size_t skipped = 0;
  for (const C3dEvent& e : c3d.events) {
    if (const auto event = gait_event(e)) trial.events.push_back(*event);
    else ++skipped;
  }
  if (skipped) trial.notes.push_back("kept " + std::to_string(trial.events.size()) + " foot-strike/foot-off events, left out " +
                                     std::to_string(skipped) + " other events");
  std::stable_sort(trial.events.begin(), trial.events.end(), [](const Event& a, const Event& b) { return a.time < b.time; });

  trial.force_plates = c3d_force_plates(c3d, &trial.notes);  // metres already; rotated with the points
  place_in_internal_frame(trial, c3d.point_units, *scale);
  return trial;
}

Trial trial_from_trc(const TrcFile& trc, std::string_view source) {
  Trial trial;
  trial.source = std::string(source);
  trial.marker_names = trc.marker_names;
  trial.points = trc.points;
  trial.rate = trc.data_rate;
  trial.first_frame = trc.first_frame;
  const std::optional<double> scale = metres_per(trc.units);
  if (!scale) throw ParseError(source, "header", "Units '" + trc.units + "' is not a length unit (mm, cm or m)");
  if (const std::size_t renamed = make_unique(trial.marker_names))
    trial.notes.push_back("renamed " + std::to_string(renamed) + " repeated marker names with a _2, _3 ... suffix");
  place_in_internal_frame(trial, trc.units, *scale);
  return trial;
}

Trial read_trial(const std::filesystem::path& path) {
  const std::string bytes = detail::read_file(path);
  const std::string name = path.string();
  const std::string extension = lower(path.extension().string());
  // C3D: byte 2 is the key 0x50. TRC: text starting with "PathFileType".
  const bool c3d = extension == ".c3d" || (bytes.size() >= 2 && static_cast<unsigned char>(bytes[1]) == 0x50 && extension != ".trc");
  if (c3d) return trial_from_c3d(parse_c3d(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()), name));
  if (extension == ".trc" || bytes.starts_with("PathFileType")) return trial_from_trc(parse_trc(bytes, name), name);
  throw ParseError(name, "byte 0", "neither a C3D file nor a TRC file (MOT/STO tables are read with read_table)");
}

// ---------------------------------------------------------------------------------------------------
// Back to the file's axes and units.

namespace {

PointArray to_file_axes(const Trial& trial) {
  const Mat3 back = trial.lab_frame.rotation.transpose() / trial.lab_frame.scale;
  PointArray out(trial.points.rows(), trial.points.cols());
  const Eigen::Index markers = trial.points.cols() / 3;
  for (Eigen::Index f = 0; f < trial.points.rows(); ++f)
    for (Eigen::Index m = 0; m < markers; ++m)
      out.row(f).segment<3>(3 * m) = (back * trial.points.row(f).segment<3>(3 * m).transpose()).transpose();
  return out;
}

}  // namespace

TrcFile trc_from_trial(const Trial& trial) {
  trial.validate();
  TrcFile trc;
  trc.marker_names = trial.marker_names;
  trc.data_rate = trc.camera_rate = trial.rate;
  trc.units = trial.lab_frame.units;
  trc.first_frame = trial.first_frame;
  trc.points = to_file_axes(trial);
  return trc;
}

C3d c3d_from_trial(const Trial& trial) {
  trial.validate();
  C3d c3d;
  c3d.source = trial.source;
  c3d.point_labels = trial.marker_names;
  c3d.point_descriptions.assign(trial.marker_names.size(), "");
  c3d.point_units = trial.lab_frame.units;
  c3d.point_rate = trial.rate;
  c3d.first_frame = trial.first_frame;
  c3d.points = to_file_axes(trial);
  c3d.residuals.setZero(c3d.points.rows(), static_cast<Eigen::Index>(trial.marker_names.size()));
  for (Eigen::Index f = 0; f < c3d.points.rows(); ++f)
    for (Eigen::Index m = 0; m < c3d.residuals.cols(); ++m)
      if (std::isnan(c3d.points(f, 3 * m))) c3d.residuals(f, m) = -1.0f;
  for (const Event& e : trial.events) {
    C3dEvent out;
    out.time = e.time;
    out.context = e.side == Side::right ? "Right" : "Left";
    out.label = e.kind == EventKind::foot_strike ? "Foot Strike" : "Foot Off";
    c3d.events.push_back(out);
  }
  return c3d;
}

void write_trial(const std::filesystem::path& path, const Trial& trial) {
  const std::string extension = lower(path.extension().string());
  if (extension == ".trc") return write_trc(path, trc_from_trial(trial));
  if (extension == ".c3d") return write_c3d(path, c3d_from_trial(trial));
  throw InvalidArgument("write_trial: " + path.string() + ": the extension must be .trc or .c3d");
}

}  // namespace gaitchain::io
