// coremusic/midi/tempo_map.hpp
// Ticks <-> seconds <-> beats across tempo changes, and bars and beats across
// time-signature changes, for a PPQ or SMPTE division.
#pragma once

#include <algorithm>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include <coremusic/core/detail/stable_sort.hpp>
#include <coremusic/core/error.hpp>
#include <coremusic/midi/midi_event.hpp>
#include <coremusic/midi/smf_file.hpp>

namespace cm::midi {

/// A tempo change: from `tick` on, a quarter note lasts `us_per_quarter` µs.
struct TempoChange {
    std::int64_t tick = 0;
    std::uint32_t us_per_quarter = 500000;
    friend constexpr bool operator==(const TempoChange&, const TempoChange&) noexcept = default;
};

/// A time-signature change at `tick` (numerator / denominator).
struct MeterChange {
    std::int64_t tick = 0;
    int numerator = 4;
    int denominator = 4;
    friend constexpr bool operator==(const MeterChange&, const MeterChange&) noexcept = default;
};

/// Where a tick falls in bars and beats (both 0-based here; add 1 to print
/// them the usual way) and the ticks left over within the beat. Beats are the
/// time signature's denominator notes.
struct BarBeat {
    std::int64_t bar = 0;
    std::int64_t beat = 0;
    std::int64_t tick = 0;
    friend constexpr bool operator==(const BarBeat&, const BarBeat&) noexcept = default;
};

/// The timing of a sequence: its division and its tempo and meter changes.
/// Until the first tempo event the tempo is 120 bpm (500000 µs per quarter)
/// and until the first time signature the meter is 4/4, as the Standard
/// MIDI Files specification says. Several changes at one tick: the last
/// wins (the order of the file). Under an SMPTE division ticks are
/// absolute time and tempo events change only the beat positions.
/// Seconds are exact sums of per-segment products, not accumulated steps,
/// so tick_to_seconds(seconds_to_tick(s)) stays within one tick.
/// Thread-safe: a value type, const queries. Realtime-safe: the queries
/// (construction allocates).
class TempoMap {
public:
    /// 480 PPQ, 120 bpm, 4/4.
    TempoMap() = default;

    /// From changes in any order (sorted stably by tick here).
    TempoMap(Division division, std::vector<TempoChange> tempi, std::vector<MeterChange> meters = {})
        : division_(division), tempi_(std::move(tempi)), meters_(std::move(meters)) {
        if (division_.raw() == 0 || (division_.is_smpte() && division_.ticks_per_frame() == 0)) {
            cm::detail::report<MidiFileError>(nullptr, Errc::InvalidArgument,
                                              "tempo map: the division is 0; expected ticks per quarter note or "
                                              "SMPTE frames and ticks per frame");
        }
        for (const TempoChange& t : tempi_) {
            if (t.us_per_quarter == 0 || t.tick < 0) {
                cm::detail::report<MidiFileError>(nullptr, Errc::InvalidArgument, [&] {
                    return "tempo change at tick " + std::to_string(t.tick) + " of " +
                           std::to_string(t.us_per_quarter) +
                           " µs per quarter: expected a tick >= 0 and a tempo above 0";
                });
            }
        }
        for (const MeterChange& m : meters_) {
            if (m.numerator < 1 || m.denominator < 1 || m.tick < 0) {
                cm::detail::report<MidiFileError>(nullptr, Errc::InvalidArgument, [&] {
                    return "time signature at tick " + std::to_string(m.tick) + " of " +
                           std::to_string(m.numerator) + "/" + std::to_string(m.denominator) +
                           ": expected a tick >= 0 and a numerator and denominator above 0";
                });
            }
        }
        const auto by_tick = [](const auto& a, const auto& b) { return a.tick < b.tick; };
        cm::detail::stable_sort(tempi_.begin(), tempi_.end(), by_tick);
        cm::detail::stable_sort(meters_.begin(), meters_.end(), by_tick);
        dedupe(tempi_);
        dedupe(meters_);
        if (tempi_.empty() || tempi_.front().tick != 0) {
            tempi_.insert(tempi_.begin(), TempoChange{0, 500000});
        }
        if (meters_.empty() || meters_.front().tick != 0) {
            meters_.insert(meters_.begin(), MeterChange{0, 4, 4});
        }
        seconds_at_.resize(tempi_.size());
        for (std::size_t i = 1; i < tempi_.size(); ++i) {
            seconds_at_[i] = seconds_at_[i - 1] + segment_seconds(i - 1, tempi_[i].tick - tempi_[i - 1].tick);
        }
    }

