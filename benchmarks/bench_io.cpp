// Timing of the C3D reader and writer on a long, realistic trial.
//
//   bench_io [options]               generate the trial, time format_c3d, write_c3d (at most 3 reps),
//                                    parse_c3d and read_c3d over --reps repetitions (temp file, removed)
//   bench_io --write PATH [options]  generate the trial and write it to PATH (for other tools to read)
//   bench_io --read-only PATH        time read_c3d(PATH) over --reps repetitions; the last line is
//                                    "best_seconds=<s> median_seconds=<s>" (c3d_read_vs_ezc3d.py parses it)
//
// Options: --minutes M (10), --rate HZ (100), --markers N (60), --channels C (16; 0 for points only),
// --analog-rate HZ (1000), --reps R (7), --keep PATH (write the generated file there instead of a temp).
//
// The trial: treadmill walking at 1.1 s per stride. Markers sit on a 1.75 m body (feet to head) and
// swing with amplitudes that grow towards the feet, with 0.2 mm noise, a few gaps per marker and
// residuals of 0.3 to 2 mm. Analog channels: two force plates (Fx Fy Fz Mx My Mz, stance-phase
// profiles) and four EMG channels (bursts in noise). Events: left/right foot strike and foot off every
// stride (over 2000 events: the EVENT group needs continuation parameters). Build in Release.
#include <gaitchain/io/c3d.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits>
#include <numbers>
#include <random>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using gaitchain::io::C3d;

struct Options {
  double minutes = 10.0;
  double rate = 100.0;
  int markers = 60;
  int channels = 16;
  double analog_rate = 1000.0;
  int reps = 7;
  std::string keep, write, read_only;
};

[[noreturn]] void usage(const char* message) {
  std::fprintf(stderr,
               "bench_io: %s\nusage: bench_io [--write PATH | --read-only PATH] [--minutes M] [--rate HZ]\n"
               "                [--markers N] [--channels C] [--analog-rate HZ] [--reps R] [--keep PATH]\n",
               message);
  std::exit(2);
}

Options parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(("missing value after " + arg).c_str());
      return argv[++i];
    };
    if (arg == "--minutes") o.minutes = std::atof(value().c_str());
    else if (arg == "--rate") o.rate = std::atof(value().c_str());
    else if (arg == "--markers") o.markers = std::atoi(value().c_str());
    else if (arg == "--channels") o.channels = std::atoi(value().c_str());
    else if (arg == "--analog-rate") o.analog_rate = std::atof(value().c_str());
    else if (arg == "--reps") o.reps = std::max(1, std::atoi(value().c_str()));
    else if (arg == "--keep") o.keep = value();
    else if (arg == "--write") o.write = value();
    else if (arg == "--read-only") o.read_only = value();
    else usage(("unknown argument " + arg).c_str());
  }
  if (!(o.minutes > 0) || !(o.rate > 0) || o.markers < 0 || o.channels < 0) usage("bad option value");
  return o;
}

