// coremusic/ca.hpp
// Everything in cm::ca: audio formats and files (own WAV/AIFF/RF64 codec,
// libsndfile, ExtAudioFile), memory-mapped files, streaming, sample-rate
// conversion, analysis, slicing, time-stretch and pictures.
#pragma once

#include <coremusic/core.hpp>

// formats and files
#include <coremusic/ca/audio_format.hpp>
#include <coremusic/ca/audio_file_type.hpp>
#include <coremusic/ca/audio_file_metadata.hpp>
#include <coremusic/ca/audio_file.hpp>
#include <coremusic/ca/pcm_file.hpp>
#include <coremusic/ca/mmap_audio_file.hpp>
#include <coremusic/ca/audio_data.hpp>
#include <coremusic/ca/async_file.hpp>
#include <coremusic/ca/streaming_reader.hpp>
#include <coremusic/ca/recording_writer.hpp>
#include <coremusic/ca/resampler.hpp>
#include <coremusic/ca/channel_map.hpp>
#include <coremusic/ca/convert.hpp>
#include <coremusic/ca/sndfile_format.hpp>

// analysis
#include <coremusic/ca/progress.hpp>
#include <coremusic/ca/region.hpp>
#include <coremusic/ca/window.hpp>
#include <coremusic/ca/fft.hpp>
#include <coremusic/ca/stft.hpp>
#include <coremusic/ca/levels.hpp>
#include <coremusic/ca/loudness.hpp>
#include <coremusic/ca/spectral_features.hpp>
#include <coremusic/ca/onset.hpp>
#include <coremusic/ca/tempo.hpp>
#include <coremusic/ca/pitch.hpp>
#include <coremusic/ca/chroma.hpp>
#include <coremusic/ca/key.hpp>

// processing
#include <coremusic/ca/slicing.hpp>
#include <coremusic/ca/time_stretch.hpp>

// pictures
#include <coremusic/ca/image.hpp>
#include <coremusic/ca/color_map.hpp>
#include <coremusic/ca/waveform.hpp>
#include <coremusic/ca/spectrogram_image.hpp>
#include <coremusic/ca/sparkline.hpp>
