// coremusic/midi/clip_file.hpp
// The MIDI 2.0 Clip File (M2-116-U, "SMF2CLIP"): a header, then Universal
// MIDI Packets timed by Delta Clockstamps; read and written losslessly.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <new>
#include <span>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <coremusic/core/error.hpp>
#include <coremusic/midi/smf_reader.hpp>
#include <coremusic/midi/smf_writer.hpp>

namespace cm::midi {

namespace detail::clip {

// The few UMP words a clip file needs (M2-104-UM v1.1): kept private here;
// the general UMP library is elsewhere.
inline constexpr std::uint32_t dc_max = 0xFFFFF;  // a Delta Clockstamp holds 20 bits of ticks

/// Words of a UMP by message type (M2-104-UM, section 2.1.4 table 1).
[[nodiscard]] constexpr int ump_words(std::uint32_t first_word) noexcept {
    constexpr int words[16] = {1, 1, 1, 2, 2, 4, 1, 1, 2, 2, 2, 3, 3, 4, 4, 4};
    return words[first_word >> 28];
}
/// Utility message (type 0x0): status in bits 23..20.
[[nodiscard]] constexpr bool is_utility(std::uint32_t w, std::uint32_t status) noexcept {
    return (w >> 28) == 0x0 && ((w >> 20) & 0xF) == status;
}
[[nodiscard]] constexpr bool is_dctpq(std::uint32_t w) noexcept { return is_utility(w, 0x3); }
[[nodiscard]] constexpr bool is_dc(std::uint32_t w) noexcept { return is_utility(w, 0x4); }
/// Delta Clockstamp Ticks Per Quarter Note: 0x0030'0000 | ticks (16 bits).
[[nodiscard]] constexpr std::uint32_t dctpq(std::uint16_t ticks) noexcept { return 0x00300000u | ticks; }
/// Delta Clockstamp: 0x0040'0000 | ticks (20 bits).
[[nodiscard]] constexpr std::uint32_t dc(std::uint32_t ticks) noexcept { return 0x00400000u | (ticks & dc_max); }
/// UMP Stream message (type 0xF): status in bits 25..16 (any format bits).
[[nodiscard]] constexpr bool is_stream(std::uint32_t w, std::uint32_t status) noexcept {
    return (w >> 28) == 0xF && ((w >> 16) & 0x3FF) == status;
}
[[nodiscard]] constexpr bool is_start_of_clip(std::uint32_t w) noexcept { return is_stream(w, 0x20); }
[[nodiscard]] constexpr bool is_end_of_clip(std::uint32_t w) noexcept { return is_stream(w, 0x21); }
inline constexpr std::array<std::uint32_t, 4> start_of_clip{0xF0200000u, 0, 0, 0};
inline constexpr std::array<std::uint32_t, 4> end_of_clip{0xF0210000u, 0, 0, 0};

} // namespace detail::clip

/// The Delta Clockstamps that came before one message in a file, when they
/// were not the canonical ones (one DC of the delta, or several of at most
/// 0xFFFFF ticks for a longer delta; DC 0 before the DCTPQ and the Start of
/// Clip). Default: canonical. Lets keep-encoding writing reproduce a file.
struct ClipTiming {
    bool none = false;                         ///< no DC preceded the message (a delta of 0)
    std::vector<std::uint32_t> clockstamps{};  ///< the DCs' tick counts as read, if not canonical

    friend bool operator==(const ClipTiming&, const ClipTiming&) = default;
};

/// One Universal MIDI Packet of a clip at `tick` (absolute: from the start
/// of the file in the header, from the Start of Clip in the sequence).
/// `words` holds size() words; the rest are 0.
struct ClipMessage {
    std::int64_t tick = 0;
    std::array<std::uint32_t, 4> words{};
    ClipTiming timing{};

