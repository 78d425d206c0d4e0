// coremusic/theory.hpp
// Everything in cm::theory: notes, intervals, scales, chords, keys,
// progressions, rhythm values and the deterministic generators.
#pragma once

#include <coremusic/core.hpp>

#include <coremusic/theory/interval.hpp>
#include <coremusic/theory/note.hpp>
#include <coremusic/theory/scale_type.hpp>
#include <coremusic/theory/scale.hpp>
#include <coremusic/theory/chord_type.hpp>
#include <coremusic/theory/chord.hpp>
#include <coremusic/theory/chord_detect.hpp>
#include <coremusic/theory/voicing.hpp>
#include <coremusic/theory/key.hpp>
#include <coremusic/theory/roman_numeral.hpp>
#include <coremusic/theory/chord_progression.hpp>

#include <coremusic/theory/note_value.hpp>
#include <coremusic/theory/time_signature.hpp>
#include <coremusic/theory/duration.hpp>

#include <coremusic/theory/random.hpp>
#include <coremusic/theory/note_event.hpp>
#include <coremusic/theory/arpeggiator.hpp>
#include <coremusic/theory/euclidean_generator.hpp>
#include <coremusic/theory/polyrhythm_generator.hpp>
#include <coremusic/theory/bit_shift_register.hpp>
#include <coremusic/theory/markov_generator.hpp>
#include <coremusic/theory/probabilistic_generator.hpp>
#include <coremusic/theory/sequence_generator.hpp>
#include <coremusic/theory/melody_generator.hpp>
