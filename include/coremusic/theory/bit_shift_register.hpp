// coremusic/theory/bit_shift_register.hpp
// A linear-feedback shift register (Fibonacci form, 1 to 32 bits) as a source
// of long non-repeating patterns, with maximal-length taps and a note mapping.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <coremusic/core/error.hpp>
#include <coremusic/theory/note_event.hpp>
#include <coremusic/theory/scale.hpp>

namespace cm::theory {

namespace detail {

// Maximal-length taps for widths 2..32: bit i set means tap i + 1, i.e. the
// term x^(i+1) of the feedback polynomial (whose constant term 1 is
// implied). From the table of primitive polynomials in Wikipedia's "Linear-
// feedback shift register" article, which for widths 3..32 are the taps of
// Xilinx XAPP052 (P. Alfke, "Efficient Shift Registers, LFSR Counters, and
// Long Pseudo-Random Sequence Generators", 1996), table 3: 16 -> 16,15,13,4
// is 0xD008. Index = width; 0 and 1 unused.
inline constexpr std::uint32_t lfsr_maximal_taps[33] = {
    0,          0,          0x3,        0x6,        0xC,        0x14,       0x30,       0x60,       0xB8,
    0x110,      0x240,      0x500,      0x829,      0x100D,     0x2015,     0x6000,     0xD008,     0x12000,
    0x20400,    0x40023,    0x90000,    0x140000,   0x300000,   0x420000,   0xE10000,   0x1200000,  0x2000023,
    0x4000013,  0x9000000,  0x14000000, 0x20000029, 0x48000000, 0x80200003,
};

} // namespace detail

/// A Fibonacci linear-feedback shift register of width 1..32 bits.
/// The state's bits are stages 1..width (bit 0 is stage 1); taps is a mask
/// over the same bits, bit i standing for tap i + 1. step() computes the
/// feedback bit as the parity (XOR) of state & taps, shifts the state left
/// by one dropping the top bit (the output), and puts the feedback bit in
/// bit 0: with taps {3, 2} (0b110) and state 0b001 the states run 001 010
/// 101 011 111 110 100 and repeat. The taps must include the top stage
/// (bit width-1), so every state has one predecessor and the sequence is
/// purely periodic; the all-zero state is excluded because it never leaves
/// itself. With maximal_taps(width) the period is 2^width - 1.
/// Thread-safe: a value type; one instance per thread. Realtime-safe:
/// step(), state(), width(), taps(), set_state's non-throwing path; not
/// period() (up to 2^32 steps) or generate() (allocates).
class BitShiftRegister {
public:
    /// The widest register.
    static constexpr int max_width = 32;

