// coremusic/ca/channel_map.hpp
// ChannelMap: a gain matrix from N input channels to M output channels, for
// up- and downmixing, reordering and selecting channels of planar audio.
#pragma once

#include <cassert>
#include <cmath>
#include <cstdint>
#include <cstddef>
#include <cstring>
#include <initializer_list>
#include <span>
#include <string>
#include <vector>

#include <coremusic/core/audio_buffer.hpp>
#include <coremusic/core/error.hpp>

namespace cm::ca {

/// How stereo becomes mono.
enum class StereoToMono : std::uint8_t {
    /// (L + R) / 2: a centred sound (L = R) keeps its level and the sum never
    /// clips; what sox's `-c 1` and most converters do. The default.
    Average,
    /// (L + R) x 0.7071 (-3 dB each): keeps the power of uncorrelated
    /// channels; a centred full-scale sound comes out at +3 dB and may clip.
    MinusThreeDb,
};

/// out[o] = sum over i of gain(o, i) x in[i], sample by sample.
///
///     auto down = cm::ca::ChannelMap::surround51_to_stereo();
///     down.apply(six_channels, two_channels);   // on the audio thread
///
/// Thread-safety: a value type; apply() is const and may run on several
/// threads at once. Realtime-safety: apply() and the accessors; the
/// constructors and factories allocate the matrix.
class ChannelMap {
public:
    /// 1/sqrt(2), the -3 dB gain of ITU-R BS.775's downmix.
    static constexpr float minus_3db = 0.70710678F;

    /// A map from `inputs` to `outputs` channels with every gain 0.
    /// Throws cm::Error (Errc::InvalidArgument) unless both are 1..max_channels.
    ChannelMap(std::size_t inputs, std::size_t outputs) : inputs_(inputs), outputs_(outputs) {
        check_count(inputs, "inputs");
        check_count(outputs, "outputs");
        gains_.assign(inputs * outputs, 0.0F);
    }

    /// Each channel to itself.
    [[nodiscard]] static ChannelMap identity(std::size_t channels) {
        ChannelMap m(channels, channels);
        for (std::size_t c = 0; c < channels; ++c) m.set_gain(c, c, 1.0F);
        return m;
    }

    /// Mono to both sides of stereo at full level (a centred sound).
    [[nodiscard]] static ChannelMap mono_to_stereo() {
        ChannelMap m(1, 2);
        m.set_gain(0, 0, 1.0F);
        m.set_gain(1, 0, 1.0F);
        return m;
    }

    /// Stereo to mono; see StereoToMono.
    [[nodiscard]] static ChannelMap stereo_to_mono(StereoToMono how = StereoToMono::Average) {
        ChannelMap m(2, 1);
        const float g = how == StereoToMono::Average ? 0.5F : minus_3db;
        m.set_gain(0, 0, g);
        m.set_gain(0, 1, g);
        return m;
    }

    /// 5.1 in WAV/SMPTE order (L, R, C, LFE, Ls, Rs) to stereo with the
    /// ITU-R BS.775 coefficients: L' = L + 0.7071 C + 0.7071 Ls,
    /// R' = R + 0.7071 C + 0.7071 Rs; the LFE is left out, as BS.775 does,
    /// unless `lfe_gain` is given. With `normalize` every gain is divided by
    /// the largest row sum (1 + 0.7071 + 0.7071 without LFE) so full-scale
    /// input cannot clip.
    [[nodiscard]] static ChannelMap surround51_to_stereo(float lfe_gain = 0.0F, bool normalize = false) {
        ChannelMap m(6, 2);
        m.set_gain(0, 0, 1.0F);
        m.set_gain(1, 1, 1.0F);
        m.set_gain(0, 2, minus_3db);
        m.set_gain(1, 2, minus_3db);
        m.set_gain(0, 3, lfe_gain);
        m.set_gain(1, 3, lfe_gain);
        m.set_gain(0, 4, minus_3db);
        m.set_gain(1, 5, minus_3db);
        if (normalize) {
            const float sum = 1.0F + 2.0F * minus_3db + std::fabs(lfe_gain);
            for (float& g : m.gains_) g /= sum;
        }
        return m;
    }

    /// Output channel o is input channel order[o]: reorders, selects or
    /// duplicates channels (`select({1, 0}, 2)` swaps a stereo pair).
    /// Throws cm::Error (Errc::OutOfRange) when an index is >= inputs.
    [[nodiscard]] static ChannelMap select(std::span<const std::size_t> order, std::size_t inputs) {
        ChannelMap m(inputs, order.size());
        for (std::size_t o = 0; o < order.size(); ++o) {
            if (order[o] >= inputs) {
                throw Error(make_error_code(Errc::OutOfRange),
                            "ChannelMap::select: output " + std::to_string(o) + " takes input " +
                                std::to_string(order[o]) + " but there are " + std::to_string(inputs) + " inputs");
            }
            m.set_gain(o, order[o], 1.0F);
        }
        return m;
    }
    /// select() with a braced list: `select({2, 0, 1}, 3)`.
    [[nodiscard]] static ChannelMap select(std::initializer_list<std::size_t> order, std::size_t inputs) {
        return select(std::span<const std::size_t>(order.begin(), order.size()), inputs);
    }