C3d make_trial(const Options& o) {
  constexpr double pi = std::numbers::pi;
  const double stride = 1.1;  // s
  const auto frames = static_cast<Eigen::Index>(std::llround(o.minutes * 60.0 * o.rate));
  C3d c;
  c.point_rate = o.rate;
  c.first_frame = 1;
  c.point_units = "mm";
  c.points.resize(frames, 3 * o.markers);
  c.residuals.resize(frames, o.markers);
  std::mt19937_64 rng(7);
  std::normal_distribution<double> noise(0.0, 0.2);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  for (int m = 0; m < o.markers; ++m) {
    c.point_labels.push_back("MRK" + std::to_string(m + 1));
    const double height = 1700.0 * (m + 0.5) / std::max(o.markers, 1);  // mm above the floor
    const double swing = 350.0 * std::exp(-height / 400.0) + 15.0;     // feet swing most
    const double side = (m % 2 == 0 ? 1.0 : -1.0) * (80.0 + 60.0 * uniform(rng));
    const double phase = (m % 2 == 0 ? 0.0 : pi) + 0.2 * uniform(rng);
    const double ahead = 100.0 * (uniform(rng) - 0.5);
    for (Eigen::Index f = 0; f < frames; ++f) {
      const double t = static_cast<double>(f) / o.rate;
      const double w = 2.0 * pi * t / stride + phase;
      const double drift = 40.0 * std::sin(2.0 * pi * t / 47.0);  // slow wander on the belt
      c.points(f, 3 * m) = 500.0 + ahead + drift + swing * std::sin(w) + 0.1 * swing * std::sin(2.0 * w) + noise(rng);
      c.points(f, 3 * m + 1) = side + 10.0 * std::sin(w / 2.0) + noise(rng);
      c.points(f, 3 * m + 2) =
          height + 20.0 * std::cos(2.0 * w) + 0.15 * swing * std::max(0.0, std::sin(w)) + noise(rng);
      c.residuals(f, m) = static_cast<float>(0.3 + 1.7 * uniform(rng));
    }
    // A few occlusions of 5 to 40 frames.
    for (int g = 0; g < 1 + static_cast<int>(o.minutes); ++g) {
      const auto start = static_cast<Eigen::Index>(uniform(rng) * static_cast<double>(frames));
      const auto length = std::min<Eigen::Index>(5 + static_cast<Eigen::Index>(35 * uniform(rng)), frames - start);
      c.points.block(start, 3 * m, length, 3).setConstant(std::numeric_limits<double>::quiet_NaN());
      c.residuals.block(start, m, length, 1).setConstant(-1.0f);
    }
  }
  if (o.channels > 0) {
    const auto per_frame = static_cast<Eigen::Index>(std::llround(o.analog_rate / o.rate));
    c.analog_rate = o.rate * static_cast<double>(per_frame);
    const char* plate[] = {"Fx", "Fy", "Fz", "Mx", "My", "Mz"};
    for (int ch = 0; ch < o.channels; ++ch) {
      if (ch < 12) {
        c.analog_labels.push_back(std::string("Force.") + plate[ch % 6] + std::to_string(ch / 6 + 1));
        c.analog_units.push_back(ch % 6 < 3 ? "N" : "N.mm");
      } else {
        c.analog_labels.push_back("EMG" + std::to_string(ch - 11));
        c.analog_units.push_back("V");
      }
    }
    c.analogs.resize(frames * per_frame, o.channels);
    for (Eigen::Index r = 0; r < c.analogs.rows(); ++r) {
      const double t = static_cast<double>(r) / c.analog_rate;
      for (int ch = 0; ch < o.channels; ++ch) {
        const double cycle = std::fmod(t / stride + (ch / 6 == 1 ? 0.5 : 0.0), 1.0);  // plate 2 half a stride later
        const double stance = cycle < 0.62 ? std::sin(pi * cycle / 0.62) : 0.0;
        double v;
        if (ch < 12) {
          const double scale[] = {60.0, 120.0, 750.0, 9e3, 4e4, 2e3};
          const double shape = ch % 6 == 2 ? 1.0 + 0.15 * std::sin(4.0 * pi * cycle) : std::sin(2.0 * pi * cycle);
          v = scale[ch % 6] * stance * shape + 0.5 * noise(rng);
        } else {
          const double burst = cycle > 0.55 && cycle < 0.75 ? 1.0 : 0.1;
          v = 1e-4 * burst * noise(rng) * 5.0;
        }
        c.analogs(r, ch) = v;
      }
    }
  }
  const double duration = static_cast<double>(frames) / o.rate;
  for (double t0 = 0.3; t0 < duration - 1.0; t0 += stride) {
    const auto event = [&](const char* label, const char* context, double t) {
      gaitchain::io::C3dEvent e;
      e.label = label, e.context = context, e.subject = "Subject", e.time = t;
      c.events.push_back(e);
    };
    event("Foot Strike", "Left", t0);
    event("Foot Off", "Right", t0 + 0.12 * stride);
    event("Foot Strike", "Right", t0 + 0.5 * stride);
    event("Foot Off", "Left", t0 + 0.62 * stride);
  }
  return c;
}

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

struct Stats {
  double best = 0, median = 0;
};

