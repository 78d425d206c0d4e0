// coremusic/theory/roman_numeral.hpp
// Roman numeral analysis: numerals such as V7, ii6, bVII, viiø7 or V65/V read
// as chords of a key, and the numeral that names a chord in a key.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>

#include <coremusic/core/error.hpp>
#include <coremusic/theory/chord.hpp>
#include <coremusic/theory/chord_type.hpp>
#include <coremusic/theory/interval.hpp>
#include <coremusic/theory/key.hpp>
#include <coremusic/theory/note.hpp>
#include <coremusic/theory/scale.hpp>
#include <coremusic/theory/scale_type.hpp>

namespace cm::theory {

/// The triad a numeral names: its case says major (V) or minor (ii), a
/// sign diminished (vii°) or augmented (III+).
enum class TriadQuality : std::int8_t { Major, Minor, Diminished, Augmented };

/// The seventh a numeral adds to its triad.
enum class SeventhQuality : std::int8_t {
    None,        ///< a triad: I, ii6, V64
    Diatonic,    ///< "7" (or 65, 43, 42): the key's own seventh, else a minor seventh (see RomanNumeral)
    Major,       ///< "maj7" or "M7": a major seventh (IVmaj7, bVIIM7; imaj7 is minor-major)
    Minor,       ///< "ø7": a minor seventh on a diminished triad (half-diminished)
    Diminished,  ///< "°7": a diminished seventh on a diminished triad (fully diminished)
};

/// A roman numeral of harmonic analysis, read against a Key by chord().
///
/// Syntax: accidentals, a numeral I..VII, a quality sign, a seventh and a
/// figured-bass inversion, then "/" and the degrees tonicized:
/// - accidentals b ♭ # ♯ (at most two): bVII, #iv°, bII;
/// - the numeral's case gives the triad: upper major, lower minor; ° (or o)
///   after a lower-case numeral diminished, + after an upper-case one
///   augmented, ø (or Ø) after a lower-case one a half-diminished seventh;
/// - figures: none (root position), 6 (first inversion), 64 (second); for
///   sevenths 7, 65, 43, 42 (or 2); maj or M before them (IVmaj7, IM65,
///   bVIIM7) asks for a major seventh, ° for a diminished one (vii°7, vii°65);
/// - "/X" tonicizes degree X of the key (V/V, V7/ii, vii°7/ii, V65/bVI,
///   V/V/V), X in upper case for a major key, lower for minor;
/// - also "N" or "N6" (the Neapolitan, bII) and "Cad64" (the cadential
///   six-four: the tonic triad in second inversion).
///
/// Roots, by the conventions of Aldwell/Schachter and Kostka/Payne: a
/// numeral names a degree of the key's scale, with minor keys counted on the
/// natural minor, so in A minor i = Am, III = C, iv = Dm, VI = F, VII = G;
/// the one exception is a lower-case vii in a minor key, which stands on the
/// leading tone (vii° = G#dim, viiø7, vii°7 = G#dim7), as the raised seventh
/// of harmonic and melodic minor makes it. The chord's quality comes from
/// the numeral, not the scale, so V in A minor is E major (with G#) and v
/// is E minor. Accidentals alter that degree (in A minor #vi° = F#dim, bII =
/// Bb, bvii° = Gdim); a flat on III, VI or upper-case VII of a minor key,
/// as popular and jazz usage writes the natural minor's degrees against the
/// major scale, names the natural minor degree itself (bVI = VI = F).
///
/// The seventh of "7", the usual reading in figured-bass practice: when the
/// triad is the key's own on that degree (Key::diatonic_seventh: the key's
/// scale, then in minor keys the natural, harmonic and melodic forms), the
/// seventh is the scale's, so in C major I7 = Cmaj7, ii7 = Dm7, V7 = G7,
/// IV7 = Fmaj7, and in A minor V7 = E7 (harmonic minor), iv7 = Dm7, VI7 =
/// Fmaj7; a triad foreign to the key takes a minor seventh (bVII7 = Bb7,
/// II7 = D7, iv7 in C major = Fm7, I+7 = C7#5), the seventh a chromatic
/// chord is given when nothing says otherwise. maj7, ø7 and °7 name their
/// seventh outright (viiø7 = Bm7b5 and vii°7 = Bdim7 in C major).
///
/// Tonicization: X/Y reads X in the key whose tonic is Y's root (found as
/// above) and whose mode is major for an upper-case Y and natural minor for
/// a lower-case one (where "7" still finds the harmonic minor's V7). In C
/// major V/V = D, V7/ii = A7, vii°7/ii = C#dim7; in A minor V/III = G,
/// V/vi = C.
///
/// Thread-safe: a value type. Realtime-safe: the accessors, the comparison
/// and the non-throwing parse; not name(), chord() or from_chord() (they
/// allocate) nor the throwing parse.
class RomanNumeral {
public:
    /// A degree tonicized by "/": V/ii is V in the key of the degree ii.
    struct Tonicized {
        int accidental = 0;  ///< -2..2 (bVI: -1)
        int degree = 1;      ///< 1..7
        bool minor = false;  ///< lower case: the tonicized key is minor
        /// Same fields.
        [[nodiscard]] friend constexpr bool operator==(Tonicized, Tonicized) noexcept = default;
    };

