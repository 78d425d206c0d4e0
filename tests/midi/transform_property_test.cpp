// The transform invariants over thousands of seeded random sequences per
// transformer (and random 4-stage pipelines): events sorted by tick with the
// documented equal-tick order, every note-on closed by a later note-off of
// its channel and pitch and no note-off orphaned (checked here with a
// first-in first-out queue per channel and pitch, written independently of
// the library's pairing), values in range, and note counts kept by the
// transforms that neither add nor remove notes. Sequences include
// overlapping notes of one pitch; a second set adds stray note-offs and
// note-ons never released, which the repairing transforms must close.
#include <coremusic/midi/pipeline.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include <coremusic/midi/message.hpp>
#include <coremusic/midi/midi_event.hpp>
#include <coremusic/midi/midi_sequence.hpp>
#include <coremusic/midi/transform/filter.hpp>
#include <coremusic/midi/transform/pitch.hpp>
#include <coremusic/midi/transform/structure.hpp>
#include <coremusic/midi/transform/time.hpp>
#include <coremusic/midi/transform/velocity.hpp>
#include <coremusic/theory/arpeggiator.hpp>
#include <coremusic/theory/note.hpp>
#include <coremusic/theory/note_value.hpp>
#include <coremusic/theory/random.hpp>
#include <coremusic/theory/scale.hpp>
#include <coremusic/theory/scale_type.hpp>

