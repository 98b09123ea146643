#pragma once
// Text helpers shared by the text readers and writers in src/io (internal header): line splitting that
// counts lines for error messages, trimming, ASCII case folding, quoting of untrusted cells, number
// cells parsed in place with std::from_chars and written back with the shortest exact text.
#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>

namespace gaitchain::io::detail {

// Splits text into lines ended by \n, \r\n or a lone \r (classic Mac exports), without their terminators.
class LineReader {
 public:
  explicit LineReader(std::string_view text) : text_(text) {}

  bool next(std::string_view& line) {
    if (pos_ >= text_.size()) return false;
    const char* begin = text_.data() + pos_;
    const std::size_t left = text_.size() - pos_;
    const char* newline = static_cast<const char*>(std::memchr(begin, '\n', left));
    std::size_t length = newline ? static_cast<std::size_t>(newline - begin) : left;
    std::size_t advance = newline ? length + 1 : length;
    if (const char* cr = static_cast<const char*>(std::memchr(begin, '\r', length))) {
      const auto at = static_cast<std::size_t>(cr - begin);
      if (!(newline && at + 1 == length)) advance = at + 1;  // a lone \r ends the line; \r\n is one terminator
      length = at;
    }
    line = std::string_view(begin, length);
    pos_ += advance;
    ++number_;
    return true;
  }

  std::size_t number() const { return number_; }  // 1-based number of the last line returned
  std::string_view rest() const { return text_.substr(std::min(pos_, text_.size())); }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t number_ = 0;
};

// Upper bound on the lines left in `text` (a lone-\r file has no \n at all).
inline std::size_t count_lines(std::string_view text) {
  std::size_t n = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  if (n == 0) n = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\r'));
  return n + 1;
}

inline std::string_view trim(std::string_view s, std::string_view chars = " \t") {
  const std::size_t b = s.find_first_not_of(chars);
  if (b == std::string_view::npos) return {};
  return s.substr(b, s.find_last_not_of(chars) - b + 1);
}

inline bool is_blank(std::string_view s) { return s.find_first_not_of(" \t") == std::string_view::npos; }

inline char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

inline bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

inline std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

// A cell for an error message: quoted, clipped, control and non-ASCII bytes escaped (the text may be binary).
inline std::string quote(std::string_view s) {
  constexpr std::size_t limit = 40;
  std::string out = "'";
  for (std::size_t i = 0; i < s.size() && i < limit; ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02X", c);
      out += hex;
    }
  }
  out += s.size() > limit ? "...' (" + std::to_string(s.size()) + " characters)" : "'";
  return out;
}

// Editors on Windows may prefix a UTF-8 byte order mark; it is not part of the first line.
constexpr std::string_view kBom = "\xEF\xBB\xBF";
inline std::string_view without_bom(std::string_view text) { return text.substr(0, 3) == kBom ? text.substr(3) : text; }

enum class Cell { number, blank, bad, out_of_range };

// Parses one cell: a decimal number with optional spaces around it (IK files pad to a fixed width). NaN
// spellings ("NaN", "nan", "-nan(ind)", "-1.#IND" / "1.#QNAN" from old Windows runtimes) give NaN; "inf" and
// "-inf" are kept; a blank cell is reported as such (value NaN).
inline Cell parse_cell(std::string_view cell, double& value) {
  const char* b = cell.data();
  const char* e = b + cell.size();
  while (b != e && *b == ' ') ++b;
  while (e != b && e[-1] == ' ') --e;
  if (b == e) {
    value = std::numeric_limits<double>::quiet_NaN();
    return Cell::blank;
  }
  const char* start = b;
  if (*start == '+') {  // from_chars does not take a leading plus
    ++start;
    if (start == e || *start == '-') return Cell::bad;
  }
  const auto [ptr, ec] = std::from_chars(start, e, value);
  if (ptr == e && ec == std::errc()) return Cell::number;
  if (ptr == e && ec == std::errc::result_out_of_range) return Cell::out_of_range;
  const std::string_view s(b, static_cast<std::size_t>(e - b));
  if (s.find("#IND") != std::string_view::npos || s.find("#QNAN") != std::string_view::npos) {
    value = std::numeric_limits<double>::quiet_NaN();
    return Cell::number;
  }
  return Cell::bad;
}

// The shortest text that reads back to exactly `x`.
inline void append_number(std::string& out, double x) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
  out.append(buffer, result.ptr);
}

}  // namespace gaitchain::io::detail