    /// Width bits, the given taps and start state. Throws TheoryError
    /// (Errc::OutOfRange) for a width outside 1..32, Errc::InvalidArgument
    /// for taps that are missing bit width-1 or have bits at or above width,
    /// or a seed that is 0 or has bits at or above width.
    constexpr BitShiftRegister(int width, std::uint32_t taps, std::uint32_t seed = 1)
        : width_(width), taps_(taps), state_(seed) {
        if (width < 1 || width > max_width) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "shift register of width " + std::to_string(width) + ": expected 1 to 32 bits";
            });
        }
        if ((taps & ~mask()) != 0 || (taps & top_bit()) == 0) {
            cm::detail::report<TheoryError>(nullptr, Errc::InvalidArgument, [&] {
                return "shift register taps " + std::to_string(taps) + " for width " + std::to_string(width) +
                       ": expected a mask of bits below " + std::to_string(width) + " that includes bit " +
                       std::to_string(width - 1) + " (the last stage)";
            });
        }
        check_state(seed);
    }

    /// The maximal-length taps for width 2..32 (see detail::lfsr_maximal_taps
    /// for the source): 3 -> 0x6 (x^3 + x^2 + 1), 16 -> 0xD008. Throws
    /// TheoryError (Errc::OutOfRange) for other widths.
    [[nodiscard]] static constexpr std::uint32_t maximal_taps(int width) {
        if (width < 2 || width > max_width) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "maximal-length taps for width " + std::to_string(width) + ": the table covers 2 to 32 bits";
            });
        }
        return detail::lfsr_maximal_taps[width];
    }

    /// A register of width 2..32 with maximal_taps(width), period 2^width - 1.
    /// Throws as maximal_taps() and the constructor do.
    [[nodiscard]] static constexpr BitShiftRegister maximal(int width, std::uint32_t seed = 1) {
        return BitShiftRegister{width, maximal_taps(width), seed};
    }

    /// The number of stages.
    [[nodiscard]] constexpr int width() const noexcept { return width_; }
    /// The tap mask.
    [[nodiscard]] constexpr std::uint32_t taps() const noexcept { return taps_; }
    /// The current state (never 0).
    [[nodiscard]] constexpr std::uint32_t state() const noexcept { return state_; }

    /// Sets the state. Throws TheoryError (Errc::InvalidArgument) for 0 or
    /// bits at or above width.
    constexpr void set_state(std::uint32_t state) {
        check_state(state);
        state_ = state;
    }

    /// Advances one step and returns the output bit (the top stage shifted out).
    constexpr int step() noexcept {
        const int out = (state_ & top_bit()) != 0 ? 1 : 0;
        const std::uint32_t feedback = parity(state_ & taps_);
        state_ = ((state_ << 1) | feedback) & mask();
        return out;
    }

    /// The number of steps after which the state first repeats, found by
    /// stepping a copy (the register itself is unchanged): 2^width - 1 for
    /// maximal taps, a divisor of it or another cycle length otherwise.
    /// Thread-safe. Not realtime-safe: up to 2^32 - 1 steps (seconds at width 32).
    [[nodiscard]] constexpr std::uint64_t period() const noexcept {
        BitShiftRegister r = *this;
        std::uint64_t n = 0;
        do {
            r.step();
            ++n;
        } while (r.state_ != state_);
        return n;
    }

    /// num_notes notes, one per step, from a copy of the register (this one
    /// is unchanged, so the same register gives the same notes): note i
    /// starts at i * step_beats, lasts gate * step_beats and is
    /// pitches[s mod pitches.size()], where s is the state after i + 1 steps.
    /// Throws TheoryError (Errc::OutOfRange) for an empty pitches, a pitch
    /// outside 0..127, a step_beats that is not finite and above 0, a gate
    /// outside (0, 1], velocity outside 1..127 or channel outside 0..15.
    /// Not realtime-safe (allocates).
    [[nodiscard]] std::vector<NoteEvent> generate(std::size_t num_notes, std::span<const int> pitches,
                                                  double step_beats = 0.25, double gate = 1.0, int velocity = 100,
                                                  int channel = 0) const {
        bool ok = !pitches.empty() && step_beats > 0.0 && std::isfinite(step_beats) && gate > 0.0 && gate <= 1.0 &&
                  velocity >= 1 && velocity <= 127 && channel >= 0 && channel <= 15;
        for (const int p : pitches) {
            ok = ok && p >= 0 && p <= 127;
        }
        if (!ok) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "shift register notes from " + std::to_string(pitches.size()) + " pitches, step " +
                       std::to_string(step_beats) + " beats, gate " + std::to_string(gate) + ", velocity " +
                       std::to_string(velocity) + ", channel " + std::to_string(channel) +
                       ": expected at least one pitch, all 0..127, a finite step above 0, a gate in (0, 1], a "
                       "velocity 1..127 and a channel 0..15";
            });
        }
        std::vector<NoteEvent> out;
        out.reserve(num_notes);
        BitShiftRegister r = *this;
        for (std::size_t i = 0; i < num_notes; ++i) {
            r.step();
            const int pitch = pitches[static_cast<std::size_t>(r.state_) % pitches.size()];
            out.push_back({static_cast<double>(i) * step_beats, gate * step_beats, pitch, velocity, channel});
        }
        return out;
    }

    /// generate() over scale degrees 1..degrees of scale (Scale::degree(),
    /// continuing into higher octaves): state s plays degree 1 + s mod degrees.
    /// Throws TheoryError (Errc::OutOfRange) for degrees below 1, and as
    /// generate() does when a degree's MIDI number is outside 0..127.
    [[nodiscard]] std::vector<NoteEvent> generate(std::size_t num_notes, const Scale& scale, int degrees,
                                                  double step_beats = 0.25, double gate = 1.0, int velocity = 100,
                                                  int channel = 0) const {
        if (degrees < 1) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "shift register notes over " + std::to_string(degrees) + " degrees of " + scale.name() +
                       ": expected 1 or more";
            });
        }
        std::vector<int> pitches;
        pitches.reserve(static_cast<std::size_t>(degrees));
        for (int d = 1; d <= degrees; ++d) {
            pitches.push_back(scale.degree(d).midi());
        }
        return generate(num_notes, pitches, step_beats, gate, velocity, channel);
    }

    /// Same width, taps and state.
    friend constexpr bool operator==(const BitShiftRegister&, const BitShiftRegister&) noexcept = default;

private:
    [[nodiscard]] constexpr std::uint32_t mask() const noexcept {
        return width_ >= 32 ? ~std::uint32_t{0} : (std::uint32_t{1} << width_) - 1u;
    }
    [[nodiscard]] constexpr std::uint32_t top_bit() const noexcept {
        return std::uint32_t{1} << (width_ - 1);
    }

    static constexpr std::uint32_t parity(std::uint32_t x) noexcept {
        x ^= x >> 16;
        x ^= x >> 8;
        x ^= x >> 4;
        x ^= x >> 2;
        x ^= x >> 1;
        return x & 1u;
    }

    constexpr void check_state(std::uint32_t state) const {
        if (state == 0 || (state & ~mask()) != 0) {
            cm::detail::report<TheoryError>(nullptr, Errc::InvalidArgument, [&] {
                return "shift register state " + std::to_string(state) + " for width " + std::to_string(width_) +
                       ": expected a non-zero value below 2^" + std::to_string(width_) +
                       " (the all-zero state never changes)";
            });
        }
    }

    int width_;
    std::uint32_t taps_;
    std::uint32_t state_;
};

} // namespace cm::theory
