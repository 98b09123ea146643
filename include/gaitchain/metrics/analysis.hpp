#pragma once
// The whole analysis of one fitted trial: cycles, curves, spatiotemporal parameters with their symmetry,
// kinematic summaries, Gait Profile Score and the compensation findings from the foot to the lumbar spine.
// One call, plain data out; the Python layer turns each part into a DataFrame.
#include <string>
#include <vector>

#include "gaitchain/core/motion.hpp"
#include "gaitchain/core/trial.hpp"
#include "gaitchain/metrics/compensations.hpp"
#include "gaitchain/metrics/cycles.hpp"
#include "gaitchain/metrics/gait_data.hpp"
#include "gaitchain/metrics/kinematic_summary.hpp"
#include "gaitchain/metrics/normative.hpp"
#include "gaitchain/metrics/scores.hpp"
#include "gaitchain/metrics/spatiotemporal.hpp"
#include "gaitchain/metrics/symmetry.hpp"
#include "gaitchain/model/model.hpp"

namespace gaitchain::metrics {

struct AnalysisOptions {
  SpatiotemporalOptions spatiotemporal;
  // Schwartz 2008 speed group for the curves and scores; empty: the group nearest the walk's
  // dimensionless speed (speed / sqrt(g * leg length), Hof 1996), since joint curves change with speed.
  std::string normative_group;
  double max_cycle_s = 2.5;  // longer strides are gaps in the events, not cycles
};

// Per-side summary of one spatiotemporal parameter and its left-right symmetry.
struct SpatiotemporalSummary {
  std::string parameter;  // a StrideParameters field name (stride_length_m, ...)
  SideSummary left, right;
  Symmetry symmetry;      // of the side means
};

struct Analysis {
  GaitData data;
  std::vector<Cycle> cycles;
  CycleCurves curves;
  std::vector<StrideParameters> strides;
  std::vector<SpatiotemporalSummary> spatiotemporal;
  std::vector<VariableSummary> variables;
  std::vector<ClinicalParameter> parameters;
  NormativeCurves normative;
  double dimensionless_speed = 0.0;
  GaitScores scores;
  std::vector<Finding> findings;
  std::vector<std::string> notes;  // what could not be computed and why
};

// Analyses a fitted motion cut at `events`. InvalidArgument for a motion that does not match the model;
// a walk without a complete cycle on either side gives an Analysis whose notes say so (no invented values).
Analysis analyze(const Model& model, const Motion& motion, std::vector<Event> events, const AnalysisOptions& options = {});

}  // namespace gaitchain::metrics
