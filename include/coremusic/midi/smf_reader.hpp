// coremusic/midi/smf_reader.hpp
// Reading Standard MIDI Files (formats 0, 1, 2) into an SmfFile, exactly and
// losslessly, strict by default or recovering what a lenient reader would.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <new>
#include <span>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include <coremusic/core/error.hpp>
#include <coremusic/midi/message.hpp>
#include <coremusic/midi/midi_event.hpp>
#include <coremusic/midi/smf_file.hpp>

namespace cm::midi {

/// How read_smf treats a file that breaks the Standard MIDI Files 1.0
/// specification.
///
/// Strict (the default) rejects, with a MidiFileError naming the byte offset
/// and what was expected: a header other than MThd with length >= 6, a
/// format above 2, format 0 with other than one track, a division of 0 or
/// an SMPTE rate other than 24, 25, 29, 30 (or 0 ticks per frame), a chunk
/// type that is not four printable ASCII characters, a chunk or event
/// running past its end, a VLQ of more than 4 bytes, a data byte without
/// running status (meta and SysEx events cancel running status, as the
/// specification says), a status byte F1-F6 or F8-FE in a track, a meta
/// type above 7F, a tempo / time signature / key signature / SMPTE offset /
/// channel prefix / port / sequence number meta event with the wrong length,
/// a track without an end-of-track event, a track count other than the
/// header's, and bytes after the last chunk. Unknown chunks and bytes after
/// an end-of-track event inside its chunk are legal and kept.
///
/// Tolerant recovers, and each recovery keeps enough to write the file
/// back (SmfWriteOptions::keep_encoding) so that it reads the same again:
/// - any format, track count and division are accepted and kept as read;
/// - a header length past the end of the file is taken as 6;
/// - a data byte after a meta or SysEx event continues the running status
///   in force before it (files from some sequencers rely on this);
/// - a track ends at the first event it cannot read (truncated event, VLQ
///   over 4 bytes, length past the chunk, status F1-F6/F8-FE, a data byte
///   with no status at all): the events before it are kept,
///   has_end_of_track is false and the unread bytes go to SmfTrack::trailing;
/// - a chunk without an end-of-track event ends with its last event
///   (has_end_of_track false);
/// - an MTrk chunk whose length runs past the end of the file is read up to
///   the end of the file;
/// - meta events of the wrong length are kept as read (TempoMap ignores
///   malformed tempo and time-signature events);
/// - fewer or more MTrk chunks than declared are kept (declared_tracks keeps
///   the header's count);
/// - bytes after the last chunk that do not form a chunk (fewer than 8, a
///   type that is not ASCII, an unknown chunk's length past the end of the
///   file) go to SmfFile::trailing.
/// A file that does not start with an MThd chunk of at least 6 bytes is
/// rejected in both modes: nothing can be recovered from it.
struct SmfReadOptions {
    /// Recover instead of rejecting (see above).
    bool tolerant = false;
    /// Files larger than this are refused before anything is read or allocated.
    std::size_t max_file_bytes = std::size_t{1} << 30;
};

namespace detail {

inline std::string smf_hex(std::uint64_t v, int digits = 2) {
    constexpr char hexdigits[] = "0123456789ABCDEF";
    std::string s(static_cast<std::size_t>(digits), '0');
    for (int i = digits - 1; i >= 0; --i) {
        s[static_cast<std::size_t>(i)] = hexdigits[v & 0xF];
        v >>= 4;
    }
    return s;
}

/// The parser behind read_smf. One instance reads one file.
class SmfParser {
public:
    SmfParser(std::span<const std::uint8_t> in, const SmfReadOptions& opt, std::error_code* ec) noexcept
        : in_(in), opt_(opt), ec_(ec) {}

