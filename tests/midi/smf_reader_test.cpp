// Standard MIDI File reading: the format 0 example file of the Standard MIDI
// Files 1.0 specification (its appendix, byte for byte) with the event list
// the specification gives for it; the specification's VLQ table; every meta
// event and both SysEx forms written out by hand; and every kind of damage
// (truncation, wrong lengths, unknown chunks, missing end of track, garbage
// after the last track, absurd sizes) with the byte offset and recovery
// expected of the strict and tolerant modes.
#include <coremusic/midi/smf_reader.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>
#include <system_error>
#include <vector>

namespace {

using namespace cm::midi;
using Bytes = std::vector<std::uint8_t>;
using cm::MidiFileError;

Bytes cat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const Bytes& p : parts) {
        out.insert(out.end(), p.begin(), p.end());
    }
    return out;
}

Bytes be32(std::size_t n) {
    return {static_cast<std::uint8_t>(n >> 24), static_cast<std::uint8_t>(n >> 16), static_cast<std::uint8_t>(n >> 8),
            static_cast<std::uint8_t>(n)};
}

// MThd: length 6, format, tracks, division.
Bytes mthd(int format, int tracks, std::uint16_t division) {
    return {'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, static_cast<std::uint8_t>(format), 0,
            static_cast<std::uint8_t>(tracks), static_cast<std::uint8_t>(division >> 8),
            static_cast<std::uint8_t>(division)};
}

Bytes mtrk(const Bytes& body) { return cat({{'M', 'T', 'r', 'k'}, be32(body.size()), body}); }

// A format 0 file at 96 PPQ with this track body.
Bytes format0(const Bytes& body) { return cat({mthd(0, 1, 96), mtrk(body)}); }

const Bytes eot = {0x00, 0xFF, 0x2F, 0x00};

// Standard MIDI Files 1.0, "Appendix 1.1: Format 0" example (96 ticks per
// quarter), exactly as printed there.
const Bytes spec_format0 = {
    0x4D, 0x54, 0x68, 0x64, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x01, 0x00, 0x60,  // MThd
    0x4D, 0x54, 0x72, 0x6B, 0x00, 0x00, 0x00, 0x3B,                                      // MTrk
    0x00, 0xFF, 0x58, 0x04, 0x04, 0x02, 0x18, 0x08,  // time signature 4/4, 24 clocks, 8 32nds
    0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20,        // tempo 500000
    0x00, 0xC0, 0x05,                                // program change ch 1 -> 5
    0x00, 0xC1, 0x2E,                                // ch 2 -> 46
    0x00, 0xC2, 0x46,                                // ch 3 -> 70
    0x00, 0x92, 0x30, 0x60,                          // note on ch 3 C2 (48) vel 96
    0x00, 0x3C, 0x60,                                // running status: C3 (60)
    0x60, 0x91, 0x43, 0x40,                          // +96 ch 2 G3 (67) vel 64
    0x60, 0x90, 0x4C, 0x20,                          // +96 ch 1 E4 (76) vel 32
    0x81, 0x40, 0x82, 0x30, 0x40,                    // +192 note off ch 3 C2 vel 64
    0x00, 0x3C, 0x40,                                // running status: note off C3
    0x00, 0x81, 0x43, 0x40,                          // note off ch 2 G3
    0x00, 0x80, 0x4C, 0x40,                          // note off ch 1 E4
    0x00, 0xFF, 0x2F, 0x00,                          // end of track
};

template <class F>
MidiFileError expect_error(F&& f) {
    try {
        f();
    } catch (const MidiFileError& e) {
        return e;
    }
    ADD_FAILURE() << "expected a MidiFileError";
    return MidiFileError("none");
}

// The strict read fails at `offset` with a message containing `what`, and
// the error_code overload reports the same code without throwing.
void expect_strict_error(const Bytes& file, std::uint64_t offset, const std::string& what,
                         cm::Errc code = cm::Errc::InvalidFormat) {
    const MidiFileError e = expect_error([&] { (void)read_smf(file); });
    EXPECT_EQ(e.offset(), offset) << e.what();
    EXPECT_NE(std::string(e.what()).find(what), std::string::npos) << e.what();
    EXPECT_EQ(e.code(), code);
    std::error_code ec;
    const SmfFile f = read_smf(file, {}, ec);
    EXPECT_EQ(ec, code);
    EXPECT_TRUE(f.tracks.empty());
}

