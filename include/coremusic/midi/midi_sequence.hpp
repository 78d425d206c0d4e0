// coremusic/midi/midi_sequence.hpp
// A piece of MIDI as tracks of sorted events with a division, a format and a
// tempo map: what transforms work on, converted to and from an SmfFile.
#pragma once

#include <algorithm>
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
#include <coremusic/midi/midi_event.hpp>
#include <coremusic/midi/midi_track.hpp>
#include <coremusic/midi/smf_file.hpp>
#include <coremusic/midi/smf_reader.hpp>
#include <coremusic/midi/smf_writer.hpp>
#include <coremusic/midi/tempo_map.hpp>

namespace cm::midi {

/// Tracks of sorted events (MidiTrack) sharing a division (ticks per
/// quarter note, or SMPTE) and a file format: 0 (one track), 1 (tracks
/// played together, the first holding the tempo map by convention) or 2
/// (independent patterns). Tempo and time-signature changes are meta events
/// in the tracks; tempo_map() collects them.
///
/// This is a model, not a byte-exact copy of a file (SmfFile is that):
/// from_file() sorts each track's events by the track's equal-tick order,
/// drops the events' encodings, keeps the end-of-track tick as the track's
/// end and a track-name meta event at tick 0 as its name, and lengthens a
/// note that ends on the tick it starts to one tick; to_file() writes the
/// canonical form back.
/// Thread-safe: a value type (const members may be called concurrently).
/// Not realtime-safe (allocates).
class MidiSequence {
public:
    /// Format 1, 480 ticks per quarter note, no tracks.
    MidiSequence() = default;

    /// Format 0, 1 or 2 at ppq ticks per quarter note (1..32767). Throws
    /// MidiError (Errc::OutOfRange) otherwise.
    explicit MidiSequence(int ppq, int format = 1) {
        detail::check_range(ppq, 1, 0x7FFF, "MidiSequence ticks per quarter note");
        detail::check_range(format, 0, 2, "MidiSequence format");
        division_ = Division::ppq(ppq);
        format_ = format;
    }

    /// Any division (PPQ or SMPTE) and format 0, 1 or 2. Throws MidiError
    /// (Errc::OutOfRange) for another format or a zero division.
    MidiSequence(Division division, int format) : division_(division) {
        detail::check_range(format, 0, 2, "MidiSequence format");
        if (division.raw() == 0 || (division.is_smpte() && division.ticks_per_frame() == 0)) {
            cm::detail::report<MidiError>(nullptr, Errc::OutOfRange,
                                          "MidiSequence division 0: expected ticks per quarter note or SMPTE "
                                          "frames per second and ticks per frame");
        }
        format_ = format;
    }

    /// The sequence a file holds (see the class comment for what is
    /// normalised). A format-0 file with several tracks (damaged) becomes
    /// format 1. Throws MidiError (Errc::OutOfRange) for a zero division or
    /// a format other than 0, 1, 2, and for a track with 2^32 events or more.
    [[nodiscard]] static MidiSequence from_file(const SmfFile& file) {
        MidiSequence seq(file.division, file.format == 0 && file.tracks.size() > 1 ? 1 : file.format);
        const int ppq = file.division.ticks_per_quarter();
        for (const SmfTrack& st : file.tracks) {
            MidiTrack t(std::string{}, 0, ppq);
            std::vector<MidiEvent> events;
            events.reserve(st.events.size());
            bool named = false;
            bool have_channel = false;
            int channel = 0;
            std::int64_t end = 0;
            for (const MidiEvent& e : st.events) {
                if (e.is_meta(meta::end_of_track)) {
                    end = std::max(end, e.tick);
                    continue;
                }
                if (!named && e.tick == 0 && e.is_meta(meta::track_name)) {
                    t.set_name(e.text());
                    named = true;
                    continue;
                }
                if (!have_channel && e.is_message() && e.message.is_channel_message()) {
                    channel = e.message.channel();
                    have_channel = true;
                }
                events.push_back(e);
                events.back().encoding = {};
            }
            // Pair in file order, where a zero-length note is still a
            // note-on followed by its note-off; sorting note-offs first would
            // turn it into a stray note-off and a note never released.
            const detail::NotePairing p = detail::pair_notes(events);
            for (std::size_t i = 0; i < events.size(); ++i) {
                const std::uint32_t off = p.off_of[i];
                if (off != detail::no_event && off != detail::claimed_off && events[off].tick <= events[i].tick) {
                    events[off].tick = events[i].tick + 1;
                }
            }
            t.set_channel(channel);
            t.set_end_tick(end);
            t.edit([&](std::vector<MidiEvent>& ev) { ev = std::move(events); });
            seq.tracks_.push_back(std::move(t));
        }
        return seq;
    }

