// MidiMessage: every factory against the byte layouts of the MIDI 1.0
// Detailed Specification (Table I "Summary of Status Bytes", Table II
// "Channel Voice Messages", Table III "Channel Mode Messages", Table IV/V
// "System Common/Real Time Messages", written out here by hand), the
// lengths of all 256 status values, validation errors, and name().
#include <coremusic/midi/message.hpp>

#include "rt_check.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <string>
#include <system_error>
#include <vector>

namespace {

using cm::midi::MessageType;
using cm::midi::MidiMessage;

std::vector<std::uint8_t> bytes_of(const MidiMessage& m) {
    const auto b = m.bytes();
    return {b.begin(), b.end()};
}

using Bytes = std::vector<std::uint8_t>;

TEST(MidiMessage, ChannelVoiceFactoriesMatchSpecTableII) {
    // Table II: 8n kk vv, 9n kk vv, An kk vv, Bn cc vv, Cn pp, Dn vv, En ll mm.
    EXPECT_EQ(bytes_of(MidiMessage::note_on(0, 60, 100)), (Bytes{0x90, 0x3C, 0x64}));
    EXPECT_EQ(bytes_of(MidiMessage::note_on(15, 127, 127)), (Bytes{0x9F, 0x7F, 0x7F}));
    EXPECT_EQ(bytes_of(MidiMessage::note_off(15, 127, 0)), (Bytes{0x8F, 0x7F, 0x00}));
    EXPECT_EQ(bytes_of(MidiMessage::note_off(3, 21)), (Bytes{0x83, 0x15, 0x40}));  // default release velocity 64
    EXPECT_EQ(bytes_of(MidiMessage::poly_pressure(2, 60, 33)), (Bytes{0xA2, 0x3C, 0x21}));
    EXPECT_EQ(bytes_of(MidiMessage::control_change(1, 7, 100)), (Bytes{0xB1, 0x07, 0x64}));
    EXPECT_EQ(bytes_of(MidiMessage::program_change(9, 0)), (Bytes{0xC9, 0x00}));
    EXPECT_EQ(bytes_of(MidiMessage::program_change(0, 127)), (Bytes{0xC0, 0x7F}));
    EXPECT_EQ(bytes_of(MidiMessage::channel_pressure(3, 127)), (Bytes{0xD3, 0x7F}));
}

TEST(MidiMessage, PitchBendIsLsbThenMsb) {
    // Table II: En 0lllllll 0mmmmmmm, the 14-bit value's low 7 bits first.
    EXPECT_EQ(bytes_of(MidiMessage::pitch_bend(0, 8192)), (Bytes{0xE0, 0x00, 0x40}));  // centre
    EXPECT_EQ(bytes_of(MidiMessage::pitch_bend(0, 0)), (Bytes{0xE0, 0x00, 0x00}));
    EXPECT_EQ(bytes_of(MidiMessage::pitch_bend(0, 16383)), (Bytes{0xE0, 0x7F, 0x7F}));
    // 4660 = 0x1234 = 0b00_0100100_0110100 -> LSB 0x34, MSB 0x24.
    const MidiMessage m = MidiMessage::pitch_bend(5, 4660);
    EXPECT_EQ(bytes_of(m), (Bytes{0xE5, 0x34, 0x24}));
    EXPECT_EQ(m.pitch_bend_value(), 4660);
    EXPECT_EQ(m.channel(), 5);
    // 1 is LSB 1, MSB 0 (not the other way round).
    EXPECT_EQ(bytes_of(MidiMessage::pitch_bend(0, 1)), (Bytes{0xE0, 0x01, 0x00}));
    EXPECT_EQ(bytes_of(MidiMessage::pitch_bend(0, 128)), (Bytes{0xE0, 0x00, 0x01}));
}

TEST(MidiMessage, ChannelModeFactoriesMatchSpecTableIII) {
    // Table III: Bn 78 00 All Sound Off ... Bn 7F 00 Poly On.
    EXPECT_EQ(bytes_of(MidiMessage::all_sound_off(0)), (Bytes{0xB0, 0x78, 0x00}));
    EXPECT_EQ(bytes_of(MidiMessage::reset_all_controllers(1)), (Bytes{0xB1, 0x79, 0x00}));
    EXPECT_EQ(bytes_of(MidiMessage::local_control(2, false)), (Bytes{0xB2, 0x7A, 0x00}));
    EXPECT_EQ(bytes_of(MidiMessage::local_control(2, true)), (Bytes{0xB2, 0x7A, 0x7F}));
    EXPECT_EQ(bytes_of(MidiMessage::all_notes_off(3)), (Bytes{0xB3, 0x7B, 0x00}));
    EXPECT_EQ(bytes_of(MidiMessage::omni_off(4)), (Bytes{0xB4, 0x7C, 0x00}));
    EXPECT_EQ(bytes_of(MidiMessage::omni_on(5)), (Bytes{0xB5, 0x7D, 0x00}));
    EXPECT_EQ(bytes_of(MidiMessage::mono_on(6, 4)), (Bytes{0xB6, 0x7E, 0x04}));
    EXPECT_EQ(bytes_of(MidiMessage::mono_on(6, 0)), (Bytes{0xB6, 0x7E, 0x00}));
    EXPECT_EQ(bytes_of(MidiMessage::poly_on(7)), (Bytes{0xB7, 0x7F, 0x00}));
    EXPECT_TRUE(MidiMessage::all_notes_off(3).is_channel_mode());
    EXPECT_TRUE(MidiMessage::control_change(0, 120, 0).is_channel_mode());
    EXPECT_FALSE(MidiMessage::control_change(0, 119, 0).is_channel_mode());
    EXPECT_FALSE(MidiMessage::note_on(0, 120, 1).is_channel_mode());
}

TEST(MidiMessage, SystemFactoriesMatchSpecTablesIVAndV) {
    // F1 0nnndddd: piece 3 (seconds high nibble), value 5.
    EXPECT_EQ(bytes_of(MidiMessage::time_code(3, 5)), (Bytes{0xF1, 0x35}));
    EXPECT_EQ(bytes_of(MidiMessage::time_code(7, 15)), (Bytes{0xF1, 0x7F}));
    // F2 ll mm, LSB first: 1000 = 0x3E8 -> 0x68, 0x07.
    EXPECT_EQ(bytes_of(MidiMessage::song_position(1000)), (Bytes{0xF2, 0x68, 0x07}));
    EXPECT_EQ(bytes_of(MidiMessage::song_position(16383)), (Bytes{0xF2, 0x7F, 0x7F}));
    EXPECT_EQ(bytes_of(MidiMessage::song_select(5)), (Bytes{0xF3, 0x05}));
    EXPECT_EQ(bytes_of(MidiMessage::tune_request()), (Bytes{0xF6}));
    EXPECT_EQ(bytes_of(MidiMessage::clock()), (Bytes{0xF8}));
    EXPECT_EQ(bytes_of(MidiMessage::start()), (Bytes{0xFA}));
    EXPECT_EQ(bytes_of(MidiMessage::continue_()), (Bytes{0xFB}));
    EXPECT_EQ(bytes_of(MidiMessage::stop()), (Bytes{0xFC}));
    EXPECT_EQ(bytes_of(MidiMessage::active_sensing()), (Bytes{0xFE}));
    EXPECT_EQ(bytes_of(MidiMessage::system_reset()), (Bytes{0xFF}));
}

TEST(MidiMessage, MessageSizeOfEveryByte) {
    // Table I: 80-BF and E0-EF take two data bytes, C0-DF one; F1 and F3
    // one, F2 two; F6 and F8-FF (but F9, FD) none; F0/F7 are SysEx
    // (variable: 0 here), F4 F5 F9 FD undefined; 00-7F are data bytes.
    for (int b = 0; b < 256; ++b) {
        int expected = 0;
        if (b >= 0x80 && b <= 0xBF) {
            expected = 3;
        } else if (b >= 0xC0 && b <= 0xDF) {
            expected = 2;
        } else if (b >= 0xE0 && b <= 0xEF) {
            expected = 3;
        } else if (b == 0xF1 || b == 0xF3) {
            expected = 2;
        } else if (b == 0xF2) {
            expected = 3;
        } else if (b == 0xF6 || b == 0xF8 || b == 0xFA || b == 0xFB || b == 0xFC || b == 0xFE || b == 0xFF) {
            expected = 1;
        }
        EXPECT_EQ(cm::midi::message_size(static_cast<std::uint8_t>(b)), expected) << "status " << b;
    }
}

TEST(MidiMessage, NoteOnWithVelocityZeroIsNoteOff) {
    // Spec, Channel Voice Messages, "Note Off": a Note On with velocity 0 is a Note Off.
    const MidiMessage zero = MidiMessage::note_on(0, 60, 0);
    EXPECT_TRUE(zero.is_note_off());
    EXPECT_FALSE(zero.is_note_on());
    EXPECT_EQ(zero.type(), MessageType::NoteOn);  // the status stays 9n on the wire
    EXPECT_TRUE(MidiMessage::note_off(0, 60, 64).is_note_off());
    EXPECT_FALSE(MidiMessage::note_off(0, 60, 64).is_note_on());
    EXPECT_TRUE(MidiMessage::note_on(0, 60, 1).is_note_on());
    EXPECT_FALSE(MidiMessage::note_on(0, 60, 1).is_note_off());
    EXPECT_FALSE(MidiMessage::control_change(0, 60, 0).is_note_off());
    EXPECT_FALSE(MidiMessage::poly_pressure(0, 60, 0).is_note_off());
}

TEST(MidiMessage, AccessorsAndClassification) {
    const MidiMessage m = MidiMessage::control_change(9, 74, 33);
    EXPECT_EQ(m.status(), 0xB9);
    EXPECT_EQ(m.type(), MessageType::ControlChange);
    EXPECT_EQ(m.channel(), 9);
    EXPECT_EQ(m.data1(), 74);
    EXPECT_EQ(m.data2(), 33);
    EXPECT_EQ(m.size(), 3);
    EXPECT_TRUE(m.is_channel_message());
    EXPECT_FALSE(m.is_realtime());
    EXPECT_FALSE(m.is_system_common());

    EXPECT_EQ(MidiMessage::clock().channel(), 0);
    EXPECT_EQ(MidiMessage::clock().type(), MessageType::Clock);
    EXPECT_TRUE(MidiMessage::clock().is_realtime());
    EXPECT_TRUE(MidiMessage::system_reset().is_realtime());
    EXPECT_TRUE(MidiMessage::song_select(1).is_system_common());
    EXPECT_TRUE(MidiMessage::tune_request().is_system_common());
    EXPECT_FALSE(MidiMessage::song_select(1).is_channel_message());
    EXPECT_EQ(MidiMessage::song_position(3).type(), MessageType::SongPosition);
    EXPECT_EQ(MidiMessage::pitch_bend(15, 0).type(), MessageType::PitchBend);

    const MidiMessage d{};
    EXPECT_EQ(bytes_of(d), (Bytes{0x80, 0x00, 0x00}));

    static_assert(MidiMessage::note_on(2, 60, 100).status() == 0x92);
    static_assert(MidiMessage::pitch_bend(0, 4660).data1() == 0x34);
}

std::error_code code_of(auto make) {
    try {
        (void)make();
    } catch (const cm::MidiError& e) {
        return e.code();
    }
    return {};
}

std::string what_of(auto make) {
    try {
        (void)make();
    } catch (const cm::MidiError& e) {
        return e.what();
    }
    return {};
}

TEST(MidiMessage, FactoriesRejectOutOfRangeValues) {
    EXPECT_EQ(code_of([] { return MidiMessage::note_on(16, 60, 100); }), cm::Errc::OutOfRange);
    EXPECT_EQ(code_of([] { return MidiMessage::note_on(-1, 60, 100); }), cm::Errc::OutOfRange);
    EXPECT_EQ(code_of([] { return MidiMessage::note_on(0, 128, 100); }), cm::Errc::OutOfRange);
    EXPECT_EQ(code_of([] { return MidiMessage::note_on(0, 60, 128); }), cm::Errc::OutOfRange);
    EXPECT_EQ(code_of([] { return MidiMessage::note_off(0, 60, -1); }), cm::Errc::OutOfRange);
    EXPECT_EQ(code_of([] { return MidiMessage::control_change(0, 128, 0); }), cm::Errc::OutOfRange);
    EXPECT_EQ(code_of([] { return MidiMessage::program_change(0, 128); }), cm::Errc::OutOfRange);
    EXPECT_EQ(code_of([] { return MidiMessage::channel_pressure(0, -5); }), cm::Errc::OutOfRange);
    EXPECT_EQ(code_of([] { return MidiMessage::pitch_bend(0, 16384); }), cm::Errc::OutOfRange);
    EXPECT_EQ(code_of([] { return MidiMessage::pitch_bend(0, -1); }), cm::Errc::OutOfRange);
    EXPECT_EQ(code_of([] { return MidiMessage::time_code(8, 0); }), cm::Errc::OutOfRange);
    EXPECT_EQ(code_of([] { return MidiMessage::time_code(0, 16); }), cm::Errc::OutOfRange);
    EXPECT_EQ(code_of([] { return MidiMessage::song_position(16384); }), cm::Errc::OutOfRange);
    EXPECT_EQ(code_of([] { return MidiMessage::song_select(128); }), cm::Errc::OutOfRange);
    EXPECT_EQ(code_of([] { return MidiMessage::mono_on(0, 128); }), cm::Errc::OutOfRange);
    // The message names the bad value and the range.
    const std::string w = what_of([] { return MidiMessage::note_on(16, 60, 100); });
    EXPECT_NE(w.find("16"), std::string::npos) << w;
    EXPECT_NE(w.find("0 to 15"), std::string::npos) << w;
    EXPECT_NE(what_of([] { return MidiMessage::pitch_bend(0, 20000); }).find("20000"), std::string::npos);
}

TEST(MidiMessage, FromBytesAcceptsEveryWellFormedMessage) {
    EXPECT_EQ(MidiMessage::from_bytes(Bytes{0x93, 0x40, 0x7F}), MidiMessage::note_on(3, 64, 127));
    EXPECT_EQ(MidiMessage::from_bytes(Bytes{0xC0, 0x05}), MidiMessage::program_change(0, 5));
    EXPECT_EQ(MidiMessage::from_bytes(Bytes{0xE1, 0x34, 0x24}), MidiMessage::pitch_bend(1, 4660));
    EXPECT_EQ(MidiMessage::from_bytes(Bytes{0xF2, 0x68, 0x07}), MidiMessage::song_position(1000));
    EXPECT_EQ(MidiMessage::from_bytes(Bytes{0xF8}), MidiMessage::clock());
    std::error_code ec = cm::Errc::TimedOut;
    EXPECT_EQ(MidiMessage::from_bytes(Bytes{0xF6}, ec), MidiMessage::tune_request());
    EXPECT_FALSE(ec);  // cleared on success
}

TEST(MidiMessage, FromBytesRejectsMalformedInput) {
    const std::vector<Bytes> bad = {
        {},                  // nothing
        {0x3C, 0x64},        // no status
        {0x90, 0x3C},        // too short
        {0xC0, 0x01, 0x02},  // too long
        {0x90, 0x3C, 0x80},  // a status byte where a data byte belongs
        {0xF0, 0x01, 0xF7},  // SysEx is not a MidiMessage
        {0xF7},
        {0xF4},
        {0xF5},
        {0xF9},
        {0xFD},
    };
    for (const Bytes& b : bad) {
        EXPECT_EQ(code_of([&] { return MidiMessage::from_bytes(b); }), cm::Errc::InvalidFormat);
        std::error_code ec;
        EXPECT_EQ(MidiMessage::from_bytes(b, ec), MidiMessage{});
        EXPECT_EQ(ec, cm::Errc::InvalidFormat);
    }
    // The bytes are quoted in hex.
    const std::string w = what_of([] { return MidiMessage::from_bytes(Bytes{0x90, 0x3C}); });
    EXPECT_NE(w.find("[90 3C]"), std::string::npos) << w;
}

TEST(MidiMessage, FromBytesWithErrorCodeIsRealtimeSafe) {
    const Bytes good{0x90, 0x3C, 0x64};
    const Bytes bad{0x90, 0x3C};
    int sum = 0;
    cm::test::RtScope scope;
    for (int i = 0; i < 1000; ++i) {
        std::error_code ec;
        sum += MidiMessage::from_bytes(good, ec).data1();
        sum += MidiMessage::from_bytes(bad, ec).data1();
    }
    EXPECT_EQ(scope.counts().allocations, 0U);
    EXPECT_EQ(scope.counts().locks, 0U);
    EXPECT_EQ(sum, 60000);
}

TEST(MidiMessage, NameIsReadableWithOneBasedChannels) {
    EXPECT_EQ(MidiMessage::note_on(0, 60, 100).name(), "NoteOn ch 1 note 60 vel 100");
    EXPECT_EQ(MidiMessage::note_off(15, 61, 64).name(), "NoteOff ch 16 note 61 vel 64");
    EXPECT_EQ(MidiMessage::poly_pressure(1, 62, 5).name(), "PolyPressure ch 2 note 62 value 5");
    EXPECT_EQ(MidiMessage::control_change(2, 7, 99).name(), "ControlChange ch 3 cc 7 value 99");
    EXPECT_EQ(MidiMessage::program_change(3, 42).name(), "ProgramChange ch 4 program 42");
    EXPECT_EQ(MidiMessage::channel_pressure(4, 11).name(), "ChannelPressure ch 5 value 11");
    EXPECT_EQ(MidiMessage::pitch_bend(5, 4660).name(), "PitchBend ch 6 value 4660");
    EXPECT_EQ(MidiMessage::time_code(3, 5).name(), "TimeCode piece 3 value 5");
    EXPECT_EQ(MidiMessage::song_position(1000).name(), "SongPosition 1000");
    EXPECT_EQ(MidiMessage::song_select(9).name(), "SongSelect 9");
    EXPECT_EQ(MidiMessage::tune_request().name(), "TuneRequest");
    EXPECT_EQ(MidiMessage::clock().name(), "Clock");
    EXPECT_EQ(MidiMessage::start().name(), "Start");
    EXPECT_EQ(MidiMessage::continue_().name(), "Continue");
    EXPECT_EQ(MidiMessage::stop().name(), "Stop");
    EXPECT_EQ(MidiMessage::active_sensing().name(), "ActiveSensing");
    EXPECT_EQ(MidiMessage::system_reset().name(), "SystemReset");
}

} // namespace