    /// The most degrees one numeral may tonicize (V/V/V/V).
    static constexpr std::size_t max_tonicized = 3;

    /// I.
    constexpr RomanNumeral() noexcept = default;

    /// From its parts: RomanNumeral{5, TriadQuality::Major, SeventhQuality::Diatonic, 1}
    /// is V65, RomanNumeral{7, TriadQuality::Major, SeventhQuality::None, 0, -1}
    /// is bVII. Throws TheoryError (Errc::InvalidArgument) for a degree
    /// outside 1..7, an accidental outside -2..2, an inversion outside 0..2
    /// (triads) or 0..3 (sevenths), ø7 or °7 on a triad that is not
    /// diminished, or a diminished triad with a plain "7" (write ø7 or °7).
    constexpr RomanNumeral(int degree, TriadQuality triad, SeventhQuality seventh = SeventhQuality::None,
                           int inversion = 0, int accidental = 0)
        : accidental_(static_cast<std::int8_t>(accidental)), degree_(static_cast<std::int8_t>(degree)), triad_(triad),
          seventh_(seventh), inversion_(static_cast<std::int8_t>(inversion)) {
        const char* why = invalid_parts(degree, triad, seventh, inversion, accidental);
        if (why != nullptr) {
            cm::detail::report<TheoryError>(nullptr, Errc::InvalidArgument, [&] {
                return "roman numeral of degree " + std::to_string(degree) + ", accidental " +
                       std::to_string(accidental) + " and inversion " + std::to_string(inversion) + ": " + why;
            });
        }
    }

    /// Parses a numeral (see the class comment): "I", "ii6", "V7", "V65",
    /// "vii°7", "viio7", "viiø7", "bVII", "#iv°", "IVmaj7", "bVIIM7", "III+",
    /// "V7/V", "vii°7/ii", "N6", "Cad64". Throws TheoryError
    /// (Errc::InvalidFormat) quoting the text and saying what was expected.
    [[nodiscard]] static RomanNumeral parse(std::string_view text) { return parse_impl(text, nullptr); }

    /// As parse, but sets ec (Errc::InvalidFormat) instead of throwing and
    /// then returns I; clears ec on success.
    /// Thread-safe. Realtime-safe.
    [[nodiscard]] static RomanNumeral parse(std::string_view text, std::error_code& ec) noexcept {
        return parse_impl(text, &ec);
    }

    /// The numeral naming chord in key, or empty when none does (a type
    /// other than the four triads and nine seventh chords numerals spell, such as
    /// sus4 or 9, or a bass outside the chord). The chord's bass gives the
    /// figures; octaves are ignored. Readings are tried in this order, and
    /// the first whose chord() is this chord (root spelling, type, bass) wins:
    /// 1. a chord of the key (Key::is_diatonic): the plain numeral (G7 in C
    ///    major = V7; E7 in A minor = V7; F#dim in A melodic minor = #vi°);
    /// 2. a secondary dominant or leading-tone chord of a major or minor
    ///    triad of the key other than the tonic (ii iii IV V vi in major,
    ///    III iv V VI VII in minor): V, V7, vii°, vii°7, viiø7 (major targets)
    ///    over it: D7 in C = V7/V, C7 = V7/IV, C#dim7 = vii°7/ii;
    /// 3. a chromatic numeral, the fewest accidentals first: Bb = bVII,
    ///    Fm = iv, Ab = bVI, Db = bII, Bdim7 = vii°7 (all in C major);
    /// 4. a secondary dominant of a chromatic degree: F7 in C = V7/bVII.
    /// Thread-safe. Not realtime-safe (allocates).
    [[nodiscard]] static std::optional<RomanNumeral> from_chord(const Key& key, const Chord& chord) {
        return analyse(key, chord);
    }