    SmfFile parse() {
        SmfFile f;
        const std::size_t size = in_.size();
        if (size > opt_.max_file_bytes) {
            fail(0, Errc::OutOfRange, [&] {
                return "SMF of " + std::to_string(size) + " bytes: expected at most max_file_bytes (" +
                       std::to_string(opt_.max_file_bytes) + ")";
            });
            return {};
        }
        if (size < 14 || in_[0] != 'M' || in_[1] != 'T' || in_[2] != 'h' || in_[3] != 'd') {
            fail(0, Errc::InvalidFormat, [&] {
                return "SMF at byte 0: expected an MThd header chunk (4D 54 68 64, length, format, tracks, "
                       "division; 14 bytes), found " +
                       describe_bytes(0, 8) + (size < 14 ? " (the file has " + std::to_string(size) + " bytes)" : "");
            });
            return {};
        }
        std::uint64_t hlen = be32(4);
        if (hlen < 6) {
            fail(4, Errc::InvalidFormat, [&] {
                return "SMF header at byte 4: length " + std::to_string(hlen) + ", expected at least 6";
            });
            return {};
        }
        if (hlen > size - 8) {
            if (!opt_.tolerant) {
                fail(4, Errc::InvalidFormat, [&] {
                    return "SMF header at byte 4: length " + std::to_string(hlen) + " exceeds the file (" +
                           std::to_string(size - 8) + " bytes left)";
                });
                return {};
            }
            hlen = 6;
        }
        f.format = be16(8);
        f.declared_tracks = be16(10);
        f.division = Division::from_raw(static_cast<std::uint16_t>(be16(12)));
        if (!opt_.tolerant && !check_header(f)) {
            return {};
        }
        f.header_extra.assign(in_.begin() + 14, in_.begin() + static_cast<std::ptrdiff_t>(8 + hlen));

        std::size_t p = static_cast<std::size_t>(8 + hlen);
        f.tracks.reserve(std::min<std::size_t>(static_cast<std::size_t>(f.declared_tracks), (size - p) / 8 + 1));
        while (p < size) {
            const std::size_t left = size - p;
            const bool ascii = left >= 8 && std::all_of(in_.begin() + static_cast<std::ptrdiff_t>(p),
                                                        in_.begin() + static_cast<std::ptrdiff_t>(p + 4),
                                                        [](std::uint8_t c) { return c >= 0x20 && c <= 0x7E; });
            if (!ascii) {
                if (!opt_.tolerant) {
                    fail(p, Errc::InvalidFormat, [&] {
                        return "SMF at byte " + std::to_string(p) + ": " + std::to_string(left) +
                               " bytes after the last chunk (" + describe_bytes(p, 8) +
                               "): expected a chunk (a type of four ASCII characters and a 32-bit length) or the "
                               "end of the file";
                    });
                    return {};
                }
                f.trailing.assign(in_.begin() + static_cast<std::ptrdiff_t>(p), in_.end());
                break;
            }
            const bool is_track = in_[p] == 'M' && in_[p + 1] == 'T' && in_[p + 2] == 'r' && in_[p + 3] == 'k';
            const std::uint64_t len = be32(p + 4);
            const std::size_t body = p + 8;
            std::size_t end = 0;
            if (len > size - body) {
                if (!opt_.tolerant) {
                    fail(p + 4, Errc::InvalidFormat, [&] {
                        return "SMF chunk '" + chunk_name(p) + "' at byte " + std::to_string(p) + ": length " +
                               std::to_string(len) + " exceeds the file (" + std::to_string(size - body) +
                               " bytes left)";
                    });
                    return {};
                }
                if (!is_track) {
                    f.trailing.assign(in_.begin() + static_cast<std::ptrdiff_t>(p), in_.end());
                    break;
                }
                end = size;
            } else {
                end = body + static_cast<std::size_t>(len);
            }
            if (is_track) {
                if (!opt_.tolerant && f.tracks.size() >= static_cast<std::size_t>(f.declared_tracks)) {
                    fail(p, Errc::InvalidFormat, [&] {
                        return "SMF at byte " + std::to_string(p) + ": MTrk chunk number " +
                               std::to_string(f.tracks.size() + 1) + ", but the header declares " +
                               std::to_string(f.declared_tracks) + " tracks";
                    });
                    return {};
                }
                f.tracks.emplace_back();
                if (!parse_track(f.tracks.back(), f.tracks.size() - 1, body, end)) {
                    return {};
                }
            } else {
                SmfChunk c;
                std::copy_n(in_.begin() + static_cast<std::ptrdiff_t>(p), 4, reinterpret_cast<std::uint8_t*>(c.id.data()));
                c.data.assign(in_.begin() + static_cast<std::ptrdiff_t>(body), in_.begin() + static_cast<std::ptrdiff_t>(end));
                c.after_track = f.tracks.size();
                f.unknown_chunks.push_back(std::move(c));
            }
            p = end;
        }
        if (!opt_.tolerant && f.tracks.size() != static_cast<std::size_t>(f.declared_tracks)) {
            fail(size, Errc::InvalidFormat, [&] {
                return "SMF ends at byte " + std::to_string(size) + " after " + std::to_string(f.tracks.size()) +
                       " MTrk chunks: expected " + std::to_string(f.declared_tracks) +
                       " as the header declares (the file is truncated?)";
            });
            return {};
        }
        cm::detail::report_success(ec_);
        return f;
    }

private:
    template <class Message>
    void fail(std::size_t offset, Errc code, Message&& message) {
        if (ec_ != nullptr) {
            *ec_ = code;
            return;
        }
        throw MidiFileError(make_error_code(code), std::forward<Message>(message)(), offset);
    }

