// Thru transforms: ThruParams on MIDI 1.0 messages (each transform type
// hand-worked against CoreMIDI's definitions in MIDIThruConnection.h: Scale's
// param is fixed point bbbb.bbbb bbbb bbbb, so 0x1000 = 1.0), the filters,
// the note-on/off pairing rule, UMP packets (M2-104-UM layouts written out by
// hand), the byte-stream engine, and the real-time contract.
#include <coremusic/midi/thru_params.hpp>
#include <coremusic/midi/thru_transform.hpp>

#include "rt_check.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include <coremusic/midi/byte_stream.hpp>
#include <coremusic/theory/random.hpp>

namespace {

using cm::midi::MidiMessage;
using cm::midi::ThruByteStream;
using cm::midi::ThruParams;
using cm::midi::Transform;
using cm::midi::TransformType;
using Bytes = std::vector<std::uint8_t>;

static_assert(std::is_trivially_copyable_v<ThruParams>);

// The message after params, as wire bytes, or "dropped".
std::string through(const ThruParams& p, std::vector<std::uint8_t> in) {
    const std::optional<MidiMessage> r = p.apply(MidiMessage::from_bytes(in));
    if (!r) {
        return "dropped";
    }
    std::string s;
    for (const std::uint8_t b : r->bytes()) {
        constexpr char digits[] = "0123456789ABCDEF";
        s += s.empty() ? "" : " ";
        s += digits[b >> 4];
        s += digits[b & 0x0F];
    }
    return s;
}

std::vector<MidiMessage> all_kinds() {
    return {MidiMessage::note_on(0, 60, 100),      MidiMessage::note_off(1, 61, 30),
            MidiMessage::note_on(2, 62, 0),        MidiMessage::poly_pressure(3, 63, 40),
            MidiMessage::control_change(4, 7, 90), MidiMessage::all_notes_off(5),
            MidiMessage::program_change(6, 12),    MidiMessage::channel_pressure(7, 50),
            MidiMessage::pitch_bend(8, 4660),      MidiMessage::time_code(1, 2),
            MidiMessage::song_position(100),       MidiMessage::song_select(3),
            MidiMessage::tune_request(),           MidiMessage::clock(),
            MidiMessage::start(),                  MidiMessage::continue_(),
            MidiMessage::stop(),                   MidiMessage::active_sensing(),
            MidiMessage::system_reset()};
}

TEST(ThruParams, DefaultsPassEverythingUnchanged) {
    const ThruParams p;
    for (const MidiMessage& m : all_kinds()) {
        const auto r = p.apply(m);
        ASSERT_TRUE(r.has_value()) << m.name();
        EXPECT_EQ(*r, m) << m.name();
    }
    EXPECT_TRUE(p.passes_sysex());
}

TEST(ThruParams, ChannelMapMovesAndDrops) {
    ThruParams p;
    p.map_channel(0, 5).drop_channel(1);
    EXPECT_EQ(through(p, {0x90, 0x3C, 0x64}), "95 3C 64");
    EXPECT_EQ(through(p, {0xE0, 0x00, 0x40}), "E5 00 40");
    EXPECT_EQ(through(p, {0x91, 0x3C, 0x64}), "dropped");
    EXPECT_EQ(through(p, {0xC1, 0x05}), "dropped");
    EXPECT_EQ(through(p, {0x92, 0x3C, 0x64}), "92 3C 64");
    EXPECT_EQ(through(p, {0xF8}), "F8");  // system messages have no channel
    // Any entry above 15 drops, not only 0xFF.
    p.channel_map[2] = 16;
    EXPECT_EQ(through(p, {0x92, 0x3C, 0x64}), "dropped");
}

TEST(ThruParams, NoteNumberAddClampsToTheRange) {
    ThruParams p;
    p.note_number = {TransformType::Add, 12};
    EXPECT_EQ(through(p, {0x90, 0x3C, 0x64}), "90 48 64");  // 60 + 12 = 72
    EXPECT_EQ(through(p, {0x80, 0x3C, 0x40}), "80 48 40");  // its note-off follows
    EXPECT_EQ(through(p, {0xA0, 0x3C, 0x20}), "A0 48 20");  // and its pressure
    EXPECT_EQ(through(p, {0x90, 0x7A, 0x64}), "90 7F 64");  // 122 + 12 -> 127
    p.note_number = {TransformType::Add, -70};
    EXPECT_EQ(through(p, {0x90, 0x3C, 0x64}), "90 00 64");  // 60 - 70 -> 0
    EXPECT_EQ(through(p, {0xB0, 0x3C, 0x64}), "B0 3C 64");  // controllers are not notes
}

TEST(ThruParams, ScaleIsFixedPoint4Dot12) {
    ThruParams p;
    p.velocity = {TransformType::Scale, 0x0800};  // 0.5
    EXPECT_EQ(through(p, {0x90, 0x3C, 0x64}), "90 3C 32");  // 100 * 0.5 = 50
    EXPECT_EQ(through(p, {0x90, 0x3C, 0x7F}), "90 3C 40");  // 63.5 rounds up to 64
    EXPECT_EQ(through(p, {0x90, 0x3C, 0x03}), "90 3C 02");  // 1.5 -> 2
    EXPECT_EQ(through(p, {0x80, 0x3C, 0x40}), "80 3C 20");  // release velocity 64 -> 32
    p.velocity = {TransformType::Scale, 0x2000};            // 2.0
    EXPECT_EQ(through(p, {0x90, 0x3C, 0x64}), "90 3C 7F");  // 200 -> 127
    p.velocity = {TransformType::Scale, 0x1000};            // 1.0
    EXPECT_EQ(through(p, {0x90, 0x3C, 0x64}), "90 3C 64");
    p.velocity = {TransformType::Scale, 0x1800};            // 1.5
    EXPECT_EQ(through(p, {0x90, 0x3C, 0x21}), "90 3C 32");  // 33 * 1.5 = 49.5 -> 50
    p.channel_pressure = {TransformType::Scale, -0x1000};   // -1.0 -> 0
    EXPECT_EQ(through(p, {0xD0, 0x40}), "D0 00");
}

TEST(ThruParams, VelocityTransformNeverTurnsANoteOnIntoANoteOff) {
    ThruParams p;
    p.velocity = {TransformType::Scale, 0};  // everything to 0...
    EXPECT_EQ(through(p, {0x90, 0x3C, 0x64}), "90 3C 01");  // ...but a note-on keeps 1
    EXPECT_EQ(through(p, {0x80, 0x3C, 0x64}), "80 3C 00");  // a note-off's release velocity may be 0
    p.velocity = {TransformType::Add, -127};
    EXPECT_EQ(through(p, {0x90, 0x3C, 0x64}), "90 3C 01");
    p.velocity = {TransformType::Add, 10};
    EXPECT_EQ(through(p, {0x90, 0x3C, 0x00}), "90 3C 00");  // a velocity-0 note-on is a note-off: stays 0
    EXPECT_EQ(through(p, {0x90, 0x3C, 0x64}), "90 3C 6E");
    p.velocity = {TransformType::MaxValue, 0};
    EXPECT_EQ(through(p, {0x90, 0x3C, 0x64}), "90 3C 01");
}

TEST(ThruParams, MinMaxAndMapValue) {
    ThruParams p;
    p.velocity = {TransformType::MinValue, 40};
    EXPECT_EQ(through(p, {0x90, 0x3C, 0x1E}), "90 3C 28");  // 30 -> 40
    EXPECT_EQ(through(p, {0x90, 0x3C, 0x64}), "90 3C 64");
    p.velocity = {TransformType::MaxValue, 100};
    EXPECT_EQ(through(p, {0x90, 0x3C, 0x78}), "90 3C 64");  // 120 -> 100
    EXPECT_EQ(through(p, {0x90, 0x3C, 0x1E}), "90 3C 1E");

    cm::midi::ValueMap reverse{};
    for (std::size_t i = 0; i < 128; ++i) {
        reverse[i] = static_cast<std::uint8_t>(127 - i);
    }
    p.set_value_map(2, reverse);
    p.program_change = {TransformType::MapValue, 2};
    EXPECT_EQ(through(p, {0xC3, 0x00}), "C3 7F");
    EXPECT_EQ(through(p, {0xC3, 0x0A}), "C3 75");  // 127 - 10 = 117
    p.program_change = {TransformType::MapValue, 100};  // no such map: unchanged
    EXPECT_EQ(through(p, {0xC3, 0x0A}), "C3 0A");
    p.value_maps[0][5] = 200;  // out-of-range entries clamp
    p.program_change = {TransformType::MapValue, 0};
    EXPECT_EQ(through(p, {0xC3, 0x05}), "C3 7F");
    p.program_change = {TransformType::MapControl, 3};  // meaningless here: unchanged
    EXPECT_EQ(through(p, {0xC3, 0x05}), "C3 05");
}

TEST(ThruParams, PitchBendScalesAboutTheCentre) {
    ThruParams p;
    p.pitch_bend = {TransformType::Scale, 0x0800};
    // 16383: 8192 + round(8191 * 0.5 = 4095.5) = 8192 + 4096 = 12288 = 0x3000 -> LSB 00, MSB 60.
    EXPECT_EQ(through(p, {0xE0, 0x7F, 0x7F}), "E0 00 60");
    // 0: 8192 + round(-8192 * 0.5) = 4096 = 0x1000 -> LSB 00, MSB 20.
    EXPECT_EQ(through(p, {0xE0, 0x00, 0x00}), "E0 00 20");
    EXPECT_EQ(through(p, {0xE0, 0x00, 0x40}), "E0 00 40");  // the centre stays
    p.pitch_bend = {TransformType::Add, 1000};
    // 8192 + 1000 = 9192 = 71 * 128 + 104 -> LSB 0x68, MSB 0x47.
    EXPECT_EQ(through(p, {0xE0, 0x00, 0x40}), "E0 68 47");
    EXPECT_EQ(through(p, {0xE0, 0x00, 0x7D}), "E0 7F 7F");  // 16000 + 1000 -> 16383
    p.pitch_bend = {TransformType::MaxValue, 8192};
    EXPECT_EQ(through(p, {0xE0, 0x7F, 0x7F}), "E0 00 40");
    p.pitch_bend = {TransformType::FilterOut, 0};
    EXPECT_EQ(through(p, {0xE0, 0x00, 0x40}), "dropped");
    EXPECT_EQ(through(p, {0xD0, 0x40}), "D0 40");
}

TEST(ThruParams, NoteAndVelocityRanges) {
    ThruParams p;
    p.low_note = 36;
    p.high_note = 72;
    EXPECT_EQ(through(p, {0x90, 35, 0x64}), "dropped");
    EXPECT_EQ(through(p, {0x90, 36, 0x64}), "90 24 64");
    EXPECT_EQ(through(p, {0x90, 72, 0x64}), "90 48 64");
    EXPECT_EQ(through(p, {0x80, 73, 0x64}), "dropped");
    EXPECT_EQ(through(p, {0xA0, 73, 0x64}), "dropped");
    // low > high: notes inside [high, low] are dropped.
    p.low_note = 72;
    p.high_note = 36;
    EXPECT_EQ(through(p, {0x90, 36, 0x64}), "dropped");
    EXPECT_EQ(through(p, {0x90, 50, 0x64}), "dropped");
    EXPECT_EQ(through(p, {0x90, 72, 0x64}), "dropped");
    EXPECT_EQ(through(p, {0x90, 35, 0x64}), "90 23 64");
    EXPECT_EQ(through(p, {0x90, 73, 0x64}), "90 49 64");

    ThruParams v;
    v.low_velocity = 20;
    v.high_velocity = 100;
    EXPECT_EQ(through(v, {0x90, 0x3C, 10}), "dropped");
    EXPECT_EQ(through(v, {0x90, 0x3C, 120}), "dropped");
    EXPECT_EQ(through(v, {0x90, 0x3C, 20}), "90 3C 14");
    EXPECT_EQ(through(v, {0x90, 0x3C, 100}), "90 3C 64");
    EXPECT_EQ(through(v, {0x80, 0x3C, 10}), "80 3C 0A");  // note-offs always pass
    EXPECT_EQ(through(v, {0x90, 0x3C, 0}), "90 3C 00");   // a velocity-0 note-on is a note-off
    v.high_velocity = 0;                                  // 0: no upper limit
    EXPECT_EQ(through(v, {0x90, 0x3C, 127}), "90 3C 7F");
}

TEST(ThruParams, FilterOutDropsItsTypeOnly) {
    struct Row {
        Transform ThruParams::*field;
        std::vector<std::vector<std::uint8_t>> dropped;
    };
    const std::vector<std::vector<std::uint8_t>> every = {
        {0x90, 0x3C, 0x64}, {0x80, 0x3C, 0x40}, {0xA0, 0x3C, 0x10}, {0xB0, 0x07, 0x10},
        {0xC0, 0x05}, {0xD0, 0x10}, {0xE0, 0x00, 0x40}};
    const std::vector<Row> rows = {
        {&ThruParams::note_number, {{0x90, 0x3C, 0x64}, {0x80, 0x3C, 0x40}, {0xA0, 0x3C, 0x10}}},
        {&ThruParams::velocity, {{0x90, 0x3C, 0x64}, {0x80, 0x3C, 0x40}, {0xA0, 0x3C, 0x10}}},
        {&ThruParams::key_pressure, {{0xA0, 0x3C, 0x10}}},
        {&ThruParams::channel_pressure, {{0xD0, 0x10}}},
        {&ThruParams::program_change, {{0xC0, 0x05}}},
        {&ThruParams::pitch_bend, {{0xE0, 0x00, 0x40}}},
    };
    for (const Row& row : rows) {
        ThruParams p;
        p.*row.field = {TransformType::FilterOut, 0};
        for (const auto& m : every) {
            const bool want_dropped = std::find(row.dropped.begin(), row.dropped.end(), m) != row.dropped.end();
            EXPECT_EQ(through(p, m) == "dropped", want_dropped) << m[0];
        }
    }
}

TEST(ThruParams, ControllerFilterMapAndValues) {
    ThruParams p;
    const std::array<int, 2> drop{1, 64};
    p.filter_controllers(drop);
    p.map_controller(7, 11);
    p.transform_controller(7, {TransformType::Add, 10});  // keyed by the incoming number
    p.transform_controller(10, {TransformType::FilterOut, 0});
    EXPECT_EQ(through(p, {0xB0, 0x01, 0x40}), "dropped");
    EXPECT_EQ(through(p, {0xB0, 0x40, 0x7F}), "dropped");
    EXPECT_EQ(through(p, {0xB0, 0x0A, 0x40}), "dropped");
    EXPECT_EQ(through(p, {0xB3, 0x07, 0x64}), "B3 0B 6E");  // CC7 100 -> CC11 110
    EXPECT_EQ(through(p, {0xB3, 0x07, 0x7A}), "B3 0B 7F");  // 122 + 10 clamps
    EXPECT_EQ(through(p, {0xB3, 0x0B, 0x64}), "B3 0B 64");  // CC11 itself is untouched

    ThruParams all;
    all.filter_all_controls = true;
    EXPECT_EQ(through(all, {0xB0, 0x00, 0x00}), "dropped");
    EXPECT_EQ(through(all, {0xB0, 119, 0x00}), "dropped");
    EXPECT_EQ(through(all, {0xB0, 120, 0x00}), "B0 78 00");  // All Sound Off passes
    EXPECT_EQ(through(all, {0xB0, 123, 0x00}), "B0 7B 00");  // All Notes Off passes
    EXPECT_EQ(through(all, {0x90, 0x3C, 0x64}), "90 3C 64");
}

TEST(ThruParams, SystemFilters) {
    struct Row {
        bool ThruParams::*flag;
        std::vector<std::uint8_t> dropped;  // statuses
    };
    const std::vector<Row> rows = {
        {&ThruParams::filter_sysex, {0xF0}},
        {&ThruParams::filter_mtc, {0xF1}},
        {&ThruParams::filter_beat_clock, {0xF8, 0xFA, 0xFB, 0xFC}},
        {&ThruParams::filter_tune_request, {0xF6}},
        {&ThruParams::filter_all_system,
         {0xF0, 0xF1, 0xF2, 0xF3, 0xF6, 0xF7, 0xF8, 0xFA, 0xFB, 0xFC, 0xFE, 0xFF}},
    };
    const std::vector<std::uint8_t> statuses = {0x90, 0xB0, 0xF0, 0xF1, 0xF2, 0xF3, 0xF6, 0xF8, 0xFA, 0xFB, 0xFC, 0xFE, 0xFF};
    for (const Row& row : rows) {
        ThruParams p;
        p.*row.flag = true;
        for (const std::uint8_t s : statuses) {
            const bool want = std::find(row.dropped.begin(), row.dropped.end(), s) == row.dropped.end();
            EXPECT_EQ(p.passes_system(s), want) << int{s};
        }
        EXPECT_EQ(p.passes_sysex(), row.flag != &ThruParams::filter_sysex && row.flag != &ThruParams::filter_all_system);
    }
    ThruParams p;
    p.filter_beat_clock = true;
    EXPECT_EQ(through(p, {0xF8}), "dropped");
    EXPECT_EQ(through(p, {0xF2, 0x00, 0x00}), "F2 00 00");  // song position is not beat clock
}

TEST(ThruParams, SettersValidate) {
    const auto code_of = [](auto f) {
        try {
            ThruParams p;
            f(p);
        } catch (const cm::MidiError& e) {
            return e.code();
        }
        return std::error_code{};
    };
    EXPECT_EQ(code_of([](ThruParams& p) { p.map_channel(16, 0); }), cm::Errc::OutOfRange);
    EXPECT_EQ(code_of([](ThruParams& p) { p.map_channel(0, -1); }), cm::Errc::OutOfRange);
    EXPECT_EQ(code_of([](ThruParams& p) { p.drop_channel(16); }), cm::Errc::OutOfRange);
    EXPECT_EQ(code_of([](ThruParams& p) { p.map_controller(128, 0); }), cm::Errc::OutOfRange);
    EXPECT_EQ(code_of([](ThruParams& p) { p.filter_controller(-1); }), cm::Errc::OutOfRange);
    EXPECT_EQ(code_of([](ThruParams& p) { p.transform_controller(200, {}); }), cm::Errc::OutOfRange);
    EXPECT_EQ(code_of([](ThruParams& p) { p.set_value_map(8, {}); }), cm::Errc::OutOfRange);
    try {
        ThruParams p;
        p.map_channel(0, 99);
        FAIL();
    } catch (const cm::MidiError& e) {
        EXPECT_NE(std::string(e.what()).find("99"), std::string::npos) << e.what();
    }
}

// --- UMP ---------------------------------------------------------------------

std::vector<std::uint32_t> ump(const ThruParams& p, std::vector<std::uint32_t> packet) {
    std::array<std::uint32_t, 4> out{};
    const std::size_t n = p.apply_ump_packet(packet, out);
    return {out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n)};
}
using Words = std::vector<std::uint32_t>;

