// coremusic/ca/progress.hpp
// ProgressCallback: how long work in cm::ca (loading, saving, analysis over
// a whole file, time-stretching, waveform overviews) reports how far it has got.
#pragma once

#include <functional>

namespace cm::ca {

/// Called during long work with the fraction done, 0 to 1 (the last call is
/// 1), on the thread doing the work (a worker thread for the async forms). An
/// empty function is not called. It may throw to abandon the work; the
/// exception reaches the caller and nothing half-done is left behind.
using ProgressCallback = std::function<void(double fraction)>;

} // namespace cm::ca