    /// The file: each track's name as a track-name meta event at tick 0 (when
    /// not empty), its events in order with canonical encodings, and an
    /// end-of-track at end_tick(). Throws MidiError (Errc::InvalidState) for
    /// format 0 with more than one track (merge them with TrackMerge) or a
    /// track whose ppq differs from the sequence's.
    [[nodiscard]] SmfFile to_file() const {
        check_tracks();
        SmfFile f;
        f.format = format_;
        f.division = division_;
        f.declared_tracks = static_cast<int>(tracks_.size());
        f.tracks.reserve(tracks_.size());
        for (const MidiTrack& t : tracks_) {
            SmfTrack st;
            st.events.reserve(t.size() + 2);
            if (!t.name().empty()) {
                st.events.push_back(MidiEvent::text_event(0, meta::track_name, t.name()));
            }
            st.events.insert(st.events.end(), t.events().begin(), t.events().end());
            st.events.push_back(MidiEvent::end_of_track(t.end_tick()));
            f.tracks.push_back(std::move(st));
        }
        return f;
    }

    /// The sequence in the Standard MIDI File at path: load_smf, then
    /// from_file. Throws MidiFileError as load_smf does, MidiError as
    /// from_file does.
    [[nodiscard]] static MidiSequence load(const std::filesystem::path& path, const SmfReadOptions& options = {}) {
        return from_file(load_smf(path, options));
    }
    /// As above, reporting failure through ec (cleared on success) and then
    /// returning an empty sequence.
    [[nodiscard]] static MidiSequence load(const std::filesystem::path& path, const SmfReadOptions& options,
                                           std::error_code& ec) noexcept {
        try {
            SmfFile f = load_smf(path, options, ec);
            if (ec) {
                return {};
            }
            return from_file(f);
        } catch (const std::system_error& e) {
            ec = e.code();
        } catch (const std::bad_alloc&) {
            ec = std::make_error_code(std::errc::not_enough_memory);
        }
        return {};
    }

    /// Writes the sequence to path as a Standard MIDI File: to_file, then
    /// save_smf (atomically: on failure path keeps its old content). Throws
    /// MidiError as to_file does, MidiFileError as save_smf does.
    void save(const std::filesystem::path& path, const SmfWriteOptions& options = {}) const {
        save_smf(path, to_file(), options);
    }
    /// As above, reporting failure through ec (cleared on success).
    void save(const std::filesystem::path& path, const SmfWriteOptions& options, std::error_code& ec) const noexcept {
        try {
            save_smf(path, to_file(), options, ec);
        } catch (const std::system_error& e) {
            ec = e.code();
        } catch (const std::bad_alloc&) {
            ec = std::make_error_code(std::errc::not_enough_memory);
        }
    }

    /// The division (ticks per quarter note or SMPTE).
    [[nodiscard]] Division division() const noexcept { return division_; }
    /// Ticks per quarter note; 0 under an SMPTE division.
    [[nodiscard]] int ppq() const noexcept { return division_.ticks_per_quarter(); }
    /// 0, 1 or 2.
    [[nodiscard]] int format() const noexcept { return format_; }
    /// Sets the format. Throws MidiError (Errc::OutOfRange) for other than
    /// 0, 1, 2, (Errc::InvalidState) for 0 with more than one track.
    void set_format(int format) {
        detail::check_range(format, 0, 2, "MidiSequence format");
        if (format == 0 && tracks_.size() > 1) {
            cm::detail::report<MidiError>(nullptr, Errc::InvalidState, [&] {
                return "format 0 with " + std::to_string(tracks_.size()) +
                       " tracks: format 0 holds one track; merge them first (TrackMerge)";
            });
        }
        format_ = format;
    }

    /// The tracks. A track may be edited in place; replacing one with a
    /// track of another ppq makes to_file() throw.
    [[nodiscard]] std::span<MidiTrack> tracks() noexcept { return tracks_; }
    [[nodiscard]] std::span<const MidiTrack> tracks() const noexcept { return tracks_; }
    [[nodiscard]] std::size_t track_count() const noexcept { return tracks_.size(); }
    /// Track i; throws MidiError (Errc::OutOfRange) past the end.
    [[nodiscard]] MidiTrack& track(std::size_t i) { return tracks_[check_index(i)]; }
    [[nodiscard]] const MidiTrack& track(std::size_t i) const { return tracks_[check_index(i)]; }

