// coremusic/theory/markov_generator.hpp
// A Markov chain over MIDI notes: trained on example melodies, it generates new
// ones with the same note-to-note habits, optionally kept to a scale and tempered.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <coremusic/core/error.hpp>
#include <coremusic/theory/note.hpp>
#include <coremusic/theory/note_event.hpp>
#include <coremusic/theory/random.hpp>
#include <coremusic/theory/scale.hpp>

// Floating-point contraction (a*b+c fused into one FMA) changes last bits, and
// GCC fuses across statements under its default -ffp-contract=fast on hardware
// with FMA (aarch64). The temperature arithmetic below must give the same bits
// everywhere, so contraction is switched off for those functions.
#if defined(__clang__)
#define CM_DETAIL_NO_FP_CONTRACT _Pragma("clang fp contract(off)")
#define CM_DETAIL_NO_FP_CONTRACT_ATTR
#elif defined(__GNUC__)
#define CM_DETAIL_NO_FP_CONTRACT
#define CM_DETAIL_NO_FP_CONTRACT_ATTR __attribute__((optimize("fp-contract=off")))
#else
#define CM_DETAIL_NO_FP_CONTRACT
#define CM_DETAIL_NO_FP_CONTRACT_ATTR
#endif

namespace cm::theory {

namespace detail {

// Natural log and exponential built only from IEEE 754 + - * / (each
// correctly rounded, so the same bits on every conforming machine), one
// operation per statement and no contraction. std::log and std::exp are not
// correctly rounded and differ in the last bit between glibc, Apple's libm and
// MSVC; a temperature weight computed with them could then quantise to a
// different integer and change a generated melody.

// ln 2 split as in fdlibm (Cody and Waite): the high part has enough trailing
// zero bits that k * markov_ln2_hi is exact for |k| < 2048, so reducing by
// k ln 2 loses nothing to rounding.
inline constexpr double markov_ln2_hi = 6.93147180369123816490e-01;
inline constexpr double markov_ln2_lo = 1.90821492927058770002e-10;
inline constexpr double markov_inv_ln2 = 1.44269504088896338700e+00;  // nearest double to 1 / ln 2
inline constexpr double markov_sqrt2 = 1.4142135623730950488;         // nearest double to sqrt 2

/// ln x for finite x > 0 (anything else returns 0). x = m * 2^e with m in
/// [sqrt(1/2), sqrt(2)) by exact halving/doubling, then
/// ln m = 2 atanh(s), s = (m-1)/(m+1), |s| <= 0.1716, summed to s^25 (the
/// next term is below 2^-60 of the sum). Within a few ulp of the true value.
[[nodiscard]] CM_DETAIL_NO_FP_CONTRACT_ATTR inline double markov_log(double x) noexcept {
    CM_DETAIL_NO_FP_CONTRACT
    if (!(x > 0.0) || x > 1.7976931348623157e308) {
        return 0.0;
    }
    double m = x;
    int e = 0;
    while (m >= markov_sqrt2) {
        m = m * 0.5;
        ++e;
    }
    while (m < markov_sqrt2 * 0.5) {
        m = m * 2.0;
        --e;
    }
    const double num = m - 1.0;
    const double den = m + 1.0;
    const double s = num / den;
    const double s2 = s * s;
    double power = s;
    double sum = 0.0;
    for (int k = 0; k < 13; ++k) {
        const double part = power / static_cast<double>(2 * k + 1);
        sum = sum + part;
        power = power * s2;
    }
    const double ln_m = sum + sum;
    const double e_hi = static_cast<double>(e) * markov_ln2_hi;
    const double e_lo = static_cast<double>(e) * markov_ln2_lo;
    const double low = e_lo + ln_m;
    return e_hi + low;
}

/// e^y: 0 below -745 (under the smallest subnormal), and y is capped at 709
/// so the result stays finite. y = k ln2 + z with
/// |z| <= ln2 / 2 (plus an ulp or so), e^z by its Taylor series to z^17 / 17! (below 2^-60
/// relative), then exact scaling by 2^k.
[[nodiscard]] CM_DETAIL_NO_FP_CONTRACT_ATTR inline double markov_exp(double y) noexcept {
    CM_DETAIL_NO_FP_CONTRACT
    if (!(y > -745.0)) {
        return 0.0;
    }
    if (y > 709.0) {
        y = 709.0;
    }
    const double q = y * markov_inv_ln2;
    const double q_rounded = q < 0.0 ? q - 0.5 : q + 0.5;
    const auto k = static_cast<int>(q_rounded);  // round half away from zero
    const double k_hi = static_cast<double>(k) * markov_ln2_hi;
    const double k_lo = static_cast<double>(k) * markov_ln2_lo;
    const double z_hi = y - k_hi;
    const double z = z_hi - k_lo;
    double term = 1.0;
    double sum = 1.0;
    for (int i = 1; i <= 17; ++i) {
        term = term * z;
        term = term / static_cast<double>(i);
        sum = sum + term;
    }
    for (int i = 0; i < k; ++i) {
        sum = sum * 2.0;
    }
    for (int i = 0; i > k; --i) {
        sum = sum * 0.5;
    }
    return sum;
}

/// The integer weight of a continuation counted `count` times when the most
/// frequent one was counted `max_count` times, at temperature t:
/// floor(2^32 * (count / max_count)^(1/t)), computed as
/// exp((ln count - ln max_count) / t) with the functions above. The most
/// frequent continuation gets exactly 2^32; one whose relative weight is
/// below 2^-32 gets 0 and can no longer be chosen.
[[nodiscard]] CM_DETAIL_NO_FP_CONTRACT_ATTR inline std::uint64_t markov_tempered_weight(
    std::uint64_t count, std::uint64_t max_count, double t) noexcept {
    CM_DETAIL_NO_FP_CONTRACT
    if (count == 0 || max_count == 0) {
        return 0;
    }
    if (count >= max_count) {
        return std::uint64_t{1} << 32;
    }
    const double ln_count = markov_log(static_cast<double>(count));
    const double ln_max = markov_log(static_cast<double>(max_count));
    const double diff = ln_count - ln_max;
    const double y = diff / t;
    double r = markov_exp(y);
    if (r > 1.0) {
        r = 1.0;
    }
    const double scaled = r * 4294967296.0;  // exact: a power of two
    return static_cast<std::uint64_t>(scaled);
}

} // namespace detail

/// A variable-order Markov chain over MIDI note numbers 0..127.
///
/// Training counts, for every note of a sequence and every context length
/// k = 1..order, how often the k notes before it were followed by it, plus how
/// often each note occurs at all (the unigram, context length 0). Sequences
/// are trained separately: no transition is counted across the boundary of
/// two train() calls or two entries of train_sequences().
///
/// Choosing the next note after a history (the notes generated so far):
/// 1. Back-off. The context is the last min(order, history length) notes. If
///    that context was never seen in training, or (with a scale constraint)
///    every note that ever followed it is outside the scale, the context is
///    shortened by dropping its oldest note, down to length 1; if no length
///    works, the unigram counts are used. An empty history uses the unigram.
/// 2. Scale constraint. Continuations outside the scale's pitch classes are
///    dropped before anything else (so back-off happens only when none is left).
///    If no trained note at all is in the scale, generation throws.
/// 3. Temperature T. At T = 1 the integer weights are the counts themselves,
///    so notes follow the trained probabilities exactly. Otherwise each weight
///    is floor(2^32 * (count / max_count)^(1/T)) (max_count: the largest
///    count among the remaining continuations), i.e. probabilities
///    proportional to p^(1/T): T -> 0 leaves only the most frequent
///    continuation(s), large T approaches a uniform choice among them.
/// 4. Random::weighted picks one with probability weight / total.
///
/// Determinism: every generator of coremusic gives the same output for the
/// same seed on every platform, compiler and standard library. Hence no
/// std::*_distribution (their algorithms are unspecified) and no libm
/// transcendental (not correctly rounded, so glibc and Apple's libm differ in
/// the last bit): choices are integer-weighted draws from cm::theory::Random,
/// the counts are exact integers, ordering is by note number, and the one
/// floating-point step (the temperature power) uses the project's own log and
/// exp built from correctly rounded + - * / with FMA contraction disabled,
/// quantised to integers as above before any choice is made.
///
/// Every generate() call starts a Random afresh from seed(), so the same
/// training, settings and seed always give the same notes (call after call,
/// as Arpeggiator does); use another seed for another phrase.
/// Thread-safety: a value type; const members (generate included) may be
/// called concurrently, anything else needs exclusive access.
/// Realtime-safe: no (training and generating allocate).
class MarkovGenerator {
public:
    /// A candidate next note and its integer weight (see the class comment).
    struct Choice {
        int note;              ///< MIDI note number
        std::uint64_t weight;  ///< chosen with probability weight / sum of weights
        /// Same note and weight.
        friend bool operator==(const Choice&, const Choice&) = default;
    };

