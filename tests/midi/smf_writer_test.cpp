// Standard MIDI File writing: the specification's VLQ table, canonical files
// written out by hand byte for byte (explicit status, running status
// cancelled by meta and SysEx, end of track added), keep-encoding writes that
// reproduce hand-made unusual files exactly (non-minimal VLQs, running
// status across meta events, unknown chunks, extra header bytes, bytes after
// end of track and after the last chunk, tracks without end of track), and
// saving that never leaves a partial file.
#include <coremusic/midi/smf_reader.hpp>
#include <coremusic/midi/smf_writer.hpp>

#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

namespace {

using namespace cm::midi;
using Bytes = std::vector<std::uint8_t>;

Bytes cat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const Bytes& p : parts) {
        out.insert(out.end(), p.begin(), p.end());
    }
    return out;
}

SmfFile one_track(std::vector<MidiEvent> events, int format = 0, int ppq = 96) {
    SmfFile f;
    f.format = format;
    f.division = Division::ppq(ppq);
    f.tracks.push_back(SmfTrack{std::move(events), true, {}});
    f.declared_tracks = 1;
    return f;
}

const SmfWriteOptions keep{.keep_encoding = true};

TEST(SmfWriter, VariableLengthQuantitiesFromTheSpecificationTable) {
    // Standard MIDI Files 1.0, "Variable Length Quantity" examples: each as
    // the delta time of a note-on after one at tick 0.
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
    for (const Row& r : rows) {
        const SmfFile f = one_track({MidiEvent::from_message(r.value, MidiMessage::note_on(0, 60, 1))});
        const Bytes b = write_smf(f);
        // MThd (14) MTrk + length (8), then the VLQ.
        const Bytes got(b.begin() + 22, b.begin() + 22 + static_cast<std::ptrdiff_t>(r.vlq.size()));
        EXPECT_EQ(got, r.vlq) << std::hex << r.value;
        EXPECT_EQ(b[22 + r.vlq.size()], 0x90);
    }
}

TEST(SmfWriter, CanonicalBytesByHand) {
    const SmfFile f = one_track({
        MidiEvent::tempo(0, 500000),
        MidiEvent::from_message(0, MidiMessage::note_on(0, 60, 100)),
        MidiEvent::from_message(96, MidiMessage::note_on(0, 60, 0)),
        MidiEvent::from_message(96, MidiMessage::note_on(0, 64, 100)),
        MidiEvent::from_message(300, MidiMessage::note_off(0, 64, 64)),
    });
    const Bytes expected = {
        'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 0, 0, 1, 0, 96,  //
        'M', 'T', 'r', 'k', 0, 0, 0, 28,                    //
        0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20,           // tempo 500000
        0x00, 0x90, 0x3C, 0x64,                             //
        0x60, 0x90, 0x3C, 0x00,                             // explicit status: no running status
        0x00, 0x90, 0x40, 0x64,                             //
        0x81, 0x4C, 0x80, 0x40, 0x40,                       // delta 204 = 81 4C
        0x00, 0xFF, 0x2F, 0x00,                             // end of track added at the last tick
    };
    EXPECT_EQ(write_smf(f), expected);
}

TEST(SmfWriter, CanonicalRunningStatusIsCancelledByMetaAndSysEx) {
    const SmfFile f = one_track({
        MidiEvent::from_message(0, MidiMessage::note_on(1, 60, 100)),
        MidiEvent::from_message(0, MidiMessage::note_on(1, 64, 100)),
        MidiEvent::text_event(0, meta::marker, "m"),
        MidiEvent::from_message(10, MidiMessage::note_on(1, 60, 0)),
        MidiEvent::from_message(10, MidiMessage::note_on(1, 64, 0)),
        MidiEvent::sysex(10, {0x7D, 0xF7}),
        MidiEvent::from_message(10, MidiMessage::note_on(1, 67, 1)),
        MidiEvent::from_message(10, MidiMessage::control_change(1, 7, 1)),
        MidiEvent::from_message(10, MidiMessage::control_change(1, 7, 2)),
        MidiEvent::end_of_track(20),
    });
    const Bytes body = {0x00, 0x91, 0x3C, 0x64, 0x00, 0x40, 0x64, 0x00, 0xFF, 0x06, 0x01, 'm',
                        0x0A, 0x91, 0x3C, 0x00, 0x00, 0x40, 0x00, 0x00, 0xF0, 0x02, 0x7D, 0xF7,
                        0x00, 0x91, 0x43, 0x01, 0x00, 0xB1, 0x07, 0x01, 0x00, 0x07, 0x02, 0x0A, 0xFF, 0x2F, 0x00};
    const Bytes expected = cat({{'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 0, 0, 1, 0, 96, 'M', 'T', 'r', 'k', 0, 0, 0,
                                 static_cast<std::uint8_t>(body.size())},
                                body});
    EXPECT_EQ(write_smf(f, SmfWriteOptions{.running_status = true}), expected);
    // Read back: the same events, the omitted statuses recorded.
    const SmfFile back = read_smf(expected);
    EXPECT_EQ(back.tracks[0].events, f.tracks[0].events);
    EXPECT_TRUE(back.tracks[0].events[1].encoding.running_status);
    EXPECT_FALSE(back.tracks[0].events[3].encoding.running_status);
}