    /// 1 to 4: the words its message type takes.
    [[nodiscard]] int size() const noexcept { return detail::clip::ump_words(words[0]); }
    /// Equal tick and words (the timing encoding is ignored).
    friend bool operator==(const ClipMessage& a, const ClipMessage& b) noexcept {
        return a.tick == b.tick && a.words == b.words;
    }
};

/// Where the DCTPQ sat and how the fixed messages were timed in a file
/// (default: canonical), for keep-encoding writing.
struct ClipLayout {
    /// Index into ClipFile::header before which the DCTPQ came (the
    /// canonical place: 0). `no_dctpq` when a tolerant read found none.
    std::size_t dctpq_position = 0;
    static constexpr std::size_t no_dctpq = static_cast<std::size_t>(-1);
    ClipTiming dctpq{};
    ClipTiming start{};
    ClipTiming end{};

    friend bool operator==(const ClipLayout&, const ClipLayout&) = default;
};

/// A MIDI Clip File (M2-116-U v1.0): the "SMF2CLIP" file header; the Clip
/// Configuration Header, whose Delta Clockstamp Ticks Per Quarter Note
/// (DCTPQ) message sets `ticks_per_quarter` and whose other messages
/// (Flex Data, Stream configuration, ...) are in `header`; the Clip
/// Sequence Data from the Start of Clip to the End of Clip, each message
/// timed by the Delta Clockstamps (DC) before it.
/// Thread-safe: a value type. Not realtime-safe.
struct ClipFile {
    std::uint16_t ticks_per_quarter = 480;  ///< DCTPQ (0 only when a tolerant read found none)
    std::vector<ClipMessage> header{};      ///< configuration messages other than the DCTPQ
    std::vector<ClipMessage> events{};      ///< the sequence, ticks from the Start of Clip
    std::int64_t end_tick = 0;              ///< the End of Clip's tick (>= every event's)
    bool has_end_of_clip = true;            ///< false when a tolerant read found none
    ClipLayout layout{};
    std::vector<std::uint8_t> trailing{};   ///< bytes after the End of Clip (tolerant read)

    /// Equal content: ticks per quarter, messages and their ticks, end.
    friend bool operator==(const ClipFile& a, const ClipFile& b) noexcept {
        return a.ticks_per_quarter == b.ticks_per_quarter && a.header == b.header && a.events == b.events &&
               a.end_tick == b.end_tick;
    }
};

/// How read_clip treats a file that breaks M2-116-U. Strict rejects, with a
/// MidiFileError naming the byte offset and what was expected: a UMP cut
/// off by the end of the file, no DCTPQ (or a DCTPQ of 0) before the Start
/// of Clip, a second Start of Clip, no End of Clip, Delta Clockstamps with
/// no message after them, bytes after the End of Clip, and reserved bits
/// set in a DC, DCTPQ, Start or End of Clip (words the writer rebuilds;
/// tolerant reading ignores those bits, so they are not written back). A missing DC
/// before a message (delta 0, as PipeWire writes simultaneous events) and
/// several DCs in a row (their ticks add up) are legal in both modes.
/// Tolerant recovers: no DCTPQ gives ticks_per_quarter 0; a second Start of
/// Clip is kept as an event; a missing End of Clip ends the clip at its
/// last event (has_end_of_clip false); a cut-off UMP, DCs at the end of the
/// file and bytes after the End of Clip go to `trailing`. A file without
/// the "SMF2CLIP" header or without a Start of Clip is rejected in both
/// modes.
struct ClipReadOptions {
    bool tolerant = false;
    std::size_t max_file_bytes = std::size_t{1} << 30;
};

/// Canonical writing: DC 0 and the DCTPQ first, the header messages, DC 0
/// and Start of Clip, each event after the DCs of its delta (one DC, or
/// several of 0xFFFFF ticks and the rest), the End of Clip at
/// max(end_tick, last event) after its DCs. keep_encoding: the DCTPQ in its
/// place, each message timed as its ClipTiming says, the End of Clip only
/// if the clip had one, and `trailing`: the bytes read_clip read, exactly.
struct ClipWriteOptions {
    bool keep_encoding = false;
};

namespace detail::clip {

class Reader {
public:
    Reader(std::span<const std::uint8_t> in, const ClipReadOptions& opt, std::error_code* ec) noexcept
        : in_(in), opt_(opt), ec_(ec) {}

