// tests/fuzz/midi_smf_fuzz.cpp
// libFuzzer target for the Standard MIDI File reader and writer. For any
// bytes, in strict and tolerant mode: reading either fails with a
// MidiFileError whose offset lies inside the input or succeeds; a strict
// success writes back byte for byte in keep-encoding mode and a tolerant
// read agrees with it; any success re-reads equal from its keep-encoding
// bytes, and its canonical bytes re-read (tolerantly) to the same events
// with an end of track on every track. The same bytes (and the same bytes
// behind an "SMF2CLIP" header) go through the MIDI Clip File reader with
// the same promises. It traps on any violation.
#include <coremusic/midi/clip_file.hpp>
#include <coremusic/midi/smf_reader.hpp>
#include <coremusic/midi/smf_writer.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <system_error>
#include <vector>

namespace {

void check(bool ok) {
    if (!ok) {
        __builtin_trap();
    }
}

using namespace cm::midi;

// What canonical writing promises to keep of a file it can write.
SmfFile canonical_view(SmfFile f) {
    for (SmfTrack& t : f.tracks) {
        if (t.events.empty() || !t.events.back().is_meta(meta::end_of_track)) {
            t.events.push_back(MidiEvent::end_of_track(t.events.empty() ? 0 : t.events.back().tick));
        }
        t.has_end_of_track = true;
        t.trailing.clear();
    }
    f.header_extra.clear();
    f.trailing.clear();
    f.declared_tracks = static_cast<int>(f.tracks.size());
    return f;
}

void round_trips(const SmfFile& f, const SmfReadOptions& opt) {
    std::error_code ec;
    const std::vector<std::uint8_t> kept = write_smf(f, SmfWriteOptions{.keep_encoding = true}, ec);
    check(!ec);
    const SmfFile again = read_smf(kept, opt, ec);
    check(!ec);
    check(again == f);

    const std::vector<std::uint8_t> canon = write_smf(f, {}, ec);
    check(!ec);
    const SmfFile c = read_smf(canon, SmfReadOptions{.tolerant = true}, ec);
    check(!ec);
    const SmfFile want = canonical_view(f);
    check(c.format == want.format && c.division == want.division && c.tracks.size() == want.tracks.size());
    for (std::size_t i = 0; i < c.tracks.size(); ++i) {
        check(c.tracks[i].events == want.tracks[i].events);
        check(c.tracks[i].has_end_of_track);
    }
    check(c.unknown_chunks == want.unknown_chunks);
}

void clip(std::span<const std::uint8_t> in) {
    std::error_code ec = cm::Errc::TimedOut;
    const ClipFile s = read_clip(in, {}, ec);
    const bool strict_ok = !ec;
    if (strict_ok) {
        std::error_code wec;
        check(write_clip(s, ClipWriteOptions{.keep_encoding = true}, wec) ==
              std::vector<std::uint8_t>(in.begin(), in.end()));
        check(!wec);
    } else {
        bool threw = false;
        try {
            (void)read_clip(in);
        } catch (const cm::MidiFileError& e) {
            threw = e.code() == ec && e.offset() <= in.size();
        }
        check(threw);
    }
    std::error_code tec;
    const ClipFile t = read_clip(in, ClipReadOptions{.tolerant = true}, tec);
    if (strict_ok) {
        check(!tec && t == s);
    }
    if (tec) {
        return;
    }
    for (const bool keep : {true, false}) {
        std::error_code wec;
        const std::vector<std::uint8_t> b = write_clip(t, ClipWriteOptions{.keep_encoding = keep}, wec);
        if (!keep && t.ticks_per_quarter == 0) {
            check(static_cast<bool>(wec));  // canonical needs a DCTPQ
            continue;
        }
        check(!wec);
        const ClipFile again = read_clip(b, ClipReadOptions{.tolerant = true}, wec);
        check(!wec);
        check(again.ticks_per_quarter == t.ticks_per_quarter && again.header == t.header && again.events == t.events);
        check(again.end_tick == (keep || t.events.empty() || t.end_tick >= t.events.back().tick
                                     ? t.end_tick
                                     : t.events.back().tick));
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::span<const std::uint8_t> in(data, size);
    const SmfReadOptions strict{};
    const SmfReadOptions tolerant{.tolerant = true};

    std::error_code ec = cm::Errc::TimedOut;  // must be overwritten either way
    const SmfFile s = read_smf(in, strict, ec);
    const bool strict_ok = !ec;
    if (strict_ok) {
        std::error_code wec;
        check(write_smf(s, SmfWriteOptions{.keep_encoding = true}, wec) == std::vector<std::uint8_t>(in.begin(), in.end()));
        round_trips(s, strict);
    } else {
        check(ec == cm::Errc::InvalidFormat);
        // The throwing overload agrees and names a place inside the input.
        bool threw = false;
        try {
            (void)read_smf(in, strict);
        } catch (const cm::MidiFileError& e) {
            threw = e.code() == ec && e.offset() <= size;
        }
        check(threw);
    }

    std::error_code tec = cm::Errc::TimedOut;
    const SmfFile t = read_smf(in, tolerant, tec);
    if (strict_ok) {
        check(!tec && t == s);
    }
    if (!tec) {
        round_trips(t, tolerant);
    } else {
        check(tec == cm::Errc::InvalidFormat);
    }

    clip(in);
    std::vector<std::uint8_t> framed = {'S', 'M', 'F', '2', 'C', 'L', 'I', 'P'};
    framed.insert(framed.end(), in.begin(), in.end());
    clip(framed);
    return 0;
}