    /// The tempo and time-signature events of every track of a file (format
    /// 1 keeps them in the first track, but files put them anywhere; all
    /// tracks are read, as players do, except in format 2 where each track
    /// is its own song and only the first track's map is taken).
    [[nodiscard]] static TempoMap from_file(const SmfFile& file) {
        std::vector<TempoChange> tempi;
        std::vector<MeterChange> meters;
        const std::size_t n = file.format == 2 ? std::min<std::size_t>(1, file.tracks.size()) : file.tracks.size();
        for (std::size_t t = 0; t < n; ++t) {
            for (const MidiEvent& e : file.tracks[t].events) {
                collect(e, tempi, meters);
            }
        }
        return TempoMap{file.division, std::move(tempi), std::move(meters)};
    }

    /// From the meta events in a list of events (one track or a merged list).
    [[nodiscard]] static TempoMap from_events(Division division, std::span<const MidiEvent> events) {
        std::vector<TempoChange> tempi;
        std::vector<MeterChange> meters;
        for (const MidiEvent& e : events) {
            collect(e, tempi, meters);
        }
        return TempoMap{division, std::move(tempi), std::move(meters)};
    }

    [[nodiscard]] Division division() const noexcept { return division_; }
    /// The tempo changes, sorted, starting at tick 0.
    [[nodiscard]] std::span<const TempoChange> tempo_changes() const noexcept { return tempi_; }
    /// The time-signature changes, sorted, starting at tick 0.
    [[nodiscard]] std::span<const MeterChange> meter_changes() const noexcept { return meters_; }

    /// Seconds from the start to tick (negative ticks extrapolate the first
    /// tempo). Any integer type, so map.tick_to_seconds(1920) is not ambiguous
    /// with the fractional overload.
    template <std::integral Tick>
    [[nodiscard]] double tick_to_seconds(Tick tick) const noexcept {
        return seconds_at_tick(static_cast<std::int64_t>(tick));
    }

    /// Seconds at a fractional tick (for positions between ticks).
    [[nodiscard]] double tick_to_seconds(double tick) const noexcept {
        if (division_.is_smpte()) {
            return tick * division_.smpte_seconds_per_tick();
        }
        const double whole = std::floor(tick);
        const auto t = static_cast<std::int64_t>(whole);
        return seconds_at_tick(t) + (tick - whole) * seconds_per_tick(tempo_index(t));
    }



    /// The tick at `seconds` from the start, as a fractional tick (round it
    /// as you need; std::llround is what this library uses).
    [[nodiscard]] double seconds_to_tick(double seconds) const noexcept {
        if (division_.is_smpte()) {
            return seconds / division_.smpte_seconds_per_tick();
        }
        // The last segment starting at or before `seconds`.
        const auto it = std::upper_bound(seconds_at_.begin(), seconds_at_.end(), seconds);
        const std::size_t i = it == seconds_at_.begin() ? 0 : static_cast<std::size_t>(it - seconds_at_.begin()) - 1;
        return static_cast<double>(tempi_[i].tick) + (seconds - seconds_at_[i]) / seconds_per_tick(i);
    }

    /// Quarter-note beats from the start to tick (PPQ: tick / ppq; SMPTE:
    /// through the tempo in force, integrated over the segments).
    [[nodiscard]] double tick_to_beats(std::int64_t tick) const noexcept {
        if (!division_.is_smpte()) {
            return static_cast<double>(tick) / static_cast<double>(division_.ticks_per_quarter());
        }
        const double s = tick_to_seconds(tick);
        double beats = 0.0;
        double at = 0.0;
        for (std::size_t i = 0; i < tempi_.size(); ++i) {
            const double next =
                i + 1 < tempi_.size() ? static_cast<double>(tempi_[i + 1].tick) * division_.smpte_seconds_per_tick()
                                      : s;
            const double end = std::min(next, s);
            if (end > at) {
                beats += (end - at) * 1e6 / static_cast<double>(tempi_[i].us_per_quarter);
                at = end;
            }
            if (next >= s) {
                break;
            }
        }
        return beats;
    }

    /// Ticks for a number of quarter-note beats (PPQ only; SMPTE returns the
    /// tick by way of seconds at the tempo map).
    [[nodiscard]] double beats_to_tick(double beats) const noexcept {
        if (!division_.is_smpte()) {
            return beats * static_cast<double>(division_.ticks_per_quarter());
        }
        double left = beats;
        for (std::size_t i = 0; i < tempi_.size(); ++i) {
            const double start_s = static_cast<double>(tempi_[i].tick) * division_.smpte_seconds_per_tick();
            const double per_beat = static_cast<double>(tempi_[i].us_per_quarter) / 1e6;
            if (i + 1 < tempi_.size()) {
                const double end_s = static_cast<double>(tempi_[i + 1].tick) * division_.smpte_seconds_per_tick();
                const double seg_beats = (end_s - start_s) / per_beat;
                if (left > seg_beats) {
                    left -= seg_beats;
                    continue;
                }
            }
            return (start_s + left * per_beat) / division_.smpte_seconds_per_tick();
        }
        return 0.0;
    }

