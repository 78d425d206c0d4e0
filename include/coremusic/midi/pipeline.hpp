// coremusic/midi/pipeline.hpp
// A chain of MIDI transforms held as one value: Pipeline{Transpose{5},
// Quantize{}, ...}, applied in order in place, built also with `a | b`.
#pragma once

#include <concepts>
#include <cstddef>
#include <functional>
#include <type_traits>
#include <utility>
#include <vector>

#include <coremusic/midi/midi_sequence.hpp>
#include <coremusic/midi/transform/transformer.hpp>

namespace cm::midi {

/// Transforms run one after another on one sequence, in place: each stage
/// is a full pass over the sequence (stages do not fuse). Type-erased, so
/// pipelines of different stages have one type, can be stored, copied and
/// chosen at run time; the erasure costs one indirect call per stage per
/// sequence, nothing per event. A Pipeline is itself a Transformer.
/// Thread-safe: a value type; apply is const and as thread-safe as its
/// stages (all cm::midi transforms are; a NoteFilter's predicate decides).
/// Not realtime-safe.
class Pipeline {
public:
    /// No stages: apply changes nothing.
    Pipeline() = default;

    /// Stages in the order given: Pipeline{Transpose{5}, Quantize{}}.
    // The copy constructor's test must not ask whether Pipeline is a
    // Transformer (that asks whether it is copyable): rule it out first.
    template <class... Ts>
        requires(sizeof...(Ts) > 1 || (sizeof...(Ts) == 1 && (!std::same_as<std::remove_cvref_t<Ts>, Pipeline> && ...))) &&
                (Transformer<Ts> && ...)
    explicit Pipeline(Ts... stages) {
        stages_.reserve(sizeof...(Ts));
        (then(std::move(stages)), ...);
    }

    /// Appends a stage; returns *this.
    template <Transformer T>
    Pipeline& then(T stage) {
        stages_.emplace_back([s = std::move(stage)](MidiSequence& seq) { s.apply(seq); });
        return *this;
    }

    /// Runs every stage on seq in order.
    void apply(MidiSequence& seq) const {
        for (const auto& stage : stages_) {
            stage(seq);
        }
    }
    /// The stages run on a copy (or a moved-in sequence).
    [[nodiscard]] MidiSequence operator()(MidiSequence seq) const {
        apply(seq);
        return seq;
    }

    /// The number of stages.
    [[nodiscard]] std::size_t size() const noexcept { return stages_.size(); }
    [[nodiscard]] bool empty() const noexcept { return stages_.empty(); }

private:
    std::vector<std::function<void(MidiSequence&)>> stages_{};
};

/// A pipeline of p's stages and then t.
/// Thread-safe. Not realtime-safe.
template <Transformer T>
[[nodiscard]] Pipeline operator|(Pipeline p, T t) {
    p.then(std::move(t));
    return p;
}

/// The pipeline a then b: `auto p = Transpose{5} | Quantize{};`.
/// Thread-safe. Not realtime-safe.
template <Transformer A, Transformer B>
    requires(!std::same_as<A, Pipeline>)
[[nodiscard]] Pipeline operator|(A a, B b) {
    return Pipeline{std::move(a), std::move(b)};
}

} // namespace cm::midi
