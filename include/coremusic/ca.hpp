// coremusic/ca.hpp
// Everything in cm::ca: audio formats and files (own WAV/AIFF/RF64 codec,
// libsndfile, ExtAudioFile), memory-mapped files, streaming, sample-rate
// conversion, analysis, slicing, time-stretch and pictures.
#pragma once

#include <coremusic/core.hpp>

#include <coremusic/ca/audio_format.hpp>
#include <coremusic/ca/audio_file_type.hpp>
#include <coremusic/ca/audio_file_metadata.hpp>
#include <coremusic/ca/audio_file.hpp>
#include <coremusic/ca/window.hpp>
#include <coremusic/ca/fft.hpp>
#include <coremusic/ca/stft.hpp>
#include <coremusic/ca/region.hpp>