    /// Microseconds per quarter note in force at tick.
    [[nodiscard]] std::uint32_t tempo_at(std::int64_t tick) const noexcept { return tempi_[tempo_index(tick)].us_per_quarter; }
    /// Beats per minute in force at tick.
    [[nodiscard]] double bpm_at(std::int64_t tick) const noexcept { return 60e6 / static_cast<double>(tempo_at(tick)); }
    /// The time signature in force at tick.
    [[nodiscard]] MeterChange meter_at(std::int64_t tick) const noexcept { return meters_[meter_index(tick)]; }

    /// Bar, beat and tick within the beat (all 0-based) at tick, counting
    /// bars from each time-signature change (a change in mid-bar starts a
    /// new bar, as sequencers display it). PPQ only; SMPTE gives {0, 0, tick}.
    [[nodiscard]] BarBeat bar_beat(std::int64_t tick) const noexcept {
        if (division_.is_smpte() || tick < 0) {
            return {0, 0, tick};
        }
        std::int64_t bar = 0;
        const std::size_t m = meter_index(tick);
        for (std::size_t i = 0; i < m; ++i) {
            const std::int64_t len = bar_ticks(meters_[i]);
            const std::int64_t span = meters_[i + 1].tick - meters_[i].tick;
            bar += (span + len - 1) / len;
        }
        const std::int64_t beat_len = beat_ticks(meters_[m]);
        const std::int64_t into = tick - meters_[m].tick;
        const std::int64_t len = bar_ticks(meters_[m]);
        bar += into / len;
        const std::int64_t in_bar = into % len;
        return {bar, in_bar / beat_len, in_bar % beat_len};
    }

private:
    [[nodiscard]] double seconds_at_tick(std::int64_t tick) const noexcept {
        if (division_.is_smpte()) {
            return static_cast<double>(tick) * division_.smpte_seconds_per_tick();
        }
        const std::size_t i = tempo_index(tick);
        return seconds_at_[i] + segment_seconds(i, tick - tempi_[i].tick);
    }

    template <class T>
    static void dedupe(std::vector<T>& v) {
        // Several changes at one tick: keep the last.
        std::vector<T> out;
        out.reserve(v.size());
        for (const T& x : v) {
            if (!out.empty() && out.back().tick == x.tick) {
                out.back() = x;
            } else {
                out.push_back(x);
            }
        }
        v = std::move(out);
    }

    static void collect(const MidiEvent& e, std::vector<TempoChange>& tempi, std::vector<MeterChange>& meters) {
        if (e.is_meta(meta::tempo) && e.data.size() >= 3 && e.tempo_us() > 0) {
            tempi.push_back({e.tick, e.tempo_us()});
        } else if (e.is_meta(meta::time_signature) && e.data.size() >= 2 && e.data[0] > 0 && e.data[1] < 31) {
            meters.push_back({e.tick, e.data[0], 1 << e.data[1]});
        }
    }

    [[nodiscard]] double seconds_per_tick(std::size_t i) const noexcept {
        return static_cast<double>(tempi_[i].us_per_quarter) / 1e6 / static_cast<double>(division_.ticks_per_quarter());
    }
    [[nodiscard]] double segment_seconds(std::size_t i, std::int64_t ticks) const noexcept {
        if (division_.is_smpte()) {
            return static_cast<double>(ticks) * division_.smpte_seconds_per_tick();
        }
        // One rounding: µs * ticks is exact in a double below 2^53.
        return static_cast<double>(tempi_[i].us_per_quarter) * static_cast<double>(ticks) /
               (1e6 * static_cast<double>(division_.ticks_per_quarter()));
    }
    [[nodiscard]] std::size_t tempo_index(std::int64_t tick) const noexcept {
        const auto it = std::upper_bound(tempi_.begin(), tempi_.end(), tick,
                                         [](std::int64_t t, const TempoChange& c) { return t < c.tick; });
        return it == tempi_.begin() ? 0 : static_cast<std::size_t>(it - tempi_.begin()) - 1;
    }
    [[nodiscard]] std::size_t meter_index(std::int64_t tick) const noexcept {
        const auto it = std::upper_bound(meters_.begin(), meters_.end(), tick,
                                         [](std::int64_t t, const MeterChange& c) { return t < c.tick; });
        return it == meters_.begin() ? 0 : static_cast<std::size_t>(it - meters_.begin()) - 1;
    }
    [[nodiscard]] std::int64_t beat_ticks(const MeterChange& m) const noexcept {
        return std::max<std::int64_t>(1, 4 * static_cast<std::int64_t>(division_.ticks_per_quarter()) / m.denominator);
    }
    [[nodiscard]] std::int64_t bar_ticks(const MeterChange& m) const noexcept { return beat_ticks(m) * m.numerator; }

    Division division_{};
    std::vector<TempoChange> tempi_{TempoChange{}};
    std::vector<MeterChange> meters_{MeterChange{}};
    std::vector<double> seconds_at_{0.0};
};

} // namespace cm::midi
