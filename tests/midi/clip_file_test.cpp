// MIDI Clip Files (M2-116-U v1.0): files written out word by word from the
// specification's layout (section 5 file header "SMF2CLIP"; section 6 clip
// configuration header with DC + DCTPQ; section 7 sequence from DC + Start
// of Clip to DC + End of Clip) and from M2-104-UM's word formats (utility
// type 0x0: DCTPQ status 0x3 with 16-bit ticks, DC status 0x4 with 20-bit
// ticks; stream type 0xF: Start of Clip 0x20, End of Clip 0x21, 128 bits),
// a file laid out as PipeWire's pw-cat writes clips (one DC for events of
// one tick, no DC before the header's tempo and the Start and End of
// Clip), long deltas split over several DCs, and damaged files.
#include <coremusic/midi/clip_file.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <system_error>
#include <vector>

namespace {

using namespace cm::midi;
using Bytes = std::vector<std::uint8_t>;

Bytes words(std::initializer_list<std::uint32_t> ws) {
    Bytes out = {'S', 'M', 'F', '2', 'C', 'L', 'I', 'P'};
    for (const std::uint32_t w : ws) {
        out.insert(out.end(), {static_cast<std::uint8_t>(w >> 24), static_cast<std::uint8_t>(w >> 16),
                               static_cast<std::uint8_t>(w >> 8), static_cast<std::uint8_t>(w)});
    }
    return out;
}

// A MIDI 1.0 channel voice message in a UMP (type 0x2, group 0): 0x2G SS D1 D2.
constexpr std::uint32_t note_on = 0x20903C64;   // note on ch 1, 60, 100
constexpr std::uint32_t note_off = 0x20803C40;  // note off ch 1, 60, 64
// A MIDI 2.0 note on (type 0x4, 64 bits): 0x4G 9c nn attr-type, velocity(16) attr(16).
constexpr std::uint32_t m2_on_0 = 0x40904000;
constexpr std::uint32_t m2_on_1 = 0xC0000000;

ClipMessage msg(std::int64_t tick, std::uint32_t w0, std::uint32_t w1 = 0, std::uint32_t w2 = 0, std::uint32_t w3 = 0) {
    return ClipMessage{tick, {w0, w1, w2, w3}, {}};
}

TEST(ClipFile, CanonicalBytesFromTheSpecificationLayout) {
    ClipFile c;
    c.ticks_per_quarter = 96;
    c.events = {msg(0, note_on), msg(0, m2_on_0, m2_on_1), msg(96, note_off)};
    c.end_tick = 192;
    const Bytes expected = words({
        0x00400000, 0x00300060,                          // DC 0, DCTPQ 96
        0x00400000, 0xF0200000, 0, 0, 0,                 // DC 0, Start of Clip
        0x00400000, note_on,                             // DC 0, note on
        0x00400000, m2_on_0, m2_on_1,                    // DC 0, MIDI 2.0 note on (2 words)
        0x00400060, note_off,                            // DC 96, note off
        0x00400060, 0xF0210000, 0, 0, 0,                 // DC 96, End of Clip at 192
    });
    EXPECT_EQ(write_clip(c), expected);
    const ClipFile back = read_clip(expected);
    EXPECT_EQ(back, c);
    EXPECT_EQ(back.events[1].size(), 2);
    EXPECT_EQ(back.layout, ClipLayout{});
    EXPECT_EQ(write_clip(back, ClipWriteOptions{.keep_encoding = true}), expected);
}

TEST(ClipFile, LongDeltasTakeSeveralClockstamps) {
    ClipFile c;
    c.ticks_per_quarter = 480;
    // 0x200001 = 0xFFFFF + 0xFFFFF + 3: a DC holds 20 bits.
    c.events = {msg(0x200001, note_on)};
    c.end_tick = 0x200001;
    const Bytes expected = words({0x00400000, 0x003001E0, 0x00400000, 0xF0200000, 0, 0, 0, 0x004FFFFF, 0x004FFFFF,
                                  0x00400003, note_on, 0x00400000, 0xF0210000, 0, 0, 0});
    EXPECT_EQ(write_clip(c), expected);
    EXPECT_EQ(read_clip(expected), c);
}

TEST(ClipFile, PipeWireLayoutReadsAndWritesBackExactly) {
    // As PipeWire's midi_clip writer lays a clip out: DC 0, DCTPQ, a Flex
    // Data set-tempo (type 0xD, status 0x00 0x00; 10 ns units) and Start of
    // Clip without DCs, one DC per tick, End of Clip without a DC.
    const Bytes file = words({
        0x00400000, 0x00300060,                          // DC 0, DCTPQ 96
        0xD0100000, 50000000, 0, 0,                      // tempo 120 bpm: 0.5 s = 50 000 000 x 10 ns
        0xF0200000, 0, 0, 0,                             // Start of Clip
        0x00400000, note_on, 0x20903E64,                 // two notes at 0 under one DC
        0x00400030, note_off, 0x20803E40,                // two offs at 48
        0xF0210000, 0, 0, 0,                             // End of Clip
    });
    const ClipFile c = read_clip(file);
    EXPECT_EQ(c.ticks_per_quarter, 96);
    ASSERT_EQ(c.header.size(), 1u);
    EXPECT_EQ(c.header[0].words[1], 50000000u);
    EXPECT_TRUE(c.header[0].timing.none);
    ASSERT_EQ(c.events.size(), 4u);
    EXPECT_EQ(c.events[1].tick, 0);
    EXPECT_TRUE(c.events[1].timing.none);
    EXPECT_EQ(c.events[3].tick, 48);
    EXPECT_EQ(c.end_tick, 48);
    EXPECT_TRUE(c.layout.start.none);
    EXPECT_TRUE(c.layout.end.none);
    EXPECT_EQ(write_clip(c, ClipWriteOptions{.keep_encoding = true}), file);
    // Canonical: a DC before everything, same content.
    const Bytes canonical = write_clip(c);
    EXPECT_EQ(canonical.size(), file.size() + 5 * 4);  // DCs before the tempo, Start, 2nd note, 2nd off, End
    EXPECT_EQ(read_clip(canonical), c);
}

TEST(ClipFile, UnusualClockstampsAreKeptForExactWriting) {
    // DCs of 10 and 20 before one message (they add up), DC 5 before the
    // DCTPQ, and the DCTPQ after another header message.
    const Bytes file = words({0x00400000, 0xD0100000, 1, 0, 0,      // header message first
                              0x00400005, 0x00300010,               // DC 5, DCTPQ 16
                              0x00400000, 0xF0200000, 0, 0, 0,      //
                              0x0040000A, 0x00400014, note_on,      // tick 30
                              0x00400000, 0xF0210000, 0, 0, 0});
    const ClipFile c = read_clip(file);
    EXPECT_EQ(c.ticks_per_quarter, 16);
    EXPECT_EQ(c.layout.dctpq_position, 1u);
    EXPECT_EQ(c.layout.dctpq.clockstamps, (std::vector<std::uint32_t>{5}));
    EXPECT_EQ(c.events[0].tick, 30);
    EXPECT_EQ(c.events[0].timing.clockstamps, (std::vector<std::uint32_t>{10, 20}));
    EXPECT_EQ(write_clip(c, ClipWriteOptions{.keep_encoding = true}), file);
}

template <class F>
cm::MidiFileError expect_error(F&& f) {
    try {
        f();
    } catch (const cm::MidiFileError& e) {
        return e;
    }
    ADD_FAILURE() << "expected a MidiFileError";
    return cm::MidiFileError("none");
}

void expect_strict_error(const Bytes& file, std::uint64_t offset, const std::string& what) {
    const cm::MidiFileError e = expect_error([&] { (void)read_clip(file); });
    EXPECT_EQ(e.offset(), offset) << e.what();
    EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    std::error_code ec;
    (void)read_clip(file, {}, ec);
    EXPECT_EQ(ec, cm::Errc::InvalidFormat);
}

TEST(ClipFile, DamagedFiles) {
    expect_strict_error({'M', 'T', 'h', 'd'}, 0, "\"SMF2CLIP\"");
    expect_strict_error(words({0x00400000, 0x00300060}), 16, "expected a Start of Clip");
    expect_strict_error(words({0x00400000, 0x00300000, 0x00400000, 0xF0200000, 0, 0, 0}), 12, "DCTPQ of 0");
    expect_strict_error(words({0x00400000, 0xF0200000, 0, 0, 0}), 12, "before a Delta Clockstamp Ticks Per Quarter");
    const Bytes start = words({0x00400000, 0x00300060, 0x00400000, 0xF0200000, 0, 0, 0});
    // No End of Clip: strict error, tolerant ends the clip at the last event.
    Bytes open = start;
    open.insert(open.end(), {0x00, 0x40, 0x00, 0x07, 0x20, 0x90, 0x3C, 0x64});  // DC 7, note on
    expect_strict_error(open, open.size(), "expected an End of Clip");
    const ClipFile t = read_clip(open, ClipReadOptions{.tolerant = true});
    EXPECT_FALSE(t.has_end_of_clip);
    EXPECT_EQ(t.end_tick, 7);
    EXPECT_EQ(write_clip(t, ClipWriteOptions{.keep_encoding = true}), open);
    // A UMP cut off by the end of the file: a 2-word type 0x4 with one word.
    Bytes cut = start;
    cut.insert(cut.end(), {0x00, 0x40, 0x00, 0x00, 0x40, 0x90, 0x40, 0x00});
    expect_strict_error(cut, start.size() + 4, "a UMP cut off by the end of the file");
    const ClipFile tc = read_clip(cut, ClipReadOptions{.tolerant = true});
    EXPECT_EQ(tc.trailing, (Bytes{0x00, 0x40, 0x00, 0x00, 0x40, 0x90, 0x40, 0x00}));
    EXPECT_EQ(write_clip(tc, ClipWriteOptions{.keep_encoding = true}), cut);
    // Bytes after the End of Clip.
    Bytes after = words({0x00400000, 0x00300060, 0x00400000, 0xF0200000, 0, 0, 0, 0x00400000, 0xF0210000, 0, 0, 0});
    const std::size_t end = after.size();
    after.insert(after.end(), {1, 2, 3});
    expect_strict_error(after, end, "after the End of Clip");
    EXPECT_EQ(read_clip(after, ClipReadOptions{.tolerant = true}).trailing, (Bytes{1, 2, 3}));
    // DCs with nothing after them; reserved bits set.
    Bytes dangling = start;
    dangling.insert(dangling.end(), {0x00, 0x40, 0x00, 0x07});
    expect_strict_error(dangling, start.size(), "Delta Clockstamps with no message after them");
    expect_strict_error(words({0x00400000, 0x00300060, 0x00400000, 0xF0200000, 0, 0, 1}), 20, "reserved bits set");
    expect_strict_error(words({0x03400000, 0x00300060}), 8, "reserved bits set in a Delta Clockstamp");
    // A second Start of Clip.
    Bytes twice = start;
    const Bytes again = words({0x00400000, 0xF0200000, 0, 0, 0});
    twice.insert(twice.end(), again.begin() + 8, again.end());
    expect_strict_error(twice, start.size() + 4, "a second Start of Clip");
}

TEST(ClipFile, WriterErrors) {
    ClipFile c;
    c.events = {msg(10, note_on), msg(5, note_off)};
    EXPECT_THROW((void)write_clip(c), cm::MidiFileError);
    c.events = {msg(0, 0x00400005)};  // a DC as a message
    std::error_code ec;
    EXPECT_TRUE(write_clip(c, {}, ec).empty());
    EXPECT_EQ(ec, cm::Errc::InvalidArgument);
    c.events.clear();
    c.ticks_per_quarter = 0;
    EXPECT_THROW((void)write_clip(c), cm::MidiFileError);
}

TEST(ClipFile, SaveAndLoad) {
    const auto dir = std::filesystem::temp_directory_path() / "coremusic_clip_file_test";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    ClipFile c;
    c.events = {msg(0, note_on), msg(480, note_off)};
    c.end_tick = 960;
    save_clip(dir / "a.midi2", c);
    EXPECT_EQ(load_clip(dir / "a.midi2"), c);
    EXPECT_THROW(save_clip(dir / "missing" / "a.midi2", c), cm::MidiFileError);
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator()), 1);
    std::filesystem::remove_all(dir);
}

} // namespace
