#pragma once
// Normative (healthy reference) joint-angle curves: the built-in Schwartz et al. 2008 set in five speed
// groups, or any set read from a tidy CSV file. Curves are stored on the 101 points of a gait cycle
// (metrics::cycle_points), in radians, with the Plug-in Gait clinical signs of the ipsilateral limb, so one
// curve serves the left and the right side (as the angles of GaitData).
#include <Eigen/Core>
#include <array>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace gaitchain::metrics {

struct NormativeCurves {
  std::string source;      // "Schwartz2008", or the source column of a CSV
  std::string group;       // speed group ("Free", ...) or the group column of a CSV
  std::string population;  // who was measured, in words; empty if the file does not say
  std::vector<std::string> variables;  // angle-variable names (gait_data.hpp), one per row of mean/sd
  std::vector<std::string> notes;      // per variable: caveat before comparing (empty if none)
  Eigen::MatrixXd mean, sd;  // variables x 101 points (0, 1, ..., 100 % of the cycle), rad; sd = 1 SD

  // Row of a variable, -1 if the set does not have it.
  int index(std::string_view variable) const;
};

// Speed groups of Schwartz et al. 2008 in increasing speed, and their mean dimensionless speed
// v / sqrt(g * leg length) (ANOVA sheet of the paper's supplementary workbook).
inline constexpr std::array<std::string_view, 5> normative_groups = {"VerySlow", "Slow", "Free", "Fast", "VeryFast"};
inline constexpr std::array<double, 5> normative_group_speeds = {0.17, 0.29, 0.429, 0.56, 0.69};

// The compiled-in curves of Schwartz MH, Rozumalski A, Trost JP, J Biomech 2008;41:1639-50 (typically
// developing children, Apache-2.0 copy of the supplementary data in PhilD001/biomechZoo): 14 variables,
// pelvis, hip, knee (3 each), ankle_dorsiflexion, foot_progression and trunk (3; a Gillette trunk definition
// whose absolute values differ from ours: compare its pattern only, see notes). InvalidArgument naming the
// valid groups for any other group.
NormativeCurves builtin_normative(std::string_view group = "Free");

// The Schwartz 2008 group whose mean dimensionless speed is nearest (for a subject's v / sqrt(g * leg
// length)). InvalidArgument for a negative or non-finite speed.
std::string_view normative_group_for_speed(double dimensionless_speed);

// Reads the curves of one source and group from a tidy CSV: a header line naming the columns source, group,
// variable, percent_cycle, mean, sd (in any order; others such as side_convention are ignored), then one row
// per variable and percent of the cycle, angles in degrees, PiG clinical signs of the ipsilateral limb.
// Each variable's points (any number >= 2, spanning 0 to 100 %) are resampled to 101 by linear
// interpolation over percent; sd may be blank (NaN). Every variable present is read, also non-angle ones
// (they are converted as if in degrees; do not use them as angles). Errors name the file and line:
// IoError if the file cannot be read, ParseError for missing columns, bad numbers, repeated points or a
// curve not spanning 0-100 %, InvalidArgument if no row has this source and group.
NormativeCurves read_normative_curves(const std::filesystem::path& csv, std::string_view source,
                                      std::string_view group);

}  // namespace gaitchain::metrics
