// The UMP parser and typed views: word runs written by hand from the layouts
// of M2-104-UM v1.1 (sections in the comments) are split into packets by the
// message type allocation of section 2.1.4, a truncated last packet is reported
// and never read, and each view decodes the hand-written fields back.
#include <coremusic/midi/ump_parser.hpp>

#include "rt_check.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace {

using namespace cm::midi;

std::vector<std::size_t> sizes_of(std::span<const std::uint32_t> words, UmpParseResult* result = nullptr,
                                  std::vector<UmpTruncation>* cuts = nullptr) {
    std::vector<std::size_t> sizes;
    const UmpParseResult r = parse_ump(
        words, [&](const Ump& p) { sizes.push_back(p.size()); },
        [&](const UmpTruncation& t) {
            if (cuts) cuts->push_back(t);
        });
    if (result) *result = r;
    return sizes;
}

TEST(UmpParser, SplitsMixedPacketsBySize) {
    const std::vector<std::uint32_t> words{
        0x20903C64U,                                      // MIDI 1.0 note-on: 1 word
        0x40903C00U, 0xFFFF0000U,                         // MIDI 2.0 note-on: 2
        0x00000000U,                                      // NOOP: 1
        0xF0200000U, 0U,          0U,          0U,        // start of clip: 4
        0x30047E7FU, 0x06010000U,                         // SysEx7: 2
        0x10F80000U,                                      // clock: 1
        0xD0100000U, 0x02FAF080U, 0U,          0U,        // set tempo: 4
        0x510342AAU, 0xBB000000U, 0U,          0U,        // SysEx8: 4
    };
    UmpParseResult r;
    EXPECT_EQ(sizes_of(words, &r), (std::vector<std::size_t>{1, 2, 1, 4, 2, 1, 4, 4}));
    EXPECT_EQ(r, (UmpParseResult{8, words.size(), false}));
}

TEST(UmpParser, SkipsReservedTypesByTheirSize) {
    const std::vector<std::uint32_t> words{
        0x60000000U,                                  // 0x6: 32 bits
        0x7FFFFFFFU,                                  // 0x7: 32
        0x80000000U, 1U,                              // 0x8: 64
        0xA0000000U, 1U,                              // 0xA: 64
        0xB0000000U, 1U, 2U,                          // 0xB: 96
        0xC0000000U, 1U, 2U,                          // 0xC: 96
        0xE0000000U, 1U, 2U, 3U,                      // 0xE: 128
        0x20903C64U,                                  // then a real message
    };
    std::vector<Ump> got;
    parse_ump(words, [&](const Ump& p) { got.push_back(p); });
    ASSERT_EQ(got.size(), 8U);
    EXPECT_EQ(got[4].size(), 3U);
    EXPECT_TRUE(got[6].is_reserved_type());
    EXPECT_EQ(got[7], Ump{0x20903C64U});
}

TEST(UmpParser, ReportsATruncatedLastPacketAndNeverReadsIt) {
    // A 128-bit stream message with 1, 2 and 3 of its 4 words present, and a
    // 64-bit one with 1 of 2. The word after the span is a poison value that
    // must never appear in a packet.
    for (std::size_t have = 1; have <= 3; ++have) {
        std::array<std::uint32_t, 6> buf{0x20903C64U, 0xF0010101U, 0xBADBADBAU, 0xBADBADBAU, 0xBADBADBAU, 0xBADBADBAU};
        const std::span<const std::uint32_t> words{buf.data(), 1 + have};
        UmpParseResult r;
        std::vector<UmpTruncation> cuts;
        std::vector<Ump> got;
        r = parse_ump(
            words, [&](const Ump& p) { got.push_back(p); }, [&](const UmpTruncation& t) { cuts.push_back(t); });
        ASSERT_EQ(got.size(), 1U);
        EXPECT_EQ(got[0], Ump{0x20903C64U});
        EXPECT_EQ(r, (UmpParseResult{1, 1, true}));
        ASSERT_EQ(cuts.size(), 1U);
        EXPECT_EQ(cuts[0], (UmpTruncation{1, 4, have}));
    }
    const std::array<std::uint32_t, 1> half{0x40903C00U};
    UmpParseResult r;
    std::vector<UmpTruncation> cuts;
    EXPECT_TRUE(sizes_of(half, &r, &cuts).empty());
    EXPECT_EQ(r, (UmpParseResult{0, 0, true}));
    ASSERT_EQ(cuts.size(), 1U);
    EXPECT_EQ(cuts[0], (UmpTruncation{0, 2, 1}));
    // Empty input: nothing, not truncated.
    EXPECT_EQ(parse_ump(std::span<const std::uint32_t>{}, [](const Ump&) {}), (UmpParseResult{0, 0, false}));
}

