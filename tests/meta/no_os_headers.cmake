# Public headers include the C++ standard library and each other only: no OS,
# SDK or backend header may reach a user through them (docs: DESIGN.md).
file(GLOB_RECURSE headers "${INCLUDE_DIR}/coremusic/*.hpp")
set(forbidden
    "unistd\\.h" "pthread\\.h" "windows\\.h" "sys/" "dlfcn\\.h"
    "CoreAudio/" "AudioToolbox/" "AudioUnit/" "CoreMIDI/" "CoreFoundation/"
    "jack/" "alsa/" "sndfile\\.h" "fluidsynth" "lilv/" "lv2/" "rubberband/"
    "samplerate\\.h" "soxr\\.h" "fftw3\\.h" "ableton/" "asio")
set(bad "")
foreach(h IN LISTS headers)
    file(STRINGS "${h}" includes REGEX "^[ \t]*#[ \t]*include")
    foreach(line IN LISTS includes)
        foreach(f IN LISTS forbidden)
            if(line MATCHES "[<\"]${f}")
                string(APPEND bad "  ${h}: ${line}\n")
            endif()
        endforeach()
    endforeach()
endforeach()
if(bad)
    message(FATAL_ERROR "public headers include OS/backend headers:\n${bad}")
endif()
list(LENGTH headers n)
message(STATUS "${n} public headers, none includes an OS or backend header")
