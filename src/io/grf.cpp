// Force plates from OpenSim GRF tables (see gaitchain/io/grf.hpp).
#include "gaitchain/io/grf.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "gaitchain/core/error.hpp"
#include "text.hpp"

namespace gaitchain::io {
namespace {

using detail::iequals;

// A sample is "loaded" above 50 N: beyond plate offsets and noise (test_small's idle FP3 reads -29 N) and
// far below any foot contact (a body weight is 500 N and more).
constexpr double kLoaded = 50.0;  // N

struct ForceSet {
  std::string prefix;  // as written: "ground_force_r_"
  int occurrence = 0;  // k-th repeat of the same names (old files), else 0
  std::array<int, 6> columns{-1, -1, -1, -1, -1, -1};  // vx vy vz px py pz
  std::array<int, 3> torque{-1, -1, -1};                // x y z, or none
  bool complete() const { return std::ranges::all_of(columns, [](int c) { return c >= 0; }); }
  bool has_torque() const { return torque[0] >= 0; }
};

std::string num(double x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", x);
  return text;
}

// Index of the `occurrence`-th column called `name` (ASCII case ignored), or -1.
int find_column(const std::vector<std::string>& names, std::string_view name, int occurrence) {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (iequals(names[i], name) && occurrence-- == 0) return static_cast<int>(i);
  return -1;
}

// Force sets in order of their first column: <prefix>v{x,y,z} and <prefix>p{x,y,z}; repeated names
// start a new set per occurrence.
std::vector<ForceSet> group_columns(const std::vector<std::string>& names) {
  std::vector<ForceSet> sets;
  for (std::size_t i = 0; i < names.size(); ++i) {
    const std::string& n = names[i];
    if (n.size() < 2) continue;
    const char kind = detail::ascii_lower(n[n.size() - 2]), axis = detail::ascii_lower(n.back());
    if ((kind != 'v' && kind != 'p') || axis < 'x' || axis > 'z') continue;
    const std::string prefix = n.substr(0, n.size() - 2);
    const int occurrence =
        static_cast<int>(std::count_if(names.begin(), names.begin() + static_cast<long>(i), [&](const std::string& m) { return iequals(m, n); }));
    auto set = std::ranges::find_if(sets, [&](const ForceSet& s) { return s.occurrence == occurrence && iequals(s.prefix, prefix); });
    if (set == sets.end()) set = sets.insert(sets.end(), ForceSet{prefix, occurrence});
    set->columns[static_cast<std::size_t>((kind == 'v' ? 0 : 3) + (axis - 'x'))] = static_cast<int>(i);
  }
  // Torque: the force prefix with its last "force" read as "torque" or "moment", all three axes.
  for (ForceSet& set : sets) {
    const std::size_t at = detail::lower(set.prefix).rfind("force");
    if (at == std::string::npos) continue;
    for (const char* word : {"torque", "moment"}) {
      std::string base = set.prefix;
      base.replace(at, 5, word);
      std::array<int, 3> cols{};
      for (int a = 0; a < 3; ++a) cols[static_cast<std::size_t>(a)] = find_column(names, base + static_cast<char>('x' + a), set.occurrence);
      if (std::ranges::all_of(cols, [](int c) { return c >= 0; })) {
        set.torque = cols;
        break;
      }
    }
  }
  return sets;
}

// The plate's name: its prefix without trailing separators; repeats of a prefix get _2, _3 ...
std::string set_name(const ForceSet& set) {
  std::string name = set.prefix;
  while (!name.empty() && (name.back() == '_' || name.back() == '.' || name.back() == ' ')) name.pop_back();
  if (name.empty()) name = "force";
  return set.occurrence ? name + "_" + std::to_string(set.occurrence + 1) : name;
}

// Value at quantile q of v (nearest rank); v is reordered.
double quantile(std::vector<double>& v, double q) {
  const auto k = static_cast<std::size_t>(q * static_cast<double>(v.size() - 1) + 0.5);
  std::nth_element(v.begin(), v.begin() + static_cast<long>(k), v.end());
  return v[k];
}

// Sample rate of uniformly spaced times. Text files round the times (subject01_walk1_grf.mot writes 4
// decimals at 600 Hz: steps of 0.0016 and 0.0017 s, 4 % off 1/600), so a step-by-step test would reject
// good files; instead every time must lie within 10 % of a sample period of the uniform grid through the
// first and last rows. A dropped or repeated row moves the grid by half a period or more somewhere.
double uniform_rate(const std::vector<double>& time, const std::string& source) {
  const std::size_t n = time.size();
  if (n < 2) throw InvalidArgument(source + ": a force table needs at least 2 rows to give a sample rate");
  const double t0 = time.front(), rate = static_cast<double>(n - 1) / (time.back() - t0);
  if (!(std::isfinite(rate) && rate > 0))
    throw InvalidArgument(source + ": the times run from " + num(t0) + " to " + num(time.back()) + " s, not forward");
  for (std::size_t i = 0; i < n; ++i) {
    const double off = (time[i] - t0) * rate - static_cast<double>(i);  // in samples
    if (!(std::abs(off) <= 0.1))
      throw InvalidArgument(source + ": row " + std::to_string(i + 1) + " (time " + num(time[i]) + " s) lies " + num(off) +
                            " samples off the uniform " + num(rate) + " Hz grid; force tables must be sampled at equal steps");
  }
  return rate;
}

}  // namespace

std::vector<ForcePlate> force_plates_from_table(const Table& table, const LabFrame& lab, std::string_view source_view,
                                                std::vector<std::string>* notes) {
  const std::string source(source_view);
  const auto note = [&](std::string text) { if (notes) notes->push_back(std::move(text)); };
  const auto& names = table.column_names;
  if (table.values.cols() != static_cast<Eigen::Index>(names.size()) || table.values.rows() != static_cast<Eigen::Index>(table.time.size()))
    throw InvalidArgument(source + ": the table's values do not match its columns and times");

  std::vector<ForceSet> sets = group_columns(names);
  std::erase_if(sets, [](const ForceSet& s) { return !s.complete(); });
  if (sets.empty()) {
    std::string found = "time";
    for (const std::string& n : names) found += ", " + n;
    throw InvalidArgument(source + ": no complete force set (<prefix>vx, vy, vz and <prefix>px, py, pz) among its columns: " + found);
  }
  const double rate = uniform_rate(table.time, source);

  // Into the internal frame: each row r of the table becomes R r, i.e. rows times R^T.
  const Mat3& R = lab.rotation;
  const Eigen::Index rows = table.values.rows();
  const auto rotated = [&](const int* cols) {
    ForcePlate::Series s(rows, 3);
    for (int a = 0; a < 3; ++a) s.col(a) = table.values.col(cols[a]);
    return ForcePlate::Series(s * R.transpose());
  };
  std::vector<ForcePlate> plates;
  std::vector<bool> used(names.size(), false);
  for (const ForceSet& set : sets) {
    ForcePlate plate;
    plate.name = set_name(set);
    plate.rate = rate;
    plate.start_time = table.time.front();
    plate.force = rotated(set.columns.data());
    plate.cop = rotated(set.columns.data() + 3);
    plate.moment = set.has_torque() ? rotated(set.torque.data()) : ForcePlate::Series::Zero(rows, 3);
    if (!set.has_torque()) note(source + ": " + plate.name + " has no torque columns; its moment is zero");
    for (int c : set.columns) used[static_cast<std::size_t>(c)] = true;
    for (int c : set.torque) if (c >= 0) used[static_cast<std::size_t>(c)] = true;
    plates.push_back(std::move(plate));
  }
  std::string unread;
  for (std::size_t i = 0; i < names.size(); ++i)
    if (!used[i]) unread += (unread.empty() ? "" : ", ") + names[i];
  if (!unread.empty()) note(source + ": columns not read as forces: " + unread);

  // The lab frame must put the table's vertical on +Z: under load a ground reaction points up and mostly
  // so (shear stays well below the vertical force), whatever the plate. Checked over the whole table, so an
  // idle plate with an offset cannot decide it.
  double sum_z = 0, sum_abs_z = 0, sum_horizontal = 0;
  long loaded = 0;
  for (const ForcePlate& p : plates)
    for (Eigen::Index r = 0; r < rows; ++r) {
      const Vec3 F = p.force.row(r).transpose();
      if (!(F.norm() > kLoaded)) continue;
      sum_z += F.z(), sum_abs_z += std::abs(F.z()), sum_horizontal += F.head<2>().norm();
      ++loaded;
    }
  if (loaded == 0) {
    note(source + ": no sample carries more than 50 N; the vertical direction could not be checked");
  } else if (sum_abs_z < sum_horizontal) {
    throw InvalidArgument(source + ": under load the force lies mostly off the vertical (mean |Fz| " + num(sum_abs_z / loaded) +
                          " N against " + num(sum_horizontal / loaded) + " N horizontal): the table's axes do not match the lab frame given (wrong lab frame?)");
  } else if (sum_z < 0) {
    throw InvalidArgument(source + ": the vertical force is negative under load (mean " + num(sum_z / loaded) + " N over " +
                          std::to_string(loaded) + " samples above 50 N): the table's axes do not match the lab frame given (wrong lab frame?)");
  }

  // CoP units. OpenSim writes metres, yet some exporters leave mm. Over loaded samples (the point is
  // filter garbage when unloaded: grf_walk.mot holds px = 346 at 0 N but 0.06-1.7 while loaded), take the
  // larger of the median horizontal distance from the lab origin and the 5-95 % horizontal extent. In
  // metres both stay below 10 (plates lie within a few metres of the origin); in mm a foot rolling over
  // 100-250 mm, or a plate away from the origin, gives far more. Only a subject standing still within
  // 1 cm of the origin could pass for metres.
  std::vector<double> radius, xs, ys;
  for (const ForcePlate& p : plates)
    for (Eigen::Index r = 0; r < rows; ++r)
      if (p.force(r, 2) > kLoaded && std::isfinite(p.cop(r, 0)) && std::isfinite(p.cop(r, 1))) {
        radius.push_back(std::hypot(p.cop(r, 0), p.cop(r, 1)));
        xs.push_back(p.cop(r, 0)), ys.push_back(p.cop(r, 1));
      }
  double extent = 0;
  if (!radius.empty())
    extent = std::max({quantile(radius, 0.5), quantile(xs, 0.95) - quantile(xs, 0.05), quantile(ys, 0.95) - quantile(ys, 0.05)});
  if (extent > 10.0) {
    for (ForcePlate& p : plates) p.cop *= 1e-3;
    note("CoP of " + source + " read as millimetres (horizontal extent " + num(extent) + " under load, beyond any lab in metres); converted to m");
    // Torque in N mm too? Only if the magnitudes say so: the free moment of a foot stays below 0.05 m
    // times the vertical force (10 N m at 800 N), while in N mm even quiet standing exceeds 0.1 "m" times it.
    double peak_torque = 0, peak_force = 0;
    for (const ForcePlate& p : plates)
      for (Eigen::Index r = 0; r < rows; ++r)
        if (p.force(r, 2) > kLoaded) {
          peak_torque = std::max(peak_torque, p.moment.row(r).norm());
          peak_force = std::max(peak_force, p.force(r, 2));
        }
    if (peak_torque > 0.1 * peak_force) {
      for (ForcePlate& p : plates) p.moment *= 1e-3;
      note("torque of " + source + " read as N mm (peak " + num(peak_torque) + " at " + num(peak_force) + " N); converted to N m");
    }
  }

  // Tables write 0 or filter garbage for the point of an unloaded plate; as for C3D plates, CoP and moment
  // are undefined there.
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (ForcePlate& p : plates)
    for (Eigen::Index r = 0; r < rows; ++r)
      if (!(p.force(r, 2) >= ForcePlate::cop_minimum_force)) {
        p.cop.row(r).setConstant(nan);
        p.moment.row(r).setConstant(nan);
      }
  return plates;
}

std::vector<ForcePlate> read_force_plates(const std::filesystem::path& path, const LabFrame& lab, std::vector<std::string>* notes) {
  return force_plates_from_table(read_table(path), lab, path.string(), notes);
}

}  // namespace gaitchain::io
