#pragma once
// Whole-file reads and crash-safe writes shared by the readers and writers in src/io (internal header).
#include <filesystem>
#include <string>
#include <string_view>

namespace gaitchain::io::detail {

// The bytes of a file. IoError naming the path if it cannot be opened or read.
std::string read_file(const std::filesystem::path& path);

// Writes `bytes` to a temporary file in the destination folder, then renames it over `path`: readers
// never see a partial file and an existing file is replaced only by a complete one. IoError on failure
// (the temporary file is removed).
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes);

}  // namespace gaitchain::io::detail
