// coremusic/midi/smf_writer.hpp
// Writing an SmfFile as a Standard MIDI File: canonical bytes, or exactly the
// bytes it was read from, and saving without ever leaving a partial file.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <new>
#include <span>
#include <string>
#include <system_error>
#include <vector>

#include <coremusic/core/error.hpp>
#include <coremusic/midi/message.hpp>
#include <coremusic/midi/midi_event.hpp>
#include <coremusic/midi/smf_file.hpp>

namespace cm::midi {

/// How write_smf encodes.
///
/// Canonical (the default): minimal VLQs, an explicit status byte on every
/// channel message (or running status when `running_status`, cancelled by
/// meta and SysEx events as the specification says), the header's track
/// count from tracks.size(), an end-of-track event added to every track
/// that lacks one (at its last event's tick; end-of-track events before a
/// track's last event are left out), unknown chunks kept in place, and
/// SmfFile::header_extra, SmfFile::trailing and SmfTrack::trailing dropped.
///
/// keep_encoding: each event as its EventEncoding says (VLQ byte counts;
/// the status byte left out where running_status is set and the status
/// equals the last channel status written, even across meta and SysEx
/// events, as a tolerant read records it), end-of-track only where the
/// track has one (SmfTrack::has_end_of_track), and declared_tracks,
/// header_extra, unknown chunks, SmfTrack::trailing and SmfFile::trailing
/// written back: the bytes read_smf read, exactly.
struct SmfWriteOptions {
    /// Reproduce the encoding recorded by read_smf (see above).
    bool keep_encoding = false;
    /// Canonical mode only: leave out repeated status bytes.
    bool running_status = false;
};

namespace detail {

/// Appends v (at most 0x0FFFFFFF) as a variable-length quantity of at least
/// min_bytes bytes (at most 4). Realtime-safe apart from the vector's growth.
inline void smf_put_vlq(std::vector<std::uint8_t>& out, std::uint32_t v, std::uint8_t min_bytes = 0) {
    int n = v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : 4;
    if (min_bytes > n) {
        n = min_bytes > 4 ? 4 : min_bytes;
    }
    for (int i = n - 1; i >= 0; --i) {
        const auto b = static_cast<std::uint8_t>((v >> (7 * i)) & 0x7F);
        out.push_back(static_cast<std::uint8_t>(i > 0 ? b | 0x80 : b));
    }
}

inline void smf_put_be32(std::vector<std::uint8_t>& out, std::uint32_t v) {
    out.push_back(static_cast<std::uint8_t>(v >> 24));
    out.push_back(static_cast<std::uint8_t>(v >> 16));
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v));
}

inline void smf_put_be16(std::vector<std::uint8_t>& out, unsigned v) {
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v));
}

inline constexpr std::uint32_t smf_max_vlq = 0x0FFFFFFF;

class SmfWriter {
public:
    SmfWriter(const SmfFile& f, const SmfWriteOptions& opt, std::error_code* ec) noexcept
        : f_(f), opt_(opt), ec_(ec) {}

    std::vector<std::uint8_t> write() {
        const bool keep = opt_.keep_encoding;
        const int ntracks = keep ? f_.declared_tracks : static_cast<int>(f_.tracks.size());
        if (f_.format < 0 || f_.format > 0xFFFF || ntracks < 0 || ntracks > 0xFFFF || f_.tracks.size() > 0xFFFF) {
            fail(Errc::OutOfRange, [&] {
                return "SMF write: format " + std::to_string(f_.format) + " with " + std::to_string(ntracks) +
                       " declared and " + std::to_string(f_.tracks.size()) +
                       " actual tracks: expected a format and track counts of 0 to 65535";
            });
            return {};
        }
        std::vector<std::uint8_t> out;
        std::size_t estimate = 14 + f_.header_extra.size() + f_.trailing.size();
        for (const SmfTrack& t : f_.tracks) {
            estimate += 12 + t.events.size() * 4 + t.trailing.size();
        }
        out.reserve(estimate);
        out.insert(out.end(), {'M', 'T', 'h', 'd'});
        const std::vector<std::uint8_t> no_extra;
        const std::vector<std::uint8_t>& extra = keep ? f_.header_extra : no_extra;
        smf_put_be32(out, static_cast<std::uint32_t>(6 + extra.size()));
        smf_put_be16(out, static_cast<unsigned>(f_.format));
        smf_put_be16(out, static_cast<unsigned>(ntracks));
        smf_put_be16(out, f_.division.raw());
        out.insert(out.end(), extra.begin(), extra.end());

        std::size_t chunk = 0;
        const auto chunks_after = [&](std::size_t n) {
            while (chunk < f_.unknown_chunks.size() && f_.unknown_chunks[chunk].after_track <= n) {
                const SmfChunk& c = f_.unknown_chunks[chunk++];
                out.insert(out.end(), c.id.begin(), c.id.end());
                smf_put_be32(out, static_cast<std::uint32_t>(c.data.size()));
                out.insert(out.end(), c.data.begin(), c.data.end());
            }
        };
        for (const SmfChunk& c : f_.unknown_chunks) {
            if (c.data.size() > 0xFFFFFFFFu) {
                fail(Errc::OutOfRange, [&] { return "SMF write: a chunk of more than 4294967295 bytes"; });
                return {};
            }
        }
        for (std::size_t i = 0; i < f_.tracks.size(); ++i) {
            chunks_after(i);
            if (!write_track(out, f_.tracks[i], i)) {
                return {};
            }
        }
        chunks_after(static_cast<std::size_t>(-1));
        if (keep) {
            out.insert(out.end(), f_.trailing.begin(), f_.trailing.end());
        }
        cm::detail::report_success(ec_);
        return out;
    }

private:
    template <class Message>
    void fail(Errc code, Message&& message) {
        cm::detail::report<MidiFileError>(ec_, code, std::forward<Message>(message));
    }

