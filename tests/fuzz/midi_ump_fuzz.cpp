// tests/fuzz/midi_ump_fuzz.cpp
// libFuzzer target: arbitrary bytes read as little-endian 32-bit UMP words.
// The parser must split them into packets exactly as the message type sizes
// say, report a truncated last packet and never read past the end (ASan);
// every view, the text assembler and the SysEx7 reassembler must take every
// packet; MIDI 2.0 -> 1.0 -> 2.0 -> 1.0 must equal the first MIDI 1.0 result,
// and MIDI 1.0 -> 2.0 -> 1.0 must give back each channel voice message;
// SysEx7 packetisation must reassemble to its input. Traps on any violation.
#include <coremusic/midi/ump.hpp>
#include <coremusic/midi/ump_builders.hpp>
#include <coremusic/midi/ump_parser.hpp>
#include <coremusic/midi/ump_translate.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace {

void check(bool ok) {
    if (!ok) {
        __builtin_trap();
    }
}

using namespace cm::midi;

struct Packets {
    std::array<Ump, 8> p{};
    std::size_t n = 0;
    void operator()(const Ump& u) noexcept {
        check(n < p.size());
        check(!u.empty());
        p[n++] = u;
    }
    bool operator==(const Packets& o) const noexcept {
        if (n != o.n) {
            return false;
        }
        for (std::size_t i = 0; i < n; ++i) {
            if (!(p[i] == o.p[i])) {
                return false;
            }
        }
        return true;
    }
};

Packets to_midi1(const Ump& p) {
    Packets out;
    translate_midi2_to_midi1(p, out);
    return out;
}

Packets to_midi2(const Packets& in) {
    Midi1ToMidi2Translator t;
    Packets out;
    for (std::size_t i = 0; i < in.n; ++i) {
        t.translate(in.p[i], out);
    }
    t.flush(out);
    return out;
}

Packets to_midi1(const Packets& in) {
    Packets out;
    for (std::size_t i = 0; i < in.n; ++i) {
        translate_midi2_to_midi1(in.p[i], out);
    }
    return out;
}

