// coremusic/coremusic.hpp
// The whole library in one include. Prefer the per-namespace umbrellas
// (<coremusic/midi.hpp>, ...) in code that needs only part of it.
#pragma once

#include <coremusic/core.hpp>
#include <coremusic/theory.hpp>
#include <coremusic/midi.hpp>
#include <coremusic/ca.hpp>
#include <coremusic/au.hpp>
#include <coremusic/daw.hpp>
#if __has_include(<coremusic/link.hpp>)
#include <coremusic/link.hpp>
#endif
