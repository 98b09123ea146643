// Marker sets: the marker-set file format and the built-in sets (src/model/marker_sets/*.txt, compiled in
// by cmake/embed_marker_sets.cmake).
#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <string>
#include <system_error>

#include "../io/files.hpp"
#include "../io/text.hpp"
#include "gaitchain/core/error.hpp"
#include "gaitchain/model/anthropometry.hpp"
#include "gaitchain/model/marker_set.hpp"

namespace gaitchain {
namespace detail {
std::string_view marker_set_file(std::string_view name);  // generated: empty if unknown
}  // namespace detail

namespace {

using io::detail::quote;

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

template <class Items>
std::vector<std::string> names_of(const Items& items) {
  std::vector<std::string> out;
  for (const auto& item : items) out.push_back(item.name);
  return out;
}

bool is_builtin(std::string_view name) {
  for (const auto& n : marker_set_names())
    if (n == name) return true;
  return false;
}

std::vector<std::string_view> fields_of(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (true) {
    i = line.find_first_not_of(" \t", i);
    if (i == std::string_view::npos) return out;
    const std::size_t end = std::min(line.find_first_of(" \t", i), line.size());
    out.push_back(line.substr(i, end - i));
    i = end;
  }
}

}  // namespace

std::vector<std::string> marker_set_names() {
  return {"plug-in-gait", "gait2354", "rajagopal", "coco17", "halpe26", "body25", "body25b", "blazepose"};
}

std::string marker_set_text(std::string_view name) {
  const std::string_view text = is_builtin(name) ? detail::marker_set_file(name) : std::string_view{};
  if (text.empty())
    throw InvalidArgument("unknown marker set '" + std::string(name) + "'; built in: " + joined(marker_set_names()));
  return std::string(text);
}

std::vector<BodyPoint> parse_marker_set(std::string_view text, const Model& model, std::string_view source) {
  if (!(model.height_m > 0.0)) throw InvalidArgument("parse_marker_set: the model has no height (build it with Model::lower_body)");
  // Anchors: segment origins and landmarks, as (segment, position at scale 1).
  std::map<std::string, std::pair<int, Vec3>, std::less<>> anchors;
  for (std::size_t k = 0; k < model.segments.size(); ++k)
    anchors[model.segments[k].name] = {static_cast<int>(k), Vec3::Zero()};
  for (const BodyPoint& l : model.landmarks) anchors.try_emplace(l.name, l.segment, l.position);
  const double scale = model.height_m / anthropometry::reference_height;

  std::vector<BodyPoint> points;
  std::map<std::string, std::size_t, std::less<>> first_line;
  io::detail::LineReader lines(io::detail::without_bom(text));
  std::string_view line;
  while (lines.next(line)) {
    const auto fail = [&](const std::string& message) { return ParseError::at_line(source, lines.number(), message); };
    const std::vector<std::string_view> f = fields_of(line.substr(0, line.find('#')));
    if (f.empty()) continue;
    if (f.size() < 5 || f.size() > 6)
      throw fail("expected 'name anchor x y z [weight]', got " + std::to_string(f.size()) + " field" +
                 (f.size() == 1 ? "" : "s"));
    double v[4] = {0, 0, 0, 1};
    static constexpr const char* what[] = {"x", "y", "z", "weight"};
    for (std::size_t i = 2; i < f.size(); ++i) {
      double& x = v[i - 2];
      std::string_view s = f[i];
      if (s.size() > 1 && s[0] == '+' && s[1] != '-') s.remove_prefix(1);  // from_chars takes no '+'
      const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), x);
      if (ec != std::errc() || end != s.data() + s.size())
        throw fail(std::string(what[i - 2]) + " is not a number: " + quote(f[i]));
      if (!std::isfinite(x)) throw fail(std::string(what[i - 2]) + " must be finite, got " + quote(f[i]));
    }
    if (v[3] < 0) throw fail("weight must be >= 0, got " + quote(f[5]));
    const std::string name(f[0]);
    if (const auto it = first_line.find(name); it != first_line.end())
      throw fail("duplicate point " + quote(name) + " (first on line " + std::to_string(it->second) + ")");
    const auto anchor = anchors.find(f[1]);
    if (anchor == anchors.end())
      throw fail("unknown anchor " + quote(f[1]) + "; anchors are segments (" + joined(names_of(model.segments)) +
                 ") or landmarks (" + joined(names_of(model.landmarks)) + ")");
    first_line.emplace(name, lines.number());
    const auto& [segment, origin] = anchor->second;
    points.push_back({name, segment, origin + Vec3(v[0], v[1], v[2]) * scale, v[3]});
  }
  if (points.empty())
    throw ParseError::at_line(source, std::max<std::size_t>(lines.number(), 1), "no points: expected lines 'name anchor x y z [weight]'");
  return points;
}

std::vector<BodyPoint> read_marker_set(const std::filesystem::path& path, const Model& model) {
  return parse_marker_set(io::detail::read_file(path), model, path.string());
}

std::vector<BodyPoint> marker_set(std::string_view name_or_path, const Model& model) {
  if (is_builtin(name_or_path)) return parse_marker_set(marker_set_text(name_or_path), model, name_or_path);
  const std::filesystem::path path(name_or_path);
  std::error_code ec;
  const std::string ext = io::detail::lower(path.extension().string());
  if (std::filesystem::is_regular_file(path, ec) || ext == ".txt" || ext == ".markers") return read_marker_set(path, model);
  throw InvalidArgument("unknown marker set '" + std::string(name_or_path) + "': not a built-in set (" +
                        joined(marker_set_names()) + ") nor a marker-set file");
}

}  // namespace gaitchain