TEST(SmfWriter, EndOfTrackHandling) {
    // An end-of-track before the last event is left out; one is added at the end.
    SmfFile f = one_track({MidiEvent::end_of_track(0), MidiEvent::from_message(5, MidiMessage::program_change(0, 1))});
    const SmfFile back = read_smf(write_smf(f));
    ASSERT_EQ(back.tracks[0].events.size(), 2u);
    EXPECT_TRUE(back.tracks[0].events[1].is_meta(meta::end_of_track));
    EXPECT_EQ(back.tracks[0].events[1].tick, 5);
    // An empty track is one end-of-track event.
    f.tracks[0].events.clear();
    EXPECT_EQ(write_smf(f), (Bytes{'M', 'T', 'h', 'd', 0, 0, 0, 6, 0, 0, 0, 1, 0, 96, 'M', 'T', 'r', 'k', 0, 0, 0, 4,
                                   0x00, 0xFF, 0x2F, 0x00}));
    // keep_encoding without one: none added.
    f.tracks[0].has_end_of_track = false;
    EXPECT_EQ(write_smf(f, keep).size(), 22u);
}

TEST(SmfWriter, KeepEncodingReproducesUnusualFilesExactly) {
    const Bytes file = {
        'M', 'T', 'h', 'd', 0, 0, 0, 9, 0, 1, 0, 3, 0, 0x78, 0x01, 0x02, 0x03,  // 3 extra header bytes
        'J', 'U', 'N', 'K', 0, 0, 0, 3, 0xAA, 0xBB, 0xCC,                       // unknown chunk first
        'M', 'T', 'r', 'k', 0, 0, 0, 29,                                        //
        0x80, 0x80, 0x00, 0x90, 0x3C, 0x40,                                     // delta 0 in 3 bytes
        0x00, 0x3E, 0x40,                                                       // running status
        0x00, 0xFF, 0x01, 0x80, 0x00,                                           // text, length 0 in 2 bytes
        0x00, 0x3C, 0x00,                                                       // running status across a meta event
        0x83, 0x00, 0xF0, 0x80, 0x01, 0xF7,                                     // SysEx length 1 in 2 bytes
        0x00, 0xFF, 0x2F, 0x00,                                                 //
        0x00, 0x00,                                                             // bytes after end of track
        'M', 'T', 'r', 'k', 0, 0, 0, 4, 0x00, 0xC0, 0x05, 0x00,                 // no end of track, a stray delta
        'M', 'T', 'r', 'k', 0, 0, 0, 4, 0x00, 0xFF, 0x2F, 0x00,                 //
        0x00, 0x00, 0x00,                                                       // garbage after the last chunk
    };
    const SmfFile f = read_smf(file, SmfReadOptions{.tolerant = true});
    ASSERT_EQ(f.tracks.size(), 3u);
    EXPECT_EQ(f.header_extra, (Bytes{1, 2, 3}));
    EXPECT_EQ(f.unknown_chunks.size(), 1u);
    EXPECT_EQ(f.tracks[0].events.size(), 6u);
    EXPECT_EQ(f.tracks[0].events[0].encoding.delta_bytes, 3);
    EXPECT_EQ(f.tracks[0].events[2].encoding.length_bytes, 2);
    EXPECT_TRUE(f.tracks[0].events[3].encoding.running_status);
    EXPECT_EQ(f.tracks[0].trailing, (Bytes{0, 0}));
    EXPECT_FALSE(f.tracks[1].has_end_of_track);
    EXPECT_EQ(f.trailing, (Bytes{0, 0, 0}));
    EXPECT_EQ(f.tracks[1].trailing, Bytes{0x00});
    EXPECT_EQ(write_smf(f, keep), file);

    // Canonical: the same events, minimal and spec-clean, with the extras dropped.
    const Bytes canonical = write_smf(f);
    const SmfFile c = read_smf(canonical);  // strict now passes
    ASSERT_EQ(c.tracks.size(), 3u);
    EXPECT_EQ(c.tracks[0].events, f.tracks[0].events);
    EXPECT_EQ(c.tracks[1].events.size(), 2u);  // end of track added
    EXPECT_TRUE(c.header_extra.empty());
    EXPECT_TRUE(c.trailing.empty());
    EXPECT_EQ(c.unknown_chunks, f.unknown_chunks);
}