TEST(UmpParser, ReaderWorksWithRangeFor) {
    const std::vector<std::uint32_t> words{0x20903C64U, 0x40903C00U, 0xFFFF0000U, 0x20803C40U, 0x40803C00U};
    UmpReader reader{words};
    std::vector<Ump> got;
    for (const Ump& p : reader) {
        got.push_back(p);
    }
    ASSERT_EQ(got.size(), 3U);
    EXPECT_EQ(got[1], (Ump{0x40903C00U, 0xFFFF0000U}));
    EXPECT_TRUE(reader.truncated());
    EXPECT_EQ(reader.offset(), 4U);
    EXPECT_TRUE(reader.at_end());
    EXPECT_TRUE(reader.next().empty());
}

TEST(UmpViews, Midi1AndSystem) {
    const auto m = Midi1View::of(Ump{0x2291405AU});
    ASSERT_TRUE(m);
    EXPECT_EQ(m->group(), 2);
    EXPECT_EQ(m->status(), 0x9);
    EXPECT_EQ(m->channel(), 1);
    EXPECT_EQ(m->data1(), 64);
    EXPECT_EQ(m->data2(), 90);
    EXPECT_EQ(m->message(), MidiMessage::note_on(1, 64, 90));
    EXPECT_EQ(Midi1View::of(Ump{0x20C50500U})->message(), MidiMessage::program_change(5, 5));
    EXPECT_FALSE(Midi1View::of(Ump{0x20103C64U})->message());  // status nibble 1: not channel voice
    EXPECT_FALSE(Midi1View::of(Ump{0x20903C80U})->message());  // data byte above 127
    EXPECT_FALSE(Midi1View::of(Ump{0x10F80000U}));             // wrong type

    const auto s = SystemView::of(Ump{0x12F23424U});
    ASSERT_TRUE(s);
    EXPECT_EQ(s->group(), 2);
    EXPECT_EQ(s->status(), 0xF2);
    EXPECT_EQ(s->message(), MidiMessage::song_position(0x1234));
    EXPECT_EQ(SystemView::of(Ump{0x10F80000U})->message(), MidiMessage::clock());
    EXPECT_FALSE(SystemView::of(Ump{0x10F40000U})->message());  // undefined status
    EXPECT_FALSE(SystemView::of(Ump{0x10900000U})->message());
}

TEST(UmpViews, Utility) {
    const auto jr = UtilityView::of(Ump{0x0020ABCDU});
    ASSERT_TRUE(jr);
    EXPECT_EQ(jr->status(), UtilityStatus::JrTimestamp);
    EXPECT_EQ(jr->value16(), 0xABCD);
    const auto dc = UtilityView::of(Ump{0x004FFFFFU});
    EXPECT_EQ(dc->status(), UtilityStatus::DeltaClockstamp);
    EXPECT_EQ(dc->ticks(), 0xFFFFFU);
    EXPECT_FALSE(UtilityView::of(Ump{}));
}

TEST(UmpViews, Midi2) {
    // 7.4.1 note-off: group 2, channel 9, note 0x40, pitch 7.9 attribute.
    const auto n = Midi2View::of(Ump{0x42894003U, 0x12345678U});
    ASSERT_TRUE(n);
    EXPECT_EQ(n->group(), 2);
    EXPECT_EQ(n->opcode(), Midi2Opcode::NoteOff);
    EXPECT_EQ(n->channel(), 9);
    EXPECT_EQ(n->note(), 0x40);
    EXPECT_EQ(n->attribute_type(), NoteAttribute::Pitch7_9);
    EXPECT_EQ(n->velocity(), 0x1234);
    EXPECT_EQ(n->attribute(), 0x5678);
    // 7.4.9 program change with bank.
    const auto pc = Midi2View::of(Ump{0x40C00001U, 0x05000102U});
    EXPECT_EQ(pc->opcode(), Midi2Opcode::ProgramChange);
    EXPECT_TRUE(pc->bank_valid());
    EXPECT_EQ(pc->program(), 5);
    EXPECT_EQ(pc->bank_msb(), 1);
    EXPECT_EQ(pc->bank_lsb(), 2);
    EXPECT_FALSE(Midi2View::of(Ump{0x40C00000U, 0x05000000U})->bank_valid());
    // 7.4.7 and 7.4.8.
    const auto rpn = Midi2View::of(Ump{0x403F1234U, 9U});
    EXPECT_EQ(rpn->opcode(), Midi2Opcode::AssignableController);
    EXPECT_EQ(rpn->channel(), 15);
    EXPECT_EQ(rpn->bank(), 0x12);
    EXPECT_EQ(rpn->index(), 0x34);
    EXPECT_EQ(rpn->value(), 9U);
    EXPECT_EQ(Midi2View::of(Ump{0x40400102U, 0xFFFFFFFFU})->relative_value(), -1);
    // 7.4.5.
    const auto mg = Midi2View::of(Ump{0x41F33C02U, 0U});
    EXPECT_EQ(mg->opcode(), Midi2Opcode::PerNoteManagement);
    EXPECT_TRUE(mg->detach());
    EXPECT_FALSE(mg->reset());
    // 7.4.6.
    const auto cc = Midi2View::of(Ump{0x40B04A00U, 0x12345678U});
    EXPECT_EQ(cc->controller(), 74);
    EXPECT_EQ(cc->value(), 0x12345678U);
}