SmfFile tolerant(const Bytes& file) { return read_smf(file, SmfReadOptions{.tolerant = true}); }

TEST(SmfReader, SpecificationFormat0Example) {
    const SmfFile f = read_smf(spec_format0);
    EXPECT_EQ(f.format, 0);
    EXPECT_EQ(f.declared_tracks, 1);
    EXPECT_EQ(f.division.ticks_per_quarter(), 96);
    ASSERT_EQ(f.tracks.size(), 1u);
    const auto& ev = f.tracks[0].events;
    ASSERT_EQ(ev.size(), 14u);
    // The specification's table: tick, status, data.
    struct Row {
        std::int64_t tick;
        std::uint8_t status;
        int d1, d2;
        bool running;
    };
    const Row rows[] = {{0, 0xC0, 5, 0, false},      {0, 0xC1, 46, 0, false},     {0, 0xC2, 70, 0, false},
                        {0, 0x92, 48, 96, false},    {0, 0x92, 60, 96, true},     {96, 0x91, 67, 64, false},
                        {192, 0x90, 76, 32, false},  {384, 0x82, 48, 64, false},  {384, 0x82, 60, 64, true},
                        {384, 0x81, 67, 64, false},  {384, 0x80, 76, 64, false}};
    EXPECT_TRUE(ev[0].is_meta(meta::time_signature));
    EXPECT_EQ(ev[0].data, (Bytes{4, 2, 24, 8}));
    EXPECT_TRUE(ev[1].is_meta(meta::tempo));
    EXPECT_EQ(ev[1].tempo_us(), 500000u);
    for (std::size_t i = 0; i < std::size(rows); ++i) {
        const MidiEvent& e = ev[i + 2];
        SCOPED_TRACE(i);
        EXPECT_EQ(e.tick, rows[i].tick);
        ASSERT_EQ(e.kind, EventKind::Message);
        EXPECT_EQ(e.message.status(), rows[i].status);
        EXPECT_EQ(e.message.data1(), rows[i].d1);
        EXPECT_EQ(e.message.data2(), rows[i].d2);
        EXPECT_EQ(e.encoding.running_status, rows[i].running);
        EXPECT_EQ(e.encoding.delta_bytes, 0);
    }
    EXPECT_TRUE(ev[13].is_meta(meta::end_of_track));
    EXPECT_EQ(ev[13].tick, 384);
    EXPECT_TRUE(f.tracks[0].has_end_of_track);
    EXPECT_TRUE(f.tracks[0].trailing.empty());
    EXPECT_TRUE(f.unknown_chunks.empty());
    EXPECT_TRUE(f.header_extra.empty());
    EXPECT_TRUE(f.trailing.empty());
    EXPECT_EQ(read_smf(spec_format0, SmfReadOptions{.tolerant = true}), f);
}