namespace {

using namespace cm::midi;
using cm::theory::NoteValue;
using cm::theory::Random;

constexpr int sequences_per_transformer = 2000;

// ---- random sequences ----------------------------------------------------

MidiSequence random_sequence(Random& rng, bool messy) {
    const int ppqs[] = {24, 96, 480, 960};
    const int ppq = ppqs[rng.below(4)];
    MidiSequence s(ppq, 1);
    const int tracks = rng.between(1, 3);
    for (int k = 0; k < tracks; ++k) {
        const int track_channel = rng.between(0, 15);
        MidiTrack& t = s.add_track("t" + std::to_string(k), track_channel);
        const bool few_pitches = rng.chance(0.5);    // forces overlapping notes of one pitch
        const bool one_channel = rng.chance(0.5);
        const int base = rng.between(0, 124);
        const int channel = rng.between(0, 15);
        const int notes = rng.between(0, 40);
        const std::int64_t span = 8 * ppq;
        for (int i = 0; i < notes; ++i) {
            const int pitch = few_pitches ? base + rng.between(0, 3) : rng.between(0, 127);
            const int ch = one_channel ? channel : rng.between(0, 15);
            // Draws go into named values first: the order in which a
            // compiler evaluates call arguments is unspecified, and the same
            // seed must give the same sequence under GCC and clang.
            if (rng.chance(0.2)) {  // a chord: several notes at one start
                const std::int64_t start = rng.between(0, static_cast<int>(span));
                const int len = rng.between(1, 2 * ppq);
                for (int c = rng.between(2, 4); c > 0; --c) {
                    const int p = rng.between(0, 127);
                    const int v = rng.between(1, 127);
                    t.add_note(start, len, p, v, ch);
                }
                continue;
            }
            const std::int64_t start = rng.between(0, static_cast<int>(span));
            const int len = rng.between(1, 2 * ppq);
            const int v = rng.between(1, 127);
            t.add_note(start, len, pitch, v, ch);
        }
        for (int i = rng.between(0, 6); i > 0; --i) {
            const std::int64_t at = rng.between(0, static_cast<int>(span));
            const auto what = rng.below(6);
            const int a = rng.between(0, 127);
            const int b = rng.between(0, 127);
            const int c = rng.between(0, 15);
            switch (what) {
            case 0: t.add_cc(at, a, b, c); break;
            case 1: t.add_pitch_bend(at, a * 128 + b, c); break;
            case 2: t.add_program(at, a, c); break;
            case 3: t.add_tempo(at, 40.0 + rng.uniform() * 200.0); break;
            case 4: t.add_marker(at, "m"); break;
            default: t.add_message(at, MidiMessage::poly_pressure(c, a, 5)); break;
            }
        }
        if (messy) {
            // A note-off at tick 0 sorts before every note-on: always stray.
            const int c0 = rng.between(0, 15);
            const int n0 = rng.between(0, 127);
            t.add_message(0, MidiMessage::note_off(c0, n0, 64));
            for (int i = rng.between(0, 3); i > 0; --i) {
                const std::int64_t at = rng.between(0, static_cast<int>(span));
                const bool off = rng.chance(0.5);
                const int c = rng.between(0, 15);
                const int n = rng.between(0, 127);
                t.add_message(at, off ? MidiMessage::note_off(c, n, 64) : MidiMessage::note_on(c, n, 90));
            }
        }
        if (rng.chance(0.3)) {
            t.set_end_tick(rng.between(0, static_cast<int>(2 * span)));
        }
    }
    return s;
}

// ---- the invariant, checked independently ---------------------------------

int rank(const MidiEvent& e) {
    if (e.kind == EventKind::Meta) {
        return 0;
    }
    if (e.kind == EventKind::SysEx) {
        return 1;
    }
    const int hi = e.message.status() & 0xF0;
    if (hi == 0x80 || (hi == 0x90 && e.message.data2() == 0)) {
        return 2;
    }
    return hi == 0x90 ? 4 : 3;
}

// Empty when the sequence keeps every invariant, else what broke.
std::string violations(const MidiSequence& s) {
    for (std::size_t k = 0; k < s.track_count(); ++k) {
        const MidiTrack& t = s.track(k);
        std::map<int, std::deque<std::int64_t>> sounding;  // channel * 128 + note -> note-on ticks, oldest first
        std::int64_t prev_tick = 0;
        int prev_rank = 0;
        const auto where = [&](const MidiEvent& e) {
            return "track " + std::to_string(k) + " tick " + std::to_string(e.tick) + ": ";
        };
        for (const MidiEvent& e : t.events()) {
            if (e.tick < 0) {
                return where(e) + "negative tick";
            }
            if (e.tick < prev_tick || (e.tick == prev_tick && rank(e) < prev_rank)) {
                return where(e) + "out of order";
            }
            prev_tick = e.tick;
            prev_rank = rank(e);
            if (e.kind != EventKind::Message) {
                continue;
            }
            const MidiMessage m = e.message;
            if (m.status() < 0x80 || m.data1() > 127 || m.data2() > 127 || m.channel() > 15) {
                return where(e) + "value out of range";
            }
            const int hi = m.status() & 0xF0;
            if (hi != 0x80 && hi != 0x90) {
                continue;
            }
            auto& q = sounding[m.channel() * 128 + m.note()];
            if (hi == 0x90 && m.data2() > 0) {
                q.push_back(e.tick);
            } else if (q.empty()) {
                return where(e) + "orphaned note-off, note " + std::to_string(m.note());
            } else {
                if (e.tick <= q.front()) {
                    return where(e) + "note-off not after its note-on";
                }
                q.pop_front();
            }
        }
        for (const auto& [key, q] : sounding) {
            if (!q.empty()) {
                return "track " + std::to_string(k) + ": note " + std::to_string(key % 128) + " on channel " +
                       std::to_string(key / 128) + " never released (stuck)";
            }
        }
    }
    return {};
}

std::size_t note_ons(const MidiSequence& s) {
    std::size_t n = 0;
    for (const MidiTrack& t : s.tracks()) {
        for (const MidiEvent& e : t.events()) {
            n += e.is_message() && (e.message.status() & 0xF0) == 0x90 && e.message.data2() > 0 ? 1u : 0u;
        }
    }
    return n;
}

// Every event as (track, tick, kind, status, data), sorted: the same
// multiset of events whatever the order at equal ticks and however notes of
// one pitch pair.
std::vector<std::tuple<std::size_t, std::int64_t, int, int, int, int, std::vector<std::uint8_t>>> event_set(
    const MidiSequence& s, bool note_velocities = true) {
    std::vector<std::tuple<std::size_t, std::int64_t, int, int, int, int, std::vector<std::uint8_t>>> out;
    for (std::size_t k = 0; k < s.track_count(); ++k) {
        for (const MidiEvent& e : s.track(k).events()) {
            const bool note = e.is_message() && (e.message.status() & 0xE0) == 0x80;
            const int status = e.kind == EventKind::Message ? e.message.status() : e.status;
            out.emplace_back(k, e.tick, static_cast<int>(e.kind), status, e.message.data1(),
                             note && !note_velocities ? 0 : e.message.data2(), e.data);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::tuple<std::size_t, std::int64_t, std::int64_t, int, int, int>> note_set(const MidiSequence& s) {
    std::vector<std::tuple<std::size_t, std::int64_t, std::int64_t, int, int, int>> out;
    for (std::size_t k = 0; k < s.track_count(); ++k) {
        for (const TrackNote& n : s.track(k).notes()) {
            out.emplace_back(k, n.start, n.end, n.note, n.velocity, n.channel);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

// ---- random transformers ---------------------------------------------------

enum class Kind {
    Transpose, Invert, Harmonize, Quantize, TimeStretch, TimeShift, Reverse, VelocityScale, VelocityCurve,
    Humanize, NoteFilter, ScaleFilter, EventTypeFilter, ChannelRemap, TrackMerge, Arpeggiate, Count
};

const char* name(Kind k) {
    constexpr const char* names[] = {"Transpose",     "Invert",        "Harmonize",       "Quantize",
                                     "TimeStretch",   "TimeShift",     "Reverse",         "VelocityScale",
                                     "VelocityCurve", "Humanize",      "NoteFilter",      "ScaleFilter",
                                     "EventTypeFilter", "ChannelRemap", "TrackMerge",     "Arpeggiate"};
    return names[static_cast<int>(k)];
}

cm::theory::Scale random_scale(Random& rng) {
    const cm::theory::ScaleType types[] = {cm::theory::ScaleType::Major, cm::theory::ScaleType::Minor,
                                           cm::theory::ScaleType::Dorian, cm::theory::ScaleType::PentatonicMinor,
                                           cm::theory::ScaleType::HarmonicMinor, cm::theory::ScaleType::BluesMinor};
    return {cm::theory::Note::from_midi(rng.between(48, 59)), types[rng.below(6)]};
}

NoteValue random_note_value(Random& rng) {
    const NoteValue values[] = {NoteValue::Quarter, NoteValue::Eighth, NoteValue::Sixteenth, NoteValue::EighthTriplet,
                                NoteValue::ThirtySecond, NoteValue::DottedEighth, NoteValue::SixtyFourth};
    return values[rng.below(7)];
}

// A transformer of kind k with random settings; `keeps_notes` says whether
// it neither adds nor removes notes with these settings.
Pipeline random_transformer(Kind k, Random& rng, bool& keeps_notes) {
    keeps_notes = false;
    switch (k) {
    case Kind::Transpose: {
        const bool clamp = rng.chance(0.5);
        keeps_notes = clamp;
        return Pipeline{Transpose{rng.between(-30, 30), clamp ? RangeRule::Clamp : RangeRule::Drop}};
    }
    case Kind::Invert: {
        const bool clamp = rng.chance(0.5);
        keeps_notes = clamp;
        return Pipeline{Invert{rng.between(0, 127), clamp ? RangeRule::Clamp : RangeRule::Drop}};
    }
    case Kind::Harmonize: {
        std::vector<int> intervals;
        for (int i = rng.between(0, 3); i > 0; --i) {
            intervals.push_back(rng.between(-12, 12));
        }
        if (rng.chance(0.5)) {
            return Pipeline{Harmonize{intervals, random_scale(rng)}};
        }
        return Pipeline{Harmonize{intervals, {}}};
    }
    case Kind::Quantize: {
        keeps_notes = true;
        Quantize q;
        q.grid = random_note_value(rng);
        q.grid_ticks = rng.chance(0.3) ? rng.between(1, 500) : 0;
        q.strength = rng.chance(0.5) ? 1.0 : rng.uniform();
        q.swing = rng.chance(0.5) ? 0.0 : rng.uniform();
        q.starts = rng.chance(0.8);
        q.ends = rng.chance(0.5);
        q.window = rng.chance(0.3) ? rng.between(0, 100) : 0;
        return Pipeline{q};
    }
    case Kind::TimeStretch:
        keeps_notes = true;
        return Pipeline{TimeStretch{0.05 + rng.uniform() * 4.0}};
    case Kind::TimeShift:
        keeps_notes = true;
        return Pipeline{TimeShift{rng.between(-3000, 3000)}};
    case Kind::Reverse:
        keeps_notes = true;
        return Pipeline{Reverse{}};
    case Kind::VelocityScale: {
        keeps_notes = true;
        const int lo = rng.between(1, 127);
        return Pipeline{VelocityScale{rng.uniform() * 3.0, lo, rng.between(lo, 127)}};
    }
    case Kind::VelocityCurve:
        keeps_notes = true;
        return Pipeline{VelocityCurve{static_cast<CurveShape>(rng.below(4)), 0.01 + rng.uniform() * 10.0}};
    case Kind::Humanize:
        keeps_notes = true;
        return Pipeline{Humanize{rng(), rng.between(0, 200), rng.between(0, 126)}};
    case Kind::NoteFilter: {
        const int m = rng.between(2, 5);
        return Pipeline{NoteFilter{[m](const TrackNote& n) { return (n.start + n.note) % m != 0; }}};
    }
    case Kind::ScaleFilter: {
        const bool snap = rng.chance(0.5);
        keeps_notes = snap;
        return Pipeline{ScaleFilter{random_scale(rng), snap ? ScaleFilterMode::Snap : ScaleFilterMode::Drop}};
    }
    case Kind::EventTypeFilter:
        return Pipeline{EventTypeFilter{static_cast<EventTypes>(rng.below(1u << 10))}};
    case Kind::ChannelRemap: {
        ChannelRemap r;
        keeps_notes = true;
        for (int& c : r.map) {
            c = rng.between(-1, 15);
            keeps_notes = keeps_notes && c >= 0;
        }
        return Pipeline{r};
    }
    case Kind::TrackMerge:
        keeps_notes = true;
        return Pipeline{TrackMerge{}};
    case Kind::Arpeggiate: {
        Arpeggiate a;
        a.pattern = static_cast<cm::theory::ArpPattern>(rng.below(10));
        a.rate = random_note_value(rng);
        a.octaves = rng.between(1, 3);
        a.gate = 0.05 + rng.uniform() * 0.95;
        a.swing = rng.uniform();
        a.min_notes = rng.between(1, 3);
        a.chord_window = rng.between(0, 50);
        a.seed = rng();
        return Pipeline{a};
    }
    case Kind::Count: break;
    }
    return {};
}

class EveryTransformer : public ::testing::TestWithParam<int> {};

TEST_P(EveryTransformer, KeepsTheInvariantsOnRandomSequences) {
    const auto kind = static_cast<Kind>(GetParam());
    for (int seed = 0; seed < sequences_per_transformer; ++seed) {
        Random rng{static_cast<std::uint64_t>(seed) * 1000003u + static_cast<std::uint64_t>(GetParam())};
        const MidiSequence in = random_sequence(rng, false);
        ASSERT_EQ(violations(in), "") << "generator, seed " << seed;
        bool keeps_notes = false;
        const Pipeline t = random_transformer(kind, rng, keeps_notes);
        const MidiSequence out = t(in);
        ASSERT_EQ(violations(out), "") << name(kind) << ", seed " << seed;
        if (keeps_notes) {
            ASSERT_EQ(note_ons(out), note_ons(in)) << name(kind) << ", seed " << seed;
        }
    }
}

// The transforms that pair notes repair what does not pair; the others map
// events one by one and leave unpaired events as they are (documented).
class RepairingTransformer : public ::testing::TestWithParam<int> {};

TEST_P(RepairingTransformer, ClosesMessyInput) {
    const auto kind = static_cast<Kind>(GetParam());
    for (int seed = 0; seed < sequences_per_transformer; ++seed) {
        Random rng{static_cast<std::uint64_t>(seed) * 7919u + static_cast<std::uint64_t>(GetParam())};
        const MidiSequence in = random_sequence(rng, true);
        ASSERT_NE(violations(in), "") << "the messy generator made a clean sequence, seed " << seed;
        bool keeps_notes = false;
        const MidiSequence out = random_transformer(kind, rng, keeps_notes)(in);
        ASSERT_EQ(violations(out), "") << name(kind) << ", seed " << seed;
    }
}

INSTANTIATE_TEST_SUITE_P(Transforms, EveryTransformer, ::testing::Range(0, static_cast<int>(Kind::Count)),
                         [](const ::testing::TestParamInfo<int>& p) { return name(static_cast<Kind>(p.param)); });
INSTANTIATE_TEST_SUITE_P(Transforms, RepairingTransformer,
                         ::testing::Values(static_cast<int>(Kind::Harmonize), static_cast<int>(Kind::Quantize),
                                           static_cast<int>(Kind::TimeStretch), static_cast<int>(Kind::TimeShift),
                                           static_cast<int>(Kind::Reverse), static_cast<int>(Kind::Humanize),
                                           static_cast<int>(Kind::NoteFilter), static_cast<int>(Kind::Arpeggiate)),
                         [](const ::testing::TestParamInfo<int>& p) { return name(static_cast<Kind>(p.param)); });

TEST(TransformProperties, RandomFourStagePipelines) {
    for (int seed = 0; seed < sequences_per_transformer; ++seed) {
        Random rng{static_cast<std::uint64_t>(seed) + 99u};
        const MidiSequence in = random_sequence(rng, false);
        Pipeline p;
        std::string stages;
        for (int i = 0; i < 4; ++i) {
            const auto k = static_cast<Kind>(rng.below(static_cast<std::uint64_t>(Kind::Count)));
            bool keeps = false;
            p.then(random_transformer(k, rng, keeps));
            stages += std::string(name(k)) + " ";
        }
        ASSERT_EQ(violations(p(in)), "") << stages << "seed " << seed;
    }
}

TEST(TransformProperties, InversesAndIdempotence) {
    for (int seed = 0; seed < sequences_per_transformer; ++seed) {
        Random rng{static_cast<std::uint64_t>(seed) + 5u};
        const MidiSequence in = random_sequence(rng, false);
        // Reverse twice and stretch by 2 then 1/2 give the same events back
        // (compared as multisets). Reversing twice may move velocities
        // between overlapping notes of one pitch: they pair first-in
        // first-out in the reversed sequence, which is not the mirror of
        // the original pairing; the times and pitches come back.
        ASSERT_EQ(event_set(in | Reverse{} | Reverse{}, false), event_set(in, false)) << seed;
        ASSERT_EQ(event_set(in | TimeStretch{2.0} | TimeStretch{0.5}), event_set(in)) << seed;
        // Strength 0 moves nothing; full-strength quantizing of starts twice is quantizing once.
        ASSERT_EQ(event_set(in | Quantize{.strength = 0.0, .ends = true}), event_set(in)) << seed;
        Quantize q;
        q.grid = random_note_value(rng);
        q.swing = rng.uniform();
        const MidiSequence once = in | q;
        ASSERT_EQ(event_set(once | q), event_set(once)) << seed;
        // Up and back down gives back the notes that stayed in range.
        const int d = rng.between(1, 20);
        auto kept = note_set(in);
        std::erase_if(kept, [d](const auto& n) { return std::get<3>(n) + d > 127; });
        ASSERT_EQ(note_set(in | Transpose{d} | Transpose{-d}), kept) << seed;
    }
}

} // namespace