    /// The degree 1..7 (5 for V7/ii: the degree within the key tonicized).
    [[nodiscard]] constexpr int degree() const noexcept { return degree_; }
    /// The accidental: -1 for bVII, 1 for #iv°, 0 for most.
    [[nodiscard]] constexpr int accidental() const noexcept { return accidental_; }
    /// The triad's quality.
    [[nodiscard]] constexpr TriadQuality triad() const noexcept { return triad_; }
    /// The seventh, None for triads.
    [[nodiscard]] constexpr SeventhQuality seventh() const noexcept { return seventh_; }
    /// Which chord tone is in the bass: 0 root position, 1 first inversion
    /// (6, 65), 2 second (64, 43), 3 third (42).
    [[nodiscard]] constexpr int inversion() const noexcept { return inversion_; }
    /// True for Cad64, the tonic triad in second inversion of either mode.
    [[nodiscard]] constexpr bool is_cadential() const noexcept { return cadential_; }
    /// The degrees tonicized, as written left to right: {V} for V7/V, {ii, V}
    /// for V/ii/V (V of ii of V); empty for a plain numeral.
    [[nodiscard]] constexpr std::span<const Tonicized> tonicized() const noexcept {
        return {tonicized_.data(), tonicized_count_};
    }

    /// The canonical text: accidentals as b and #, diminished as °, half-
    /// diminished as ø7, figures 6 64 7 65 43 42, a major seventh as maj7,
    /// then the tonicized degrees: "V7", "ii6", "vii°7", "viiø65", "bVII",
    /// "IVmaj7", "V65/V", "Cad64". parse(name()) == *this.
    /// Not realtime-safe (allocates).
    [[nodiscard]] std::string name() const {
        if (cadential_) {
            return "Cad64";
        }
        std::string out = accidental_text(accidental_);
        const bool upper = triad_ == TriadQuality::Major || triad_ == TriadQuality::Augmented;
        out += numeral_text(degree_, upper);
        const bool seventh = seventh_ != SeventhQuality::None;
        if (triad_ == TriadQuality::Diminished) {
            out += seventh_ == SeventhQuality::Minor ? "ø" : "°";
        } else if (triad_ == TriadQuality::Augmented) {
            out += "+";
        }
        if (seventh_ == SeventhQuality::Major) {
            out += "maj";
        }
        static constexpr std::string_view triad_figures[3] = {"", "6", "64"};
        static constexpr std::string_view seventh_figures[4] = {"7", "65", "43", "42"};
        out += seventh ? seventh_figures[inversion_] : triad_figures[inversion_];
        for (std::size_t i = 0; i < tonicized_count_; ++i) {
            out += '/';
            out += accidental_text(tonicized_[i].accidental);
            out += numeral_text(tonicized_[i].degree, !tonicized_[i].minor);
        }
        return out;
    }