    bool write_track(std::vector<std::uint8_t>& out, const SmfTrack& t, std::size_t index) {
        const bool keep = opt_.keep_encoding;
        out.insert(out.end(), {'M', 'T', 'r', 'k', 0, 0, 0, 0});
        const std::size_t body = out.size();
        std::int64_t tick = 0;
        std::uint8_t running = 0;
        const std::size_t n = t.events.size();
        for (std::size_t i = 0; i < n; ++i) {
            const MidiEvent& e = t.events[i];
            const bool last = i + 1 == n;
            if (!keep && !last && e.is_meta(meta::end_of_track)) {
                continue;  // it would end the track early; one is written at the end
            }
            if (e.tick < tick || e.tick - tick > smf_max_vlq) {
                fail(Errc::InvalidArgument, [&] {
                    return "SMF write: track " + std::to_string(index) + " event " + std::to_string(i) +
                           " at tick " + std::to_string(e.tick) + " after tick " + std::to_string(tick) +
                           ": expected events in tick order, at most 268435455 ticks apart";
                });
                return false;
            }
            const auto delta = static_cast<std::uint32_t>(e.tick - tick);
            tick = e.tick;
            smf_put_vlq(out, delta, keep ? e.encoding.delta_bytes : std::uint8_t{0});
            if (e.kind == EventKind::Message && e.message.is_channel_message()) {
                const std::uint8_t s = e.message.status();
                const bool omit = keep ? e.encoding.running_status && s == running
                                       : opt_.running_status && s == running;
                const std::span<const std::uint8_t> b = e.message.bytes();
                out.insert(out.end(), b.begin() + (omit ? 1 : 0), b.end());
                running = s;
                continue;
            }
            // Meta and SysEx events; system messages go out as F7 escapes (the
            // specification's way to put arbitrary bytes in a file).
            std::span<const std::uint8_t> payload;
            if (e.kind == EventKind::Message) {
                out.push_back(0xF7);
                payload = e.message.bytes();
            } else if (e.kind == EventKind::Meta) {
                out.push_back(0xFF);
                out.push_back(e.status);
                payload = e.data;
            } else {
                out.push_back(e.status == 0xF7 ? std::uint8_t{0xF7} : std::uint8_t{0xF0});
                payload = e.data;
            }
            if (payload.size() > smf_max_vlq) {
                fail(Errc::OutOfRange, [&] {
                    return "SMF write: track " + std::to_string(index) + " event " + std::to_string(i) + " has " +
                           std::to_string(payload.size()) + " bytes of data: expected at most 268435455";
                });
                return false;
            }
            smf_put_vlq(out, static_cast<std::uint32_t>(payload.size()), keep ? e.encoding.length_bytes : std::uint8_t{0});
            out.insert(out.end(), payload.begin(), payload.end());
            if (!keep) {
                running = 0;  // the specification: meta and SysEx cancel running status
            }
        }
        const bool ends = n > 0 && t.events.back().is_meta(meta::end_of_track);
        if (!ends && (!keep || t.has_end_of_track)) {
            out.insert(out.end(), {0x00, 0xFF, 0x2F, 0x00});
        }
        if (keep) {
            out.insert(out.end(), t.trailing.begin(), t.trailing.end());
        }
        const std::size_t len = out.size() - body;
        if (len > 0xFFFFFFFFu) {
            fail(Errc::OutOfRange, [&] {
                return "SMF write: track " + std::to_string(index) + " takes " + std::to_string(len) +
                       " bytes: expected at most 4294967295";
            });
            return false;
        }
        for (int k = 0; k < 4; ++k) {
            out[body - 4 + static_cast<std::size_t>(k)] = static_cast<std::uint8_t>(len >> (24 - 8 * k));
        }
        return true;
    }

