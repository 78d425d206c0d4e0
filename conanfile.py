# Conan 2 recipe for coremusic. Options mirror the COREMUSIC_WITH_* backend
# options of CMakeLists.txt (tests/meta/package_consistency.cmake checks that
# they agree). Backends whose library has no ConanCenter recipe (JACK,
# FluidSynth, LV2/lilv, Ableton Link, Rubber Band) come from the system
# package manager: the recipe asks apt/brew for them when the option is on.
import os

from conan import ConanFile
from conan.tools.cmake import CMake, CMakeDeps, CMakeToolchain, cmake_layout
from conan.tools.files import copy
from conan.tools.system.package_manager import Apt, Brew

# option -> (ConanCenter reference or None, Debian package, Homebrew formula)
BACKENDS = {
    "with_coreaudio": (None, None, None),
    "with_jack": (None, "libjack-jackd2-dev", None),
    "with_alsa": ("libalsa/1.2.10", None, None),
    "with_sndfile": ("libsndfile/1.2.2", None, None),
    "with_fluidsynth": (None, "libfluidsynth-dev", "fluid-synth"),
    "with_lv2": (None, "liblilv-dev", None),
    "with_link": (None, "ableton-link-dev", None),
    "with_rubberband": (None, "librubberband-dev", "rubberband"),
    "with_samplerate": ("libsamplerate/0.2.2", None, None),
    "with_fftw": ("fftw/3.3.10", None, None),
    "with_soxr": ("soxr/0.1.3", None, None),
    "with_png": ("libpng/1.6.43", None, None),
}
LINUX_ONLY = ("with_jack", "with_alsa", "with_lv2")
APPLE_ONLY = ("with_coreaudio",)


class CoremusicConan(ConanFile):
    name = "coremusic"
    version = "0.1.0"
    license = "MIT"
    url = "https://github.com/coremusic/coremusic-cpp"
    homepage = "https://github.com/coremusic/coremusic-cpp"
    description = ("C++20 library for music software: audio devices, files, units, "
                   "MIDI 1.0/2.0, Ableton Link, a DAW timeline and music theory")
    topics = ("audio", "midi", "coreaudio", "coremidi", "jack", "ableton-link", "daw")
    package_type = "library"
    settings = "os", "arch", "compiler", "build_type"
    options = {"shared": [True, False], "fPIC": [True, False],
               **{name: [True, False] for name in BACKENDS}}
    default_options = {"shared": False, "fPIC": True,
                       **{name: True for name in BACKENDS}}
    exports_sources = ("CMakeLists.txt", "cmake/*", "include/*", "src/*",
                       "LICENSE", "README.md")

    def config_options(self):
        if self.settings.os == "Windows":
            del self.options.fPIC
        if self.settings.os not in ("Linux", "FreeBSD"):
            for name in LINUX_ONLY:
                self.options.rm_safe(name)
        if self.settings.os != "Macos":
            for name in APPLE_ONLY:
                self.options.rm_safe(name)

    def layout(self):
        cmake_layout(self)

    def requirements(self):
        for option, (ref, _apt, _brew) in BACKENDS.items():
            if ref and self.options.get_safe(option):
                self.requires(ref)

    def system_requirements(self):
        apt = [deb for option, (_r, deb, _b) in BACKENDS.items()
               if deb and self.options.get_safe(option)]
        brew = [formula for option, (_r, _d, formula) in BACKENDS.items()
                if formula and self.options.get_safe(option)]
        Apt(self).install(apt, update=True, check=True)
        Brew(self).install(brew, update=True, check=True)

    def generate(self):
        tc = CMakeToolchain(self)
        for option in BACKENDS:
            # COREMUSIC_WITH_JACK, COREMUSIC_WITH_ALSA, ... always set, ON or OFF.
            tc.cache_variables["COREMUSIC_WITH_" + option[len("with_"):].upper()] = \
                bool(self.options.get_safe(option, False))
        tc.cache_variables["COREMUSIC_BUILD_TESTS"] = False
        tc.cache_variables["COREMUSIC_BUILD_EXAMPLES"] = False
        tc.cache_variables["COREMUSIC_BUILD_BENCH"] = False
        tc.cache_variables["COREMUSIC_WERROR"] = False
        tc.cache_variables["COREMUSIC_INSTALL"] = True
        tc.generate()
        CMakeDeps(self).generate()

    def build(self):
        cmake = CMake(self)
        cmake.configure()
        cmake.build()

    def package(self):
        copy(self, "LICENSE", self.source_folder, os.path.join(self.package_folder, "licenses"))
        CMake(self).install()

    def package_info(self):
        # Consumers use coremusic's own package config, which knows the
        # components (find_package(coremusic COMPONENTS midi theory)).
        self.cpp_info.set_property("cmake_find_mode", "none")
        self.cpp_info.builddirs.append(os.path.join("lib", "cmake", "coremusic"))
        self.cpp_info.set_property("pkg_config_name", "coremusic")
        if self.settings.os in ("Linux", "FreeBSD"):
            self.cpp_info.system_libs = ["pthread", "dl"]