    ClipFile read() {
        ClipFile f;
        const std::size_t size = in_.size();
        if (size > opt_.max_file_bytes) {
            return fail(0, Errc::OutOfRange, [&] {
                return "MIDI clip file of " + std::to_string(size) + " bytes: expected at most max_file_bytes (" +
                       std::to_string(opt_.max_file_bytes) + ")";
            });
        }
        constexpr char magic[] = "SMF2CLIP";
        for (std::size_t i = 0; i < 8; ++i) {
            if (i >= size || in_[i] != static_cast<std::uint8_t>(magic[i])) {
                return fail(0, Errc::InvalidFormat, [&] {
                    return std::string("MIDI clip file at byte 0: expected the file header \"SMF2CLIP\"");
                });
            }
        }
        enum class Phase { Header, Sequence, Done } phase = Phase::Header;
        bool seen_dctpq = false;
        f.ticks_per_quarter = 0;
        f.layout.dctpq_position = ClipLayout::no_dctpq;
        std::vector<std::uint32_t> pending;
        std::size_t pending_at = 0;
        std::int64_t tick = 0;
        std::size_t p = 8;
        while (p < size && phase != Phase::Done) {
            const std::size_t at = p;
            if (size - p < 4) {
                break;  // a cut-off word: reported below
            }
            std::array<std::uint32_t, 4> w{};
            w[0] = word(p);
            const auto n = static_cast<std::size_t>(ump_words(w[0]));
            if (size - p < 4 * n) {
                break;
            }
            for (std::size_t i = 1; i < n; ++i) {
                w[i] = word(p + 4 * i);
            }
            p += 4 * n;
            if (!opt_.tolerant && !reserved_clear(w)) {
                // Writing rebuilds these words, so strict reading wants them as the specification writes them.
                return fail(at, Errc::InvalidFormat, [&] {
                    return "MIDI clip file at byte " + std::to_string(at) + ": reserved bits set in " +
                           (is_dc(w[0]) ? "a Delta Clockstamp" : is_dctpq(w[0]) ? "a DCTPQ" : "a Start/End of Clip") +
                           " message, expected 0 (M2-104-UM)";
                });
            }
            if (is_dc(w[0])) {
                if (pending.empty()) {
                    pending_at = at;
                }
                pending.push_back(w[0] & dc_max);
                continue;
            }
            std::int64_t delta = 0;
            for (const std::uint32_t d : pending) {
                delta += d;
            }
            tick += delta;
            if (phase == Phase::Header) {
                if (is_dctpq(w[0]) && !seen_dctpq) {
                    seen_dctpq = true;
                    f.ticks_per_quarter = static_cast<std::uint16_t>(w[0] & 0xFFFF);
                    if (f.ticks_per_quarter == 0 && !opt_.tolerant) {
                        return fail(at, Errc::InvalidFormat, [&] {
                            return "MIDI clip file at byte " + std::to_string(at) +
                                   ": DCTPQ of 0 ticks per quarter note, expected 1 to 65535";
                        });
                    }
                    f.layout.dctpq_position = f.header.size();
                    f.layout.dctpq = timing(pending, 0);
                } else if (is_start_of_clip(w[0])) {
                    if (!seen_dctpq && !opt_.tolerant) {
                        return fail(at, Errc::InvalidFormat, [&] {
                            return "MIDI clip file at byte " + std::to_string(at) +
                                   ": Start of Clip before a Delta Clockstamp Ticks Per Quarter Note message "
                                   "(expected one in the configuration header)";
                        });
                    }
                    f.layout.start = timing(pending, 0);
                    tick = 0;
                    phase = Phase::Sequence;
                } else {
                    f.header.push_back(ClipMessage{tick, w, timing(pending, delta)});
                }
            } else if (is_end_of_clip(w[0])) {
                f.end_tick = tick;
                f.layout.end = timing(pending, delta);
                phase = Phase::Done;
            } else {
                if (is_start_of_clip(w[0]) && !opt_.tolerant) {
                    return fail(at, Errc::InvalidFormat, [&] {
                        return "MIDI clip file at byte " + std::to_string(at) +
                               ": a second Start of Clip, expected sequence messages or End of Clip";
                    });
                }
                f.events.push_back(ClipMessage{tick, w, timing(pending, delta)});
            }
            pending.clear();
        }
        // Left over: DCs with no message after them, a cut-off UMP, or bytes after the End of Clip.
        const std::size_t rest = pending.empty() ? p : pending_at;
        if (phase == Phase::Header) {
            return fail(rest, Errc::InvalidFormat, [&] {
                return "MIDI clip file at byte " + std::to_string(rest) +
                       ": expected a Start of Clip message (F0 20 00 00 ...) before the end of the file";
            });
        }
        if (rest < size) {
            // A cut-off UMP is reported where it starts, even after DCs.
            const std::size_t at = phase != Phase::Done && p < size ? p : rest;
            if (!opt_.tolerant) {
                return fail(at, Errc::InvalidFormat, [&] {
                    return "MIDI clip file at byte " + std::to_string(at) + ": " + std::to_string(size - at) +
                           " bytes left over (" +
                           (phase == Phase::Done ? std::string("after the End of Clip")
                            : p < size           ? std::string("a UMP cut off by the end of the file")
                                                 : std::string("Delta Clockstamps with no message after them")) +
                           "): expected a complete UMP sequence ending with End of Clip";
                });
            }
            f.trailing.assign(in_.begin() + static_cast<std::ptrdiff_t>(rest), in_.end());
        }
        if (phase == Phase::Sequence) {
            if (!opt_.tolerant) {
                return fail(size, Errc::InvalidFormat, [&] {
                    return "MIDI clip file ends at byte " + std::to_string(size) +
                           ": expected an End of Clip message (F0 21 00 00 ...)";
                });
            }
            f.has_end_of_clip = false;
            f.end_tick = f.events.empty() ? 0 : f.events.back().tick;
        }
        cm::detail::report_success(ec_);
        return f;
    }

private:
    template <class Message>
    ClipFile fail(std::size_t offset, Errc code, Message&& message) {
        if (ec_ != nullptr) {
            *ec_ = code;
            return {};
        }
        throw MidiFileError(make_error_code(code), std::forward<Message>(message)(), offset);
    }

