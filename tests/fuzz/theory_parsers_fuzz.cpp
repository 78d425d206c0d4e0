// tests/fuzz/theory_parsers_fuzz.cpp
// libFuzzer target: arbitrary bytes fed to every theory parser (Note, Interval,
// ScaleType, Scale, ChordType names and chord symbols). Each must either fail
// with a TheoryError (the ec overload agreeing with the throwing one) or give
// a value that prints and parses back; it traps on any violation.
#include <coremusic/theory/chord.hpp>
#include <coremusic/theory/chord_detect.hpp>
#include <coremusic/theory/chord_type.hpp>
#include <coremusic/theory/interval.hpp>
#include <coremusic/theory/note.hpp>
#include <coremusic/theory/scale.hpp>
#include <coremusic/theory/scale_type.hpp>
#include <coremusic/theory/voicing.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace {

void check(bool ok) {
    if (!ok) {
        __builtin_trap();
    }
}

// Runs both overloads of one parser: they must agree on success, on the
// value and on the error code, and failures must be TheoryErrors quoting the input.
template <class T, class Throwing, class NonThrowing>
bool agree(std::string_view text, Throwing throwing, NonThrowing non_throwing, T& out) {
    std::error_code ec = cm::Errc::TimedOut;  // must be overwritten either way
    const T value = non_throwing(text, ec);
    std::error_code thrown;
    T value2{};
    try {
        value2 = throwing(text);
    } catch (const cm::TheoryError& e) {
        thrown = e.code();
        // what() is a C string: it ends at the first NUL of a quoted input.
        const bool has_nul = text.find('\0') != std::string_view::npos;
        check(has_nul || std::string_view(e.what()).find(text) != std::string_view::npos);
    }
    check(ec != cm::Errc::TimedOut);
    check(ec == thrown);
    if (ec) {
        check(value == T{});
        return false;
    }
    check(value == value2);
    out = value;
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace cm::theory;
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    Note note{};
    if (agree<Note>(
            text, [](std::string_view s) { return Note::from_name(s); },
            [](std::string_view s, std::error_code& ec) { return Note::from_name(s, ec); }, note)) {
        check(Note::from_name(note.name()) == note);
    }

    Interval interval{};
    if (agree<Interval>(
            text, [](std::string_view s) { return Interval::from_name(s); },
            [](std::string_view s, std::error_code& ec) { return Interval::from_name(s, ec); }, interval)) {
        check(Interval::from_name(interval.name()) == interval);
    }

    ScaleType scale_type{};
    if (agree<ScaleType>(
            text, [](std::string_view s) { return ScaleType::from_name(s); },
            [](std::string_view s, std::error_code& ec) { return ScaleType::from_name(s, ec); }, scale_type)) {
        check(ScaleType::from_name(scale_type.name()) == scale_type);
    }

    Scale scale{};
    if (agree<Scale>(
            text, [](std::string_view s) { return Scale::from_name(s); },
            [](std::string_view s, std::error_code& ec) { return Scale::from_name(s, ec); }, scale)) {
        check(Scale::from_name(scale.name()).type() == scale.type());
    }

    ChordType chord_type{};
    if (agree<ChordType>(
            text, [](std::string_view s) { return ChordType::from_name(s); },
            [](std::string_view s, std::error_code& ec) { return ChordType::from_name(s, ec); }, chord_type)) {
        check(ChordType::from_name(chord_type.aliases().front()) == chord_type);
    }

    Chord chord{};
    if (agree<Chord>(
            text, [](std::string_view s) { return Chord::from_symbol(s); },
            [](std::string_view s, std::error_code& ec) { return Chord::from_symbol(s, ec); }, chord)) {
        // A parsed chord prints a symbol that parses back to it.
        check(Chord::from_symbol(chord.symbol()) == chord);
        // Its notes (when they can be spelled) detect as chords, its type on its root among them.
        std::vector<Note> notes;
        try {
            notes = chord.notes();
        } catch (const cm::TheoryError&) {
        }
        if (!notes.empty()) {
            const std::vector<Chord> found = detect_chords(notes);
            // A bass outside the chord ("C7/D") adds a pitch class no type may have.
            if (!chord.bass() || chord.inversion_number() != 0) {
                bool self = false;
                for (const Chord& c : found) {
                    self = self || (c.type() == chord.type() && c.root().pitch_class() == chord.root().pitch_class());
                }
                check(self);
            }
            check(!voicing(chord, VoicingStyle::Spread).empty());
        }
    }
    return 0;
}
