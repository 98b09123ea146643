#pragma once
// Gait-event detectors. Each one maps GaitSignals to foot strikes and foot offs, so markers, fitted
// motions and force plates all go through the same interface, and a new algorithm (in C++ or, through
// the bindings, in Python) is scored by the same bench (events/compare.hpp).
//
// Kinematic detectors (published algorithms; each low-pass filters the trajectories at 7 Hz, zero lag):
// - zeni:       Zeni et al. 2008. Foot strike at the maximum of the heel's position ahead of the pelvis
//               along the walking direction; foot off at the minimum of the toe's.
// - oconnor:    O'Connor et al. 2007, foot velocity algorithm. The foot centre (heel-toe midpoint):
//               foot strike at a minimum of its vertical velocity while the foot is low, foot off at the
//               next maximum.
// - ghoussayni: Ghoussayni et al. 2004. Sagittal-plane speed (along the walking direction and vertical,
//               relative to the belt on a treadmill): foot strike when the heel's falls below 0.5 m/s,
//               foot off when the toe's rises above it.
// - desailly:   Desailly et al. 2009, high-pass algorithm. The forward trajectories of heel and toe,
//               high-pass filtered at half the stride frequency: foot strike at a maximum of the heel's,
//               foot off at a minimum of the toe's.
// - force_plate: contacts where a plate's vertical force exceeds a threshold (with hysteresis), each
//               assigned to the foot whose heel-toe line lies under the centre of pressure.
// Every detector only reports events it saw both sides of: none at the trial edges, in gaps of the
// markers it uses, or where the subject is not walking (turns on the spot). Per foot, strikes and offs
// alternate; a detector that finds two strikes without an off between them keeps the first, unless a gap
// in its markers lies between them (the off may be hidden there).
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "gaitchain/core/trial.hpp"
#include "gaitchain/events/gait_signals.hpp"

namespace gaitchain::events {

// A span of the capture clock over which a detector could see one foot (the bench scores a detector only
// where the truth could see).
struct Interval {
  Side side = Side::right;
  double begin = 0.0, end = 0.0;  // s
  bool operator==(const Interval&) const = default;
};

struct Detection {
  std::vector<Event> events;        // sorted by time
  std::vector<Interval> coverage;   // where the detector observed each foot; empty means everywhere
  std::vector<std::string> notes;   // why events are missing or partial, in plain words
};

using Detector = std::function<Detection(const GaitSignals&)>;

Detection zeni(const GaitSignals& signals);
Detection oconnor(const GaitSignals& signals);
Detection ghoussayni(const GaitSignals& signals, double threshold_m_s = 0.5);
Detection desailly(const GaitSignals& signals);

struct ForcePlateOptions {
  double threshold_n = 20.0;   // contact while the vertical force (above the plate's baseline) exceeds it
  // A contact starts when the force rises above threshold_n and only ends when it falls below
  // threshold_n - hysteresis_n, so noise around the threshold does not split it. Event times are the
  // (interpolated) crossings of threshold_n itself, so strikes and offs are timed alike.
  double hysteresis_n = 10.0;
  double min_contact_s = 0.1;  // shorter loads (a tap, a dropped marker wand) are not steps
  // The centre of pressure must lie within this horizontal distance of a foot's heel-toe line, and
  // nearer to it than to the other foot's, for the contact to be assigned to that foot.
  double max_cop_distance_m = 0.15;
};

Detection force_plate(const GaitSignals& signals, const ForcePlateOptions& options = {});

// Names of the built-in detectors: zeni, oconnor, ghoussayni, desailly, force_plate.
std::vector<std::string> detector_names();

// A built-in detector by name with default options. InvalidArgument listing the names otherwise.
Detector detector(std::string_view name);

// Runs a detector, checks what it returned (finite times within the trial, plus half a frame; coverage
// intervals with begin <= end) and sorts its events by time. InvalidArgument naming `name` otherwise, so a faulty user
// detector is caught where it is called, not in the metrics.
Detection detect(const GaitSignals& signals, const Detector& detector, std::string_view name);

}  // namespace gaitchain::events