TEST(ThruParamsUmp, Midi1ChannelVoice) {
    // M2-104-UM MIDI 1.0 channel voice: mt=2 group status channel | data1 | data2.
    ThruParams p;
    p.note_number = {TransformType::Add, 12};
    p.map_channel(0, 3);
    EXPECT_EQ(ump(p, {0x20903C64}), (Words{0x20934864}));
    EXPECT_EQ(ump(p, {0x25903C64}), (Words{0x25934864}));  // group 5 kept
    EXPECT_EQ(ump(p, {0x20C00500}), (Words{0x20C30500}));  // program change (2-byte)
    p.drop_channel(1);
    EXPECT_EQ(ump(p, {0x20913C64}), Words{});
    EXPECT_EQ(ump(p, {0x20903C80}), Words{});  // 0x80 is not a data byte: malformed, dropped
    EXPECT_EQ(ump(p, {0x20F80000}), Words{});  // a system status in a channel voice packet
}

TEST(ThruParamsUmp, SystemAndDataPackets) {
    ThruParams p;
    p.filter_beat_clock = true;
    EXPECT_EQ(ump(p, {0x10F80000}), Words{});               // mt 1 clock
    EXPECT_EQ(ump(p, {0x10F20102}), (Words{0x10F20102}));   // song position passes
    EXPECT_EQ(ump(p, {0x30020102, 0x00000000}), (Words{0x30020102, 0x00000000}));  // SysEx7
    p.filter_sysex = true;
    EXPECT_EQ(ump(p, {0x30020102, 0x00000000}), Words{});
    EXPECT_EQ(ump(p, {0x50010203, 1, 2, 3}), Words{});                              // SysEx8
    EXPECT_EQ(ump(p, {0x50810203, 1, 2, 3}), (Words{0x50810203, 1, 2, 3}));        // mixed data set header
    EXPECT_EQ(ump(p, {0x00200123}), (Words{0x00200123}));                          // utility (JR clock)
    EXPECT_EQ(ump(p, {0xD0100000, 1, 2, 3}), (Words{0xD0100000, 1, 2, 3}));        // flex data
    EXPECT_EQ(ump(p, {0x40903C00}), Words{});  // incomplete: a type 4 packet needs 2 words
}

