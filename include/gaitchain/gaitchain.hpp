#pragma once
// Umbrella header: everything public in gaitchain.
#include "gaitchain/core/angles.hpp"
#include "gaitchain/core/error.hpp"
#include "gaitchain/core/rotation.hpp"
#include "gaitchain/core/side.hpp"
#include "gaitchain/core/trajectory.hpp"
#include "gaitchain/core/trial.hpp"
#include "gaitchain/model/anthropometry.hpp"
#include "gaitchain/model/kinematics.hpp"
#include "gaitchain/model/model.hpp"
#include "gaitchain/synthetic/walk.hpp"