TEST(SmfReader, VariableLengthQuantitiesFromTheSpecificationTable) {
    // Standard MIDI Files 1.0, "Variable Length Quantity" examples.
    struct Row {
        std::uint32_t value;
        Bytes vlq;
    };
    const Row rows[] = {{0x00000000, {0x00}},
                        {0x00000040, {0x40}},
                        {0x0000007F, {0x7F}},
                        {0x00000080, {0x81, 0x00}},
                        {0x00002000, {0xC0, 0x00}},
                        {0x00003FFF, {0xFF, 0x7F}},
                        {0x00004000, {0x81, 0x80, 0x00}},
                        {0x00100000, {0xC0, 0x80, 0x00}},
                        {0x001FFFFF, {0xFF, 0xFF, 0x7F}},
                        {0x00200000, {0x81, 0x80, 0x80, 0x00}},
                        {0x08000000, {0xC0, 0x80, 0x80, 0x00}},
                        {0x0FFFFFFF, {0xFF, 0xFF, 0xFF, 0x7F}}};
    Bytes body;
    std::int64_t tick = 0;
    std::vector<std::int64_t> ticks;
    for (const Row& r : rows) {
        body.insert(body.end(), r.vlq.begin(), r.vlq.end());
        body.insert(body.end(), {0x90, 0x3C, 0x40});
        tick += r.value;
        ticks.push_back(tick);
    }
    body.insert(body.end(), eot.begin(), eot.end());
    const SmfFile f = read_smf(format0(body));
    ASSERT_EQ(f.tracks[0].events.size(), std::size(rows) + 1);
    for (std::size_t i = 0; i < std::size(rows); ++i) {
        EXPECT_EQ(f.tracks[0].events[i].tick, ticks[i]) << i;
        EXPECT_EQ(f.tracks[0].events[i].encoding.delta_bytes, 0) << "minimal VLQ " << i;
    }
}

TEST(SmfReader, NonMinimalVlqsAreRecorded) {
    // Delta 0 in 2 bytes (80 00), delta 5 in 4 bytes (80 80 80 05), a text
    // meta whose length 3 takes 2 bytes (80 03), a SysEx length in 3 bytes.
    const Bytes body = {0x80, 0x00, 0x90, 0x3C, 0x40,  0x80, 0x80, 0x80, 0x05, 0x80, 0x3C, 0x00,
                        0x00, 0xFF, 0x01, 0x80, 0x03, 'a',  'b',  'c',  0x00, 0xF0, 0x80, 0x80,
                        0x02, 0x01, 0xF7, 0x00, 0xFF, 0x2F, 0x00};
    const SmfFile f = read_smf(format0(body));
    const auto& ev = f.tracks[0].events;
    ASSERT_EQ(ev.size(), 5u);
    EXPECT_EQ(ev[0].encoding.delta_bytes, 2);
    EXPECT_EQ(ev[1].tick, 5);
    EXPECT_EQ(ev[1].encoding.delta_bytes, 4);
    EXPECT_EQ(ev[2].encoding.length_bytes, 2);
    EXPECT_EQ(ev[2].text(), "abc");
    EXPECT_EQ(ev[3].encoding.length_bytes, 3);
    EXPECT_EQ(ev[3].data, (Bytes{0x01, 0xF7}));
    EXPECT_EQ(ev[4].encoding, EventEncoding{});
}

TEST(SmfReader, VlqOfFiveBytesIsRejected) {
    const Bytes body = {0x81, 0x80, 0x80, 0x80, 0x00, 0x90, 0x3C, 0x40, 0x00, 0xFF, 0x2F, 0x00};
    expect_strict_error(format0(body), 22, "at most 4 bytes");
    const SmfFile f = tolerant(format0(body));
    EXPECT_TRUE(f.tracks[0].events.empty());
    EXPECT_FALSE(f.tracks[0].has_end_of_track);
    EXPECT_EQ(f.tracks[0].trailing, body);
}