TEST(ThruParamsUmp, Midi2NotesAtFullResolution) {
    // mt 4, note on: word 0 = 4 group 9 channel | note | attribute type;
    // word 1 = velocity (16) | attribute (16).
    ThruParams p;
    EXPECT_EQ(ump(p, {0x40903C00, 0xC0000000}), (Words{0x40903C00, 0xC0000000}));
    p.note_number = {TransformType::Add, 12};
    p.velocity = {TransformType::Scale, 0x0800};
    p.map_channel(0, 2);
    EXPECT_EQ(ump(p, {0x40903C03, 0xC0001234}), (Words{0x40924803, 0x60001234}));  // attribute kept
    EXPECT_EQ(ump(p, {0x40803C00, 0x80000000}), (Words{0x40824800, 0x40000000}));  // note-off too
    p.velocity = {TransformType::Add, 1};  // 7-bit units: + 1 << 9
    EXPECT_EQ(ump(p, {0x40903C00, 0xC0000000}), (Words{0x40924800, 0xC2000000}));
    // Min-centre-max: MinValue 127 is 0xFFFF, 64 is 0x8000.
    p.velocity = {TransformType::MinValue, 127};
    EXPECT_EQ(ump(p, {0x40903C00, 0x01000000}), (Words{0x40924800, 0xFFFF0000}));
    p.velocity = {TransformType::MaxValue, 64};
    EXPECT_EQ(ump(p, {0x40903C00, 0xC0000000}), (Words{0x40924800, 0x80000000}));
    // A note-on never leaves with velocity 0 when a velocity transform is set.
    p.velocity = {TransformType::Scale, 0};
    EXPECT_EQ(ump(p, {0x40903C00, 0xC0000000}), (Words{0x40924800, 0x00010000}));
    EXPECT_EQ(ump(p, {0x40803C00, 0xC0000000}), (Words{0x40824800, 0x00000000}));
    // The reserved top bit of a 7-bit field is passed, not cleared.
    const ThruParams none;
    EXPECT_EQ(ump(none, {0x4090BC00, 0xC0000000}), (Words{0x4090BC00, 0xC0000000}));
    EXPECT_EQ(ump(p, {0x4090BC00, 0xC0000000}), (Words{0x4092C800, 0x00010000}));
    // Velocity range on the top 7 bits: 0x1000 >> 9 = 8 < 20.
    ThruParams r;
    r.low_velocity = 20;
    EXPECT_EQ(ump(r, {0x40903C00, 0x10000000}), Words{});
    EXPECT_EQ(ump(r, {0x40803C00, 0x10000000}), (Words{0x40803C00, 0x10000000}));
}

