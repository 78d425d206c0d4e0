// coremusic/midi/transform/velocity.hpp
// Velocity transforms on a sequence: VelocityScale (factor and range),
// VelocityCurve (log, exp, s-curve) and Humanize (seeded timing and velocity).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <coremusic/core/error.hpp>
#include <coremusic/midi/midi_event.hpp>
#include <coremusic/midi/midi_sequence.hpp>
#include <coremusic/midi/transform/transformer.hpp>
#include <coremusic/theory/random.hpp>

namespace cm::midi {

namespace detail {

/// The new velocity for each note-on velocity 1..127 (index 0 unused).
using VelocityMap = std::array<std::uint8_t, 128>;

/// Sets the velocity of every note-on (velocity above 0) through map;
/// note-offs (and their release velocities) are left alone. Velocities of
/// 1..127 keep every note-on a note-on, so the order holds without a check.
inline void map_velocities(MidiSequence& seq, const VelocityMap& map) {
    for (MidiTrack& t : seq.tracks()) {
        for (MidiEvent& e : TrackAccess::events_in_order(t)) {
            if (e.kind == EventKind::Message && e.message.is_note_on()) {
                e.message = MidiMessage::note_on(e.message.channel(), e.message.note(),
                                                 map[static_cast<std::size_t>(e.message.velocity())]);
            }
        }
    }
}

} // namespace detail

/// Scales note-on velocities: first by `factor` (v1 = llround(v * factor),
/// clamped to 1..127), then mapped linearly from 1..127 onto min..max:
/// v' = min + llround((v1 - 1) * (max - min) / 126). The defaults change
/// nothing; {.factor = 0.5} halves (100 -> 50, 1 stays 1); {.min = 40,
/// .max = 100} compresses (1 -> 40, 127 -> 100, 64 -> 70). Note-off
/// velocities are left alone. Throws MidiError (Errc::OutOfRange) for a
/// factor not finite and >= 0, or unless 1 <= min <= max <= 127.
/// Thread-safe: a value type, apply is const. Not realtime-safe.
struct VelocityScale {
    double factor = 1.0;
    int min = 1;
    int max = 127;

    /// The velocity v (1..127) becomes.
    [[nodiscard]] int map(int v) const noexcept {
        const double scaled = std::min(static_cast<double>(v) * factor, 1000.0);
        const auto v1 = std::clamp<long long>(std::llround(scaled), 1, 127);
        return min + static_cast<int>(std::llround(static_cast<double>(v1 - 1) * (max - min) / 126.0));
    }

    void apply(MidiSequence& seq) const {
        if (!(factor >= 0.0) || !std::isfinite(factor) || min < 1 || max > 127 || min > max) {
            cm::detail::report<MidiError>(nullptr, Errc::OutOfRange, [&] {
                return "VelocityScale factor " + std::to_string(factor) + ", range " + std::to_string(min) + ".." +
                       std::to_string(max) + ": expected a finite factor >= 0 and 1 <= min <= max <= 127";
            });
        }
        detail::VelocityMap m{};
        for (int v = 1; v < 128; ++v) {
            m[static_cast<std::size_t>(v)] = static_cast<std::uint8_t>(map(v));
        }
        detail::map_velocities(seq, m);
    }
    [[nodiscard]] MidiSequence operator()(MidiSequence seq) const {
        apply(seq);
        return seq;
    }
};

/// The shape of a VelocityCurve.
enum class CurveShape : std::uint8_t {
    Linear,  ///< y = x
    Log,     ///< y = ln(1 + k x) / ln(1 + k): soft notes louder
    Exp,     ///< y = (e^(k x) - 1) / (e^k - 1): soft notes softer
    SCurve,  ///< y = 1/2 + tanh(k (x - 1/2)) / (2 tanh(k / 2)): the middle spread, the ends pressed
};

/// Reshapes note-on velocities: with x = v / 127 and k = `amount`, the new
/// velocity is llround(127 * y(x)) clamped to 1..127, y the shape's formula
/// (CurveShape). Every shape maps 127 to 127 and keeps the order of
/// velocities; k near 0 approaches linear. Worked examples (k = 4):
/// Log 64 -> 87, Exp 64 -> 15, SCurve 32 -> 14. Note-off velocities are left
/// alone. Throws MidiError (Errc::OutOfRange) unless amount is finite and
/// above 0.
/// Thread-safe: a value type, apply is const. Not realtime-safe.
struct VelocityCurve {
    CurveShape shape = CurveShape::Linear;
    double amount = 4.0;

