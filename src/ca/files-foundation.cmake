# AudioFile's front end, the FFT and the STFT.
set(COREMUSIC_CA_FOUNDATION_SOURCES
    ${_ca_src}/fft.cpp
    ${_ca_src}/stft.cpp)
