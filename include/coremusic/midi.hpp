// coremusic/midi.hpp
// Everything in cm::midi: messages, the byte-stream codec, UMP (MIDI 1.0 and
// 2.0) and translation, thru transforms, Standard MIDI Files and MIDI 2.0 Clip
// Files, tempo maps, sequences and the transform pipeline.
#pragma once

#include <coremusic/core.hpp>
#include <coremusic/theory.hpp>

#include <coremusic/midi/message.hpp>
#include <coremusic/midi/byte_stream.hpp>
#include <coremusic/midi/ump.hpp>
#include <coremusic/midi/ump_builders.hpp>
#include <coremusic/midi/ump_parser.hpp>
#include <coremusic/midi/ump_translate.hpp>
#include <coremusic/midi/thru_params.hpp>
#include <coremusic/midi/thru_transform.hpp>

#include <coremusic/midi/midi_event.hpp>
#include <coremusic/midi/smf_file.hpp>
#include <coremusic/midi/smf_reader.hpp>
#include <coremusic/midi/smf_writer.hpp>
#include <coremusic/midi/clip_file.hpp>
#include <coremusic/midi/tempo_map.hpp>

#include <coremusic/midi/midi_track.hpp>
#include <coremusic/midi/midi_sequence.hpp>
#include <coremusic/midi/pipeline.hpp>
#include <coremusic/midi/transform/filter.hpp>
#include <coremusic/midi/transform/pitch.hpp>
#include <coremusic/midi/transform/structure.hpp>
#include <coremusic/midi/transform/time.hpp>
#include <coremusic/midi/transform/transformer.hpp>
#include <coremusic/midi/transform/velocity.hpp>
