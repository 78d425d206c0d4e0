# coremusic's own WAV/RF64/AIFF/AIFF-C backend of AudioFile and MMapAudioFile
# (the codec itself is header-only: include/coremusic/ca/pcm_file.hpp).
set(COREMUSIC_CA_PCM_SOURCES
    ${_ca_src}/pcm_file_backend.cpp
    ${_ca_src}/mmap_audio_file.cpp)