    /// A chain looking back `order` notes (>= 1), generating from seed.
    /// Throws TheoryError (Errc::OutOfRange) for order < 1.
    explicit MarkovGenerator(int order = 1, std::uint64_t seed = 0) : order_(order), seed_(seed) {
        if (order < 1) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "MarkovGenerator order " + std::to_string(order) +
                       ": expected 1 or more (the number of previous notes a choice depends on)";
            });
        }
        tables_.resize(static_cast<std::size_t>(order));
    }

    /// How many previous notes a choice depends on.
    [[nodiscard]] int order() const noexcept { return order_; }
    /// The seed every generate() call starts from.
    [[nodiscard]] std::uint64_t seed() const noexcept { return seed_; }
    /// Sets the seed for later generate() calls; the training is kept.
    void set_seed(std::uint64_t seed) noexcept { seed_ = seed; }

    /// Adds one sequence's counts to what was trained before. Notes must be
    /// MIDI numbers 0..127; on a bad note it throws TheoryError
    /// (Errc::OutOfRange) naming its position, and nothing is counted.
    void train(std::span<const int> midi_notes) {
        for (std::size_t i = 0; i < midi_notes.size(); ++i) {
            check_note(midi_notes[i], [&] { return "train: note " + std::to_string(i); });
        }
        for (std::size_t i = 0; i < midi_notes.size(); ++i) {
            unigram_[midi_notes[i]] += 1;
            const std::size_t longest = std::min(i, static_cast<std::size_t>(order_));
            for (std::size_t k = 1; k <= longest; ++k) {
                std::vector<int> context(midi_notes.begin() + static_cast<std::ptrdiff_t>(i - k),
                                         midi_notes.begin() + static_cast<std::ptrdiff_t>(i));
                tables_[k - 1][std::move(context)][midi_notes[i]] += 1;
            }
        }
    }

    /// train() on the notes' MIDI numbers (Note::midi(), so C#4 and Db4 are
    /// the same). Throws as train() does for a note outside 0..127.
    void train(std::span<const Note> notes) {
        std::vector<int> midi;
        midi.reserve(notes.size());
        for (const Note n : notes) {
            midi.push_back(n.midi());
        }
        train(midi);
    }

    /// train() on each sequence in turn: no transition joins the end of one
    /// to the start of the next. All are checked first; a bad note throws
    /// TheoryError (Errc::OutOfRange) and nothing is counted.
    void train_sequences(std::span<const std::vector<int>> sequences) {
        for (std::size_t s = 0; s < sequences.size(); ++s) {
            for (std::size_t i = 0; i < sequences[s].size(); ++i) {
                check_note(sequences[s][i], [&] {
                    return "train_sequences: sequence " + std::to_string(s) + ", note " + std::to_string(i);
                });
            }
        }
        for (const std::vector<int>& sequence : sequences) {
            train(sequence);
        }
    }

    /// Forgets all training (the settings and the seed are kept).
    void clear() noexcept {
        for (auto& table : tables_) {
            table.clear();
        }
        unigram_.clear();
    }

    /// Whether anything has been trained.
    [[nodiscard]] bool trained() const noexcept { return !unigram_.empty(); }

    /// Restricts generated notes to scale's pitch classes (any octave);
    /// see the class comment for what happens to contexts it empties.
    void set_scale_constraint(const Scale& scale) noexcept { scale_ = scale; }
    /// Removes the scale constraint.
    void clear_scale_constraint() noexcept { scale_.reset(); }
    /// The scale constraint, if any.
    [[nodiscard]] std::optional<Scale> scale_constraint() const noexcept { return scale_; }

    /// Sets the temperature: 1 follows the trained probabilities, below 1
    /// sharpens them towards the most likely note, above 1 flattens them.
    /// Throws TheoryError (Errc::OutOfRange) unless t is finite and above 0.
    void set_temperature(double t) {
        if (!(t > 0.0) || t > 1.7976931348623157e308) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "MarkovGenerator temperature " + std::to_string(t) +
                       ": expected a finite number above 0 (1 = trained probabilities)";
            });
        }
        temperature_ = t;
    }
    /// The temperature (1 unless set).
    [[nodiscard]] double temperature() const noexcept { return temperature_; }

    /// Event timing for generate(): each note lasts step_beats and the next
    /// starts when it ends (default 0.5 beats). Throws TheoryError
    /// (Errc::OutOfRange) unless step_beats is finite and above 0.
    void set_step(double step_beats) {
        if (!(step_beats > 0.0) || step_beats > 1.7976931348623157e308) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "MarkovGenerator step " + std::to_string(step_beats) + " beats: expected a finite number above 0";
            });
        }
        step_beats_ = step_beats;
    }
    /// Velocity of generated events, 1..127 (default 100); otherwise throws
    /// TheoryError (Errc::OutOfRange).
    void set_velocity(int velocity) {
        if (velocity < 1 || velocity > 127) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "MarkovGenerator velocity " + std::to_string(velocity) + ": expected 1..127";
            });
        }
        velocity_ = velocity;
    }
    /// MIDI channel of generated events, 0..15 (default 0); otherwise throws
    /// TheoryError (Errc::OutOfRange).
    void set_channel(int channel) {
        if (channel < 0 || channel > 15) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "MarkovGenerator channel " + std::to_string(channel) + ": expected 0..15";
            });
        }
        channel_ = channel;
    }

    /// How many times `next` followed exactly this context in training
    /// (oldest note first; an empty context counts occurrences of next).
    /// Throws TheoryError (Errc::OutOfRange) for a context longer than order().
    [[nodiscard]] std::uint64_t count(std::span<const int> context, int next) const {
        const Counts* counts = counts_for(context);
        if (counts == nullptr) {
            return 0;
        }
        const auto it = counts->find(next);
        return it == counts->end() ? 0 : it->second;
    }

    /// count() for a context written in place: count({60, 62}, 64).
    [[nodiscard]] std::uint64_t count(std::initializer_list<int> context, int next) const {
        return count(std::span<const int>(context.begin(), context.size()), next);
    }

    /// The trained (maximum-likelihood) probability that `next` follows
    /// exactly this context: count(context, next) / total count of the
    /// context; 0 for a context never seen. No back-off, scale constraint or
    /// temperature (next_choices() shows those). An empty context gives the
    /// note's share of all trained notes. Throws as count() does.
    [[nodiscard]] double probability(std::span<const int> context, int next) const {
        const Counts* counts = counts_for(context);
        if (counts == nullptr) {
            return 0.0;
        }
        std::uint64_t total = 0;
        std::uint64_t hits = 0;
        for (const auto& [note, n] : *counts) {
            total += n;
            if (note == next) {
                hits = n;
            }
        }
        return total == 0 ? 0.0 : static_cast<double>(hits) / static_cast<double>(total);
    }

    /// probability() for a context written in place: probability({60, 62}, 64),
    /// and probability({}, 64) for the unigram.
    [[nodiscard]] double probability(std::initializer_list<int> context, int next) const {
        return probability(std::span<const int>(context.begin(), context.size()), next);
    }

    /// probability() for a one-note context.
    [[nodiscard]] double probability(int previous, int next) const {
        return probability(std::span<const int>(&previous, 1), next);
    }

    /// The candidates and integer weights generate() would choose from after
    /// `history` (any length; only its last order() notes matter), in note
    /// order, after back-off, the scale constraint and the temperature. Throws
    /// TheoryError (Errc::InvalidState) when nothing is trained or no trained
    /// note is in the constraint's scale.
    [[nodiscard]] std::vector<Choice> next_choices(std::span<const int> history) const {
        check_ready();
        return choices_after(history);
    }

    /// next_choices() for a history written in place: next_choices({60, 62}).
    [[nodiscard]] std::vector<Choice> next_choices(std::initializer_list<int> history) const {
        return next_choices(std::span<const int>(history.begin(), history.size()));
    }

    /// num_notes MIDI notes. The first note is drawn from the unigram
    /// distribution (constrained and tempered like every other choice).
    /// Throws TheoryError (Errc::InvalidState) when nothing is trained or no
    /// trained note is in the constraint's scale.
    [[nodiscard]] std::vector<int> generate_notes(std::size_t num_notes) const {
        return generate_notes(num_notes, std::span<const int>{});
    }

    /// num_notes MIDI notes starting with `start` (emitted as given, even
    /// outside the scale constraint); the next note depends on it as on any
    /// history. Throws TheoryError (Errc::OutOfRange) for a start outside
    /// 0..127, otherwise as generate_notes(num_notes).
    [[nodiscard]] std::vector<int> generate_notes(std::size_t num_notes, int start) const {
        return generate_notes(num_notes, std::span<const int>(&start, 1));
    }

    /// num_notes MIDI notes beginning with the notes of `start` (as given; at
    /// most num_notes of them), which are the first history. Throws as
    /// generate_notes(num_notes, int) does.
    [[nodiscard]] std::vector<int> generate_notes(std::size_t num_notes, std::span<const int> start) const {
        for (std::size_t i = 0; i < start.size(); ++i) {
            check_note(start[i], [&] { return "generate: start note " + std::to_string(i); });
        }
        check_ready();
        std::vector<int> out(start.begin(), start.begin() + static_cast<std::ptrdiff_t>(std::min(num_notes, start.size())));
        out.reserve(num_notes);
        Random rng{seed_};
        std::vector<std::uint64_t> weights;
        while (out.size() < num_notes) {
            const std::size_t k = std::min(out.size(), static_cast<std::size_t>(order_));
            const std::vector<Choice> choices = choices_after(std::span<const int>(out).last(k));
            weights.clear();
            for (const Choice& c : choices) {
                weights.push_back(c.weight);
            }
            out.push_back(choices[rng.weighted(weights)].note);
        }
        return out;
    }

    /// generate_notes() with the start notes written in place: generate_notes(8, {60, 62}).
    [[nodiscard]] std::vector<int> generate_notes(std::size_t num_notes, std::initializer_list<int> start) const {
        return generate_notes(num_notes, std::span<const int>(start.begin(), start.size()));
    }

    /// generate_notes(num_notes) as events laid end to end from beat 0, each
    /// set_step() beats long, with the set velocity and channel.
    [[nodiscard]] std::vector<NoteEvent> generate(std::size_t num_notes) const { return to_events(generate_notes(num_notes)); }
    /// generate_notes(num_notes, start) as events (see generate(num_notes)).
    [[nodiscard]] std::vector<NoteEvent> generate(std::size_t num_notes, int start) const {
        return to_events(generate_notes(num_notes, start));
    }
    /// generate_notes(num_notes, start) as events (see generate(num_notes)).
    [[nodiscard]] std::vector<NoteEvent> generate(std::size_t num_notes, std::span<const int> start) const {
        return to_events(generate_notes(num_notes, start));
    }
    /// generate_notes(num_notes, start) as events (see generate(num_notes)).
    [[nodiscard]] std::vector<NoteEvent> generate(std::size_t num_notes, std::initializer_list<int> start) const {
        return to_events(generate_notes(num_notes, start));
    }