    /// The chord this numeral names in key (see the class comment for the
    /// rules): in C4 major V7 = G4 7, ii6 = D4 m over F, bVII = Bb4 major,
    /// V7/ii = A4 7; in A4 minor V = E5 major, vii°7 = G#5 dim7. Roots lie in
    /// the octave of letters from the (tonicized) key's tonic upward.
    /// Throws TheoryError (Errc::OutOfRange) when a note would need more than
    /// a double sharp or flat (bbVII in Cb major).
    /// Not realtime-safe (allocates).
    [[nodiscard]] Chord chord(const Key& key) const {
        Key local = key;
        for (std::size_t i = tonicized_count_; i-- > 0;) {
            const Tonicized& t = tonicized_[i];
            local = Key{degree_root(local, t.accidental, t.degree, t.minor),
                        t.minor ? KeyMode::NaturalMinor : KeyMode::Major};
        }
        if (cadential_) {
            return Chord{local.tonic(), local.is_minor() ? ChordType::Minor : ChordType::Major}.inversion(2);
        }
        const bool lower = triad_ == TriadQuality::Minor || triad_ == TriadQuality::Diminished;
        const Note root = degree_root(local, accidental_, degree_, lower);
        const ChordType three = triad_type(triad_);
        ChordType type = three;
        switch (seventh_) {
        case SeventhQuality::None:
            break;
        case SeventhQuality::Diatonic:
            if (const std::optional<Chord> implied = local.diatonic_seventh(Chord{root, three})) {
                type = implied->type();
            } else {
                type = triad_ == TriadQuality::Major   ? ChordType::Dominant7
                       : triad_ == TriadQuality::Minor ? ChordType::Minor7
                                                       : ChordType::Augmented7;
            }
            break;
        case SeventhQuality::Major:
            type = triad_ == TriadQuality::Major        ? ChordType::Major7
                   : triad_ == TriadQuality::Minor      ? ChordType::MinorMajor7
                   : triad_ == TriadQuality::Augmented ? ChordType::AugmentedMajor7
                                                        : diminished_major7();
            break;
        case SeventhQuality::Minor:
            type = ChordType::HalfDiminished7;
            break;
        case SeventhQuality::Diminished:
            type = ChordType::Diminished7;
            break;
        }
        return Chord{root, type}.inversion(inversion_);
    }

    /// Same parts (so "viio7" == "vii°7", "V2" == "V42", "N6" == "bII6").
    [[nodiscard]] friend constexpr bool operator==(const RomanNumeral&, const RomanNumeral&) noexcept = default;

private:
    [[nodiscard]] static constexpr const char* invalid_parts(int degree, TriadQuality triad, SeventhQuality seventh,
                                                             int inversion, int accidental) noexcept {
        if (degree < 1 || degree > 7) {
            return "expected a degree from 1 to 7";
        }
        if (accidental < -2 || accidental > 2) {
            return "expected an accidental from -2 (bb) to 2 (##)";
        }
        if (inversion < 0 || inversion > (seventh == SeventhQuality::None ? 2 : 3)) {
            return "expected an inversion from 0 to 2 for a triad, 0 to 3 for a seventh chord";
        }
        const bool diminished = triad == TriadQuality::Diminished;
        if ((seventh == SeventhQuality::Minor || seventh == SeventhQuality::Diminished) && !diminished) {
            return "expected ø7 or °7 only on a diminished triad";
        }
        if (seventh == SeventhQuality::Diatonic && diminished) {
            return "expected ø7 (half-diminished), °7 (diminished) or maj7 on a diminished triad, not a plain 7";
        }
        return nullptr;
    }

    [[nodiscard]] static constexpr ChordType triad_type(TriadQuality q) noexcept {
        switch (q) {
        case TriadQuality::Major:
            return ChordType::Major;
        case TriadQuality::Minor:
            return ChordType::Minor;
        case TriadQuality::Diminished:
            return ChordType::Diminished;
        case TriadQuality::Augmented:
            return ChordType::Augmented;
        }
        return ChordType::Major;
    }

    [[nodiscard]] static constexpr ChordType diminished_major7() noexcept {
        return ChordType::from_index(detail::chord_type_index("oM7"));
    }

    // The root a numeral names in key (the class comment's rules).
    [[nodiscard]] static constexpr Note degree_root(const Key& key, int accidental, int degree, bool lower) {
        const Scale reference{key.tonic(), key.is_minor() ? ScaleType::Minor : ScaleType::Major};
        Note root = reference.degree(degree);
        if (key.is_minor()) {
            if (degree == 7 && lower) {
                root = root.transpose(Interval{Quality::Augmented, 1});
            } else if (accidental == -1 && (degree == 3 || degree == 6 || degree == 7)) {
                accidental = 0;
            }
        }
        for (; accidental > 0; --accidental) {
            root = root.transpose(Interval{Quality::Augmented, 1});
        }
        for (; accidental < 0; ++accidental) {
            root = root.transpose_down(Interval{Quality::Augmented, 1});
        }
        return root;
    }