TEST(ThruParamsUmp, Midi2ControllersProgramsPressureAndBend) {
    ThruParams p;
    p.map_controller(7, 11);
    p.filter_controller(1);
    // CC: word 0 = 4 group B channel | index | reserved; word 1 = 32-bit value.
    EXPECT_EQ(ump(p, {0x40B00700, 0x80000000}), (Words{0x40B00B00, 0x80000000}));
    EXPECT_EQ(ump(p, {0x40B00100, 0x80000000}), Words{});
    p.transform_controller(7, {TransformType::Scale, 0x0800});
    EXPECT_EQ(ump(p, {0x40B00700, 0x80000000}), (Words{0x40B00B00, 0x40000000}));
    // Program change: word 0 option flags (bank valid = 1); word 1 = program | reserved | bank msb | bank lsb.
    p.program_change = {TransformType::Add, 1};
    EXPECT_EQ(ump(p, {0x40C00001, 0x05000102}), (Words{0x40C00001, 0x06000102}));
    // Channel pressure, 32-bit: Add 1 (7-bit) is + 1 << 25.
    p.channel_pressure = {TransformType::Add, 1};
    EXPECT_EQ(ump(p, {0x40D00000, 0x10000000}), (Words{0x40D00000, 0x12000000}));
    // Pitch bend, 32-bit, centre 0x80000000: scale 0.5 about the centre:
    // 0xFFFFFFFF -> 0x80000000 + round(0x7FFFFFFF / 2) = 0xC0000000.
    p.pitch_bend = {TransformType::Scale, 0x0800};
    EXPECT_EQ(ump(p, {0x40E00000, 0xFFFFFFFF}), (Words{0x40E00000, 0xC0000000}));
    EXPECT_EQ(ump(p, {0x40E00000, 0x80000000}), (Words{0x40E00000, 0x80000000}));
    // Add 1000 in 14-bit units: + 1000 << 18 = 0x0FA00000.
    p.pitch_bend = {TransformType::Add, 1000};
    EXPECT_EQ(ump(p, {0x40E00000, 0x80000000}), (Words{0x40E00000, 0x8FA00000}));
    EXPECT_EQ(ump(p, {0x40E00000, 0xFFF00000}), (Words{0x40E00000, 0xFFFFFFFF}));  // clamps
}