TEST(UmpViews, Sysex7) {
    const auto v = Sysex7View::of(Ump{0x30047E7FU, 0x06010000U});
    ASSERT_TRUE(v);
    EXPECT_EQ(v->form(), PacketForm::Complete);
    EXPECT_TRUE(v->valid());
    EXPECT_EQ(v->bytes().span().size(), 4U);
    EXPECT_EQ(v->bytes().data[0], 0x7E);
    EXPECT_EQ(v->bytes().data[3], 0x01);
    EXPECT_EQ(Sysex7View::of(Ump{0x30360102U, 0x03040506U})->form(), PacketForm::End);
    // A count of 7 is invalid; bytes() still stops at 6.
    const auto bad = Sysex7View::of(Ump{0x30070102U, 0x03040506U});
    EXPECT_FALSE(bad->valid());
    EXPECT_EQ(bad->bytes().size, 6U);
    EXPECT_FALSE(Sysex7View::of(Ump{0x30028001U, 0U})->valid());  // byte above 0x7F
    EXPECT_FALSE(Sysex7View::of(Ump{0x30400000U, 0U})->valid());  // reserved form 4
}

TEST(UmpViews, Data128) {
    const auto s8 = Data128View::of(Ump{0x510342AAU, 0xBB000000U, 0U, 0U});
    ASSERT_TRUE(s8);
    EXPECT_TRUE(s8->is_sysex8());
    EXPECT_EQ(s8->group(), 1);
    EXPECT_EQ(s8->form(), PacketForm::Complete);
    EXPECT_EQ(s8->stream_id(), 0x42);
    EXPECT_EQ(s8->sysex8_bytes().size, 2U);
    EXPECT_EQ(s8->sysex8_bytes().data[1], 0xBB);
    const auto full = Data128View::of(Ump{0x501E0001U, 0x02030405U, 0x06070809U, 0x0A0B0C0DU});
    EXPECT_EQ(full->form(), PacketForm::Start);
    EXPECT_EQ(full->sysex8_bytes().size, 13U);
    EXPECT_EQ(full->sysex8_bytes().data[12], 13);

    const auto h = Data128View::of(Ump{0x50830010U, 0x00020001U, 0x00410102U, 0x03040506U});
    EXPECT_EQ(h->status(), Data128Status::MixedDataSetHeader);
    EXPECT_FALSE(h->is_sysex8());
    EXPECT_EQ(h->mds_id(), 3);
    EXPECT_EQ(h->mds_header(), (MixedDataSetHeader{0x0010, 2, 1, 0x0041, 0x0102, 0x0304, 0x0506}));
    const auto pl = Data128View::of(Ump{0x50930102U, 0x03040506U, 0x0708090AU, 0x0B0C0D0EU});
    EXPECT_EQ(pl->status(), Data128Status::MixedDataSetPayload);
    EXPECT_EQ(pl->mds_payload(), (std::array<std::uint8_t, 14>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}));
}