    // Reserved fields of the words the writer rebuilds: group nibble and
    // unused bits of DC and DCTPQ, the format bits and the rest of Start and
    // End of Clip.
    static bool reserved_clear(const std::array<std::uint32_t, 4>& w) noexcept {
        if (is_dc(w[0])) {
            return (w[0] & 0x0F000000u) == 0;
        }
        if (is_dctpq(w[0])) {
            return (w[0] & 0x0F0F0000u) == 0;
        }
        if (is_start_of_clip(w[0]) || is_end_of_clip(w[0])) {
            return (w[0] & 0x0C00FFFFu) == 0 && w[1] == 0 && w[2] == 0 && w[3] == 0;
        }
        return true;
    }

    [[nodiscard]] std::uint32_t word(std::size_t p) const noexcept {
        return static_cast<std::uint32_t>(in_[p]) << 24 | static_cast<std::uint32_t>(in_[p + 1]) << 16 |
               static_cast<std::uint32_t>(in_[p + 2]) << 8 | in_[p + 3];
    }

    // The DCs as read, unless they are what the writer makes for `expected`.
    static ClipTiming timing(const std::vector<std::uint32_t>& read, std::int64_t expected) {
        if (read.empty()) {
            return ClipTiming{true, {}};
        }
        std::size_t i = 0;
        std::int64_t left = expected;
        bool canonical = true;
        do {
            const std::int64_t want = left > dc_max ? dc_max : left;
            canonical = i < read.size() && read[i] == want;
            left -= want;
            ++i;
        } while (canonical && left > 0);
        if (canonical && i == read.size()) {
            return {};
        }
        return ClipTiming{false, read};
    }