TEST(SmfReader, EveryMetaEvent) {
    const Bytes body = {
        0x00, 0xFF, 0x00, 0x02, 0x00, 0x07,              // sequence number 7
        0x00, 0xFF, 0x01, 0x01, 't',                     // text
        0x00, 0xFF, 0x02, 0x01, 'c',                     // copyright
        0x00, 0xFF, 0x03, 0x01, 'n',                     // track name
        0x00, 0xFF, 0x04, 0x01, 'i',                     // instrument name
        0x00, 0xFF, 0x05, 0x01, 'l',                     // lyric
        0x00, 0xFF, 0x06, 0x01, 'm',                     // marker
        0x00, 0xFF, 0x07, 0x01, 'q',                     // cue point
        0x00, 0xFF, 0x08, 0x01, 'p',                     // program name
        0x00, 0xFF, 0x09, 0x01, 'd',                     // device name
        0x00, 0xFF, 0x20, 0x01, 0x05,                    // channel prefix 5
        0x00, 0xFF, 0x21, 0x01, 0x02,                    // port 2
        0x00, 0xFF, 0x51, 0x03, 0x0F, 0x42, 0x40,        // tempo 1000000
        0x00, 0xFF, 0x54, 0x05, 0x61, 0x02, 0x03, 0x04, 0x05,  // SMPTE offset 30 fps 01:02:03:04.05
        0x00, 0xFF, 0x58, 0x04, 0x06, 0x03, 0x24, 0x08,  // 6/8
        0x00, 0xFF, 0x59, 0x02, 0xFD, 0x01,              // 3 flats, minor
        0x00, 0xFF, 0x7F, 0x03, 0x00, 0x00, 0x41,        // sequencer specific
        0x00, 0xFF, 0x4B, 0x00,                          // unknown type, kept
        0x00, 0xFF, 0x2F, 0x00,
    };
    const SmfFile f = read_smf(format0(body));
    const auto& ev = f.tracks[0].events;
    const std::uint8_t types[] = {0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09,
                                  0x20, 0x21, 0x51, 0x54, 0x58, 0x59, 0x7F, 0x4B, 0x2F};
    ASSERT_EQ(ev.size(), std::size(types));
    for (std::size_t i = 0; i < ev.size(); ++i) {
        EXPECT_EQ(ev[i].kind, EventKind::Meta) << i;
        EXPECT_EQ(ev[i].status, types[i]) << i;
    }
    EXPECT_EQ(ev[0].data, (Bytes{0x00, 0x07}));
    EXPECT_EQ(ev[3].text(), "n");
    EXPECT_EQ(ev[10].data, Bytes{0x05});
    EXPECT_EQ(ev[12].tempo_us(), 1000000u);
    EXPECT_EQ(ev[13].data, (Bytes{0x61, 0x02, 0x03, 0x04, 0x05}));
    EXPECT_EQ(ev[14].data, (Bytes{6, 3, 0x24, 8}));
    EXPECT_EQ(ev[15].data, (Bytes{0xFD, 0x01}));
    EXPECT_EQ(ev[16].data, (Bytes{0x00, 0x00, 0x41}));
    EXPECT_TRUE(ev[17].data.empty());
}

TEST(SmfReader, SysExInBothForms) {
    const Bytes body = {
        0x00, 0xF0, 0x05, 0x7E, 0x7F, 0x09, 0x01, 0xF7,  // complete: F0 7E 7F 09 01 F7
        0x10, 0xF0, 0x03, 0x43, 0x12, 0x00,              // first packet, no F7
        0x20, 0xF7, 0x02, 0x07, 0xF7,                    // continuation ending the message
        0x00, 0xF7, 0x01, 0xF8,                          // escape: a clock byte
        0x00, 0xF0, 0x00,                                // empty
        0x00, 0xFF, 0x2F, 0x00,
    };
    const SmfFile f = read_smf(format0(body));
    const auto& ev = f.tracks[0].events;
    ASSERT_EQ(ev.size(), 6u);
    EXPECT_EQ(ev[0].kind, EventKind::SysEx);
    EXPECT_EQ(ev[0].status, 0xF0);
    EXPECT_EQ(ev[0].data, (Bytes{0x7E, 0x7F, 0x09, 0x01, 0xF7}));
    EXPECT_EQ(ev[1].tick, 16);
    EXPECT_EQ(ev[1].data, (Bytes{0x43, 0x12, 0x00}));
    EXPECT_EQ(ev[2].status, 0xF7);
    EXPECT_EQ(ev[2].tick, 48);
    EXPECT_EQ(ev[2].data, (Bytes{0x07, 0xF7}));
    EXPECT_EQ(ev[3].status, 0xF7);
    EXPECT_EQ(ev[3].data, Bytes{0xF8});
    EXPECT_TRUE(ev[4].data.empty());
}