TEST(UmpViews, Flex) {
    const auto t = FlexView::of(Ump{0xD0100000U, 0x02FAF080U, 0U, 0U});
    ASSERT_TRUE(t);
    EXPECT_EQ(t->address(), 1);
    EXPECT_EQ(t->channel(), flex_whole_group);
    EXPECT_EQ(t->bank(), 0);
    EXPECT_EQ(t->status(), 0);
    EXPECT_EQ(t->tempo(), 50'000'000U);
    EXPECT_EQ(FlexView::of(Ump{0xD0050000U, 1U, 0U, 0U})->channel(), 5);
    const auto ts = FlexView::of(Ump{0xD3100001U, 0x07030800U, 0U, 0U});
    EXPECT_EQ(ts->group(), 3);
    EXPECT_EQ(ts->numerator(), 7);
    EXPECT_EQ(ts->denominator_power(), 3);
    EXPECT_EQ(ts->thirty_seconds(), 8);
    EXPECT_EQ(FlexView::of(Ump{0xD0100002U, 0x18040000U, 0x02000000U, 0U})->metronome(),
              (Metronome{24, {4, 0, 0}, {2, 0}}));
    const auto key = FlexView::of(Ump{0xD0100005U, 0xE2000000U, 0U, 0U});
    EXPECT_EQ(key->sharps_flats(), -2);
    EXPECT_EQ(key->tonic(), 2);
    const ChordName c = FlexView::of(Ump{0xD1020006U, 0xF3031900U, 0x00450000U, 0x85000023U})->chord_name();
    EXPECT_EQ(c.tonic_sharps_flats, -1);
    EXPECT_EQ(c.tonic, 3);
    EXPECT_EQ(c.chord_type, 3);
    EXPECT_EQ(c.alterations[0], (ChordAlteration{1, 9}));
    EXPECT_EQ(c.alterations[3], (ChordAlteration{4, 5}));
    EXPECT_EQ(c.bass_sharps_flats, -8);
    EXPECT_EQ(c.bass_note, 5);
    EXPECT_EQ(c.bass_alterations[1], (ChordAlteration{2, 3}));
    const auto text = FlexView::of(Ump{0xD0100105U, 0x42616368U, 0U, 0U});
    EXPECT_EQ(text->bank(), 1);
    EXPECT_EQ(text->status(), 5);
    EXPECT_EQ(text->text().text(), "Bach");
    EXPECT_EQ(FlexView::of(Ump{0xD1C30201U, 0x79000000U, 0U, 0U})->form(), PacketForm::End);
}

TEST(UmpViews, Stream) {
    const auto d = StreamView::of(Ump{0xF0000101U, 0x0000001FU, 0U, 0U});
    ASSERT_TRUE(d);
    EXPECT_EQ(d->status(), StreamStatus::EndpointDiscovery);
    EXPECT_EQ(d->version_major(), 1);
    EXPECT_EQ(d->version_minor(), 1);
    EXPECT_EQ(d->filter(), 0x1F);
    const EndpointInfo e = StreamView::of(Ump{0xF0010101U, 0x83000301U, 0U, 0U})->endpoint_info();
    EXPECT_TRUE(e.static_function_blocks);
    EXPECT_EQ(e.function_block_count, 3);
    EXPECT_TRUE(e.midi2_protocol);
    EXPECT_TRUE(e.midi1_protocol);
    EXPECT_FALSE(e.receive_jr);
    EXPECT_TRUE(e.transmit_jr);
    const DeviceIdentity id = StreamView::of(Ump{0xF0020000U, 0x00002109U, 0x02027F7FU, 0x01020304U})->device_identity();
    EXPECT_EQ(id.manufacturer, (std::array<std::uint8_t, 3>{0x00, 0x21, 0x09}));
    EXPECT_EQ(id.family, 0x0102);
    EXPECT_EQ(id.model, 0x3FFF);
    EXPECT_EQ(id.software_revision, (std::array<std::uint8_t, 4>{1, 2, 3, 4}));
    EXPECT_EQ(StreamView::of(Ump{0xF003636FU, 0x72656D75U, 0x73696300U, 0U})->text().text(), "coremusic");
    const auto start = StreamView::of(Ump{0xF4034142U, 0x43444546U, 0x4748494AU, 0x4B4C4D4EU});
    EXPECT_EQ(start->form(), PacketForm::Start);
    EXPECT_EQ(start->text().text(), "ABCDEFGHIJKLMN");
    const auto cfg = StreamView::of(Ump{0xF0050202U, 0U, 0U, 0U});
    EXPECT_EQ(cfg->protocol(), UmpProtocol::Midi2);
    EXPECT_TRUE(cfg->receive_jr());
    EXPECT_FALSE(cfg->transmit_jr());
    const auto fbd = StreamView::of(Ump{0xF010FF03U, 0U, 0U, 0U});
    EXPECT_EQ(fbd->block(), 0xFF);
    EXPECT_EQ(fbd->filter(), 0x03);
    const FunctionBlockInfo f = StreamView::of(Ump{0xF0118133U, 0x00010200U, 0U, 0U})->function_block_info();
    EXPECT_TRUE(f.active);
    EXPECT_EQ(f.block, 1);
    EXPECT_EQ(f.ui_hint, 3);
    EXPECT_EQ(f.midi1, 0);
    EXPECT_EQ(f.direction, 3);
    EXPECT_EQ(f.first_group, 0);
    EXPECT_EQ(f.groups_spanned, 1);
    EXPECT_EQ(f.ci_version, 2);
    const auto fbn = StreamView::of(Ump{0xF0120153U, 0x796E7468U, 0U, 0U});
    EXPECT_EQ(fbn->block(), 1);
    EXPECT_EQ(fbn->text().text(), "Synth");
    EXPECT_EQ(StreamView::of(Ump{0xF0210000U, 0U, 0U, 0U})->status(), StreamStatus::EndOfClip);
}

