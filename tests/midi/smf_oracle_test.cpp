// Standard MIDI Files made by independent tools (abc2midi, lilypond, the npm
// package midi-file), read by coremusic and compared with what independent
// readers saw in them (tests/oracle/midi/make-fixtures regenerates all):
// every event against midi-file's parseMidi, the note list and its times
// against a tempo map computed in JavaScript and against @tonejs/midi, and
// the ABC files against abc2midi's own mftext listing. Every fixture also
// round-trips byte for byte in keep-encoding mode and event for event in
// canonical mode.
#include <coremusic/midi/smf_reader.hpp>
#include <coremusic/midi/smf_writer.hpp>
#include <coremusic/midi/tempo_map.hpp>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

namespace {

using namespace cm::midi;
using nlohmann::json;
namespace fs = std::filesystem;

fs::path data_dir() { return fs::path(__FILE__).parent_path().parent_path() / "data" / "midi"; }

std::vector<fs::path> fixtures() {
    std::vector<fs::path> out;
    for (const char* sub : {"abc", "lilypond", "midi-file"}) {
        for (const auto& e : fs::directory_iterator(data_dir() / sub)) {
            if (e.path().extension() == ".mid") {
                out.push_back(e.path());
            }
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::uint8_t> bytes_of(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

json json_of(const fs::path& p) {
    std::ifstream in(p);
    return json::parse(in);
}

// JavaScript's String.fromCharCode over the bytes, as UTF-8.
std::string latin1(const std::vector<std::uint8_t>& b) {
    std::string s;
    for (const std::uint8_t c : b) {
        if (c < 0x80) {
            s += static_cast<char>(c);
        } else {
            s += static_cast<char>(0xC0 | (c >> 6));
            s += static_cast<char>(0x80 | (c & 0x3F));
        }
    }
    return s;
}

// Our event in midi-file's parseMidi form (see node_modules/midi-file/lib/midi-parser.js).
json as_midi_file(const MidiEvent& e) {
    json j;
    j["tick"] = e.tick;
    if (e.kind == EventKind::Message) {
        const MidiMessage& m = e.message;
        j["channel"] = m.channel();
        switch (m.type()) {
        case MessageType::NoteOff: j["type"] = "noteOff"; j["noteNumber"] = m.note(); j["velocity"] = m.velocity(); break;
        case MessageType::NoteOn:
            j["type"] = m.velocity() == 0 ? "noteOff" : "noteOn";
            j["noteNumber"] = m.note();
            j["velocity"] = m.velocity();
            if (m.velocity() == 0) {
                j["byte9"] = true;
            }
            break;
        case MessageType::PolyPressure: j["type"] = "noteAftertouch"; j["noteNumber"] = m.note(); j["amount"] = m.data2(); break;
        case MessageType::ControlChange: j["type"] = "controller"; j["controllerType"] = m.data1(); j["value"] = m.data2(); break;
        case MessageType::ProgramChange: j["type"] = "programChange"; j["programNumber"] = m.data1(); break;
        case MessageType::ChannelPressure: j["type"] = "channelAftertouch"; j["amount"] = m.data1(); break;
        case MessageType::PitchBend: j["type"] = "pitchBend"; j["value"] = m.pitch_bend_value() - 8192; break;
        default: j["type"] = "?"; break;
        }
        if (e.encoding.running_status) {
            j["running"] = true;
        }
        return j;
    }
    if (e.kind == EventKind::SysEx) {
        j["type"] = e.status == 0xF0 ? "sysEx" : "endSysEx";
        j["data"] = e.data;
        return j;
    }
    j["meta"] = true;
    const auto& d = e.data;
    static const std::map<int, const char*> texts = {{1, "text"},   {2, "copyrightNotice"}, {3, "trackName"},
                                                     {4, "instrumentName"}, {5, "lyrics"}, {6, "marker"},
                                                     {7, "cuePoint"}};
    if (texts.count(e.status) != 0) {
        j["type"] = texts.at(e.status);
        j["text"] = latin1(d);
        return j;
    }
    switch (e.status) {
    case meta::sequence_number: j["type"] = "sequenceNumber"; j["number"] = d[0] << 8 | d[1]; break;
    case meta::channel_prefix: j["type"] = "channelPrefix"; j["channel"] = d[0]; break;
    case meta::port: j["type"] = "portPrefix"; j["port"] = d[0]; break;
    case meta::end_of_track: j["type"] = "endOfTrack"; break;
    case meta::tempo: j["type"] = "setTempo"; j["microsecondsPerBeat"] = e.tempo_us(); break;
    case meta::smpte_offset: {
        static const int rates[4] = {24, 25, 29, 30};
        j["type"] = "smpteOffset";
        j["frameRate"] = rates[(d[0] >> 5) & 3];
        j["hour"] = d[0] & 0x1F;
        j["min"] = d[1];
        j["sec"] = d[2];
        j["frame"] = d[3];
        j["subFrame"] = d[4];
        break;
    }
    case meta::time_signature:
        j["type"] = "timeSignature";
        j["numerator"] = d[0];
        j["denominator"] = 1 << d[1];
        j["metronome"] = d[2];
        j["thirtyseconds"] = d[3];
        break;
    case meta::key_signature:
        j["type"] = "keySignature";
        j["key"] = static_cast<std::int8_t>(d[0]);
        j["scale"] = d[1];
        break;
    case meta::sequencer_specific: j["type"] = "sequencerSpecific"; j["data"] = d; break;
    default: j["type"] = "unknownMeta"; j["data"] = d; j["metatypeByte"] = e.status; break;
    }
    return j;
}

struct Note {
    std::size_t track;
    int channel, note, velocity, off_velocity;
    std::int64_t tick, end_tick;
    double seconds, end_seconds;
};

// Note-on/note-off pairs: the earliest unmatched note-on of the same channel and pitch.
std::vector<Note> notes_of(const SmfFile& f) {
    std::vector<Note> out;
    const TempoMap whole = TempoMap::from_file(f);
    for (std::size_t t = 0; t < f.tracks.size(); ++t) {
        const auto& events = f.tracks[t].events;
        const TempoMap map = f.format == 2 ? TempoMap::from_events(f.division, events) : whole;
        std::map<std::pair<int, int>, std::vector<const MidiEvent*>> open;
        for (const MidiEvent& e : events) {
            if (!e.is_message()) {
                continue;
            }
            const auto key = std::pair{e.message.channel(), e.message.note()};
            if (e.message.is_note_on()) {
                open[key].push_back(&e);
            } else if (e.message.is_note_off() && !open[key].empty()) {
                const MidiEvent* on = open[key].front();
                open[key].erase(open[key].begin());
                out.push_back({t, key.first, key.second, on->message.velocity(), e.message.velocity(), on->tick, e.tick,
                               map.tick_to_seconds(on->tick), map.tick_to_seconds(e.tick)});
            }
        }
    }
    std::sort(out.begin(), out.end(), [](const Note& a, const Note& b) {
        return std::tie(a.track, a.tick, a.note, a.end_tick) < std::tie(b.track, b.tick, b.note, b.end_tick);
    });
    return out;
}

// @tonejs/midi's pairing: it splits tracks by channel (and instrument), then
// for each note-on in order takes the first note-off of that pitch at or
// after it, in file order.
struct ToneNote {
    int midi;
    std::int64_t ticks, duration_ticks;
    int velocity;
};
std::vector<ToneNote> tone_notes_of(const SmfTrack& t) {
    std::vector<const MidiEvent*> offs;
    for (const MidiEvent& e : t.events) {
        if (e.is_message() && e.message.is_note_off()) {
            offs.push_back(&e);  // tonejs: a note-off of this channel
        }
    }
    std::vector<ToneNote> out;
    for (const MidiEvent& e : t.events) {
        if (!e.is_message() || !e.message.is_note_on()) {
            continue;
        }
        const auto it = std::find_if(offs.begin(), offs.end(), [&](const MidiEvent* o) {
            return o->message.note() == e.message.note() && o->message.channel() == e.message.channel() &&
                   o->tick >= e.tick;
        });
        if (it != offs.end()) {
            out.push_back({e.message.note(), e.tick, (*it)->tick - e.tick, e.message.velocity()});
            offs.erase(it);
        }
    }
    std::sort(out.begin(), out.end(), [](const ToneNote& a, const ToneNote& b) {
        return std::tie(a.ticks, a.midi, a.duration_ticks) < std::tie(b.ticks, b.midi, b.duration_ticks);
    });
    return out;
}

// abc2midi's mftext listing of the events these fixtures hold.
std::string as_mftext(const SmfFile& f) {
    std::ostringstream s;
    s << "Header format=" << f.format << " ntrks=" << f.declared_tracks << " division=" << f.division.raw() << "\n";
    for (const SmfTrack& t : f.tracks) {
        s << "Track start\n";
        for (const MidiEvent& e : t.events) {
            s << "Time=" << e.tick << "  ";
            const auto& d = e.data;
            if (e.is_message()) {
                const MidiMessage& m = e.message;
                const int ch = m.channel() + 1;
                if (m.type() == MessageType::NoteOn || m.type() == MessageType::NoteOff) {
                    s << (m.type() == MessageType::NoteOn ? "Note on" : "Note off") << ", chan=" << ch
                      << " pitch=" << m.note() << " vol=" << m.velocity();
                } else if (m.type() == MessageType::ProgramChange) {
                    s << "Program, chan=" << ch << " program=" << m.data1();
                } else {
                    s << "? " << m.name();
                }
            } else if (e.is_meta(meta::text) || e.is_meta(meta::track_name)) {
                char type[8];
                std::snprintf(type, sizeof type, "0x%02x", e.status);
                s << "Meta Text, type=" << type << " (" << (e.status == 1 ? "Text Event" : "Sequence/Track Name")
                  << ")  leng=" << d.size() << "\n     Text = <" << e.text() << ">";
            } else if (e.is_meta(meta::tempo)) {
                s << "Tempo, microseconds-per-MIDI-quarter-note=" << e.tempo_us();
            } else if (e.is_meta(meta::time_signature)) {
                s << "Time signature=" << int{d[0]} << "/" << (1 << d[1]) << "  MIDI-clocks/click=" << int{d[2]}
                  << "  32nd-notes/24-MIDI-clocks=" << int{d[3]};
            } else if (e.is_meta(meta::key_signature)) {
                s << "Key signature, sharp/flats=" << int{static_cast<std::int8_t>(d[0])} << "  minor=" << int{d[1]};
            } else if (e.is_meta(meta::end_of_track)) {
                s << "Meta event, end of track";
            } else {
                s << "? event " << int{e.status};
            }
            s << "\n";
        }
        s << "Track end\n";
    }
    return s.str();
}

class SmfOracle : public ::testing::TestWithParam<fs::path> {};

TEST_P(SmfOracle, EveryEventAsMidiFileParsedIt) {
    const fs::path path = GetParam();
    const SmfFile f = load_smf(path);
    const json j = json_of(path.string() + ".json");
    const json& h = j["header"];
    EXPECT_EQ(h["format"], f.format);
    EXPECT_EQ(h["numTracks"], f.declared_tracks);
    if (f.division.is_smpte()) {
        EXPECT_EQ(h["framesPerSecond"], f.division.fps());
        EXPECT_EQ(h["ticksPerFrame"], f.division.ticks_per_frame());
    } else {
        EXPECT_EQ(h["ticksPerBeat"], f.division.ticks_per_quarter());
    }
    ASSERT_EQ(j["tracks"].size(), f.tracks.size());
    std::size_t compared = 0;
    for (std::size_t t = 0; t < f.tracks.size(); ++t) {
        const json& theirs = j["tracks"][t];
        ASSERT_EQ(theirs.size(), f.tracks[t].events.size()) << "track " << t;
        for (std::size_t i = 0; i < theirs.size(); ++i) {
            json expected = theirs[i];
            expected.erase("deltaTime");
            EXPECT_EQ(as_midi_file(f.tracks[t].events[i]), expected) << "track " << t << " event " << i;
            ++compared;
        }
    }
    EXPECT_GT(compared, 10u);
}

TEST_P(SmfOracle, NotesAndTempoMapTimes) {
    const fs::path path = GetParam();
    const SmfFile f = load_smf(path);
    const json j = json_of(path.string() + ".json");
    const std::vector<Note> ours = notes_of(f);
    const json& theirs = j["notes"];
    ASSERT_EQ(theirs.size(), ours.size());
    ASSERT_GT(ours.size(), 0u);
    for (std::size_t i = 0; i < ours.size(); ++i) {
        const json& n = theirs[i];
        const Note& o = ours[i];
        SCOPED_TRACE("note " + std::to_string(i));
        EXPECT_EQ(n["track"], o.track);
        EXPECT_EQ(n["channel"], o.channel);
        EXPECT_EQ(n["note"], o.note);
        EXPECT_EQ(n["velocity"], o.velocity);
        EXPECT_EQ(n["off_velocity"], o.off_velocity);
        EXPECT_EQ(n["tick"], o.tick);
        EXPECT_EQ(n["end_tick"], o.end_tick);
        EXPECT_NEAR(n["seconds"].get<double>(), o.seconds, 1e-6);
        EXPECT_NEAR(n["end_seconds"].get<double>(), o.end_seconds, 1e-6);
    }
}

TEST_P(SmfOracle, NotesAsToneJsPairsAndTimesThem) {
    const fs::path path = GetParam();
    const SmfFile f = load_smf(path);
    const json j = json_of(path.string() + ".json");
    if (!j.contains("tonejs")) {
        GTEST_SKIP() << "@tonejs/midi does not time SMPTE divisions";
    }
    const bool times = j["tonejs_times_comparable"].get<bool>();
    const TempoMap map = TempoMap::from_file(f);
    // tonejs regroups tracks (one per channel and instrument, without an
    // empty first track in format 1): compare all notes of the file.
    std::vector<ToneNote> ours;
    for (const SmfTrack& t : f.tracks) {
        const std::vector<ToneNote> n = tone_notes_of(t);
        ours.insert(ours.end(), n.begin(), n.end());
    }
    std::sort(ours.begin(), ours.end(), [](const ToneNote& a, const ToneNote& b) {
        return std::tie(a.ticks, a.midi, a.duration_ticks) < std::tie(b.ticks, b.midi, b.duration_ticks);
    });
    std::vector<json> theirs;
    for (const json& track : j["tonejs"]) {
        theirs.insert(theirs.end(), track.begin(), track.end());
    }
    std::sort(theirs.begin(), theirs.end(), [](const json& a, const json& b) {
        return std::tuple{a["ticks"].get<std::int64_t>(), a["midi"].get<int>(), a["durationTicks"].get<std::int64_t>()} <
               std::tuple{b["ticks"].get<std::int64_t>(), b["midi"].get<int>(), b["durationTicks"].get<std::int64_t>()};
    });
    ASSERT_EQ(theirs.size(), ours.size());
    ASSERT_GT(ours.size(), 0u);
    for (std::size_t i = 0; i < ours.size(); ++i) {
        SCOPED_TRACE("note " + std::to_string(i));
        EXPECT_EQ(theirs[i]["midi"], ours[i].midi);
        EXPECT_EQ(theirs[i]["ticks"], ours[i].ticks);
        EXPECT_EQ(theirs[i]["durationTicks"], ours[i].duration_ticks);
        EXPECT_NEAR(theirs[i]["velocity"].get<double>(), ours[i].velocity / 127.0, 1e-12);
        if (times) {
            const double start = map.tick_to_seconds(ours[i].ticks);
            EXPECT_NEAR(theirs[i]["time"].get<double>(), start, 1e-6);
            EXPECT_NEAR(theirs[i]["duration"].get<double>(),
                        map.tick_to_seconds(ours[i].ticks + ours[i].duration_ticks) - start, 1e-6);
        }
    }
}

TEST_P(SmfOracle, KeepEncodingRoundTripIsByteExact) {
    const std::vector<std::uint8_t> bytes = bytes_of(GetParam());
    const SmfFile f = read_smf(bytes);
    EXPECT_EQ(write_smf(f, SmfWriteOptions{.keep_encoding = true}), bytes);
    // Tolerant reading sees the same in a well-formed file.
    EXPECT_EQ(read_smf(bytes, SmfReadOptions{.tolerant = true}), f);
}

TEST_P(SmfOracle, CanonicalRoundTripIsEventForEvent) {
    const SmfFile f = load_smf(GetParam());
    for (const bool running : {false, true}) {
        const SmfFile back = read_smf(write_smf(f, SmfWriteOptions{.running_status = running}));
        EXPECT_EQ(back.format, f.format);
        EXPECT_EQ(back.division, f.division);
        ASSERT_EQ(back.tracks.size(), f.tracks.size());
        for (std::size_t t = 0; t < f.tracks.size(); ++t) {
            EXPECT_EQ(back.tracks[t].events, f.tracks[t].events) << "track " << t << " running " << running;
        }
    }
}

TEST(SmfOracleAbc, MftextListingsMatch) {
    std::size_t files = 0;
    for (const fs::path& p : fixtures()) {
        if (p.parent_path().filename() != "abc") {
            continue;
        }
        std::ifstream in(p.string() + ".mftext");
        const std::string listing{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        EXPECT_EQ(as_mftext(load_smf(p)), listing) << p;
        ++files;
    }
    EXPECT_GE(files, 6u);
}

TEST(SmfOracleFixtures, AllThere) {
    std::map<std::string, int> per_tool;
    for (const fs::path& p : fixtures()) {
        ++per_tool[p.parent_path().filename().string()];
        EXPECT_TRUE(fs::exists(p.string() + ".json")) << p;
    }
    EXPECT_GE(per_tool["abc"], 6);
    EXPECT_GE(per_tool["lilypond"], 4);
    EXPECT_GE(per_tool["midi-file"], 6);
}

INSTANTIATE_TEST_SUITE_P(Fixtures, SmfOracle, ::testing::ValuesIn(fixtures()),
                         [](const ::testing::TestParamInfo<fs::path>& param_info) {
                             std::string name = param_info.param.parent_path().filename().string() + "_" +
                                                param_info.param.stem().string();
                             std::replace(name.begin(), name.end(), '-', '_');
                             return name;
                         });

} // namespace
