#pragma once
// OpenSim tables: .mot and .sto files (joint angles, ground reaction forces, states), old SIMM-style
// headers (nRows/nColumns) and version=1 headers alike, in degrees or radians.
//
// What the reader accepts, all seen in real files: a name line (or none: the header may start with
// key=value), header lines with trailing tabs, free-text header lines (dropped), key=value metadata in
// any order, cells padded with spaces, rows ending with a tab, LF, CRLF or lone-CR line ends, a UTF-8
// byte order mark, "NaN"/"nan"/"-nan(ind)"/"-1.#IND" for NaN, "inf". Files whose column names line has
// no tab (SIMM era) are read as separated by runs of spaces.
//
// Choices worth knowing:
// - A missing inDegrees means radians (in_degrees = false). That is OpenSim's Storage default
//   (Storage::setNull sets _inDegrees = false); Storage only assumes degrees for SIMM-era .mot files that
//   have no version line at all, a guess from the file name that parse_table does not make.
// - nRows (or datarows) must match the rows present; nColumns is not checked, because OpenSim writes
//   wrong ones (Moco's example3DWalking/coordinates.sto says nColumns=40 over 32 columns).
// - Blank cells are a ParseError (OpenSim cannot read them either; NaN is written "NaN"), as are
//   DataType values other than double (Vec3 tables). Column names are kept exactly as written, duplicates
//   included (old GRF files repeat names per plate).
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gaitchain/core/trial.hpp"

namespace gaitchain::io {

struct Table {
  std::string name;                        // first header line (OpenSim's table name); may be empty
  std::vector<std::string> column_names;   // the data columns after "time", as written
  std::vector<double> time;                // s, one per row
  CoordinateArray values;                  // rows x columns, as stored (degrees when in_degrees)
  bool in_degrees = false;                 // header inDegrees=yes
  // Every other key=value header line in file order (version, OpenSimVersion, DataRate, ...), without
  // nRows/nColumns/datarows/datacolumns/inDegrees, which the writer derives from the data.
  std::vector<std::pair<std::string, std::string>> metadata;
};

// Parses MOT/STO text held in memory. `name` (usually the path) is used in error messages. Throws
// ParseError naming the line: missing endheader, no time column, rows of the wrong width, non-numeric
// cells, row counts that disagree with nRows.
Table parse_table(std::string_view text, std::string_view name);

// Reads a file; IoError if it cannot be opened, ParseError if it is malformed.
Table read_table(const std::filesystem::path& path);

// Text of a .mot/.sto file in the layout OpenSim 4 reads (name line, version=1, nRows, nColumns,
// inDegrees, metadata, endheader, tab-separated header row starting with "time"), values in the shortest
// text that reads back exactly, NaN as "NaN". version=1 is written only when the metadata has no version
// entry (so it reads back as the first metadata entry); without it OpenSim's Storage takes a .mot for a
// SIMM file in degrees. InvalidArgument if the table is inconsistent: sizes, no rows, non-finite times,
// names or metadata that would not read back (line breaks, surrounding spaces, tabs in column names, a
// key=value-looking name, '=' in keys), metadata keys the writer derives (nRows, nColumns, datarows,
// datacolumns, inDegrees), DataType other than double.
std::string format_table(const Table& table);

// Writes format_table(table) through a temporary file and a rename. IoError on failure.
void write_table(const std::filesystem::path& path, const Table& table);

}  // namespace gaitchain::io