private:
    using Counts = std::map<int, std::uint64_t>;  // ordered: choices are listed by note number

    template <class Where>
    static void check_note(int note, Where&& where) {
        if (note < 0 || note > 127) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "MarkovGenerator " + where() + " is " + std::to_string(note) +
                       ": expected a MIDI note number 0..127";
            });
        }
    }

    [[nodiscard]] const Counts* counts_for(std::span<const int> context) const {
        if (context.size() > static_cast<std::size_t>(order_)) {
            cm::detail::report<TheoryError>(nullptr, Errc::OutOfRange, [&] {
                return "MarkovGenerator context of " + std::to_string(context.size()) + " notes for an order-" +
                       std::to_string(order_) + " chain: expected 0.." + std::to_string(order_) + " notes";
            });
        }
        if (context.empty()) {
            return &unigram_;
        }
        const auto& table = tables_[context.size() - 1];
        const auto it = table.find(std::vector<int>(context.begin(), context.end()));
        return it == table.end() ? nullptr : &it->second;
    }

    [[nodiscard]] bool allowed(int note) const noexcept {
        return !scale_ || scale_->type().has_semitone(note - scale_->root().pitch_class());
    }

    void check_ready() const {
        if (unigram_.empty()) {
            cm::detail::report<TheoryError>(nullptr, Errc::InvalidState,
                                            "MarkovGenerator: nothing trained yet; call train() before generating");
        }
        if (std::none_of(unigram_.begin(), unigram_.end(), [&](const auto& entry) { return allowed(entry.first); })) {
            cm::detail::report<TheoryError>(nullptr, Errc::InvalidState, [&] {
                return "MarkovGenerator: no trained note is in the scale constraint " + scale_->name() +
                       "; train on notes of that scale or clear the constraint";
            });
        }
    }

    // Back-off, constraint and temperature, as in the class comment. Requires
    // check_ready(), which guarantees the unigram leaves at least one choice.
    [[nodiscard]] std::vector<Choice> choices_after(std::span<const int> history) const {
        std::vector<Choice> out;
        const std::size_t longest = std::min(history.size(), static_cast<std::size_t>(order_));
        for (std::size_t k = longest + 1; k-- > 0 && out.empty();) {
            const Counts* counts = counts_for(history.last(k));
            if (counts == nullptr) {
                continue;
            }
            for (const auto& [note, n] : *counts) {
                if (allowed(note)) {
                    out.push_back({note, n});
                }
            }
        }
        if (temperature_ != 1.0) {
            std::uint64_t max_count = 0;
            for (const Choice& c : out) {
                max_count = std::max(max_count, c.weight);
            }
            for (Choice& c : out) {
                c.weight = detail::markov_tempered_weight(c.weight, max_count, temperature_);
            }
        }
        return out;
    }

    [[nodiscard]] std::vector<NoteEvent> to_events(const std::vector<int>& notes) const {
        std::vector<NoteEvent> out;
        out.reserve(notes.size());
        for (std::size_t i = 0; i < notes.size(); ++i) {
            // i * step rather than a running sum, so onsets do not drift.
            out.push_back({static_cast<double>(i) * step_beats_, step_beats_, notes[i], velocity_, channel_});
        }
        return out;
    }

    int order_;
    std::uint64_t seed_;
    std::vector<std::map<std::vector<int>, Counts>> tables_;  // tables_[k - 1]: contexts of k notes
    Counts unigram_;
    std::optional<Scale> scale_;
    double temperature_ = 1.0;
    double step_beats_ = 0.5;
    int velocity_ = 100;
    int channel_ = 0;
};

} // namespace cm::theory

#undef CM_DETAIL_NO_FP_CONTRACT
#undef CM_DETAIL_NO_FP_CONTRACT_ATTR