TEST(SmfWriter, KeepEncodingKeepsTheDeclaredTrackCount) {
    SmfFile f = one_track({MidiEvent::end_of_track(0)}, 1);
    f.declared_tracks = 2;
    const Bytes b = write_smf(f, keep);
    EXPECT_EQ(b[11], 2);
    EXPECT_EQ(write_smf(f)[11], 1);
}

TEST(SmfWriter, SystemMessagesBecomeF7Escapes) {
    const SmfFile f = one_track({MidiEvent::from_message(0, MidiMessage::song_position(16)),
                                 MidiEvent::from_message(0, MidiMessage::clock())});
    const Bytes b = write_smf(f);
    const Bytes body(b.begin() + 22, b.end());
    EXPECT_EQ(body, (Bytes{0x00, 0xF7, 0x03, 0xF2, 0x10, 0x00, 0x00, 0xF7, 0x01, 0xF8, 0x00, 0xFF, 0x2F, 0x00}));
}

TEST(SmfWriter, Errors) {
    const SmfFile backwards = one_track({MidiEvent::from_message(10, MidiMessage::clock()),
                                         MidiEvent::from_message(5, MidiMessage::clock())});
    try {
        (void)write_smf(backwards);
        ADD_FAILURE();
    } catch (const cm::MidiFileError& e) {
        EXPECT_EQ(e.code(), cm::Errc::InvalidArgument);
        EXPECT_NE(std::string(e.what()).find("track 0 event 1 at tick 5 after tick 10"), std::string::npos) << e.what();
    }
    std::error_code ec;
    EXPECT_TRUE(write_smf(backwards, {}, ec).empty());
    EXPECT_EQ(ec, cm::Errc::InvalidArgument);
    const SmfFile far = one_track({MidiEvent::from_message(0x10000000, MidiMessage::clock())});
    EXPECT_THROW((void)write_smf(far), cm::MidiFileError);
    SmfFile bad_format = one_track({});
    bad_format.format = 70000;
    (void)write_smf(bad_format, {}, ec);
    EXPECT_EQ(ec, cm::Errc::OutOfRange);
    (void)write_smf(one_track({}), {}, ec);
    EXPECT_FALSE(ec);
}

class SmfSave : public ::testing::Test {
protected:
    void SetUp() override {
        dir_ = std::filesystem::temp_directory_path() / ("coremusic_smf_writer_test_" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
        std::filesystem::remove_all(dir_);
        std::filesystem::create_directories(dir_);
    }
    void TearDown() override { std::filesystem::remove_all(dir_); }
    [[nodiscard]] std::vector<std::string> listing() const {
        std::vector<std::string> names;
        for (const auto& e : std::filesystem::directory_iterator(dir_)) {
            names.push_back(e.path().filename().string());
        }
        return names;
    }
    std::filesystem::path dir_;
};

TEST_F(SmfSave, WritesAndReplaces) {
    const SmfFile a = one_track({MidiEvent::from_message(0, MidiMessage::note_on(0, 60, 1))});
    const SmfFile b = one_track({MidiEvent::from_message(0, MidiMessage::note_on(0, 62, 1))});
    const auto path = dir_ / "x.mid";
    save_smf(path, a);
    EXPECT_EQ(load_smf(path), read_smf(write_smf(a)));
    save_smf(path, b);
    EXPECT_EQ(load_smf(path), read_smf(write_smf(b)));
    EXPECT_EQ(listing(), std::vector<std::string>{"x.mid"});  // no temporary file left
}

TEST_F(SmfSave, FailureLeavesNoPartialFile) {
    const SmfFile a = one_track({MidiEvent::from_message(0, MidiMessage::note_on(0, 60, 1))});
    // The target is a directory: the rename fails, the temporary goes.
    std::filesystem::create_directories(dir_ / "taken" / "inside");
    EXPECT_THROW(save_smf(dir_ / "taken", a), cm::MidiFileError);
    EXPECT_EQ(listing(), std::vector<std::string>{"taken"});
    // The directory does not exist: nothing is created.
    std::error_code ec;
    save_smf(dir_ / "nowhere" / "x.mid", a, {}, ec);
    EXPECT_EQ(ec, cm::Errc::IoError);
    EXPECT_FALSE(std::filesystem::exists(dir_ / "nowhere"));
    // An unwritable file (events out of order) touches nothing.
    save_smf(dir_ / "y.mid", a);
    const SmfFile bad = one_track({MidiEvent::from_message(9, MidiMessage::clock()),
                                   MidiEvent::from_message(1, MidiMessage::clock())});
    save_smf(dir_ / "y.mid", bad, {}, ec);
    EXPECT_EQ(ec, cm::Errc::InvalidArgument);
    EXPECT_EQ(load_smf(dir_ / "y.mid"), read_smf(write_smf(a)));
    save_smf(dir_ / "y.mid", a, {}, ec);
    EXPECT_FALSE(ec);
}

} // namespace
