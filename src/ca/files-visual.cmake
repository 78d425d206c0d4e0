# Time-stretch / pitch-shift (Rubber Band) and the pictures: waveform,
# spectrogram image, sparkline, PNG encoding, colour maps.
set(COREMUSIC_CA_VISUAL_SOURCES
    ${_ca_src}/time_stretch.cpp
    ${_ca_src}/image.cpp
    ${_ca_src}/color_map.cpp
    ${_ca_src}/waveform.cpp)
list(APPEND COREMUSIC_CA_VISUAL_SOURCES
    ${_ca_src}/spectrogram_image.cpp
    ${_ca_src}/sparkline.cpp)