    [[nodiscard]] std::uint32_t be32(std::size_t p) const noexcept {
        return static_cast<std::uint32_t>(in_[p]) << 24 | static_cast<std::uint32_t>(in_[p + 1]) << 16 |
               static_cast<std::uint32_t>(in_[p + 2]) << 8 | in_[p + 3];
    }
    [[nodiscard]] int be16(std::size_t p) const noexcept { return in_[p] << 8 | in_[p + 1]; }

    [[nodiscard]] std::string describe_bytes(std::size_t p, std::size_t n) const {
        std::string s;
        for (std::size_t i = p; i < std::min(in_.size(), p + n); ++i) {
            if (!s.empty()) {
                s += ' ';
            }
            s += smf_hex(in_[i]);
        }
        return s.empty() ? "nothing" : s;
    }
    [[nodiscard]] std::string chunk_name(std::size_t p) const {
        return std::string(reinterpret_cast<const char*>(in_.data() + p), 4);
    }

    bool check_header(const SmfFile& f) {
        if (f.format > 2) {
            fail(8, Errc::InvalidFormat, [&] {
                return "SMF header at byte 8: format " + std::to_string(f.format) + ", expected 0, 1 or 2";
            });
            return false;
        }
        if (f.format == 0 && f.declared_tracks != 1) {
            fail(10, Errc::InvalidFormat, [&] {
                return "SMF header at byte 10: format 0 with " + std::to_string(f.declared_tracks) +
                       " tracks, expected exactly 1";
            });
            return false;
        }
        const Division d = f.division;
        const bool bad_smpte =
            d.is_smpte() && ((d.fps() != 24 && d.fps() != 25 && d.fps() != 29 && d.fps() != 30) ||
                             d.ticks_per_frame() == 0);
        if (d.raw() == 0 || bad_smpte) {
            fail(12, Errc::InvalidFormat, [&] {
                return "SMF header at byte 12: division " + smf_hex(d.raw(), 4) +
                       ", expected 1 to 32767 ticks per quarter note or an SMPTE rate (-24, -25, -29, -30) with 1 "
                       "to 255 ticks per frame";
            });
            return false;
        }
        return true;
    }

    // A variable-length quantity of at most 4 bytes inside [p, end): the value,
    // or -1 when it runs past end, -2 when it is longer than 4 bytes.
    [[nodiscard]] std::int64_t vlq(std::size_t& p, std::size_t end, std::uint8_t& bytes) const noexcept {
        std::uint32_t v = 0;
        for (std::uint8_t i = 1; i <= 4; ++i) {
            if (p >= end) {
                return -1;
            }
            const std::uint8_t b = in_[p++];
            v = v << 7 | (b & 0x7Fu);
            if ((b & 0x80) == 0) {
                bytes = i;
                return v;
            }
        }
        return -2;
    }

    static std::uint8_t minimal_vlq_bytes(std::uint32_t v) noexcept {
        return v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : 4;
    }
    static std::uint8_t extra_bytes(std::uint32_t v, std::uint8_t bytes) noexcept {
        return bytes > minimal_vlq_bytes(v) ? bytes : std::uint8_t{0};
    }

