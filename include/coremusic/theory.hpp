// coremusic/theory.hpp
// Everything in cm::theory. (The capability lands in a later release; the header
// exists so that code and build files can name the component today.)
#pragma once

#include <coremusic/core.hpp>
#include <coremusic/theory/interval.hpp>
#include <coremusic/theory/note.hpp>
#include <coremusic/theory/scale.hpp>
#include <coremusic/theory/scale_type.hpp>
