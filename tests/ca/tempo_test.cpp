// Tempo and beat tracking against click tracks generated at known tempi and
// a drum loop written as a MIDI file and rendered by FluidSynth (an
// independent synthesiser) with the General MIDI drum kit.
#include <coremusic/ca/tempo.hpp>

#include "external_tool.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <limits>
#include <random>
#include <vector>

namespace {

constexpr double rate = 44100.0;

// Clicks (2 ms decaying noise) on every beat from 0.25 s, accented on the
// downbeat; the exact click positions go to `clicks`.
std::vector<float> click_track(double bpm, double seconds, std::vector<std::int64_t>* clicks = nullptr) {
    std::vector<float> x(static_cast<std::size_t>(seconds * rate), 0.0F);
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> u(-1.0F, 1.0F);
    const double period = 60.0 * rate / bpm;
    for (int k = 0;; ++k) {
        const auto at = static_cast<std::int64_t>(std::llround(0.25 * rate + k * period));
        if (at >= static_cast<std::int64_t>(x.size())) break;
        if (clicks != nullptr) clicks->push_back(at);
        const float gain = k % 4 == 0 ? 0.8F : 0.5F;
        for (std::int64_t i = 0; i < 400 && at + i < static_cast<std::int64_t>(x.size()); ++i) {
            x[static_cast<std::size_t>(at + i)] +=
                gain * static_cast<float>(std::exp(-static_cast<double>(i) / 60.0)) * u(rng);
        }
    }
    return x;
}

double nearest_distance(std::int64_t frame, const std::vector<std::int64_t>& grid) {
    double best = std::numeric_limits<double>::infinity();
    for (const std::int64_t g : grid) best = std::min(best, std::abs(static_cast<double>(frame - g)));
    return best;
}

// Every beat within 50 ms of a click, and at least `share` of the clicks
// found (the tracker may trim a weak beat at either end).
void expect_beats_on(const std::vector<std::int64_t>& beats, const std::vector<std::int64_t>& clicks, double share) {
    std::size_t matched = 0;
    for (const std::int64_t b : beats) {
        const double d = nearest_distance(b, clicks);
        EXPECT_LE(d / rate, 0.050) << "beat at frame " << b;
        if (d / rate <= 0.050) ++matched;
    }
    EXPECT_GE(static_cast<double>(matched), share * static_cast<double>(clicks.size()))
        << matched << " of " << clicks.size() << " clicks";
}

// A format-0 Standard MIDI File, written byte by byte here so the test does
// not rely on coremusic's own writer.
void put_vlq(std::vector<std::uint8_t>& out, std::uint32_t v) {
    std::uint8_t bytes[4];
    int n = 0;
    do {
        bytes[n++] = static_cast<std::uint8_t>(v & 0x7F);
        v >>= 7;
    } while (v != 0);
    while (n-- > 0) out.push_back(static_cast<std::uint8_t>(bytes[n] | (n > 0 ? 0x80 : 0)));
}

struct DrumHit {
    std::uint32_t tick;
    std::uint8_t note;
    std::uint8_t velocity;
};

std::vector<std::uint8_t> drum_smf(double bpm, int bars, std::vector<std::uint32_t>* quarter_ticks) {
    constexpr std::uint32_t ppq = 480;
    std::vector<DrumHit> hits;
    for (int bar = 0; bar < bars; ++bar) {
        for (std::uint32_t eighth = 0; eighth < 8; ++eighth) {
            const std::uint32_t tick = (static_cast<std::uint32_t>(bar) * 8 + eighth) * ppq / 2;
            hits.push_back({tick, 42, 70});                                   // closed hi-hat on every 8th
            if (eighth == 0 || eighth == 4 || eighth == 5) hits.push_back({tick, 36, 110});  // kick
            if (eighth == 2 || eighth == 6) hits.push_back({tick, 38, 105});  // snare on 2 and 4
            if (eighth % 2 == 0 && quarter_ticks != nullptr) quarter_ticks->push_back(tick);
        }
    }
    std::vector<std::uint8_t> track;
    const auto usec = static_cast<std::uint32_t>(std::llround(60.0e6 / bpm));
    track.insert(track.end(), {0x00, 0xFF, 0x51, 0x03, static_cast<std::uint8_t>(usec >> 16),
                               static_cast<std::uint8_t>(usec >> 8), static_cast<std::uint8_t>(usec)});
    // Note-ons at each hit, note-offs a 16th later (channel 10 = status 0x99 / 0x89).
    struct Event {
        std::uint32_t tick;
        std::uint8_t status, note, velocity;
    };
    std::vector<Event> events;
    for (const auto& h : hits) {
        events.push_back({h.tick, 0x99, h.note, h.velocity});
        events.push_back({h.tick + ppq / 4, 0x89, h.note, 0});
    }
    // By time; at equal times note-offs (0x89) before note-ons (0x99).
    std::sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
        return a.tick != b.tick ? a.tick < b.tick : a.status < b.status;
    });
    std::uint32_t now = 0;
    for (const auto& e : events) {
        put_vlq(track, e.tick - now);
        now = e.tick;
        track.insert(track.end(), {e.status, e.note, e.velocity});
    }
    put_vlq(track, ppq);
    track.insert(track.end(), {0xFF, 0x2F, 0x00});
    std::vector<std::uint8_t> file{'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 0, 0, 1, ppq >> 8, ppq & 0xFF, 'M', 'T', 'r', 'k'};
    const auto len = static_cast<std::uint32_t>(track.size());
    file.insert(file.end(), {static_cast<std::uint8_t>(len >> 24), static_cast<std::uint8_t>(len >> 16),
                             static_cast<std::uint8_t>(len >> 8), static_cast<std::uint8_t>(len)});
    file.insert(file.end(), track.begin(), track.end());
    return file;
}

