#pragma once
// Files <-> Trial. Reading converts to the internal frame (io/lab_frame.hpp) and metres, maps stored
// gait events, computes force plates, and records every conversion in Trial::notes and
// Trial::lab_frame; writing converts back to the file's own axes and units.
#include <filesystem>
#include <string_view>

#include "gaitchain/core/trial.hpp"
#include "gaitchain/io/c3d.hpp"
#include "gaitchain/io/trc.hpp"

namespace gaitchain::io {

// Reads a .c3d or .trc file (chosen by content, not only by extension). IoError if unreadable,
// ParseError if malformed, InvalidArgument if the content cannot be placed in the internal frame.
Trial read_trial(const std::filesystem::path& path);

// The Trial of a parsed C3D: marker-like POINT entries (not those listed in POINT:ANGLES, FORCES,
// MOMENTS, POWERS, SCALARS or REACTIONS) in metres and the internal frame; a subject prefix shared by
// the labels ("Matt:RASI") removed; foot-strike and foot-off events from the EVENT group or the header
// ("Right"/"Left" context or an R/L label prefix: RHS, LTO, RIC ...); force plates.
Trial trial_from_c3d(const C3d& c3d);

// The Trial of a parsed TRC file, in metres and the internal frame.
Trial trial_from_trc(const TrcFile& trc, std::string_view source);

// Back to files, in the axes and units the trial was read from (trial.lab_frame): a TRC of the markers,
// or a C3D of markers and events (float format). The format follows the extension (.trc, .c3d).
void write_trial(const std::filesystem::path& path, const Trial& trial);
TrcFile trc_from_trial(const Trial& trial);
C3d c3d_from_trial(const Trial& trial);

}  // namespace gaitchain::io
