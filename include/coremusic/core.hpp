// coremusic/core.hpp
// Everything in cm::core: errors, FourCC, lock-free queues, audio buffers and
// their operations, the buffer pool.
#pragma once

#include <coremusic/core/config.hpp>
#include <coremusic/core/error.hpp>
#include <coremusic/core/fourcc.hpp>
#include <coremusic/core/os_status.hpp>
#include <coremusic/core/backend_error.hpp>
#include <coremusic/core/spsc_queue.hpp>
#include <coremusic/core/spsc_ring_buffer.hpp>
#include <coremusic/core/triple_buffer.hpp>
#include <coremusic/core/audio_buffer.hpp>
#include <coremusic/core/audio_buffer_pool.hpp>
#include <coremusic/core/buffer_ops.hpp>
#include <coremusic/core/sample_conversion.hpp>
