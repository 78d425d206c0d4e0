// coremusic/link.hpp
// Everything in cm::link. (The capability lands in a later release; the header
// exists so that code and build files can name the component today.)
#pragma once

#include <coremusic/core.hpp>