    std::span<const std::uint8_t> in_;
    const ClipReadOptions& opt_;
    std::error_code* ec_;
};

class Writer {
public:
    Writer(const ClipFile& f, const ClipWriteOptions& opt, std::error_code* ec) noexcept : f_(f), opt_(opt), ec_(ec) {}

    std::vector<std::uint8_t> write() {
        const bool keep = opt_.keep_encoding;
        std::vector<std::uint8_t> out;
        out.reserve(8 + 8 * (f_.header.size() + f_.events.size() + 3) * 2);
        out.insert(out.end(), {'S', 'M', 'F', '2', 'C', 'L', 'I', 'P'});
        if (!keep && f_.ticks_per_quarter == 0) {
            return fail(Errc::InvalidArgument, "MIDI clip write: ticks_per_quarter is 0, expected 1 to 65535");
        }
        const std::size_t dctpq_at = keep ? f_.layout.dctpq_position : 0;
        std::int64_t tick = 0;
        const auto put_dctpq = [&] {
            put_timing(out, keep ? &f_.layout.dctpq : nullptr, 0, tick);
            put_word(out, dctpq(f_.ticks_per_quarter));
        };
        for (std::size_t i = 0; i < f_.header.size(); ++i) {
            if (i == dctpq_at) {
                put_dctpq();
            }
            if (!put_message(out, f_.header[i], tick, "header", i)) {
                return {};
            }
        }
        if (dctpq_at != ClipLayout::no_dctpq && dctpq_at >= f_.header.size()) {
            put_dctpq();
        }
        put_timing(out, keep ? &f_.layout.start : nullptr, 0, tick);
        put_words(out, start_of_clip, 4);
        tick = 0;
        for (std::size_t i = 0; i < f_.events.size(); ++i) {
            if (!put_message(out, f_.events[i], tick, "event", i)) {
                return {};
            }
        }
        if (!keep || f_.has_end_of_clip) {
            const std::int64_t end = f_.end_tick > tick ? f_.end_tick : tick;
            put_timing(out, keep ? &f_.layout.end : nullptr, end - tick, tick);
            put_words(out, end_of_clip, 4);
        }
        if (keep) {
            out.insert(out.end(), f_.trailing.begin(), f_.trailing.end());
        }
        cm::detail::report_success(ec_);
        return out;
    }

private:
    template <class Message>
    std::vector<std::uint8_t> fail(Errc code, Message&& message) {
        cm::detail::report<MidiFileError>(ec_, code, std::forward<Message>(message));
        return {};
    }

    static void put_word(std::vector<std::uint8_t>& out, std::uint32_t w) { detail::smf_put_be32(out, w); }
    static void put_words(std::vector<std::uint8_t>& out, const std::array<std::uint32_t, 4>& w, int n) {
        for (int i = 0; i < n; ++i) {
            put_word(out, w[static_cast<std::size_t>(i)]);
        }
    }

    // The DCs for `delta` (or as `t` recorded them); advances tick by what they add up to.
    static void put_timing(std::vector<std::uint8_t>& out, const ClipTiming* t, std::int64_t delta, std::int64_t& tick) {
        if (t != nullptr && !t->clockstamps.empty()) {
            for (const std::uint32_t d : t->clockstamps) {
                put_word(out, dc(d));
                tick += d & dc_max;
            }
            return;
        }
        if (t != nullptr && t->none) {
            return;
        }
        tick += delta;
        do {
            const std::int64_t d = delta > dc_max ? dc_max : delta;
            put_word(out, dc(static_cast<std::uint32_t>(d)));
            delta -= d;
        } while (delta > 0);
    }