    /// The map convert() uses when asked for another channel count: identity
    /// for equal counts, mono_to_stereo() generalised (mono to every output),
    /// stereo_to_mono(Average), surround51_to_stereo() for 6 -> 2, and
    /// otherwise the first min(inputs, outputs) channels kept in order (the
    /// others dropped, or silent).
    [[nodiscard]] static ChannelMap between(std::size_t inputs, std::size_t outputs) {
        if (inputs == outputs) return identity(inputs);
        if (inputs == 1) {
            ChannelMap m(1, outputs);
            for (std::size_t o = 0; o < outputs; ++o) m.set_gain(o, 0, 1.0F);
            return m;
        }
        if (inputs == 2 && outputs == 1) return stereo_to_mono();
        if (inputs == 6 && outputs == 2) return surround51_to_stereo();
        ChannelMap m(inputs, outputs);
        for (std::size_t c = 0; c < inputs && c < outputs; ++c) m.set_gain(c, c, 1.0F);
        return m;
    }

    /// Input channel count. Realtime-safe.
    [[nodiscard]] std::size_t inputs() const noexcept CM_NONBLOCKING { return inputs_; }
    /// Output channel count. Realtime-safe.
    [[nodiscard]] std::size_t outputs() const noexcept CM_NONBLOCKING { return outputs_; }

    /// The gain from input `in` to output `out`. Precondition: in < inputs(),
    /// out < outputs() (assert). Realtime-safe.
    [[nodiscard]] float gain(std::size_t out, std::size_t in) const noexcept CM_NONBLOCKING {
        assert(out < outputs_ && in < inputs_);
        return gains_[out * inputs_ + in];
    }

    /// Sets the gain from input `in` to output `out`. Throws cm::Error
    /// (Errc::OutOfRange) for an index out of range and Errc::InvalidArgument
    /// for a gain that is not finite. Not realtime-safe (may throw).
    void set_gain(std::size_t out, std::size_t in, float gain) {
        if (out >= outputs_ || in >= inputs_) {
            throw Error(make_error_code(Errc::OutOfRange),
                        "ChannelMap::set_gain: (" + std::to_string(out) + ", " + std::to_string(in) +
                            ") is outside the " + std::to_string(outputs_) + " x " + std::to_string(inputs_) +
                            " matrix");
        }
        if (!std::isfinite(gain)) {
            throw Error(make_error_code(Errc::InvalidArgument), "ChannelMap::set_gain: gain is not finite");
        }
        gains_[out * inputs_ + in] = gain;
    }

    /// True when the map is identity(): apply() then only copies.
    [[nodiscard]] bool is_identity() const noexcept CM_NONBLOCKING {
        if (inputs_ != outputs_) return false;
        for (std::size_t o = 0; o < outputs_; ++o) {
            for (std::size_t i = 0; i < inputs_; ++i) {
                if (gains_[o * inputs_ + i] != (o == i ? 1.0F : 0.0F)) return false;
            }
        }
        return true;
    }

    /// Mixes min(in.frames(), out.frames()) frames of `in` into `out`
    /// (overwriting it). Returns false, doing nothing, when the channel
    /// counts are not inputs() and outputs() or an output channel overlaps
    /// an input channel (mixing in place would read samples already
    /// overwritten). Thread-safe on distinct outputs. Realtime-safe.
    bool apply(const ConstAudioBufferView& in, const AudioBufferView& out) const noexcept CM_NONBLOCKING {
        if (in.channels() != inputs_ || out.channels() != outputs_) return false;
        const std::size_t frames = in.frames() < out.frames() ? in.frames() : out.frames();
        if (frames == 0) return true;
        const std::size_t bytes = frames * sizeof(float);
        for (std::size_t o = 0; o < outputs_; ++o) {
            for (std::size_t i = 0; i < inputs_; ++i) {
                if (cm::detail::ranges_overlap(out.data()[o], bytes, in.data()[i], bytes)) return false;
            }
        }
        for (std::size_t o = 0; o < outputs_; ++o) {
            float* CM_DETAIL_RESTRICT dst = out.data()[o];
            bool written = false;
            for (std::size_t i = 0; i < inputs_; ++i) {
                const float g = gains_[o * inputs_ + i];
                if (g == 0.0F) continue;
                const float* CM_DETAIL_RESTRICT src = in.data()[i];
                if (!written) {
                    if (g == 1.0F) {
                        std::memcpy(dst, src, bytes);
                    } else {
                        cm::detail::map_samples(src, dst, frames, [g](float x) { return g * x; });
                    }
                    written = true;
                } else {
                    for (std::size_t f = 0; f < frames; ++f) dst[f] += g * src[f];
                }
            }
            if (!written) std::memset(dst, 0, bytes);
        }
        return true;
    }

    /// Same shape and gains.
    friend bool operator==(const ChannelMap&, const ChannelMap&) = default;

private:
    static void check_count(std::size_t n, const char* what) {
        if (n == 0 || n > max_channels) {
            throw Error(make_error_code(Errc::InvalidArgument),
                        std::string("ChannelMap: ") + std::to_string(n) + " " + what + "; expected 1.." +
                            std::to_string(max_channels));
        }
    }

    std::size_t inputs_ = 0;
    std::size_t outputs_ = 0;
    std::vector<float> gains_;  // outputs_ rows of inputs_ gains
};

} // namespace cm::ca