TEST(ThruParamsUmp, Midi2PerNoteMessagesFollowTheirNote) {
    ThruParams p;
    p.note_number = {TransformType::Add, 12};
    // Per-note pitch bend (status 6), note 60, and per-note management (F).
    EXPECT_EQ(ump(p, {0x40603C00, 0x90000000}), (Words{0x40604800, 0x90000000}));
    EXPECT_EQ(ump(p, {0x40F03C03, 0x00000000}), (Words{0x40F04803, 0x00000000}));
    // Registered controller (status 2): bank 0 index 7, only channel-mapped.
    p.map_channel(0, 9);
    EXPECT_EQ(ump(p, {0x40200007, 0x12345678}), (Words{0x40290007, 0x12345678}));
    p.low_note = 0;
    p.high_note = 50;
    EXPECT_EQ(ump(p, {0x40603C00, 0x90000000}), Words{});  // note 60 is outside 0..50
}

TEST(ThruParamsUmp, StreamOfPackets) {
    ThruParams p;
    p.filter_sysex = true;
    p.note_number = {TransformType::Add, 1};
    const Words in = {0x20903C64,                  // mt 2 note on
                      0x40903C00, 0xC0000000,      // mt 4 note on
                      0x30020102, 0x00000000,      // SysEx7: dropped
                      0x10F80000,                  // clock
                      0x40903C00};                 // incomplete
    std::array<std::uint32_t, 16> out{};
    const auto r = p.apply_ump(in, out);
    EXPECT_EQ(r.read, 6U);
    EXPECT_EQ(r.written, 4U);
    EXPECT_EQ(Words(out.begin(), out.begin() + 4), (Words{0x20903D64, 0x40903D00, 0xC0000000, 0x10F80000}));
    // Output too small for the next packet: stop there.
    std::array<std::uint32_t, 2> small{};
    const auto s = p.apply_ump(in, small);
    EXPECT_EQ(s.read, 1U);
    EXPECT_EQ(s.written, 1U);
}