TEST(UmpTextAssembler, EndpointNameAcrossPackets) {
    UmpTextAssembler<98> a;
    using R = UmpTextAssembler<98>::Result;
    EXPECT_EQ(a.add(Ump{0xF4034142U, 0x43444546U, 0x4748494AU, 0x4B4C4D4EU}), R::Incomplete);
    EXPECT_EQ(a.add(Ump{0xFC034F50U, 0x51525354U, 0U, 0U}), R::Complete);
    EXPECT_EQ(a.text(), "ABCDEFGHIJKLMNOPQRST");
    EXPECT_EQ(a.add(Ump{0x20903C64U}), R::NotText);
    EXPECT_EQ(a.text(), "ABCDEFGHIJKLMNOPQRST");
}

TEST(UmpTextAssembler, FlexLyricsAndErrors) {
    UmpTextAssembler<64> a;
    using R = UmpTextAssembler<64>::Result;
    EXPECT_EQ(a.add(Ump{0xD1430201U, 0x61626364U, 0x65666768U, 0x696A6B6CU}), R::Incomplete);
    EXPECT_EQ(a.add(Ump{0xD1830201U, 0x6D6E6F70U, 0x71727374U, 0x75767778U}), R::Incomplete);
    EXPECT_EQ(a.add(Ump{0xD1C30201U, 0x79000000U, 0U, 0U}), R::Complete);
    EXPECT_EQ(a.text(), "abcdefghijklmnopqrstuvwxy");
    // An End with no Start.
    EXPECT_EQ(a.add(Ump{0xD1C30201U, 0x79000000U, 0U, 0U}), R::Unexpected);
    EXPECT_EQ(a.text(), "");
    // A Continue of another channel than the text begun.
    EXPECT_EQ(a.add(Ump{0xD1430201U, 0x61626364U, 0x65666768U, 0x696A6B6CU}), R::Incomplete);
    EXPECT_EQ(a.add(Ump{0xD1840201U, 0x6D6E6F70U, 0x71727374U, 0x75767778U}), R::Unexpected);
    // Tempo is bank 0: not text.
    EXPECT_EQ(a.add(Ump{0xD0100000U, 0x02FAF080U, 0U, 0U}), R::NotText);

    UmpTextAssembler<20> small;
    using S = UmpTextAssembler<20>::Result;
    EXPECT_EQ(small.add(Ump{0xD1430201U, 0x61626364U, 0x65666768U, 0x696A6B6CU}), S::Incomplete);
    EXPECT_EQ(small.add(Ump{0xD1830201U, 0x6D6E6F70U, 0x71727374U, 0x75767778U}), S::Overflow);
}

TEST(UmpParser, RealtimeSafe) {
    std::vector<std::uint32_t> words;
    for (int i = 0; i < 200; ++i) {
        for (const std::uint32_t w : {0x20903C64U, 0x40903C00U, 0xFFFF0000U, 0xF0030000U | 0x4142U, 0x43444546U,
                                      0x47484950U, 0x51525354U, 0xD0100000U, 0x02FAF080U, 0U, 0U}) {
            words.push_back(w);
        }
    }
    words.push_back(0x40903C00U);  // truncated
    UmpTextAssembler<128> text;
    cm::test::RtScope scope;
    std::uint64_t sum = 0;
    const UmpParseResult r = parse_ump(
        words,
        [&](const Ump& p) {
            if (const auto m2 = Midi2View::of(p)) sum += m2->velocity();
            if (const auto m1 = Midi1View::of(p)) sum += static_cast<std::uint64_t>(m1->message()->note());
            if (const auto f = FlexView::of(p)) sum += f->tempo();
            (void)text.add(p);
        },
        [&](const UmpTruncation& t) { sum += t.words_needed; });
    EXPECT_TRUE(r.truncated);
    EXPECT_EQ(r.packets, 800U);
    EXPECT_NE(sum, 0U);
    EXPECT_EQ(scope.counts().allocations, 0U);
    EXPECT_EQ(scope.counts().locks, 0U);
}

} // namespace