    // Expected length of a meta event of fixed size, or -1 (any length).
    static int meta_length(std::uint8_t type) noexcept {
        switch (type) {
        case meta::end_of_track: return 0;
        case meta::channel_prefix:
        case meta::port: return 1;
        case meta::key_signature: return 2;
        case meta::tempo: return 3;
        case meta::time_signature: return 4;
        case meta::smpte_offset: return 5;
        default: return -1;
        }
    }

    // Tolerant: the track ends here; what is left of the chunk is kept as trailing.
    void stop_track(SmfTrack& t, std::size_t at, std::size_t end) {
        t.has_end_of_track = false;
        t.trailing.assign(in_.begin() + static_cast<std::ptrdiff_t>(at), in_.begin() + static_cast<std::ptrdiff_t>(end));
    }

    bool parse_track(SmfTrack& t, std::size_t index, std::size_t begin, std::size_t end) {
        const auto where = [&](std::size_t at) {
            return "SMF track " + std::to_string(index) + " (MTrk at byte " + std::to_string(begin - 8) +
                   "), byte " + std::to_string(at) + ": ";
        };
        // Most events take 3 or 4 bytes; the estimate only saves reallocations.
        t.events.reserve((end - begin) / 4 + 1);
        std::int64_t tick = 0;
        std::uint8_t running = 0;
        std::size_t p = begin;
        while (p < end) {
            const std::size_t start = p;
            std::uint8_t dbytes = 0;
            const std::int64_t delta = vlq(p, end, dbytes);
            if (delta < 0) {
                if (opt_.tolerant) {
                    return stop_track(t, start, end), true;
                }
                fail(start, Errc::InvalidFormat, [&] {
                    return where(start) + (delta == -1 ? "the delta time runs past the end of the chunk"
                                                       : "delta time " + describe_bytes(start, 5) +
                                                             ": expected a variable-length quantity of at most 4 "
                                                             "bytes");
                });
                return false;
            }
            if (p >= end) {
                if (opt_.tolerant) {
                    return stop_track(t, start, end), true;
                }
                fail(p, Errc::InvalidFormat,
                     [&] { return where(p) + "expected an event after the delta time, found the end of the chunk"; });
                return false;
            }
            tick += delta;
            const std::uint8_t b = in_[p];
            if (b == 0xFF || b == 0xF0 || b == 0xF7) {
                const bool is_meta = b == 0xFF;
                std::size_t q = p + 1;
                std::uint8_t type = b;
                if (is_meta) {
                    if (q >= end) {
                        if (opt_.tolerant) {
                            return stop_track(t, start, end), true;
                        }
                        fail(q, Errc::InvalidFormat,
                             [&] { return where(q) + "expected a meta event type, found the end of the chunk"; });
                        return false;
                    }
                    type = in_[q++];
                    if (type >= 0x80 && !opt_.tolerant) {
                        fail(q - 1, Errc::InvalidFormat, [&] {
                            return where(q - 1) + "meta event type " + smf_hex(type) + ", expected 00 to 7F";
                        });
                        return false;
                    }
                }
                const std::size_t len_at = q;
                std::uint8_t lbytes = 0;
                const std::int64_t len = vlq(q, end, lbytes);
                if (len < 0 || static_cast<std::uint64_t>(len) > end - q) {
                    if (opt_.tolerant) {
                        return stop_track(t, start, end), true;
                    }
                    fail(len_at, Errc::InvalidFormat, [&] {
                        const std::string what = is_meta ? "meta event " + smf_hex(type) : "SysEx " + smf_hex(b);
                        if (len == -2) {
                            return where(len_at) + what + " length " + describe_bytes(len_at, 5) +
                                   ": expected a variable-length quantity of at most 4 bytes";
                        }
                        if (len == -1) {
                            return where(len_at) + what + ": the length runs past the end of the chunk";
                        }
                        return where(len_at) + what + " length " + std::to_string(len) + " exceeds the chunk (" +
                               std::to_string(end - q) + " bytes left)";
                    });
                    return false;
                }
                if (is_meta && !opt_.tolerant) {
                    const int want = meta_length(type);
                    const bool seqnum_ok = type != meta::sequence_number || len == 0 || len == 2;
                    if ((want >= 0 && len != want) || !seqnum_ok) {
                        fail(len_at, Errc::InvalidFormat, [&] {
                            return where(len_at) + "meta event " + smf_hex(type) + " of length " +
                                   std::to_string(len) + ", expected " +
                                   (type == meta::sequence_number ? std::string("0 or 2") : std::to_string(want));
                        });
                        return false;
                    }
                }
                MidiEvent& e = t.events.emplace_back();
                e.tick = tick;
                e.kind = is_meta ? EventKind::Meta : EventKind::SysEx;
                e.status = type;
                e.data.assign(in_.begin() + static_cast<std::ptrdiff_t>(q),
                              in_.begin() + static_cast<std::ptrdiff_t>(q + static_cast<std::size_t>(len)));
                e.encoding.delta_bytes = extra_bytes(static_cast<std::uint32_t>(delta), dbytes);
                e.encoding.length_bytes = extra_bytes(static_cast<std::uint32_t>(len), lbytes);
                p = q + static_cast<std::size_t>(len);
                // The specification: SysEx and meta events cancel running status.
                if (!opt_.tolerant) {
                    running = 0;
                }
                if (is_meta && type == meta::end_of_track) {
                    t.has_end_of_track = true;
                    t.trailing.assign(in_.begin() + static_cast<std::ptrdiff_t>(p),
                                      in_.begin() + static_cast<std::ptrdiff_t>(end));
                    return true;
                }
                continue;
            }
            std::uint8_t status = b;
            bool used_running = false;
            if (b < 0x80) {
                if (running == 0) {
                    if (opt_.tolerant) {
                        return stop_track(t, start, end), true;
                    }
                    fail(p, Errc::InvalidFormat, [&] {
                        return where(p) + "data byte " + smf_hex(b) +
                               " without running status (none yet, or a meta or SysEx event cancelled it): "
                               "expected a status byte";
                    });
                    return false;
                }
                status = running;
                used_running = true;
            } else if (b >= 0xF0) {
                if (opt_.tolerant) {
                    return stop_track(t, start, end), true;
                }
                fail(p, Errc::InvalidFormat, [&] {
                    return where(p) + "status byte " + smf_hex(b) +
                           " (system common or real-time) cannot appear in a track: expected a channel message "
                           "(80-EF), F0/F7 SysEx or FF meta (an F7 escape carries such bytes)";
                });
                return false;
            } else {
                ++p;
            }
            const std::size_t ndata = static_cast<std::size_t>(message_size(status)) - 1;
            std::uint8_t bytes[3] = {status, 0, 0};
            for (std::size_t i = 0; i < ndata; ++i) {
                if (p >= end || in_[p] >= 0x80) {
                    if (opt_.tolerant) {
                        return stop_track(t, start, end), true;
                    }
                    fail(p, Errc::InvalidFormat, [&] {
                        return where(p) + "message " + smf_hex(status) + " expects " + std::to_string(ndata) +
                               " data bytes (00-7F), found " +
                               (p >= end ? std::string("the end of the chunk") : smf_hex(in_[p]));
                    });
                    return false;
                }
                bytes[i + 1] = in_[p++];
            }
            std::error_code mec;
            MidiEvent& e = t.events.emplace_back();
            e.tick = tick;
            e.message = MidiMessage::from_bytes(std::span<const std::uint8_t>(bytes, ndata + 1), mec);
            e.encoding.running_status = used_running;
            e.encoding.delta_bytes = extra_bytes(static_cast<std::uint32_t>(delta), dbytes);
            running = status;
        }
        if (opt_.tolerant) {
            t.has_end_of_track = false;
            return true;
        }
        fail(end, Errc::InvalidFormat, [&] {
            return where(end) + "the chunk ends without an end-of-track event (FF 2F 00)";
        });
        return false;
    }