// --- Byte-stream engine ------------------------------------------------------

template <std::size_t N = 256>
Bytes run(ThruByteStream<N>& t, const ThruParams& p, const Bytes& in) {
    Bytes out(ThruByteStream<N>::max_output_size(in.size()));
    const std::size_t n = t.process(p, in, out);
    out.resize(n);
    return out;
}

TEST(ThruByteStream, HandWorkedStream) {
    ThruParams p;
    p.note_number = {TransformType::Add, 12};
    p.map_channel(0, 2);
    const Bytes in = {0x90, 0x3C, 0x64, 0x3E, 0x64, 0xF8, 0xC0, 0x05, 0xF0, 0x01, 0x02, 0xF7};
    ThruByteStream<> plain;
    EXPECT_EQ(run(plain, p, in),
              (Bytes{0x92, 0x48, 0x64, 0x92, 0x4A, 0x64, 0xF8, 0xC2, 0x05, 0xF0, 0x01, 0x02, 0xF7}));
    ThruByteStream<> running{true};
    EXPECT_EQ(run(running, p, in), (Bytes{0x92, 0x48, 0x64, 0x4A, 0x64, 0xF8, 0xC2, 0x05, 0xF0, 0x01, 0x02, 0xF7}));
    p.filter_sysex = true;
    ThruByteStream<> filtered;
    EXPECT_EQ(run(filtered, p, in), (Bytes{0x92, 0x48, 0x64, 0x92, 0x4A, 0x64, 0xF8, 0xC2, 0x05}));
}

