#pragma once
#include <string_view>

namespace gaitchain {

enum class Side { left, right };

constexpr std::string_view to_string(Side s) { return s == Side::left ? "left" : "right"; }
constexpr Side opposite(Side s) { return s == Side::left ? Side::right : Side::left; }
// OpenSim-style suffix used in coordinate and segment names.
constexpr std::string_view suffix(Side s) { return s == Side::left ? "_l" : "_r"; }
// Index of per-side arrays: [0] left, [1] right.
constexpr int side_index(Side s) { return s == Side::left ? 0 : 1; }

}  // namespace gaitchain