    bool put_message(std::vector<std::uint8_t>& out, const ClipMessage& m, std::int64_t& tick, const char* where,
                     std::size_t i) {
        if (m.tick < tick) {
            fail(Errc::InvalidArgument, [&] {
                return std::string("MIDI clip write: ") + where + " " + std::to_string(i) + " at tick " +
                       std::to_string(m.tick) + " after tick " + std::to_string(tick) + ": expected tick order";
            });
            return false;
        }
        if (is_dc(m.words[0])) {
            fail(Errc::InvalidArgument, [&] {
                return std::string("MIDI clip write: ") + where + " " + std::to_string(i) +
                       " is a Delta Clockstamp: timing comes from ticks, expected another message";
            });
            return false;
        }
        put_timing(out, opt_.keep_encoding ? &m.timing : nullptr, m.tick - tick, tick);
        put_words(out, m.words, m.size());
        return true;
    }

    const ClipFile& f_;
    const ClipWriteOptions& opt_;
    std::error_code* ec_;
};

} // namespace detail::clip

/// Reads a MIDI Clip File from memory (see ClipReadOptions). Throws
/// MidiFileError with the byte offset() at fault.
/// Thread-safe: yes. Not realtime-safe (allocates).
[[nodiscard]] inline ClipFile read_clip(std::span<const std::uint8_t> bytes, const ClipReadOptions& options = {}) {
    return detail::clip::Reader{bytes, options, nullptr}.read();
}

/// As above, reporting failure through ec (cleared on success); out of
/// memory gives std::errc::not_enough_memory. Thread-safe: yes. Not realtime-safe.
[[nodiscard]] inline ClipFile read_clip(std::span<const std::uint8_t> bytes, const ClipReadOptions& options,
                                        std::error_code& ec) noexcept {
    try {
        return detail::clip::Reader{bytes, options, &ec}.read();
    } catch (const std::bad_alloc&) {
        ec = std::make_error_code(std::errc::not_enough_memory);
    } catch (...) {
        ec = Errc::InvalidFormat;
    }
    return {};
}

/// The bytes of a MIDI Clip File (see ClipWriteOptions). Throws
/// MidiFileError (Errc::InvalidArgument) for messages out of tick order, a
/// Delta Clockstamp among the messages, or (canonical) ticks_per_quarter 0.
/// Thread-safe: yes. Not realtime-safe.
[[nodiscard]] inline std::vector<std::uint8_t> write_clip(const ClipFile& file, const ClipWriteOptions& options = {}) {
    return detail::clip::Writer{file, options, nullptr}.write();
}

/// As above, reporting failure through ec (cleared on success).
[[nodiscard]] inline std::vector<std::uint8_t> write_clip(const ClipFile& file, const ClipWriteOptions& options,
                                                          std::error_code& ec) noexcept {
    try {
        return detail::clip::Writer{file, options, &ec}.write();
    } catch (const std::bad_alloc&) {
        ec = std::make_error_code(std::errc::not_enough_memory);
    } catch (...) {
        ec = Errc::InvalidArgument;
    }
    return {};
}

/// Reads a MIDI Clip File from disk. Throws MidiFileError (Errc::IoError
/// when it cannot be read, Errc::OutOfRange over max_file_bytes).
[[nodiscard]] inline ClipFile load_clip(const std::filesystem::path& path, const ClipReadOptions& options = {}) {
    const std::vector<std::uint8_t> bytes =
        detail::read_whole_file(path, options.max_file_bytes, nullptr, "MIDI clip file");
    return read_clip(bytes, options);
}

/// Writes a MIDI Clip File through a temporary file renamed over `path`,
/// so a failure leaves no partial file. Throws MidiFileError.
inline void save_clip(const std::filesystem::path& path, const ClipFile& file, const ClipWriteOptions& options = {}) {
    const std::vector<std::uint8_t> bytes = write_clip(file, options);
    detail::write_file_atomically(path, bytes, nullptr, "MIDI clip file");
}

} // namespace cm::midi