    /// The velocity v (1..127) becomes.
    [[nodiscard]] int map(int v) const noexcept {
        const double x = static_cast<double>(v) / 127.0;
        const double k = amount;
        double y = x;
        switch (shape) {
        case CurveShape::Linear: break;
        case CurveShape::Log: y = std::log1p(k * x) / std::log1p(k); break;
        case CurveShape::Exp: y = std::expm1(k * x) / std::expm1(k); break;
        case CurveShape::SCurve: y = 0.5 + std::tanh(k * (x - 0.5)) / (2.0 * std::tanh(k / 2.0)); break;
        }
        return static_cast<int>(std::clamp<long long>(std::llround(127.0 * y), 1, 127));
    }

    void apply(MidiSequence& seq) const {
        if (!(amount > 0.0) || !std::isfinite(amount)) {
            cm::detail::report<MidiError>(nullptr, Errc::OutOfRange, [&] {
                return "VelocityCurve amount " + std::to_string(amount) + ": expected a finite number above 0";
            });
        }
        detail::VelocityMap m{};
        for (int v = 1; v < 128; ++v) {
            m[static_cast<std::size_t>(v)] = static_cast<std::uint8_t>(map(v));
        }
        detail::map_velocities(seq, m);
    }
    [[nodiscard]] MidiSequence operator()(MidiSequence seq) const {
        apply(seq);
        return seq;
    }
};

/// Random, reproducible variation of notes: each note moves by d ticks and
/// its velocity by dv, d uniform in [-timing, timing] and dv in
/// [-velocity, velocity] (cm::theory::Random::between, seeded with `seed`,
/// two draws per note: d then dv, notes taken track by track in note-on
/// order), so a seed gives the same result on every platform. A note keeps
/// its length; a start moved below 0 is put at 0; velocities are clamped
/// to 1..127. Other events do not move. Throws MidiError (Errc::OutOfRange)
/// for timing outside 0..2^30 or velocity outside 0..126.
/// Thread-safe: a value type, apply is const. Not realtime-safe.
struct Humanize {
    std::uint64_t seed = 0;
    int timing = 0;    ///< largest move, in ticks
    int velocity = 0;  ///< largest velocity change

    void apply(MidiSequence& seq) const {
        if (timing < 0 || timing > (1 << 30) || velocity < 0 || velocity > 126) {
            cm::detail::report<MidiError>(nullptr, Errc::OutOfRange, [&] {
                return "Humanize timing " + std::to_string(timing) + " ticks, velocity " + std::to_string(velocity) +
                       ": expected timing 0..2^30 and velocity 0..126";
            });
        }
        cm::theory::Random rng{seed};
        detail::retime(
            seq,
            [&](std::int64_t& s, std::int64_t& e, MidiEvent& on) {
                const int d = rng.between(-timing, timing);
                const int dv = rng.between(-velocity, velocity);
                const std::int64_t len = e - s;
                s = std::max<std::int64_t>(0, s + d);
                e = s + len;
                on.message = MidiMessage::note_on(on.message.channel(), on.message.note(),
                                                  std::clamp(on.message.velocity() + dv, 1, 127));
            },
            [](MidiEvent&) {});
    }
    [[nodiscard]] MidiSequence operator()(MidiSequence seq) const {
        apply(seq);
        return seq;
    }
};

/// seq with notes moved by up to ±timing ticks and velocities by up to
/// ±velocity (Humanize with seed).
/// Thread-safe. Not realtime-safe.
[[nodiscard]] inline MidiSequence humanize(MidiSequence seq, int timing, int velocity, std::uint64_t seed = 0) {
    Humanize{seed, timing, velocity}.apply(seq);
    return seq;
}

} // namespace cm::midi