    /// Appends an empty track at this sequence's ppq and returns it (valid
    /// until the next track is added or removed). Throws MidiError
    /// (Errc::InvalidState) for a second track in format 0, (Errc::OutOfRange)
    /// for a channel outside 0..15.
    MidiTrack& add_track(std::string name = {}, int channel = 0) {
        return add_track(MidiTrack(std::move(name), channel, ppq()));
    }
    /// Appends track. Throws MidiError (Errc::InvalidArgument) when its ppq
    /// is not this sequence's, (Errc::InvalidState) for a second track in
    /// format 0.
    MidiTrack& add_track(MidiTrack track) {
        if (track.ppq() != ppq()) {
            cm::detail::report<MidiError>(nullptr, Errc::InvalidArgument, [&] {
                return "track \"" + track.name() + "\" at " + std::to_string(track.ppq()) +
                       " ticks per quarter note: expected the sequence's " + std::to_string(ppq());
            });
        }
        if (format_ == 0 && !tracks_.empty()) {
            cm::detail::report<MidiError>(nullptr, Errc::InvalidState,
                                          "a second track in format 0: format 0 holds one track; use format 1");
        }
        tracks_.push_back(std::move(track));
        return tracks_.back();
    }
    /// Removes track i; throws MidiError (Errc::OutOfRange) past the end.
    void remove_track(std::size_t i) {
        tracks_.erase(tracks_.begin() + static_cast<std::ptrdiff_t>(check_index(i)));
    }
    /// Replaces all tracks, checked as add_track does.
    void set_tracks(std::vector<MidiTrack> tracks) {
        tracks_.clear();
        for (MidiTrack& t : tracks) {
            add_track(std::move(t));
        }
    }

    /// A tempo change in the first track (made if there is none); see
    /// MidiTrack::add_tempo.
    void add_tempo(std::int64_t tick, double bpm) { first_track().add_tempo(tick, bpm); }
    /// A time signature in the first track (made if there is none).
    void add_time_signature(std::int64_t tick, int numerator, int denominator) {
        first_track().add_time_signature(tick, numerator, denominator);
    }

    /// The tempo map of the tempo and time-signature events of every track
    /// (only the first in format 2, whose tracks are separate songs), as
    /// TempoMap::from_file reads a file. Computed on each call.
    [[nodiscard]] TempoMap tempo_map() const {
        std::vector<MidiEvent> timing;
        const std::size_t n = format_ == 2 ? std::min<std::size_t>(1, tracks_.size()) : tracks_.size();
        for (std::size_t i = 0; i < n; ++i) {
            for (const MidiEvent& e : tracks_[i].events()) {
                if (e.is_meta(meta::tempo) || e.is_meta(meta::time_signature)) {
                    timing.push_back(e);
                }
            }
        }
        return TempoMap::from_events(division_, timing);
    }

    /// The length: the latest track end (0 without tracks).
    [[nodiscard]] std::int64_t duration_ticks() const noexcept {
        std::int64_t d = 0;
        for (const MidiTrack& t : tracks_) {
            d = std::max(d, t.end_tick());
        }
        return d;
    }
    /// The length in quarter-note beats (through the tempo map under SMPTE).
    [[nodiscard]] double duration_beats() const { return tempo_map().tick_to_beats(duration_ticks()); }
    /// The length in seconds through the tempo map.
    [[nodiscard]] double duration_seconds() const { return tempo_map().tick_to_seconds(duration_ticks()); }

    /// Events in all tracks.
    [[nodiscard]] std::size_t event_count() const noexcept {
        std::size_t n = 0;
        for (const MidiTrack& t : tracks_) {
            n += t.size();
        }
        return n;
    }

    /// Same division, format and tracks.
    [[nodiscard]] friend bool operator==(const MidiSequence&, const MidiSequence&) = default;

private:
    std::size_t check_index(std::size_t i) const {
        if (i >= tracks_.size()) {
            cm::detail::report<MidiError>(nullptr, Errc::OutOfRange, [&] {
                return "track " + std::to_string(i) + ": the sequence has " + std::to_string(tracks_.size()) +
                       " tracks";
            });
        }
        return i;
    }

    MidiTrack& first_track() {
        if (tracks_.empty()) {
            add_track();
        }
        return tracks_.front();
    }

    void check_tracks() const {
        if (format_ == 0 && tracks_.size() > 1) {
            cm::detail::report<MidiError>(nullptr, Errc::InvalidState, [&] {
                return "format 0 with " + std::to_string(tracks_.size()) +
                       " tracks: format 0 holds one track; merge them first (TrackMerge)";
            });
        }
        for (const MidiTrack& t : tracks_) {
            if (t.ppq() != ppq()) {
                cm::detail::report<MidiError>(nullptr, Errc::InvalidState, [&] {
                    return "track \"" + t.name() + "\" at " + std::to_string(t.ppq()) +
                           " ticks per quarter note in a sequence at " + std::to_string(ppq());
                });
            }
        }
    }

    Division division_{};
    int format_ = 1;
    std::vector<MidiTrack> tracks_{};
};

} // namespace cm::midi
