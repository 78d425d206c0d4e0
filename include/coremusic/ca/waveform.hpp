// coremusic/ca/waveform.hpp
// Waveform overviews: min/max/RMS per pixel column per channel, computed
// from a buffer or streamed from a file, and drawn to PNG or SVG.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include <coremusic/ca/progress.hpp>
#include <coremusic/ca/image.hpp>
#include <coremusic/core/audio_buffer.hpp>

namespace cm::ca {

class AudioFile;

/// The samples one pixel column covers, reduced to three numbers.
struct WaveformColumn {
    float min = 0.0F;  ///< lowest sample
    float max = 0.0F;  ///< highest sample
    float rms = 0.0F;  ///< root mean square of the samples
};

/// A waveform overview: columns() WaveformColumns for each channel, column
/// x covering frames [x * frames / columns, (x + 1) * frames / columns)
/// (rounded down; when there are fewer frames than columns, each column
/// holds the one frame at its start).
/// Thread-safety: a value type. Realtime-safety: accessors only.
class WaveformSummary {
public:
    WaveformSummary() = default;
    /// Zeroed columns. Not realtime-safe.
    WaveformSummary(std::size_t channels, std::size_t columns, std::int64_t frames, double sample_rate);

    [[nodiscard]] std::size_t channels() const noexcept { return channels_; }
    [[nodiscard]] std::size_t columns() const noexcept { return columns_; }
    /// Frames of the audio summarised.
    [[nodiscard]] std::int64_t frames() const noexcept { return frames_; }
    [[nodiscard]] double sample_rate() const noexcept { return sample_rate_; }
    /// frames() / sample_rate(), in seconds.
    [[nodiscard]] double duration() const noexcept {
        return sample_rate_ > 0.0 ? static_cast<double>(frames_) / sample_rate_ : 0.0;
    }
    /// The columns of channel `c`. Precondition: c < channels().
    [[nodiscard]] std::span<const WaveformColumn> channel(std::size_t c) const noexcept {
        return {data_.data() + c * columns_, columns_};
    }
    /// Writable columns of channel `c`.
    [[nodiscard]] std::span<WaveformColumn> channel(std::size_t c) noexcept {
        return {data_.data() + c * columns_, columns_};
    }
    /// First frame column `x` covers.
    [[nodiscard]] std::int64_t column_start(std::size_t x) const noexcept;

private:
    std::vector<WaveformColumn> data_;
    std::size_t channels_ = 0;
    std::size_t columns_ = 0;
    std::int64_t frames_ = 0;
    double sample_rate_ = 0.0;
};

/// Builds a WaveformSummary from audio given in consecutive blocks of any
/// size, so a long file is summarised without being loaded whole.
///
///     cm::ca::WaveformSummarizer s{channels, 1200, total_frames, rate};
///     while (...) s.add(block);
///     cm::ca::WaveformSummary w = std::move(s).finish();
///
/// Thread-safety: one thread at a time. Realtime-safety: add() neither
/// allocates nor locks; the constructor and finish() allocate.
class WaveformSummarizer {
public:
    /// For `total_frames` frames of `channels` channels in `columns` columns.
    /// Throws cm::Error for 0 channels or columns, more than max_channels
    /// channels or 1 << 20 columns, negative frames, or a sample rate that
    /// is not finite and positive.
    WaveformSummarizer(std::size_t channels, std::size_t columns, std::int64_t total_frames, double sample_rate);

    /// Adds the next block (channels() channels). Frames beyond
    /// total_frames are ignored. Returns false (adding nothing) when the
    /// channel count differs. Non-finite samples count as 0.
    bool add(ConstAudioBufferView block) noexcept;
    /// Frames added so far.
    [[nodiscard]] std::int64_t frames_added() const noexcept { return next_frame_; }
    /// The summary; columns never reached (the audio ended early) stay 0.
    [[nodiscard]] WaveformSummary finish() &&;

private:
    struct Acc {
        float min = 0.0F;
        float max = 0.0F;
        double sum_squares = 0.0;
        std::int64_t count = 0;
    };
    [[nodiscard]] std::int64_t start_of(std::size_t x) const noexcept;
    [[nodiscard]] std::int64_t end_of(std::size_t x) const noexcept;

    WaveformSummary summary_;
    std::vector<Acc> acc_;
    std::int64_t next_frame_ = 0;
    std::size_t first_open_ = 0; // first column not yet complete
};


/// The summary of `audio` in `columns` columns. Throws as
/// WaveformSummarizer's constructor and for an empty view.
/// Thread-safe. Not realtime-safe.
[[nodiscard]] WaveformSummary summarize_waveform(ConstAudioBufferView audio, double sample_rate,
                                                 std::size_t columns);

/// The summary of an open AudioFile, read from its start in blocks of
/// 64 Ki frames (memory stays small for hours of audio). Throws
/// AudioFileError when reading fails. Not realtime-safe.
[[nodiscard]] WaveformSummary summarize_waveform(AudioFile& file, std::size_t columns,
                                                 const ProgressCallback& progress = {});

/// Vertical scale of a waveform drawing.
enum class WaveformScale : std::uint8_t {
    Linear,    ///< amplitude: full scale at the lane's edges
    Decibels,  ///< |amplitude| in dB from style.db_floor (centre) to 0 dBFS (edges)
};

/// How a waveform is drawn. Sizes are of the whole picture, axes included.
struct WaveformStyle {
    std::size_t width = 1200;
    std::size_t height = 360;
    WaveformScale scale = WaveformScale::Linear;
    double db_floor = -60.0;        ///< bottom of the dB scale (negative)
    bool show_axes = true;          ///< time axis with ticks and labels, amplitude labels
    bool show_rms = true;           ///< the RMS band inside the min/max envelope
    std::string title;              ///< drawn above the plot when not empty
    Rgba background{255, 255, 255, 255};
    Rgba lane_background{246, 248, 251, 255};
    Rgba peak{46, 117, 182, 255};   ///< min/max envelope
    Rgba rms{133, 186, 232, 255};   ///< RMS band (lighter)
    Rgba zero_line{160, 168, 180, 255};
    Rgba axis{90, 98, 110, 255};    ///< ticks, frame and separators
    Rgba text{40, 44, 52, 255};
};

/// Width in pixels of the plot area `style` leaves for the waveform: a
/// summary with this many columns maps one column to one pixel.
/// Thread-safe.
[[nodiscard]] std::size_t waveform_plot_width(const WaveformStyle& style) noexcept;

/// Draws `summary` (one lane per channel, a zero line, optional RMS band,
/// time axis in seconds) into an image of style.width x style.height.
/// Summaries of another width are resampled (min of mins, max of maxes).
/// Throws cm::Error for an empty summary or a picture too small for its
/// lanes (at least 8 pixels of plot height per channel). Thread-safe.
[[nodiscard]] Image render_waveform_image(const WaveformSummary& summary, const WaveformStyle& style = {});

/// The same drawing as an SVG document (vector paths, text labels).
/// Throws as render_waveform_image(). Thread-safe.
[[nodiscard]] std::string render_waveform_svg(const WaveformSummary& summary, const WaveformStyle& style = {});

} // namespace cm::ca