    std::span<const std::uint8_t> in_;
    const SmfReadOptions& opt_;
    std::error_code* ec_;
};

} // namespace detail

/// Reads a Standard MIDI File from memory. Every event is kept with how it
/// was encoded (running status, non-minimal VLQs), and unknown chunks,
/// extra header bytes and bytes after end-of-track are kept, so that
/// write_smf with keep_encoding gives back these bytes exactly (for every
/// file a strict read accepts). Events hold absolute ticks; each track's
/// last event is its end-of-track meta event (when it has one). Note-on
/// with velocity 0 stays a note-on.
/// Throws MidiFileError (Errc::InvalidFormat, or Errc::OutOfRange for a
/// file over max_file_bytes) whose offset() is the byte at fault and whose
/// message says what was expected there. No length field can make it
/// allocate more than a small multiple of the input's size.
/// Thread-safe: yes (no shared state). Not realtime-safe (allocates).
[[nodiscard]] inline SmfFile read_smf(std::span<const std::uint8_t> bytes, const SmfReadOptions& options = {}) {
    return detail::SmfParser{bytes, options, nullptr}.parse();
}

/// As above, but reports a malformed file through ec (the code only; use
/// the throwing overload for the offset and message) and returns an empty
/// SmfFile; out of memory gives std::errc::not_enough_memory. Clears ec on
/// success. Thread-safe: yes. Not realtime-safe.
[[nodiscard]] inline SmfFile read_smf(std::span<const std::uint8_t> bytes, const SmfReadOptions& options,
                                      std::error_code& ec) noexcept {
    try {
        return detail::SmfParser{bytes, options, &ec}.parse();
    } catch (const std::bad_alloc&) {
        ec = std::make_error_code(std::errc::not_enough_memory);
    } catch (...) {
        // Nothing else throws with an error_code; kept so noexcept can never terminate.
        ec = Errc::InvalidFormat;
    }
    return {};
}

namespace detail {

inline std::vector<std::uint8_t> read_whole_file(const std::filesystem::path& path, std::size_t max_bytes,
                                                 std::error_code* ec, const char* what) {
    std::error_code fec;
    const std::uintmax_t size = std::filesystem::file_size(path, fec);
    if (fec) {
        cm::detail::report<MidiFileError>(ec, Errc::IoError, [&] {
            return std::string(what) + " '" + path.string() + "': cannot read its size (" + fec.message() + ")";
        });
        return {};
    }
    if (size > max_bytes) {
        cm::detail::report<MidiFileError>(ec, Errc::OutOfRange, [&] {
            return std::string(what) + " '" + path.string() + "' has " + std::to_string(size) +
                   " bytes: expected at most max_file_bytes (" + std::to_string(max_bytes) + ")";
        });
        return {};
    }
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size));
    std::ifstream in(path, std::ios::binary);
    if (!in || !in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size())) ||
        in.peek() != std::ifstream::traits_type::eof()) {
        cm::detail::report<MidiFileError>(ec, Errc::IoError, [&] {
            return std::string(what) + " '" + path.string() + "': cannot read its " + std::to_string(size) +
                   " bytes (it changed or is unreadable)";
        });
        return {};
    }
    return bytes;
}

} // namespace detail

