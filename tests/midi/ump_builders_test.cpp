// UMP builders against packets written out by hand from the bit layouts of
// M2-104-UM v1.1 ("Universal MIDI Packet (UMP) Format and MIDI 2.0 Protocol"),
// section numbers in the comments. Each expected word is composed nibble by
// nibble from the spec's field diagram, never from our own output.
#include <coremusic/midi/ump_builders.hpp>

#include "rt_check.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

namespace {

using namespace cm::midi;

std::vector<std::uint32_t> W(const Ump& p) { return {p.words().begin(), p.words().end()}; }
std::vector<std::uint32_t> W(std::initializer_list<std::uint32_t> w) { return w; }

template <std::size_t N>
std::span<const std::uint8_t> bytes(const std::array<std::uint8_t, N>& a) {
    return {a.data(), a.size()};
}

// 7.2: MT 0, groupless; status in bits 23-20.
TEST(UmpBuilders, Utility) {
    EXPECT_EQ(W(utility_noop()), W({0x00000000U}));
    EXPECT_EQ(W(utility_jr_clock(0x1234)), W({0x00101234U}));
    EXPECT_EQ(W(utility_jr_timestamp(0xABCD)), W({0x0020ABCDU}));
    EXPECT_EQ(W(utility_delta_clockstamp_tpqn(480)), W({0x003001E0U}));
    EXPECT_EQ(W(utility_delta_clockstamp(0xFFFFF)), W({0x004FFFFFU}));
    EXPECT_TRUE(utility_delta_clockstamp(0x100000).empty());  // 20 bits at most
}

// 7.6: 1 group status data1 data2.
TEST(UmpBuilders, System) {
    EXPECT_EQ(W(system_message(0, 0xF8)), W({0x10F80000U}));
    EXPECT_EQ(W(system_message(15, 0xF3, 5)), W({0x1FF30500U}));
    EXPECT_EQ(W(system_message(2, 0xF2, 0x34, 0x24)), W({0x12F23424U}));
    EXPECT_EQ(W(system_message(0, 0xF1, 0x35)), W({0x10F13500U}));
    EXPECT_TRUE(system_message(0, 0xF8, 1).empty());        // clock takes no data
    EXPECT_TRUE(system_message(0, 0xF3, 5, 1).empty());     // song select takes one byte
    EXPECT_TRUE(system_message(0, 0xF2, 0x80, 0).empty());  // data bytes are 7-bit
    for (int bad : {0xF0, 0xF4, 0xF5, 0xF7, 0xF9, 0xFD, 0x90}) {
        EXPECT_TRUE(system_message(0, bad).empty()) << std::hex << bad;
    }
    EXPECT_TRUE(system_message(16, 0xF8).empty());
}

// 7.3: 2 group status channel data1 data2.
TEST(UmpBuilders, Midi1ChannelVoice) {
    // The seed's example: group 0, note-on, channel 0, note 60, velocity 100.
    EXPECT_EQ(W(midi1_channel_voice_message(0, 0x9, 0, 60, 100)), W({0x20903C64U}));
    EXPECT_EQ(W(midi1_channel_voice_message(0, 0x90, 0, 60, 100)), W({0x20903C64U}));
    EXPECT_EQ(W(midi1_channel_voice_message(3, 0xB, 5, 7, 127)), W({0x23B5077FU}));
    EXPECT_EQ(W(midi1_note_off(0, 15, 0x7F, 0x40)), W({0x208F7F40U}));
    EXPECT_EQ(W(midi1_poly_pressure(0, 1, 60, 33)), W({0x20A13C21U}));
    EXPECT_EQ(W(midi1_program_change(1, 2, 5)), W({0x21C20500U}));
    EXPECT_EQ(W(midi1_channel_pressure(0, 0, 0x55)), W({0x20D05500U}));
    // Pitch bend LSB first: 8192 = LSB 0x00, MSB 0x40.
    EXPECT_EQ(W(midi1_pitch_bend(0, 0, 8192)), W({0x20E00040U}));
    EXPECT_EQ(W(midi1_pitch_bend(0, 0, 16383)), W({0x20E07F7FU}));
    EXPECT_EQ(W(midi1_pitch_bend(0, 0, 1)), W({0x20E00100U}));
    // Out of range: nothing, never a wrapped value.
    EXPECT_TRUE(midi1_channel_voice_message(16, 0x9, 0, 60, 100).empty());
    EXPECT_TRUE(midi1_channel_voice_message(0, 0x9, 16, 60, 100).empty());
    EXPECT_TRUE(midi1_channel_voice_message(0, 0x9, 0, 128, 100).empty());
    EXPECT_TRUE(midi1_channel_voice_message(0, 0x9, 0, 60, -1).empty());
    EXPECT_TRUE(midi1_channel_voice_message(0, 0x7, 0, 60, 100).empty());
    EXPECT_TRUE(midi1_channel_voice_message(0, 0xF, 0, 60, 100).empty());
    EXPECT_TRUE(midi1_channel_voice_message(0, 0x91, 0, 60, 100).empty());
    EXPECT_TRUE(midi1_channel_voice_message(0, 0xC, 0, 5, 1).empty());  // one data byte
    EXPECT_TRUE(midi1_pitch_bend(0, 0, 16384).empty());
}

TEST(UmpBuilders, FromMidiMessage) {
    EXPECT_EQ(W(midi1_message(2, MidiMessage::note_on(1, 64, 90))), W({0x2291405AU}));
    EXPECT_EQ(W(midi1_message(0, MidiMessage::program_change(9, 0))), W({0x20C90000U}));
    EXPECT_EQ(W(midi1_message(0, MidiMessage::pitch_bend(0, 0x2000))), W({0x20E00040U}));
    EXPECT_EQ(W(midi1_message(0, MidiMessage::clock())), W({0x10F80000U}));
    // 0x1234 = 4660: LSB 4660 & 0x7F = 0x34, MSB 4660 >> 7 = 0x24.
    EXPECT_EQ(W(midi1_message(0, MidiMessage::song_position(0x1234))), W({0x10F23424U}));
    EXPECT_EQ(W(midi1_message(0, MidiMessage::time_code(3, 5))), W({0x10F13500U}));
    EXPECT_TRUE(midi1_message(16, MidiMessage::clock()).empty());
}

// 7.4: word 0 = 4 group opcode channel, two bytes; word 1 = data.
TEST(UmpBuilders, Midi2ChannelVoice) {
    // The brief's example: note-on, group 0, channel 0, note 60, velocity 0xFFFF, no attribute.
    EXPECT_EQ(W(midi2_note_on(0, 0, 60, 0xFFFF)), W({0x40903C00U, 0xFFFF0000U}));
    // 7.4.1: group 2, channel 9, note 0x40, attribute type 3 (pitch 7.9).
    EXPECT_EQ(W(midi2_note_off(2, 9, 0x40, 0x1234, NoteAttribute::Pitch7_9, 0x5678)),
              W({0x42894003U, 0x12345678U}));
    EXPECT_EQ(W(midi2_poly_pressure(0, 1, 0x3C, 0x80000000U)), W({0x40A13C00U, 0x80000000U}));
    EXPECT_EQ(W(midi2_registered_per_note_controller(0, 0, 60, 1, 0xDEADBEEFU)), W({0x40003C01U, 0xDEADBEEFU}));
    EXPECT_EQ(W(midi2_assignable_per_note_controller(0, 0, 60, 255, 7)), W({0x40103CFFU, 7U}));
    // 7.4.5: option flags D = bit 1, S = bit 0.
    EXPECT_EQ(W(midi2_per_note_management(1, 3, 60, true, false)), W({0x41F33C02U, 0U}));
    EXPECT_EQ(W(midi2_per_note_management(1, 3, 60, true, true)), W({0x41F33C03U, 0U}));
    EXPECT_EQ(W(midi2_per_note_management(1, 3, 60, false, true)), W({0x41F33C01U, 0U}));
    EXPECT_EQ(W(midi2_control_change(0, 0, 74, 0x12345678U)), W({0x40B04A00U, 0x12345678U}));
    // 7.4.7: RPN 0/0 (pitch bend sensitivity) as bank 0 index 0.
    EXPECT_EQ(W(midi2_registered_controller(0, 0, 0, 0, 0x04000000U)), W({0x40200000U, 0x04000000U}));
    EXPECT_EQ(W(midi2_registered_controller(0, 0, 0x7F, 0x7F, 1)), W({0x40207F7FU, 1U}));
    EXPECT_EQ(W(midi2_assignable_controller(0, 15, 0x12, 0x34, 9)), W({0x403F1234U, 9U}));
    // 7.4.8: two's complement change.
    EXPECT_EQ(W(midi2_relative_registered_controller(0, 0, 1, 2, -1)), W({0x40400102U, 0xFFFFFFFFU}));
    EXPECT_EQ(W(midi2_relative_assignable_controller(0, 0, 1, 2, 0x10)), W({0x40500102U, 0x10U}));
    // 7.4.9: option flag B = bit 0 of word 0; word 1 = program, reserved, bank MSB, bank LSB.
    EXPECT_EQ(W(midi2_program_change(0, 0, 5)), W({0x40C00000U, 0x05000000U}));
    EXPECT_EQ(W(midi2_program_change(0, 0, 5, 1, 2)), W({0x40C00001U, 0x05000102U}));
    EXPECT_EQ(W(midi2_channel_pressure(0, 0, 0xFFFFFFFFU)), W({0x40D00000U, 0xFFFFFFFFU}));
    EXPECT_EQ(W(midi2_pitch_bend(0, 0, 0x80000000U)), W({0x40E00000U, 0x80000000U}));
    EXPECT_EQ(W(midi2_per_note_pitch_bend(0, 0, 60, 0x80000000U)), W({0x40603C00U, 0x80000000U}));

    EXPECT_TRUE(midi2_note_on(16, 0, 60, 1).empty());
    EXPECT_TRUE(midi2_note_on(0, -1, 60, 1).empty());
    EXPECT_TRUE(midi2_note_on(0, 0, 128, 1).empty());
    EXPECT_TRUE(midi2_control_change(0, 0, 128, 1).empty());
    EXPECT_TRUE(midi2_registered_controller(0, 0, 128, 0, 1).empty());
    EXPECT_TRUE(midi2_assignable_controller(0, 0, 0, 128, 1).empty());
    EXPECT_TRUE(midi2_registered_per_note_controller(0, 0, 60, 256, 1).empty());
    EXPECT_TRUE(midi2_program_change(0, 0, 128).empty());
    EXPECT_TRUE(midi2_program_change(0, 0, 0, 128, 0).empty());
}

// 7.7: word 0 = 3 group status count byte0 byte1; word 1 = bytes 2..5.
TEST(UmpBuilders, Sysex7Packet) {
    const std::array<std::uint8_t, 4> identity_request{0x7E, 0x7F, 0x06, 0x01};
    EXPECT_EQ(W(sysex7_packet(0, PacketForm::Complete, bytes(identity_request))), W({0x30047E7FU, 0x06010000U}));
    const std::array<std::uint8_t, 6> six{1, 2, 3, 4, 5, 6};
    EXPECT_EQ(W(sysex7_packet(0, PacketForm::Start, bytes(six))), W({0x30160102U, 0x03040506U}));
    EXPECT_EQ(W(sysex7_packet(5, PacketForm::Continue, bytes(six))), W({0x35260102U, 0x03040506U}));
    EXPECT_EQ(W(sysex7_packet(0, PacketForm::End, {})), W({0x30300000U, 0U}));
    const std::array<std::uint8_t, 7> seven{};
    EXPECT_TRUE(sysex7_packet(0, PacketForm::Complete, bytes(seven)).empty());
    const std::array<std::uint8_t, 2> high{0x7F, 0x80};
    EXPECT_TRUE(sysex7_packet(0, PacketForm::Complete, bytes(high)).empty());
}

// 7.8: word 0 = 5 group status count stream-id byte0; words 1-3 = bytes 1..12.
TEST(UmpBuilders, Sysex8Packet) {
    const std::array<std::uint8_t, 2> two{0xAA, 0xBB};
    EXPECT_EQ(W(sysex8_packet(1, PacketForm::Complete, 0x42, bytes(two))),
              W({0x510342AAU, 0xBB000000U, 0U, 0U}));  // count 3 = stream id + 2
    const std::array<std::uint8_t, 13> thirteen{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13};
    EXPECT_EQ(W(sysex8_packet(0, PacketForm::Start, 0, bytes(thirteen))),
              W({0x501E0001U, 0x02030405U, 0x06070809U, 0x0A0B0C0DU}));
    const std::array<std::uint8_t, 14> fourteen{};
    EXPECT_TRUE(sysex8_packet(0, PacketForm::Complete, 0, bytes(fourteen)).empty());
    EXPECT_TRUE(sysex8_packet(0, PacketForm::Complete, 256, {}).empty());
}

// 7.9: Mixed Data Set header and payload.
TEST(UmpBuilders, MixedDataSet) {
    const MixedDataSetHeader h{0x0010, 2, 1, 0x0041, 0x0102, 0x0304, 0x0506};
    EXPECT_EQ(W(mixed_data_set_header(0, 3, h)), W({0x50830010U, 0x00020001U, 0x00410102U, 0x03040506U}));
    const std::array<std::uint8_t, 14> payload{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14};
    EXPECT_EQ(W(mixed_data_set_payload(0, 3, bytes(payload))),
              W({0x50930102U, 0x03040506U, 0x0708090AU, 0x0B0C0D0EU}));
    EXPECT_TRUE(mixed_data_set_header(0, 16, h).empty());
}

// 7.5: word 0 = D group form(2) address(2) channel bank status.
TEST(UmpBuilders, FlexDataSetupAndPerformance) {
    // 7.5.3: 120 BPM = 500 000 us = 50 000 000 units of 10 ns = 0x02FAF080.
    EXPECT_EQ(W(flex_set_tempo(0, flex_whole_group, 50'000'000)), W({0xD0100000U, 0x02FAF080U, 0U, 0U}));
    EXPECT_EQ(W(flex_set_tempo(0, 5, 50'000'000)), W({0xD0050000U, 0x02FAF080U, 0U, 0U}));
    // 7.5.4: 4/4 with denominator 2 (a power of two), eight 1/32 notes.
    EXPECT_EQ(W(flex_set_time_signature(0, flex_whole_group, 4, 2, 8)), W({0xD0100001U, 0x04020800U, 0U, 0U}));
    EXPECT_EQ(W(flex_set_time_signature(3, flex_whole_group, 7, 3, 8)), W({0xD3100001U, 0x07030800U, 0U, 0U}));
    // 7.5.5.
    EXPECT_EQ(W(flex_set_metronome(0, flex_whole_group, Metronome{24, {4, 0, 0}, {2, 0}})),
              W({0xD0100002U, 0x18040000U, 0x02000000U, 0U}));
    // 7.5.7: A major = 3 sharps, tonic A (1); B flat major = 2 flats (0xE), tonic B (2).
    EXPECT_EQ(W(flex_set_key_signature(0, flex_whole_group, 3, 1)), W({0xD0100005U, 0x31000000U, 0U, 0U}));
    EXPECT_EQ(W(flex_set_key_signature(0, flex_whole_group, -2, 2)), W({0xD0100005U, 0xE2000000U, 0U, 0U}));
    EXPECT_EQ(W(flex_set_key_signature(0, 0, -8, 0)), W({0xD0000005U, 0x80000000U, 0U, 0U}));
    EXPECT_TRUE(flex_set_key_signature(0, 0, 8, 0).empty());
    EXPECT_TRUE(flex_set_key_signature(0, 0, 0, 8).empty());
    // 7.5.8: Cmaj7 (tonic C = 3, natural, type 0x03) add 9, over E (5).
    ChordName c;
    c.tonic = 3;
    c.chord_type = 0x03;
    c.alterations[0] = {1, 9};
    c.bass_note = 5;
    EXPECT_EQ(W(flex_set_chord_name(0, flex_whole_group, c)), W({0xD0100006U, 0x03031900U, 0U, 0x05000000U}));
    c.tonic_sharps_flats = -1;
    c.alterations[3] = {4, 5};
    c.bass_sharps_flats = -8;
    c.bass_alterations[1] = {2, 3};
    EXPECT_EQ(W(flex_set_chord_name(1, 2, c)), W({0xD1020006U, 0xF3031900U, 0x00450000U, 0x85000023U}));
    c.alterations[1] = {16, 0};
    EXPECT_TRUE(flex_set_chord_name(0, 0, c).empty());
    EXPECT_TRUE(flex_set_tempo(0, 16, 1).empty());
    EXPECT_TRUE(flex_set_tempo(0, -2, 1).empty());
}

// 7.5.9: text in words 1-3, 12 bytes per packet, zero padded.
TEST(UmpBuilders, FlexText) {
    const std::string bach = "Bach";
    const std::span<const std::uint8_t> b{reinterpret_cast<const std::uint8_t*>(bach.data()), bach.size()};
    EXPECT_EQ(W(flex_text(0, flex_whole_group, FlexBank::MetadataText, static_cast<int>(MetadataText::ComposerName),
                          PacketForm::Complete, b)),
              W({0xD0100105U, 0x42616368U, 0U, 0U}));
    EXPECT_TRUE(flex_text(0, 0, FlexBank::SetupAndPerformance, 0, PacketForm::Complete, b).empty());

    // Lyrics (bank 2, status 1) on channel 3 of group 1: Start/Continue/End
    // put 01/10/11 in bits 23-22: 0xD1430201, 0xD1830201, 0xD1C30201.
    std::vector<std::uint32_t> got;
    const std::size_t n = flex_text_packets(1, 3, FlexBank::PerformanceText, 1, "abcdefghijklmnopqrstuvwxy",
                                            [&](const Ump& p) { got.insert(got.end(), p.words().begin(), p.words().end()); });
    EXPECT_EQ(n, 3U);
    EXPECT_EQ(got, W({0xD1430201U, 0x61626364U, 0x65666768U, 0x696A6B6CU,  //
                      0xD1830201U, 0x6D6E6F70U, 0x71727374U, 0x75767778U,  //
                      0xD1C30201U, 0x79000000U, 0U, 0U}));
}

TEST(UmpBuilders, TextPacketCountsAndForms) {
    for (std::size_t len = 0; len <= 40; ++len) {
        const std::string text(len, 'x');
        std::vector<PacketForm> forms;
        flex_text_packets(0, flex_whole_group, FlexBank::MetadataText, 1, text,
                          [&](const Ump& p) { forms.push_back(static_cast<PacketForm>((p.word(0) >> 22) & 3U)); });
        const std::size_t expect = len <= 12 ? 1 : (len + 11) / 12;
        ASSERT_EQ(forms.size(), expect) << len;
        if (expect == 1) {
            EXPECT_EQ(forms[0], PacketForm::Complete);
        } else {
            EXPECT_EQ(forms.front(), PacketForm::Start);
            EXPECT_EQ(forms.back(), PacketForm::End);
            for (std::size_t i = 1; i + 1 < forms.size(); ++i) {
                EXPECT_EQ(forms[i], PacketForm::Continue);
            }
        }
    }
}

// 7.1: word 0 = F form(2) status(10) and 16 bits.
TEST(UmpBuilders, StreamEndpoint) {
    EXPECT_EQ(W(stream_endpoint_discovery(endpoint_filter::all)), W({0xF0000101U, 0x0000001FU, 0U, 0U}));
    EndpointInfo e;
    e.static_function_blocks = true;
    e.function_block_count = 3;
    e.transmit_jr = true;
    // 7.1.2 word 1: S=1, count 3, M2 (bit 9), M1 (bit 8), TXJR (bit 0).
    EXPECT_EQ(W(stream_endpoint_info(e)), W({0xF0010101U, 0x83000301U, 0U, 0U}));
    DeviceIdentity d;
    d.manufacturer = {0x00, 0x21, 0x09};
    d.family = 0x0102;  // 258: LSB 0x02, MSB 0x02
    d.model = 0x3FFF;   // LSB 0x7F, MSB 0x7F
    d.software_revision = {1, 2, 3, 4};
    EXPECT_EQ(W(stream_device_identity(d)), W({0xF0020000U, 0x00002109U, 0x02027F7FU, 0x01020304U}));
    d.model = 0x4000;
    EXPECT_TRUE(stream_device_identity(d).empty());

    std::vector<std::uint32_t> got;
    const auto collect = [&](const Ump& p) { got.insert(got.end(), p.words().begin(), p.words().end()); };
    EXPECT_EQ(stream_endpoint_name_packets("coremusic", collect), 1U);
    EXPECT_EQ(got, W({0xF003636FU, 0x72656D75U, 0x73696300U, 0U}));
    got.clear();
    // 20 bytes: Start (form 1 = 0xF4..) with 14, End (form 3 = 0xFC..) with 6.
    EXPECT_EQ(stream_endpoint_name_packets("ABCDEFGHIJKLMNOPQRST", collect), 2U);
    EXPECT_EQ(got, W({0xF4034142U, 0x43444546U, 0x4748494AU, 0x4B4C4D4EU,  //
                      0xFC034F50U, 0x51525354U, 0U, 0U}));
    got.clear();
    EXPECT_EQ(stream_product_instance_id_packets("SN1", collect), 1U);
    EXPECT_EQ(got, W({0xF004534EU, 0x31000000U, 0U, 0U}));

    EXPECT_EQ(W(stream_configuration_request(UmpProtocol::Midi2, true, false)), W({0xF0050202U, 0U, 0U, 0U}));
    EXPECT_EQ(W(stream_configuration_notification(UmpProtocol::Midi1, false, true)), W({0xF0060101U, 0U, 0U, 0U}));
}

TEST(UmpBuilders, StreamFunctionBlocksAndClips) {
    EXPECT_EQ(W(stream_function_block_discovery(0xFF, function_block_filter::all)), W({0xF010FF03U, 0U, 0U, 0U}));
    FunctionBlockInfo f;
    f.block = 1;
    f.ui_hint = 3;
    f.direction = 3;
    f.ci_version = 2;
    // 7.1.8: A=1 (bit 15), block 1, hint 3 (bits 5-4), M1 0, direction 3; word 1: group 0, 1 group, CI 2, 0 streams.
    EXPECT_EQ(W(stream_function_block_info(f)), W({0xF0118133U, 0x00010200U, 0U, 0U}));
    f.groups_spanned = 0;
    EXPECT_TRUE(stream_function_block_info(f).empty());

    std::vector<std::uint32_t> got;
    EXPECT_EQ(stream_function_block_name_packets(
                  1, "Synth", [&](const Ump& p) { got.insert(got.end(), p.words().begin(), p.words().end()); }),
              1U);
    EXPECT_EQ(got, W({0xF0120153U, 0x796E7468U, 0U, 0U}));
    EXPECT_EQ(stream_function_block_name_packets(256, "x", [](const Ump&) {}), 0U);

    EXPECT_EQ(W(stream_start_of_clip()), W({0xF0200000U, 0U, 0U, 0U}));
    EXPECT_EQ(W(stream_end_of_clip()), W({0xF0210000U, 0U, 0U, 0U}));
}

TEST(UmpBuilders, UsableAtCompileTime) {
    static_assert(midi2_note_on(0, 0, 60, 0xFFFF).word(0) == 0x40903C00U);
    static_assert(midi1_channel_voice_message(0, 0x9, 0, 60, 100).word(0) == 0x20903C64U);
    static_assert(midi1_channel_voice_message(0, 0x9, 16, 60, 100).empty());
    static_assert(stream_end_of_clip().size() == 4);
}

TEST(UmpBuilders, RealtimeSafe) {
    cm::test::RtScope scope;
    std::uint32_t sum = 0;
    const auto add = [&](const Ump& p) {
        for (const std::uint32_t w : p.words()) {
            sum += w;
        }
    };
    const std::array<std::uint8_t, 6> six{1, 2, 3, 4, 5, 6};
    for (int i = 0; i < 100; ++i) {
        add(midi1_note_on(0, i % 16, i, 100));
        add(midi2_note_on(0, i % 16, i, 0x8000));
        add(midi2_program_change(0, 0, i, 1, 2));
        add(midi2_registered_controller(0, 0, 0, 0, static_cast<std::uint32_t>(i)));
        add(sysex7_packet(0, PacketForm::Start, bytes(six)));
        add(flex_set_tempo(0, flex_whole_group, 50'000'000));
        add(flex_set_chord_name(0, 0, ChordName{}));
        add(stream_endpoint_info(EndpointInfo{}));
        flex_text_packets(0, 0, FlexBank::MetadataText, 2, "a title that spans three packets", add);
        stream_endpoint_name_packets("an endpoint name", add);
    }
    EXPECT_NE(sum, 0U);
    EXPECT_EQ(scope.counts().allocations, 0U);
    EXPECT_EQ(scope.counts().locks, 0U);
}

} // namespace
