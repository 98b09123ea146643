#pragma once
// Typed errors. Every error gaitchain throws derives from gaitchain::Error; the Python bindings map
// InvalidArgument and ParseError to ValueError subclasses and IoError to an OSError subclass.
#include <stdexcept>
#include <string>
#include <string_view>

namespace gaitchain {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A caller passed something that cannot be used: wrong shape, unknown name, NaN where a value is needed.
class InvalidArgument : public Error {
 public:
  using Error::Error;
};

// A file could not be opened, read or written.
class IoError : public Error {
 public:
  using Error::Error;
};

// A file's content is malformed. The message names the file and the place: "byte 512" for binary
// formats, "line 7" (1-based) for text formats. Python sees a ValueError subclass.
class ParseError : public Error {
 public:
  ParseError(std::string_view file, std::string_view place, std::string_view message)
      : Error(std::string(file) + ": " + std::string(place) + ": " + std::string(message)) {}

  static ParseError at_byte(std::string_view file, unsigned long long offset, std::string_view message) {
    return ParseError(file, "byte " + std::to_string(offset), message);
  }
  static ParseError at_line(std::string_view file, unsigned long long line, std::string_view message) {
    return ParseError(file, "line " + std::to_string(line), message);
  }
};

}  // namespace gaitchain