    static std::string accidental_text(int accidental) {
        return std::string(static_cast<std::size_t>(accidental < 0 ? -accidental : accidental),
                           accidental < 0 ? 'b' : '#');
    }

    [[nodiscard]] static constexpr std::string_view numeral_text(int degree, bool upper) noexcept {
        constexpr std::string_view uppers[7] = {"I", "II", "III", "IV", "V", "VI", "VII"};
        constexpr std::string_view lowers[7] = {"i", "ii", "iii", "iv", "v", "vi", "vii"};
        const std::size_t i = static_cast<std::size_t>(degree - 1);
        return upper ? uppers[i] : lowers[i];
    }

    // Strips a leading accidental run; false for mixed or more than two.
    [[nodiscard]] static constexpr bool take_accidentals(std::string_view& s, int& accidental) noexcept {
        accidental = 0;
        for (;;) {
            int step = 0;
            if (s.starts_with("b")) {
                step = -1;
                s.remove_prefix(1);
            } else if (s.starts_with("\u266D")) {
                step = -1;
                s.remove_prefix(3);
            } else if (s.starts_with("#")) {
                step = 1;
                s.remove_prefix(1);
            } else if (s.starts_with("\u266F")) {
                step = 1;
                s.remove_prefix(3);
            } else {
                return true;
            }
            if ((accidental != 0 && (accidental < 0) != (step < 0)) || accidental * step >= 2) {
                return false;
            }
            accidental += step;
        }
    }

    // Strips I..VII or i..vii (one case); degree 0 when there is none.
    [[nodiscard]] static constexpr int take_numeral(std::string_view& s, bool& upper) noexcept {
        // Longest first, so that VII is not read as V then II.
        constexpr std::string_view uppers[7] = {"VII", "III", "IV", "VI", "II", "V", "I"};
        constexpr std::string_view lowers[7] = {"vii", "iii", "iv", "vi", "ii", "v", "i"};
        constexpr int degrees[7] = {7, 3, 4, 6, 2, 5, 1};
        for (std::size_t k = 0; k < 7; ++k) {
            if (s.starts_with(uppers[k]) || s.starts_with(lowers[k])) {
                upper = s.starts_with(uppers[k]);
                s.remove_prefix(uppers[k].size());
                return degrees[k];
            }
        }
        return 0;
    }

