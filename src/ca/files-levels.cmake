# Levels, EBU R128 loudness and spectral features.
set(COREMUSIC_CA_LEVELS_SOURCES
    ${_ca_src}/levels.cpp
    ${_ca_src}/loudness.cpp
    ${_ca_src}/spectral_features.cpp)