TEST(SmfReader, NoteOnVelocityZeroStaysANoteOn) {
    const SmfFile f = read_smf(format0({0x00, 0x93, 0x40, 0x50, 0x60, 0x40, 0x00, 0x00, 0xFF, 0x2F, 0x00}));
    const MidiEvent& off = f.tracks[0].events[1];
    EXPECT_EQ(off.message.status(), 0x93);
    EXPECT_EQ(off.message.velocity(), 0);
    EXPECT_TRUE(off.encoding.running_status);
    EXPECT_TRUE(off.message.is_note_off());
}

TEST(SmfReader, EveryChannelMessageWithRunningStatus) {
    const Bytes body = {0x00, 0x85, 0x3C, 0x10, 0x00, 0x3D, 0x11,  // note off, running
                        0x00, 0xA5, 0x3C, 0x20, 0x00, 0xB5, 0x07, 0x64, 0x00, 0x0A, 0x40,
                        0x00, 0xC5, 0x10, 0x00, 0x11,              // program change, running (1 data byte)
                        0x00, 0xD5, 0x30, 0x00, 0xE5, 0x00, 0x40, 0x00, 0x7F, 0x7F, 0x00, 0xFF, 0x2F, 0x00};
    const SmfFile f = read_smf(format0(body));
    const auto& ev = f.tracks[0].events;
    ASSERT_EQ(ev.size(), 11u);
    EXPECT_EQ(ev[1].message.note(), 0x3D);
    EXPECT_EQ(ev[4].message.data1(), 10);
    EXPECT_EQ(ev[6].message.data1(), 0x11);
    EXPECT_TRUE(ev[6].encoding.running_status);
    EXPECT_EQ(ev[8].message.pitch_bend_value(), 8192);
    EXPECT_EQ(ev[9].message.pitch_bend_value(), 16383);
    EXPECT_TRUE(ev[9].encoding.running_status);
}

TEST(SmfReader, RunningStatusAfterMetaOrSysEx) {
    // The specification: "Sysex events and meta-events cancel any running
    // status which was in effect." Some writers continue it anyway.
    const Bytes body = {0x00, 0x90, 0x3C, 0x40, 0x00, 0xFF, 0x01, 0x01, 'x', 0x10, 0x3C, 0x00, 0x00, 0xFF, 0x2F, 0x00};
    expect_strict_error(format0(body), 22 + 10, "without running status");
    const SmfFile f = tolerant(format0(body));
    ASSERT_EQ(f.tracks[0].events.size(), 4u);
    EXPECT_EQ(f.tracks[0].events[2].message, MidiMessage::note_on(0, 0x3C, 0));
    EXPECT_EQ(f.tracks[0].events[2].tick, 16);
    EXPECT_TRUE(f.tracks[0].events[2].encoding.running_status);

    const Bytes sysex = {0x00, 0x90, 0x3C, 0x40, 0x00, 0xF0, 0x01, 0xF7, 0x00, 0x3C, 0x00, 0x00, 0xFF, 0x2F, 0x00};
    expect_strict_error(format0(sysex), 22 + 9, "without running status");
    EXPECT_EQ(tolerant(format0(sysex)).tracks[0].events.size(), 4u);
}

TEST(SmfReader, DivisionsAndFormats) {
    // E7 28: -25 frames per second, 40 ticks per frame.
    Bytes f1 = cat({mthd(1, 2, 0xE728), mtrk(eot), mtrk(eot)});
    const SmfFile a = read_smf(f1);
    EXPECT_TRUE(a.division.is_smpte());
    EXPECT_EQ(a.division.fps(), 25);
    EXPECT_EQ(a.division.ticks_per_frame(), 40);
    EXPECT_EQ(a.tracks.size(), 2u);
    // E3 50: -29 (30 drop frame), 80 ticks.
    EXPECT_EQ(read_smf(cat({mthd(2, 1, 0xE350), mtrk(eot)})).division.fps(), 29);
    expect_strict_error(cat({mthd(1, 1, 0xE928), mtrk(eot)}), 12, "division E928");  // -23 fps
    expect_strict_error(cat({mthd(1, 1, 0xE700), mtrk(eot)}), 12, "division E700");  // 0 ticks per frame
    expect_strict_error(cat({mthd(1, 1, 0x0000), mtrk(eot)}), 12, "division 0000");
    expect_strict_error(cat({mthd(3, 1, 96), mtrk(eot)}), 8, "format 3");
    expect_strict_error(cat({mthd(0, 2, 96), mtrk(eot), mtrk(eot)}), 10, "format 0 with 2 tracks");
    const SmfFile t = tolerant(cat({mthd(3, 2, 0), mtrk(eot), mtrk(eot)}));
    EXPECT_EQ(t.format, 3);
    EXPECT_EQ(t.division.raw(), 0);
    EXPECT_EQ(t.tracks.size(), 2u);
}