/// Reads a Standard MIDI File from disk (see read_smf). Throws
/// MidiFileError: Errc::IoError when the file cannot be read,
/// Errc::OutOfRange when it is larger than max_file_bytes (checked before
/// reading), else as read_smf.
/// Thread-safe: yes. Not realtime-safe.
[[nodiscard]] inline SmfFile load_smf(const std::filesystem::path& path, const SmfReadOptions& options = {}) {
    const std::vector<std::uint8_t> bytes = detail::read_whole_file(path, options.max_file_bytes, nullptr, "SMF");
    return read_smf(bytes, options);
}

/// As above, reporting failures through ec (cleared on success).
/// Thread-safe: yes. Not realtime-safe.
[[nodiscard]] inline SmfFile load_smf(const std::filesystem::path& path, const SmfReadOptions& options,
                                      std::error_code& ec) noexcept {
    try {
        ec.clear();
        const std::vector<std::uint8_t> bytes = detail::read_whole_file(path, options.max_file_bytes, &ec, "SMF");
        if (ec) {
            return {};
        }
        return read_smf(bytes, options, ec);
    } catch (const std::bad_alloc&) {
        ec = std::make_error_code(std::errc::not_enough_memory);
    } catch (...) {
        ec = Errc::IoError;
    }
    return {};
}

} // namespace cm::midi
