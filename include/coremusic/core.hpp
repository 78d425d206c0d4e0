// coremusic/core.hpp
// Everything in cm::core: errors, FourCC, lock-free queues, audio buffers and
// their operations, the buffer pool.
#pragma once

#include <coremusic/core/config.hpp>