TEST(SmfReader, HeaderDamage) {
    expect_strict_error({}, 0, "expected an MThd header chunk");
    expect_strict_error({'R', 'I', 'F', 'F', 0, 0, 0, 6, 0, 0, 0, 1, 0, 0x60}, 0, "found 52 49 46 46");
    expect_strict_error({'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 0}, 0, "the file has 10 bytes");
    expect_strict_error({'M', 'T', 'h', 'd', 0, 0, 0, 5, 0, 0, 0, 1, 0, 0x60}, 4, "length 5, expected at least 6");
    // A header longer than 6: the extra bytes are kept.
    const Bytes longer = cat({{'M', 'T', 'h', 'd', 0, 0, 0, 8, 0, 0, 0, 1, 0, 0x60, 0xAB, 0xCD}, mtrk(eot)});
    EXPECT_EQ(read_smf(longer).header_extra, (Bytes{0xAB, 0xCD}));
    // A header length past the end: tolerant takes 6.
    const Bytes absurd = cat({{'M', 'T', 'h', 'd', 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 1, 0, 0x60}, mtrk(eot)});
    expect_strict_error(absurd, 4, "length 4294967295 exceeds the file");
    const SmfFile t = tolerant(absurd);
    EXPECT_EQ(t.tracks.size(), 1u);
    EXPECT_TRUE(t.header_extra.empty());
    // Both modes refuse a file over max_file_bytes before reading it.
    const SmfReadOptions small{.tolerant = true, .max_file_bytes = 10};
    const MidiFileError e = expect_error([&] { (void)read_smf(spec_format0, small); });
    EXPECT_EQ(e.code(), cm::Errc::OutOfRange);
    EXPECT_EQ(e.offset(), 0u);
}

TEST(SmfReader, ChunkLengthPastTheEndOfTheFile) {
    // An MTrk claiming 4 GiB: an error naming the length field, never an allocation of that size.
    Bytes file = cat({mthd(0, 1, 96), {'M', 'T', 'r', 'k', 0xFF, 0xFF, 0xFF, 0xFF}, {0x00, 0x90, 0x3C, 0x40}, eot});
    expect_strict_error(file, 18, "length 4294967295 exceeds the file (8 bytes left)");
    const SmfFile t = tolerant(file);  // read to the end of the file
    ASSERT_EQ(t.tracks.size(), 1u);
    EXPECT_EQ(t.tracks[0].events.size(), 2u);
    EXPECT_TRUE(t.tracks[0].has_end_of_track);
    // The same for an unknown chunk after the tracks: tolerant keeps it as trailing bytes.
    Bytes unknown = cat({spec_format0, {'X', 'F', 'I', 'H', 0x00, 0x01, 0x00, 0x00, 0x01, 0x02}});
    expect_strict_error(unknown, spec_format0.size() + 4, "chunk 'XFIH'");
    EXPECT_EQ(tolerant(unknown).trailing, (Bytes{'X', 'F', 'I', 'H', 0x00, 0x01, 0x00, 0x00, 0x01, 0x02}));
}

TEST(SmfReader, ChunkTooShortForItsEvents) {
    // The MTrk length stops inside the note-on: the event runs past the chunk.
    Bytes file = cat({mthd(0, 1, 96), {'M', 'T', 'r', 'k', 0, 0, 0, 3, 0x00, 0x90, 0x3C}, {0x40}, eot});
    expect_strict_error(file, 25, "expects 2 data bytes (00-7F), found the end of the chunk");
    const SmfFile t = tolerant(file);
    EXPECT_TRUE(t.tracks[0].events.empty());
    EXPECT_EQ(t.tracks[0].trailing, (Bytes{0x00, 0x90, 0x3C}));
    EXPECT_EQ(t.trailing, (Bytes{0x40, 0x00, 0xFF, 0x2F, 0x00}));
    // A meta length past the chunk.
    expect_strict_error(format0({0x00, 0xFF, 0x01, 0x10, 'a', 0x00, 0xFF, 0x2F, 0x00}), 25,
                        "meta event 01 length 16 exceeds the chunk (5 bytes left)");
    // A data byte where a status byte is due.
    expect_strict_error(format0({0x00, 0x90, 0x3C, 0x90, 0x00}), 25, "found 90");
}

TEST(SmfReader, MissingEndOfTrack) {
    const Bytes file = format0({0x00, 0x90, 0x3C, 0x40, 0x60, 0x80, 0x3C, 0x40});
    expect_strict_error(file, 30, "without an end-of-track event");
    const SmfFile t = tolerant(file);
    EXPECT_EQ(t.tracks[0].events.size(), 2u);
    EXPECT_FALSE(t.tracks[0].has_end_of_track);
    EXPECT_TRUE(t.tracks[0].trailing.empty());
}

TEST(SmfReader, BytesAfterEndOfTrackInsideTheChunkAreKept) {
    const SmfFile f = read_smf(format0({0x00, 0xFF, 0x2F, 0x00, 0x00, 0x00, 0x12}));
    EXPECT_EQ(f.tracks[0].events.size(), 1u);
    EXPECT_EQ(f.tracks[0].trailing, (Bytes{0x00, 0x00, 0x12}));
}

TEST(SmfReader, UnknownChunksAreKeptInPlace) {
    const Bytes file = cat({mthd(1, 2, 96), {'A', 'B', 'C', 'D', 0, 0, 0, 2, 0x01, 0x02}, mtrk(eot),
                            {'X', 'Y', 'Z', ' ', 0, 0, 0, 0}, mtrk(eot), {'E', 'N', 'D', '!', 0, 0, 0, 1, 0x7F}});
    const SmfFile f = read_smf(file);
    ASSERT_EQ(f.unknown_chunks.size(), 3u);
    EXPECT_EQ(std::string(f.unknown_chunks[0].id.data(), 4), "ABCD");
    EXPECT_EQ(f.unknown_chunks[0].data, (Bytes{0x01, 0x02}));
    EXPECT_EQ(f.unknown_chunks[0].after_track, 0u);
    EXPECT_EQ(f.unknown_chunks[1].after_track, 1u);
    EXPECT_TRUE(f.unknown_chunks[1].data.empty());
    EXPECT_EQ(f.unknown_chunks[2].after_track, 2u);
    EXPECT_EQ(f.tracks.size(), 2u);
}

TEST(SmfReader, GarbageAfterTheLastTrack) {
    const Bytes zeros = cat({spec_format0, {0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00}});
    expect_strict_error(zeros, spec_format0.size(), "10 bytes after the last chunk");
    EXPECT_EQ(tolerant(zeros).trailing, Bytes(10, 0));
    const Bytes few = cat({spec_format0, {'M', 'T'}});
    expect_strict_error(few, spec_format0.size(), "2 bytes after the last chunk (4D 54)");
    EXPECT_EQ(tolerant(few).trailing, (Bytes{'M', 'T'}));
}

TEST(SmfReader, TrackCountDisagreesWithTheHeader) {
    const Bytes fewer = cat({mthd(1, 3, 96), mtrk(eot), mtrk(eot)});
    expect_strict_error(fewer, fewer.size(), "after 2 MTrk chunks: expected 3");
    const SmfFile a = tolerant(fewer);
    EXPECT_EQ(a.tracks.size(), 2u);
    EXPECT_EQ(a.declared_tracks, 3);
    const Bytes more = cat({mthd(1, 1, 96), mtrk(eot), mtrk(eot)});
    expect_strict_error(more, 26, "MTrk chunk number 2, but the header declares 1");
    EXPECT_EQ(tolerant(more).tracks.size(), 2u);
}

TEST(SmfReader, StatusBytesThatCannotAppearInATrack) {
    expect_strict_error(format0({0x00, 0xF8, 0x00, 0xFF, 0x2F, 0x00}), 23, "status byte F8");
    expect_strict_error(format0({0x00, 0xF2, 0x00, 0x00, 0x00, 0xFF, 0x2F, 0x00}), 23, "status byte F2");
    expect_strict_error(format0({0x10, 0x3C, 0x40, 0x00, 0xFF, 0x2F, 0x00}), 23, "data byte 3C");
    const SmfFile t = tolerant(format0({0x00, 0x90, 0x3C, 0x40, 0x00, 0xF4, 0x00, 0xFF, 0x2F, 0x00}));
    EXPECT_EQ(t.tracks[0].events.size(), 1u);
    EXPECT_EQ(t.tracks[0].trailing, (Bytes{0x00, 0xF4, 0x00, 0xFF, 0x2F, 0x00}));
}

TEST(SmfReader, MetaEventsOfTheWrongLength) {
    expect_strict_error(format0({0x00, 0xFF, 0x51, 0x02, 0x07, 0xA1, 0x00, 0xFF, 0x2F, 0x00}), 25,
                        "meta event 51 of length 2, expected 3");
    expect_strict_error(format0({0x00, 0xFF, 0x58, 0x02, 0x04, 0x02, 0x00, 0xFF, 0x2F, 0x00}), 25,
                        "meta event 58 of length 2, expected 4");
    expect_strict_error(format0({0x00, 0xFF, 0x00, 0x01, 0x07, 0x00, 0xFF, 0x2F, 0x00}), 25, "expected 0 or 2");
    expect_strict_error(format0({0x00, 0xFF, 0x2F, 0x01, 0x00}), 25, "meta event 2F of length 1, expected 0");
    expect_strict_error(format0({0x00, 0xFF, 0x85, 0x00, 0x00, 0xFF, 0x2F, 0x00}), 24, "meta event type 85");
    const SmfFile t = tolerant(format0({0x00, 0xFF, 0x51, 0x02, 0x07, 0xA1, 0x00, 0xFF, 0x2F, 0x00}));
    EXPECT_EQ(t.tracks[0].events[0].data, (Bytes{0x07, 0xA1}));
    EXPECT_EQ(t.tracks[0].events[0].tempo_us(), 0u);  // malformed: no tempo
}

TEST(SmfReader, ErrorCodeOverloadClearsOnSuccess) {
    std::error_code ec = cm::Errc::TimedOut;
    const SmfFile f = read_smf(spec_format0, {}, ec);
    EXPECT_FALSE(ec);
    EXPECT_EQ(f.tracks.size(), 1u);
}

TEST(SmfReader, LoadFromDisk) {
    const auto dir = std::filesystem::temp_directory_path() / "coremusic_smf_reader_test";
    std::filesystem::create_directories(dir);
    const auto path = dir / "spec.mid";
    {
        std::ofstream out(path, std::ios::binary);
        out.write(reinterpret_cast<const char*>(spec_format0.data()), static_cast<std::streamsize>(spec_format0.size()));
    }
    EXPECT_EQ(load_smf(path), read_smf(spec_format0));
    const MidiFileError e = expect_error([&] { (void)load_smf(dir / "missing.mid"); });
    EXPECT_EQ(e.code(), cm::Errc::IoError);
    EXPECT_NE(std::string(e.what()).find("missing.mid"), std::string::npos);
    std::error_code ec;
    (void)load_smf(path, SmfReadOptions{.max_file_bytes = 20}, ec);
    EXPECT_EQ(ec, cm::Errc::OutOfRange);
    (void)load_smf(path, {}, ec);
    EXPECT_FALSE(ec);
    std::filesystem::remove_all(dir);
}

} // namespace
