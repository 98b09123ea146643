#pragma once
// Marker sets: the named points (skin markers or video keypoints) placed on the template chain. Built-in
// sets are marker-set files compiled into the library; users describe their own in the same format
// (docs/marker_sets.md):
//
//   # name  anchor   x       y        z       [weight]
//   LASI    pelvis   0       0.1225   0
//   RHEE    heel_r  -0.0271  0        0.035
//
// One point per line, fields separated by whitespace, `#` starts a comment. `anchor` is a segment
// (pelvis, torso, femur_r, tibia_r, talus_r, calcn_r, toes_r and _l: offset from its origin, the proximal
// joint centre) or a landmark (hip_r, knee_r, ankle_r, heel_r, mtp_r, toe_tip_r and _l, l5s1, mid_asis:
// offset from the landmark, on the landmark's segment). x y z is the offset in metres in that segment's
// frame (X anterior, Y left, Z up in the neutral pose) for a 1.75 m template; it scales with
// Model::height_m / 1.75. weight (default 1, >= 0) is the point's relative weight in fitting.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "gaitchain/model/model.hpp"

namespace gaitchain {

// Names of the built-in sets: plug-in-gait, gait2354, rajagopal, coco17, halpe26, body25, body25b, blazepose.
std::vector<std::string> marker_set_names();

// The file text of a built-in set, to copy and edit. InvalidArgument for an unknown name.
std::string marker_set_text(std::string_view name);

// Points of a marker-set text placed on `model` (its segments and landmarks must be built): segment
// index and position at scale 1 = anchor position + offset * height_m / 1.75. ParseError naming
// `source` and the line for malformed text, unknown anchors, duplicate names or negative weights.
std::vector<BodyPoint> parse_marker_set(std::string_view text, const Model& model,
                                        std::string_view source = "<marker set>");

// The same for a file. IoError if it cannot be read.
std::vector<BodyPoint> read_marker_set(const std::filesystem::path& path, const Model& model);

// A built-in set by name, or a marker-set file: any other name that is an existing file or ends in .txt
// or .markers. InvalidArgument listing the built-in names otherwise.
std::vector<BodyPoint> marker_set(std::string_view name_or_path, const Model& model);

}  // namespace gaitchain
