# Onsets, tempo and beats, pitch (YIN), chroma and key, slicing.
set(COREMUSIC_CA_RHYTHM_SOURCES
    ${_ca_src}/onset.cpp
    ${_ca_src}/tempo.cpp
    ${_ca_src}/pitch.cpp
    ${_ca_src}/chroma.cpp
    ${_ca_src}/key.cpp
    ${_ca_src}/slicing.cpp)