// Renders `smf` with FluidSynth and returns it as mono float samples, read
// back through sox (not through coremusic's file readers).
std::vector<float> render(const std::vector<std::uint8_t>& smf, const cm::test::ScratchDir& dir) {
    const auto mid = dir / "loop.mid";
    const auto wav = dir / "loop.wav";
    {
        std::ofstream out(mid, std::ios::binary);
        out.write(reinterpret_cast<const char*>(smf.data()), static_cast<std::streamsize>(smf.size()));
    }
    const auto r = cm::test::run_tool({"fluidsynth", "-ni", "-F", wav.string(), "-r", "44100",
                                       "/usr/share/sounds/sf2/FluidR3_GM.sf2", mid.string()});
    if (r.exit_code != 0) return {};
    const auto raw = cm::test::run_tool({"sox", wav.string(), "-t", "f32", "-e", "floating-point", "-c", "1", "-"});
    std::vector<float> x(raw.output.size() / sizeof(float));
    std::memcpy(x.data(), raw.output.data(), x.size() * sizeof(float));
    return x;
}

bool have_fluidsynth() {
    return cm::test::have_tool("fluidsynth") && cm::test::have_tool("sox") &&
           std::ifstream("/usr/share/sounds/sf2/FluidR3_GM.sf2").good();
}

} // namespace

TEST(Tempo, ClickTracksAtFiveTempiWithinOneBpm) {
    for (const double bpm : {72.0, 96.0, 120.0, 140.0, 174.0}) {
        SCOPED_TRACE(bpm);
        const auto x = click_track(bpm, 10.0);
        const auto t = cm::ca::estimate_tempo(x, rate);
        EXPECT_NEAR(t.bpm, bpm, 1.0);
        EXPECT_GT(t.confidence, 0.5);
        EXPECT_LE(t.confidence, 1.0);
    }
}

TEST(Tempo, OffGridTempiWithinOneBpm) {
    // Tempi whose beat is no whole number of hops, far from the prior.
    // (Above about 190 BPM the prior at 120 prefers half the tempo for an
    // even pulse, as it is designed to; see TempoSettings.)
    for (const double bpm : {61.7, 88.3, 133.7, 185.0}) {
        SCOPED_TRACE(bpm);
        EXPECT_NEAR(cm::ca::estimate_tempo(click_track(bpm, 10.0), rate).bpm, bpm, 1.0);
    }
}

TEST(Tempo, BeatsWithin50msOfTheClicks) {
    for (const double bpm : {72.0, 120.0, 174.0}) {
        SCOPED_TRACE(bpm);
        std::vector<std::int64_t> clicks;
        const auto x = click_track(bpm, 10.0, &clicks);
        const auto beats = cm::ca::track_beats(x, rate);
        expect_beats_on(beats, clicks, 0.85);
        EXPECT_TRUE(std::is_sorted(beats.begin(), beats.end()));
    }
}

