// coremusic/midi/byte_stream.hpp
// The MIDI 1.0 wire format both ways: ByteStreamDecoder (bytes -> messages and
// SysEx chunks) and ByteStreamEncoder / SysExPacketizer (messages -> bytes).
#pragma once

#include <coremusic/midi/byte_stream_decoder.hpp>
#include <coremusic/midi/byte_stream_encoder.hpp>