    static RomanNumeral parse_impl(std::string_view text, std::error_code* ec) {
        const auto fail = [&](const char* why) {
            cm::detail::report<TheoryError>(ec, Errc::InvalidFormat, [&] {
                return "roman numeral \"" + std::string(text) + "\": " + why;
            });
            return RomanNumeral{};
        };
        std::string_view s = detail::trim_spaces(text);
        if (s.empty()) {
            return fail("empty; expected a numeral such as I, ii6, V7, bVII, viiø7 or V7/V");
        }
        RomanNumeral out;
        if (s == "Cad64" || s == "cad64") {
            out.cadential_ = true;
            out.inversion_ = 2;
            cm::detail::report_success(ec);
            return out;
        }
        const std::size_t slash = s.find('/');
        std::string_view head = s.substr(0, slash);
        std::string_view rest = slash == std::string_view::npos ? std::string_view{} : s.substr(slash + 1);

        int accidental = 0;
        if (!take_accidentals(head, accidental)) {
            return fail("mixed or more than two accidentals; expected at most two flats (b) or two sharps (#) "
                        "before the numeral");
        }
        int degree = 0;
        bool upper = true;
        TriadQuality triad = TriadQuality::Major;
        bool half_diminished = false;
        if (accidental == 0 && head.starts_with("N")) {
            // The Neapolitan: a major triad on the lowered second degree.
            head.remove_prefix(1);
            degree = 2;
            accidental = -1;
            if (head != "" && head != "6") {
                return fail("expected N or N6 for the Neapolitan");
            }
        } else {
            degree = take_numeral(head, upper);
            if (degree == 0) {
                return fail("expected a numeral I, II, III, IV, V, VI or VII (upper case major, lower case minor), "
                            "optionally after b or #");
            }
            triad = upper ? TriadQuality::Major : TriadQuality::Minor;
            if (head.starts_with("\u00B0") || head.starts_with("o")) {
                if (upper) {
                    return fail("° (diminished) goes with a lower-case numeral, as in vii°");
                }
                head.remove_prefix(head.starts_with("o") ? 1 : 2);
                triad = TriadQuality::Diminished;
            } else if (head.starts_with("\u00F8") || head.starts_with("\u00D8")) {
                if (upper) {
                    return fail("ø (half-diminished) goes with a lower-case numeral, as in viiø7");
                }
                head.remove_prefix(2);
                triad = TriadQuality::Diminished;
                half_diminished = true;
            } else if (head.starts_with("+")) {
                if (!upper) {
                    return fail("+ (augmented) goes with an upper-case numeral, as in III+");
                }
                head.remove_prefix(1);
                triad = TriadQuality::Augmented;
            }
        }
        bool major_seventh = false;
        for (const std::string_view m : {std::string_view{"maj"}, std::string_view{"M"}, std::string_view{"\u0394"}}) {
            if (head.starts_with(m)) {
                head.remove_prefix(m.size());
                major_seventh = true;
                break;
            }
        }
        int inversion = 0;
        bool seventh = false;
        if (head == "" || head == "53") {
            inversion = 0;
        } else if (head == "6" || head == "63") {
            inversion = 1;
        } else if (head == "64") {
            inversion = 2;
        } else if (head == "7") {
            seventh = true;
        } else if (head == "65") {
            seventh = true;
            inversion = 1;
        } else if (head == "43") {
            seventh = true;
            inversion = 2;
        } else if (head == "42" || head == "2") {
            seventh = true;
            inversion = 3;
        } else {
            return fail("unexpected text after the numeral; expected figures 6 or 64 (triads), 7, 65, 43, 42 or 2 "
                        "(sevenths), maj7 or M7 for a major seventh, ° ø or + for the quality, then /X to tonicize");
        }
        if (half_diminished && !seventh) {
            if (!head.empty()) {
                return fail("ø is a seventh chord; expected ø7, ø65, ø43 or ø42");
            }
            seventh = true;  // "viiø" alone is viiø7
        }
        if (half_diminished && major_seventh) {
            return fail("ø already has its seventh (minor); expected ø7, or °maj7 for a major one");
        }
        if (major_seventh && !seventh) {
            return fail("maj (a major seventh) needs a seventh figure; expected maj7, maj65, maj43 or maj42");
        }
        SeventhQuality quality = SeventhQuality::None;
        if (seventh) {
            if (major_seventh) {
                quality = SeventhQuality::Major;
            } else if (half_diminished) {
                quality = SeventhQuality::Minor;
            } else if (triad == TriadQuality::Diminished) {
                quality = SeventhQuality::Diminished;
            } else {
                quality = SeventhQuality::Diatonic;
            }
        }
        out = RomanNumeral{degree, triad, quality, inversion, accidental, Unchecked{}};
        for (bool more = slash != std::string_view::npos; more;) {
            const std::size_t next = rest.find('/');
            std::string_view target = rest.substr(0, next);
            int t_accidental = 0;
            bool t_upper = true;
            int t_degree = 0;
            if (!take_accidentals(target, t_accidental) || (t_degree = take_numeral(target, t_upper)) == 0 ||
                !target.empty()) {
                return fail("after \"/\": expected the degree tonicized, such as V, ii or bVI (upper case for a "
                            "major key, lower for minor) without quality or figures");
            }
            if (out.tonicized_count_ == max_tonicized) {
                return fail("too many \"/\"; expected at most three degrees tonicized");
            }
            out.tonicized_[out.tonicized_count_++] = Tonicized{t_accidental, t_degree, !t_upper};
            more = next != std::string_view::npos;
            if (more) {
                rest = rest.substr(next + 1);
            }
        }
        cm::detail::report_success(ec);
        return out;
    }

    // Whether a and b are the same chord regardless of octaves.
    [[nodiscard]] static constexpr bool same_spelling(Note a, Note b) noexcept {
        return a.letter() == b.letter() && a.accidental() == b.accidental();
    }
    [[nodiscard]] static bool same_chord(const Chord& a, const Chord& b) noexcept {
        if (!same_spelling(a.root(), b.root()) || a.type() != b.type() || a.bass().has_value() != b.bass().has_value()) {
            return false;
        }
        return !a.bass() || same_spelling(*a.bass(), *b.bass());
    }