TEST(Tempo, BeatsAtAGivenTempoFromAnEnvelope) {
    std::vector<std::int64_t> clicks;
    const auto x = click_track(96.0, 8.0, &clicks);
    const auto env = cm::ca::onset_strength(x, rate);
    const auto beats = cm::ca::track_beats(env, 96.0);
    expect_beats_on(beats, clicks, 0.85);
    EXPECT_NEAR(cm::ca::estimate_tempo(env).bpm, 96.0, 1.0);
}

TEST(Tempo, FluidSynthDrumLoop) {
    if (!have_fluidsynth()) GTEST_SKIP() << "fluidsynth, sox or FluidR3_GM.sf2 missing";
    // 100 BPM, kick / snare on 2 and 4 / closed hat on eighths, four bars
    // (9.6 s): the hats alone suggest 200 BPM, the kick pattern 50.
    constexpr double bpm = 100.0;
    std::vector<std::uint32_t> quarter_ticks;
    const cm::test::ScratchDir dir;
    const auto x = render(drum_smf(bpm, 4, &quarter_ticks), dir);
    ASSERT_GT(x.size(), static_cast<std::size_t>(9.0 * rate)) << "fluidsynth rendered nothing";
    const auto t = cm::ca::estimate_tempo(x, rate);
    EXPECT_NEAR(t.bpm, bpm, 1.0);
    // Beats within 50 ms of the quarter notes (tick / 480 beats at 100 BPM).
    std::vector<std::int64_t> quarters;
    for (const auto tick : quarter_ticks) {
        quarters.push_back(static_cast<std::int64_t>(std::llround(tick / 480.0 * 60.0 / bpm * rate)));
    }
    expect_beats_on(cm::ca::track_beats(x, rate), quarters, 0.8);
}

TEST(Tempo, NothingPeriodicGivesNoTempo) {
    const std::vector<float> silence(static_cast<std::size_t>(4 * rate), 0.0F);
    EXPECT_EQ(cm::ca::estimate_tempo(silence, rate).bpm, 0.0);
    EXPECT_TRUE(cm::ca::track_beats(silence, rate).empty());
    // Too short to hold two beats at any tempo in range.
    const auto blip = click_track(120.0, 0.2);
    EXPECT_EQ(cm::ca::estimate_tempo(blip, rate).bpm, 0.0);
}

TEST(Tempo, RejectsBadInput) {
    const auto x = click_track(120.0, 2.0);
    EXPECT_THROW((void)cm::ca::estimate_tempo(std::span<const float>{}, rate), cm::Error);
    EXPECT_THROW((void)cm::ca::estimate_tempo(x, -1.0), cm::Error);
    cm::ca::TempoSettings s;
    s.min_bpm = 200.0;
    s.max_bpm = 100.0;
    EXPECT_THROW((void)cm::ca::estimate_tempo(x, rate, s), cm::Error);
    std::error_code ec;
    EXPECT_EQ(cm::ca::estimate_tempo(x, rate, s, ec).bpm, 0.0);
    EXPECT_EQ(ec, cm::Errc::InvalidArgument);
    std::vector<float> bad = x;
    bad[10] = std::numeric_limits<float>::infinity();
    EXPECT_TRUE(cm::ca::track_beats(bad, rate, {}, ec).empty());
    EXPECT_EQ(ec, cm::Errc::InvalidArgument);
    (void)cm::ca::estimate_tempo(x, rate, {}, ec);
    EXPECT_FALSE(ec);
    const auto env = cm::ca::onset_strength(x, rate);
    EXPECT_THROW((void)cm::ca::track_beats(env, 0.0), cm::Error);
    cm::ca::BeatSettings b;
    b.tightness = -1.0;
    EXPECT_THROW((void)cm::ca::track_beats(env, 120.0, b), cm::Error);
    cm::ca::OnsetEnvelope broken = env;
    broken.hop_size = 0;
    EXPECT_THROW((void)cm::ca::estimate_tempo(broken), cm::Error);
}