TEST(ThruByteStream, ByteAtATimeGivesTheSameBytes) {
    ThruParams p;
    p.velocity = {TransformType::Scale, 0x0800};
    const Bytes in = {0x90, 0x3C, 0x64, 0xF0, 0x01, 0xF8, 0x02, 0xF7, 0xB1, 0x07, 0x40, 0x08, 0x50};
    ThruByteStream<2> whole;
    const Bytes want = run(whole, p, in);
    EXPECT_EQ(want, (Bytes{0x90, 0x3C, 0x32, 0xF0, 0x01, 0xF8, 0x02, 0xF7, 0xB1, 0x07, 0x40, 0xB1, 0x08, 0x50}));
    ThruByteStream<2> bytewise;
    Bytes got;
    for (const std::uint8_t b : in) {
        const Bytes part = run(bytewise, p, Bytes{b});
        got.insert(got.end(), part.begin(), part.end());
    }
    EXPECT_EQ(got, want);
}

TEST(ThruByteStream, AbortedSysExAndErrorsPassAsTheyCame) {
    const ThruParams p;
    ThruByteStream<> t;
    EXPECT_EQ(run(t, p, {0xF0, 0x01, 0x02, 0x90, 0x3C, 0x64}), (Bytes{0xF0, 0x01, 0x02, 0x90, 0x3C, 0x64}));
    EXPECT_EQ(t.decoder().error_count(cm::midi::DecodeError::SysExAborted), 1U);
    // Running status 90 is still on: 05 begins a note-on that F4 cuts short
    // (TruncatedMessage), and F4 itself is undefined.
    EXPECT_EQ(run(t, p, {0x05, 0xF4, 0x91, 0x3C, 0x64}), (Bytes{0x91, 0x3C, 0x64}));
    EXPECT_EQ(t.decoder().error_count(), 3U);
}