    [[nodiscard]] static bool realizes(const RomanNumeral& rn, const Key& key, const Chord& chord) {
        try {
            return same_chord(rn.chord(key), chord);
        } catch (const TheoryError&) {
            // A spelling beyond double accidentals is simply not this chord.
            return false;
        }
    }

    struct Shape {
        TriadQuality triad = TriadQuality::Major;
        std::array<SeventhQuality, 2> sevenths{};
        std::size_t seventh_count = 0;
    };

    [[nodiscard]] static constexpr std::optional<Shape> shape_of(ChordType t) noexcept {
        using S = SeventhQuality;
        if (t == ChordType::Major) return Shape{TriadQuality::Major, {S::None}, 1};
        if (t == ChordType::Minor) return Shape{TriadQuality::Minor, {S::None}, 1};
        if (t == ChordType::Diminished) return Shape{TriadQuality::Diminished, {S::None}, 1};
        if (t == ChordType::Augmented) return Shape{TriadQuality::Augmented, {S::None}, 1};
        if (t == ChordType::Major7) return Shape{TriadQuality::Major, {S::Diatonic, S::Major}, 2};
        if (t == ChordType::Dominant7) return Shape{TriadQuality::Major, {S::Diatonic}, 1};
        if (t == ChordType::Minor7) return Shape{TriadQuality::Minor, {S::Diatonic}, 1};
        if (t == ChordType::MinorMajor7) return Shape{TriadQuality::Minor, {S::Diatonic, S::Major}, 2};
        if (t == ChordType::HalfDiminished7) return Shape{TriadQuality::Diminished, {S::Minor}, 1};
        if (t == ChordType::Diminished7) return Shape{TriadQuality::Diminished, {S::Diminished}, 1};
        if (t == ChordType::AugmentedMajor7) return Shape{TriadQuality::Augmented, {S::Diatonic, S::Major}, 2};
        if (t == ChordType::Augmented7) return Shape{TriadQuality::Augmented, {S::Diatonic}, 1};
        if (t == diminished_major7()) return Shape{TriadQuality::Diminished, {S::Major}, 1};
        return std::nullopt;
    }

    // The degree (1..7) of note's letter counted from the tonic's.
    [[nodiscard]] static constexpr int degree_of(const Key& key, Note n) noexcept {
        return detail::floor_mod(static_cast<int>(n.letter()) - static_cast<int>(key.tonic().letter()), 7) + 1;
    }

    // The accidental that makes degree d (read with `lower`) spell n, if -2..2.
    [[nodiscard]] static constexpr std::optional<int> accidental_for(const Key& key, int d, bool lower, Note n) {
        const Note plain = degree_root(key, 0, d, lower);
        const int diff = detail::floor_mod(n.pitch_class() - plain.pitch_class() + 6, 12) - 6;
        if (diff < -2 || diff > 2) {
            return std::nullopt;
        }
        return diff;
    }

    static std::optional<RomanNumeral> analyse(const Key& key, const Chord& chord) {
        const std::optional<Shape> shape = shape_of(chord.type());
        if (!shape) {
            return std::nullopt;
        }
        const std::size_t inv = chord.inversion_number();
        if (chord.bass() && inv == 0) {
            return std::nullopt;  // a bass outside the chord has no figure
        }
        const int inversion = static_cast<int>(inv);
        const int degree = degree_of(key, chord.root());
        const auto plain = [&]() -> std::optional<RomanNumeral> {
            for (const int accidental : {0, -1, 1, -2, 2}) {
                for (std::size_t k = 0; k < shape->seventh_count; ++k) {
                    const RomanNumeral rn{degree, shape->triad, shape->sevenths[k], inversion, accidental, Unchecked{}};
                    if (realizes(rn, key, chord)) {
                        return rn;
                    }
                }
            }
            return std::nullopt;
        };
        if (key.is_diatonic(Chord{chord.root(), chord.type()})) {
            if (auto rn = plain()) {
                return rn;
            }
        }
        if (auto rn = secondary(key, chord, inversion, true)) {
            return rn;
        }
        if (auto rn = plain()) {
            return rn;
        }
        return secondary(key, chord, inversion, false);
    }

