# Overlay port that builds coremusic from this checkout:
#   vcpkg install coremusic --overlay-ports=<checkout>/ports
# A registry port would use vcpkg_from_github with a release tag instead.
get_filename_component(SOURCE_PATH "${CMAKE_CURRENT_LIST_DIR}/../.." ABSOLUTE)

# Every backend option is passed explicitly, ON or OFF, so a library that
# happens to be on the build machine is never picked up behind vcpkg's back.
vcpkg_check_features(OUT_FEATURE_OPTIONS FEATURE_OPTIONS
    FEATURES
        coreaudio   COREMUSIC_WITH_COREAUDIO
        jack        COREMUSIC_WITH_JACK
        alsa        COREMUSIC_WITH_ALSA
        sndfile     COREMUSIC_WITH_SNDFILE
        fluidsynth  COREMUSIC_WITH_FLUIDSYNTH
        lv2         COREMUSIC_WITH_LV2
        link        COREMUSIC_WITH_LINK
        rubberband  COREMUSIC_WITH_RUBBERBAND
        samplerate  COREMUSIC_WITH_SAMPLERATE
        fftw        COREMUSIC_WITH_FFTW
        soxr        COREMUSIC_WITH_SOXR
        png         COREMUSIC_WITH_PNG
)

vcpkg_cmake_configure(
    SOURCE_PATH "${SOURCE_PATH}"
    OPTIONS
        ${FEATURE_OPTIONS}
        -DCOREMUSIC_BUILD_TESTS=OFF
        -DCOREMUSIC_BUILD_EXAMPLES=OFF
        -DCOREMUSIC_BUILD_BENCH=OFF
        -DCOREMUSIC_WERROR=OFF
        -DCOREMUSIC_CCACHE=OFF
        -DCOREMUSIC_INSTALL=ON
)
vcpkg_cmake_install()
vcpkg_cmake_config_fixup(CONFIG_PATH lib/cmake/coremusic)
vcpkg_fixup_pkgconfig()

file(REMOVE_RECURSE "${CURRENT_PACKAGES_DIR}/debug/include" "${CURRENT_PACKAGES_DIR}/debug/share")
vcpkg_install_copyright(FILE_LIST "${SOURCE_PATH}/LICENSE")
