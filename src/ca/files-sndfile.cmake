# AudioFile's libsndfile backend (FLAC, Ogg Vorbis/Opus, CAF/ALAC, W64, MP3),
# sample-rate conversion, channel mapping and convert(); ExtAudioFile on Apple.
set(COREMUSIC_CA_SNDFILE_SOURCES
    ${PROJECT_SOURCE_DIR}/src/platform/sndfile/sndfile_backend.cpp
    ${_ca_src}/resampler.cpp
    ${_ca_src}/convert.cpp)
# AudioToolbox's ExtAudioFile backend, on Apple only (its headers exist nowhere else).
if(APPLE AND COREMUSIC_WITH_COREAUDIO)
    list(APPEND COREMUSIC_CA_SNDFILE_SOURCES ${PROJECT_SOURCE_DIR}/src/platform/apple/ext_audio_file.cpp)
endif()
