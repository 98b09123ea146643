#include "files.hpp"

#include <cstdio>
#include <fstream>
#include <random>
#include <system_error>

#include "gaitchain/core/error.hpp"

namespace gaitchain::io::detail {

std::string read_file(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw IoError(path.string() + ": is a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path.string() + ": cannot open for reading");
  std::string bytes;
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  if (size < 0) throw IoError(path.string() + ": cannot determine the file size");
  bytes.resize(static_cast<std::size_t>(size));
  in.seekg(0, std::ios::beg);
  in.read(bytes.data(), size);
  if (in.gcount() != size) throw IoError(path.string() + ": read failed");
  return bytes;
}

void write_file_atomically(const std::filesystem::path& path, std::string_view bytes) {
  const std::filesystem::path folder = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::error_code ec;
  if (!std::filesystem::is_directory(folder, ec)) throw IoError(path.string() + ": folder " + folder.string() + " does not exist");
  // A unique name in the same folder, so the final rename stays on one file system.
  std::random_device seed;
  const std::filesystem::path temp = folder / ("." + path.filename().string() + ".tmp" + std::to_string(seed()));
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) throw IoError(path.string() + ": cannot create " + temp.string());
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) {
      out.close();
      std::filesystem::remove(temp, ec);
      throw IoError(path.string() + ": write failed (disk full?)");
    }
  }
  std::filesystem::rename(temp, path, ec);
  if (ec) {
    std::error_code ignored;
    std::filesystem::remove(temp, ignored);
    throw IoError(path.string() + ": cannot replace the file: " + ec.message());
  }
}

}  // namespace gaitchain::io::detail
