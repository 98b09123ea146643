#pragma once
// Typed errors. Every error gaitchain throws derives from gaitchain::Error; the Python bindings map
// InvalidArgument to a ValueError subclass and IoError to an OSError subclass.
#include <stdexcept>
#include <string>

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

}  // namespace gaitchain