TEST(ThruByteStream, CountsWhatDoesNotFit) {
    const ThruParams p;
    ThruByteStream<> t;
    const Bytes in = {0x90, 0x3C, 0x64, 0x90, 0x3E, 0x64};
    std::array<std::uint8_t, 4> out{};
    EXPECT_EQ(t.process(p, in, out), 3U);
    EXPECT_EQ(t.dropped_for_space(), 1U);
    t.reset();
    EXPECT_EQ(t.dropped_for_space(), 0U);
}

TEST(ThruByteStream, RandomStreamsStayWithinMaxOutputSize) {
    // Worst cases for the bound: running status 2-byte messages (1 byte in,
    // 2 out) and a message completed by the first byte of a call.
    cm::theory::Random rng{7};
    const ThruParams p;
    for (int trial = 0; trial < 500; ++trial) {
        ThruByteStream<8> t;
        Bytes stream;
        const int n = rng.between(1, 200);
        for (int i = 0; i < n; ++i) {
            // Mostly data bytes, some statuses of every kind.
            stream.push_back(rng.chance(0.7) ? static_cast<std::uint8_t>(rng.between(0, 127))
                                             : static_cast<std::uint8_t>(rng.between(0x80, 0xFF)));
        }
        std::size_t at = 0;
        while (at < stream.size()) {
            const auto len = std::min(stream.size() - at, static_cast<std::size_t>(rng.between(1, 6)));
            Bytes out(ThruByteStream<8>::max_output_size(len));
            const std::size_t w = t.process(p, std::span<const std::uint8_t>(stream.data() + at, len), out);
            ASSERT_LE(w, out.size());
            at += len;
        }
        ASSERT_EQ(t.dropped_for_space(), 0U) << "trial " << trial;
    }
}

// --- Real-time contract ------------------------------------------------------

TEST(ThruRealtime, ApplyUmpAndByteStreamNeitherAllocateNorLock) {
    ThruParams p;
    p.note_number = {TransformType::Add, 3};
    p.velocity = {TransformType::Scale, 0x0C00};
    p.pitch_bend = {TransformType::Scale, 0x0800};
    p.map_controller(7, 11);
    p.map_channel(1, 4);
    p.filter_mtc = true;
    const std::vector<MidiMessage> ms = all_kinds();
    const Words words = {0x20903C64, 0x40903C00, 0xC0000000, 0x40E00000, 0xFFFFFFFF, 0x10F80000, 0x30020102, 0};
    Bytes in;
    for (int i = 0; i < 100; ++i) {
        for (const std::uint8_t b : std::initializer_list<std::uint8_t>{
                 0x91, 0x3C, 0x64, 0x3E, 0xF8, 0x64, 0xB0, 0x07, 0x10, 0xF0, 0x01, 0xF8, 0x02, 0xF7, 0xE0, 0x00, 0x40}) {
            in.push_back(b);
        }
    }
    Bytes out(ThruByteStream<>::max_output_size(in.size()));
    std::array<std::uint32_t, 16> uout{};
    ThruByteStream<> t{true};
    std::size_t kept = 0;
    {
        cm::test::RtScope scope;
        for (int i = 0; i < 100; ++i) {
            for (const MidiMessage& m : ms) {
                kept += p.apply(m).has_value() ? 1U : 0U;
            }
            kept += p.apply_ump(words, uout).written;
        }
        kept += t.process(p, in, out);
        EXPECT_EQ(scope.counts().allocations, 0U);
        EXPECT_EQ(scope.counts().deallocations, 0U);
        EXPECT_EQ(scope.counts().locks, 0U);
    }
    EXPECT_GT(kept, 0U);
}

} // namespace