template <class F>
Stats time_reps(int reps, F&& f) {
  std::vector<double> t;
  for (int r = 0; r < reps; ++r) {
    const auto t0 = Clock::now();
    f();
    t.push_back(seconds_since(t0));
  }
  std::sort(t.begin(), t.end());
  const std::size_t n = t.size();
  return {t.front(), n % 2 ? t[n / 2] : 0.5 * (t[n / 2 - 1] + t[n / 2])};
}

volatile double sink = 0.0;  // keeps the results observable

Stats time_read(const std::filesystem::path& path, int reps, std::size_t& frames) {
  return time_reps(reps, [&] {
    const C3d c = gaitchain::io::read_c3d(path);
    frames = c.frame_count();
    sink = sink + (c.points.size() ? c.points(0, 0) : 0.0);
  });
}

void print_read(const char* what, const Stats& s, double megabytes, std::size_t frames, int reps) {
  std::printf("%-22s best %8.4f s  median %8.4f s  (%d reps)  %7.1f MB/s  %10.0f frames/s\n", what, s.best, s.median,
              reps, megabytes / s.best, static_cast<double>(frames) / s.best);
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse_options(argc, argv);
  try {
    if (!o.read_only.empty()) {
      const std::filesystem::path path = o.read_only;
      const double megabytes = static_cast<double>(std::filesystem::file_size(path)) / 1e6;
      std::size_t frames = 0;
      const Stats s = time_read(path, o.reps, frames);
      std::printf("%s: %.1f MB, %zu frames\n", path.string().c_str(), megabytes, frames);
      print_read("read_c3d", s, megabytes, frames, o.reps);
      std::printf("best_seconds=%.6f median_seconds=%.6f\n", s.best, s.median);
      return 0;
    }

    auto t0 = Clock::now();
    const C3d trial = make_trial(o);
    const double generate = seconds_since(t0);
    std::printf("trial: %.1f min at %g Hz, %d markers, %d analog channels at %g Hz, %zu events: %zu frames "
                "(generated in %.2f s)\n",
                o.minutes, o.rate, o.markers, o.channels, o.channels ? trial.analog_rate : 0.0, trial.events.size(),
                trial.frame_count(), generate);

    if (!o.write.empty()) {
      gaitchain::io::write_c3d(o.write, trial);
      std::printf("wrote %s (%ju bytes)\n", o.write.c_str(),
                  static_cast<std::uintmax_t>(std::filesystem::file_size(o.write)));
      return 0;
    }

    const std::string temp_name = "gaitchain_bench_io_" + std::to_string(std::random_device{}()) + ".c3d";
    const std::filesystem::path path =
        !o.keep.empty() ? std::filesystem::path(o.keep) : std::filesystem::temp_directory_path() / temp_name;
    std::vector<std::uint8_t> image;
    const Stats format = time_reps(o.reps, [&] { image = gaitchain::io::format_c3d(trial); });
    const int write_reps = std::min(o.reps, 3);
    const Stats write = time_reps(write_reps, [&] { gaitchain::io::write_c3d(path, trial); });
    const double megabytes = static_cast<double>(image.size()) / 1e6;
    std::printf("file: %s, %.1f MB\n", path.string().c_str(), megabytes);
    std::printf("%-22s best %8.4f s  median %8.4f s  (%d reps)  %7.1f MB/s\n", "format_c3d (memory)", format.best,
                format.median, o.reps, megabytes / format.best);
    std::printf("%-22s best %8.4f s  median %8.4f s  (%d reps)  %7.1f MB/s  (format + temp file + rename)\n",
                "write_c3d", write.best, write.median, write_reps, megabytes / write.best);

    std::size_t frames = 0;
    const Stats parse = time_reps(o.reps, [&] {
      const C3d c = gaitchain::io::parse_c3d(image, "memory");
      frames = c.frame_count();
      sink = sink + (c.points.size() ? c.points(0, 0) : 0.0);
    });
    print_read("parse_c3d (memory)", parse, megabytes, frames, o.reps);
    const Stats read = time_read(path, o.reps, frames);
    print_read("read_c3d (file)", read, megabytes, frames, o.reps);
    std::printf("best_seconds=%.6f median_seconds=%.6f\n", read.best, read.median);
    if (o.keep.empty()) std::filesystem::remove(path);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_io: %s\n", e.what());
    return 1;
  }
}