void exercise_views(const Ump& p) {
    volatile std::uint64_t sink = 0;
    if (const auto v = UtilityView::of(p)) sink = sink + v->ticks() + v->value16();
    if (const auto v = SystemView::of(p)) sink = sink + (v->message() ? 1U : 0U);
    if (const auto v = Midi1View::of(p)) {
        // A decoded message re-encodes to a packet that decodes to it again.
        if (const auto m = v->message()) check(Midi1View::of(midi1_message(v->group(), *m))->message() == m);
    }
    if (const auto v = Sysex7View::of(p)) {
        check(v->bytes().size <= 6);
        if (v->valid()) {
            const auto b = v->bytes();
            check(Sysex7View::of(sysex7_packet(v->group(), v->form(), b.span()))->bytes() == b);
        }
    }
    if (const auto v = Midi2View::of(p)) sink = sink + v->velocity() + v->value() + static_cast<unsigned>(v->program());
    if (const auto v = Data128View::of(p)) {
        check(v->sysex8_bytes().size <= 13);
        sink = sink + v->mds_header().chunk_count + v->mds_payload()[13];
    }
    if (const auto v = FlexView::of(p)) {
        check(v->text().size <= 12);
        check(v->sharps_flats() >= -8 && v->sharps_flats() <= 7);
        sink = sink + static_cast<unsigned>(v->chord_name().chord_type) + v->metronome().clocks_per_primary_click;
    }
    if (const auto v = StreamView::of(p)) {
        check(v->text().size <= 14);
        sink = sink + static_cast<unsigned>(v->endpoint_info().function_block_count) + v->device_identity().model +
               static_cast<unsigned>(v->function_block_info().block);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::vector<std::uint32_t> words(size / 4);
    for (std::size_t i = 0; i < words.size(); ++i) {
        words[i] = std::uint32_t{data[4 * i]} | std::uint32_t{data[4 * i + 1]} << 8 |
                   std::uint32_t{data[4 * i + 2]} << 16 | std::uint32_t{data[4 * i + 3]} << 24;
    }
    // Exactly the words, so ASan sees any read past the end.
    const std::span<const std::uint32_t> input{words.data(), words.size()};

    std::array<std::uint8_t, 64> sysex_buffer{};
    Sysex7Reassembler sysex{sysex_buffer};
    UmpTextAssembler<98> text;
    std::size_t offset = 0;
    bool cut = false;
    const UmpParseResult r = parse_ump(
        input,
        [&](const Ump& p) {
            check(!p.empty());
            check(p.size() == static_cast<std::size_t>(ump_word_count(p.word(0))));
            check(offset + p.size() <= input.size());
            for (std::size_t i = 0; i < p.size(); ++i) {
                check(p.word(i) == input[offset + i]);
            }
            offset += p.size();
            exercise_views(p);
            (void)sysex.add(p);
            check(sysex.message().size() <= sysex_buffer.size());
            if (text.add(p) == UmpTextAssembler<98>::Result::Complete) {
                check(text.text().size() <= 98);
            }

            // A MIDI 2.0 control change of bank select, data entry or RPN/NRPN
            // selection (which the MIDI 2.0 protocol replaces by its own
            // messages) turns into a MIDI 1.0 CC that 1 -> 2 folds into state.
            const auto m2 = Midi2View::of(p);
            const int idx = m2 ? m2->controller() & 0x7F : -1;
            const bool folded_cc = m2 && m2->opcode() == Midi2Opcode::ControlChange &&
                                   (idx == 0 || idx == 32 || idx == 6 || idx == 38 || (idx >= 98 && idx <= 101));
            // Registered controller 7F/7F becomes the null RPN in MIDI 1.0.
            const bool null_rpn = m2 && m2->opcode() == Midi2Opcode::RegisteredController &&
                                  (m2->bank() & 0x7F) == 0x7F && (m2->index() & 0x7F) == 0x7F;
            if (m2 && !folded_cc && !null_rpn) {
                // 2 -> 1 -> 2 -> 1 equals 2 -> 1: what survives downscaling is stable.
                const Packets one = to_midi1(p);
                check(one.n <= 4);
                check(to_midi1(to_midi2(one)) == one);
            }
            if (const auto v = Midi1View::of(p); v && v->message()) {
                const int status = v->status();
                const int cc = v->data1();
                const bool note_on_zero = status == 0x9 && v->data2() == 0;
                const bool folded = status == 0xB && (cc == 0 || cc == 32 || cc == 6 || cc == 38 ||
                                                      (cc >= 98 && cc <= 101) || cc == 121);
                if (!note_on_zero && !folded) {
                    Packets in;  // the message without the packet's reserved bits
                    in(midi1_message(v->group(), *v->message()));
                    check(to_midi1(to_midi2(in)) == in);  // 1 -> 2 -> 1 is the identity
                }
            }
        },
        [&](const UmpTruncation& t) {
            cut = true;
            check(t.word_offset == offset);
            check(t.words_available < t.words_needed);
            check(t.words_available == input.size() - offset);
        });
    check(r.words_read == offset);
    check(r.truncated == cut);
    check(r.truncated == (offset < input.size()));

    // SysEx7: the bytes as a payload (7-bit) packetise and reassemble to themselves.
    std::vector<std::uint8_t> payload(data, data + (size < 60 ? size : 60));
    for (std::uint8_t& b : payload) {
        b &= 0x7F;
    }
    Sysex7Reassembler again{sysex_buffer};
    Sysex7Reassembler::Result last = Sysex7Reassembler::Result::NotSysex7;
    const std::size_t packets = sysex7_packetize(static_cast<int>(size % 16), payload, [&](const Ump& p) {
        last = again.add(p);
    });
    check(packets == (payload.size() <= 6 ? 1 : (payload.size() + 5) / 6));
    check(last == Sysex7Reassembler::Result::Complete);
    check(std::vector<std::uint8_t>(again.message().begin(), again.message().end()) == payload);
    return 0;
}