    const SmfFile& f_;
    const SmfWriteOptions& opt_;
    std::error_code* ec_;
};

/// Writes bytes to `path` by way of a temporary file in the same directory
/// renamed over it, so the path holds either its old content or all of the
/// new; the temporary file is removed on failure.
inline void write_file_atomically(const std::filesystem::path& path, std::span<const std::uint8_t> bytes,
                                  std::error_code* ec, const char* what) {
    // Unique enough for concurrent saves in one process or several.
    const auto stamp = static_cast<unsigned long long>(std::chrono::steady_clock::now().time_since_epoch().count());
    std::filesystem::path tmp = path;
    tmp += ".tmp-" + std::to_string(stamp) + "-" +
           std::to_string(reinterpret_cast<std::uintptr_t>(bytes.data()) & 0xFFFFFF);
    bool ok = false;
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (out) {
            out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
            out.close();
            ok = !out.fail();
        }
    }
    std::error_code fec;
    if (ok) {
        std::filesystem::rename(tmp, path, fec);
        ok = !fec;
    }
    if (!ok) {
        std::error_code ignore;
        std::filesystem::remove(tmp, ignore);
        cm::detail::report<MidiFileError>(ec, Errc::IoError, [&] {
            return std::string(what) + " '" + path.string() + "': cannot write " + std::to_string(bytes.size()) +
                   " bytes" + (fec ? " (" + fec.message() + ")" : std::string(" (cannot create or write a "
                                                                              "temporary file beside it)"));
        });
    }
}

} // namespace detail

/// The bytes of a Standard MIDI File (see SmfWriteOptions for the two
/// modes). Throws MidiFileError: Errc::InvalidArgument when a track's
/// events are out of tick order or more than 0x0FFFFFFF ticks apart,
/// Errc::OutOfRange when a count or length does not fit its field. Message
/// events holding system common or real-time messages are written as F7
/// escape events (they read back as SysEx events with status F7).
/// Thread-safe: yes (no shared state). Not realtime-safe (allocates).
[[nodiscard]] inline std::vector<std::uint8_t> write_smf(const SmfFile& file, const SmfWriteOptions& options = {}) {
    return detail::SmfWriter{file, options, nullptr}.write();
}

/// As above, reporting failure through ec (cleared on success) and then
/// returning no bytes; out of memory gives std::errc::not_enough_memory.
/// Thread-safe: yes. Not realtime-safe.
[[nodiscard]] inline std::vector<std::uint8_t> write_smf(const SmfFile& file, const SmfWriteOptions& options,
                                                         std::error_code& ec) noexcept {
    try {
        return detail::SmfWriter{file, options, &ec}.write();
    } catch (const std::bad_alloc&) {
        ec = std::make_error_code(std::errc::not_enough_memory);
    } catch (...) {
        ec = Errc::InvalidArgument;
    }
    return {};
}

/// Writes the file to `path` (see write_smf) through a temporary file in
/// the same directory renamed over `path`: on any failure `path` keeps its
/// old content (or stays absent) and no partial file is left. Throws
/// MidiFileError (as write_smf, or Errc::IoError).
/// Thread-safe: yes, for distinct paths. Not realtime-safe.
inline void save_smf(const std::filesystem::path& path, const SmfFile& file, const SmfWriteOptions& options = {}) {
    const std::vector<std::uint8_t> bytes = write_smf(file, options);
    detail::write_file_atomically(path, bytes, nullptr, "SMF");
}

/// As above, reporting failure through ec (cleared on success).
/// Thread-safe: yes, for distinct paths. Not realtime-safe.
inline void save_smf(const std::filesystem::path& path, const SmfFile& file, const SmfWriteOptions& options,
                     std::error_code& ec) noexcept {
    try {
        const std::vector<std::uint8_t> bytes = write_smf(file, options, ec);
        if (ec) {
            return;
        }
        detail::write_file_atomically(path, bytes, &ec, "SMF");
        if (!ec) {
            cm::detail::report_success(&ec);
        }
    } catch (const std::bad_alloc&) {
        ec = std::make_error_code(std::errc::not_enough_memory);
    } catch (...) {
        ec = Errc::IoError;
    }
}

} // namespace cm::midi