    // V, V7, V+7, vii°, vii°7 or viiø7 of some degree: of the key's major and
    // minor triads other than the tonic when diatonic_only, else of any.
    static std::optional<RomanNumeral> secondary(const Key& key, const Chord& chord, int inversion,
                                                 bool diatonic_only) {
        using S = SeventhQuality;
        struct Form {
            ChordType type;
            int degree;
            TriadQuality triad;
            SeventhQuality seventh;
            Interval up_to_target;
            bool major_targets_only;
        };
        const Interval p4{Quality::Perfect, 4};
        const Interval m2{Quality::Minor, 2};
        const Form forms[] = {
            {ChordType::Major, 5, TriadQuality::Major, S::None, p4, false},
            {ChordType::Dominant7, 5, TriadQuality::Major, S::Diatonic, p4, false},
            {ChordType::Augmented7, 5, TriadQuality::Augmented, S::Diatonic, p4, false},
            {ChordType::Diminished, 7, TriadQuality::Diminished, S::None, m2, false},
            {ChordType::Diminished7, 7, TriadQuality::Diminished, S::Diminished, m2, false},
            {ChordType::HalfDiminished7, 7, TriadQuality::Diminished, S::Minor, m2, true},
        };
        for (const Form& f : forms) {
            if (f.type != chord.type()) {
                continue;
            }
            Note target{};
            try {
                target = chord.root().transpose(f.up_to_target);
            } catch (const TheoryError&) {
                return std::nullopt;
            }
            const int d = degree_of(key, target);
            for (const bool minor : {false, true}) {
                if (minor && f.major_targets_only) {
                    continue;
                }
                const std::optional<int> acc = accidental_for(key, d, minor, target);
                if (!acc || (d == 1 && *acc == 0)) {
                    continue;
                }
                if (diatonic_only && (*acc != 0 || !tonicizable(key, d, minor))) {
                    continue;
                }
                RomanNumeral rn{f.degree, f.triad, f.seventh, inversion, 0, Unchecked{}};
                rn.tonicized_[0] = Tonicized{*acc, d, minor};
                rn.tonicized_count_ = 1;
                if (realizes(rn, key, chord)) {
                    return rn;
                }
            }
        }
        return std::nullopt;
    }

    // The triads textbooks tonicize: ii iii IV V vi in major; III iv V VI
    // VII in minor (V rather than the natural minor's v).
    [[nodiscard]] static constexpr bool tonicizable(const Key& key, int degree, bool minor) noexcept {
        if (!key.is_minor()) {
            return (degree == 2 || degree == 3 || degree == 6) ? minor : (degree == 4 || degree == 5) && !minor;
        }
        return degree == 4 ? minor : (degree == 3 || degree == 5 || degree == 6 || degree == 7) && !minor;
    }

    struct Unchecked {};
    constexpr RomanNumeral(int degree, TriadQuality triad, SeventhQuality seventh, int inversion, int accidental,
                           Unchecked) noexcept
        : accidental_(static_cast<std::int8_t>(accidental)), degree_(static_cast<std::int8_t>(degree)), triad_(triad),
          seventh_(seventh), inversion_(static_cast<std::int8_t>(inversion)) {}

    std::int8_t accidental_ = 0;
    std::int8_t degree_ = 1;
    TriadQuality triad_ = TriadQuality::Major;
    SeventhQuality seventh_ = SeventhQuality::None;
    std::int8_t inversion_ = 0;
    bool cadential_ = false;
    std::array<Tonicized, max_tonicized> tonicized_{};
    std::size_t tonicized_count_ = 0;
};

/// The numeral naming chord in key (RomanNumeral::from_chord): in C major
/// G7 -> V7, D/F# -> V6/V, Bb -> bVII; empty when no numeral names it.
/// Thread-safe. Not realtime-safe (allocates).
[[nodiscard]] inline std::optional<RomanNumeral> to_roman(const Key& key, const Chord& chord) {
    return RomanNumeral::from_chord(key, chord);
}

} // namespace cm::theory
