#include <coremusic/ca/slicing.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>

#include <coremusic/ca/levels.hpp>
#include <coremusic/core/detail/stable_sort.hpp>

#include "rhythm_checks.hpp"

namespace cm::ca {

namespace {

using detail::invalid;
using detail::number;

[[noreturn]] void out_of_range(const char* where, const std::string& what) {
    throw Error(make_error_code(Errc::OutOfRange), std::string(where) + ": " + what);
}

std::string describe(const Region& r) {
    // Appending, not "lit" + std::string&&: GCC 12 at -O3 reports a false
    // -Wrestrict inside char_traits for the latter.
    std::string s = "[";
    s += std::to_string(r.start);
    s += ", ";
    s += std::to_string(r.end);
    s += ')';
    return s;
}

void check_total(std::int64_t total, const char* where) {
    if (total < 0) invalid(nullptr, where, "total_frames is " + std::to_string(total) + " (expected >= 0)");
}

void check_region(const Region& r, std::int64_t total, const char* where) {
    if (r.start < 0 || r.end > total) {
        out_of_range(where, "region " + describe(r) + " lies outside the signal's frames [0, " + std::to_string(total) +
                                ")");
    }
    if (r.empty()) invalid(nullptr, where, "region " + describe(r) + " is empty or inverted (expected start < end)");
}

// The channels mixed to one (their mean), for detection.
std::vector<float> mix_down(const ConstAudioBufferView& audio) {
    std::vector<float> mono(audio.frames(), 0.0F);
    if (audio.channels() == 0) return mono;
    for (std::size_t c = 0; c < audio.channels(); ++c) {
        const auto ch = audio.channel(c);
        for (std::size_t i = 0; i < mono.size(); ++i) mono[i] += ch[i];
    }
    if (audio.channels() > 1) {
        const float scale = 1.0F / static_cast<float>(audio.channels());
        for (float& v : mono) v *= scale;
    }
    return mono;
}

} // namespace

std::vector<Region> slices_between(std::span<const std::int64_t> boundaries, std::int64_t total_frames) {
    constexpr const char* where = "slices_between";
    check_total(total_frames, where);
    std::vector<std::int64_t> cuts;
    cuts.reserve(boundaries.size());
    for (const std::int64_t b : boundaries) {
        if (b < 0 || b > total_frames) {
            out_of_range(where, "boundary " + std::to_string(b) + " lies outside [0, " + std::to_string(total_frames) +
                                    "]");
        }
        if (b > 0 && b < total_frames) cuts.push_back(b);
    }
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    std::vector<Region> out;
    if (total_frames == 0) return out;
    out.reserve(cuts.size() + 1);
    std::int64_t start = 0;
    for (const std::int64_t c : cuts) {
        out.push_back({start, c});
        start = c;
    }
    out.push_back({start, total_frames});
    return out;
}

std::vector<Region> slice_by_onsets(const ConstAudioBufferView& audio, double sample_rate,
                                    const OnsetSettings& settings) {
    const std::vector<float> mono = mix_down(audio);
    const std::vector<std::int64_t> onsets = detect_onsets(mono, sample_rate, settings);
    return slices_between(onsets, static_cast<std::int64_t>(mono.size()));
}

std::vector<Region> slice_by_onsets(const ConstAudioBufferView& audio, double sample_rate) {
    OnsetSettings settings;
    settings.backtrack = true;
    return slice_by_onsets(audio, sample_rate, settings);
}

std::vector<Region> slice_by_beat_grid(std::int64_t total_frames, double sample_rate, double bpm,
                                       double offset_seconds, int beats_per_slice) {
    constexpr const char* where = "slice_by_beat_grid";
    check_total(total_frames, where);
    detail::check_sample_rate(sample_rate, where, nullptr);
    if (!(bpm > 0.0 && bpm <= 1.0e4)) invalid(nullptr, where, "bpm is " + number(bpm) + " (expected 0 < bpm <= 10000)");
    if (!std::isfinite(offset_seconds)) invalid(nullptr, where, "offset_seconds is " + number(offset_seconds));
    if (beats_per_slice < 1) {
        invalid(nullptr, where, "beats_per_slice is " + std::to_string(beats_per_slice) + " (expected >= 1)");
    }
    const double step = static_cast<double>(beats_per_slice) * 60.0 / bpm * sample_rate;
    const double origin = offset_seconds * sample_rate;
    const auto total = static_cast<double>(total_frames);
    // Grid lines before the signal are skipped arithmetically, not walked.
    const double first_k = origin < 0.0 ? std::ceil(-origin / step) : 0.0;
    if ((total - std::max(origin, 0.0)) / step > 1.0e8) {
        invalid(nullptr, where, "a grid of " + number(step) + " frames over " + std::to_string(total_frames) +
                                    " frames makes more than 10^8 slices");
    }
    std::vector<std::int64_t> cuts;
    for (double k = first_k;; k += 1.0) {
        const double at = std::round(origin + k * step);
        if (at >= total) break;
        if (at > 0.0) cuts.push_back(static_cast<std::int64_t>(at));
    }
    return slices_between(cuts, total_frames);
}

std::vector<Region> slice_by_beats(std::span<const std::int64_t> beat_frames, std::int64_t total_frames,
                                   int beats_per_slice) {
    constexpr const char* where = "slice_by_beats";
    check_total(total_frames, where);
    if (beats_per_slice < 1) {
        invalid(nullptr, where, "beats_per_slice is " + std::to_string(beats_per_slice) + " (expected >= 1)");
    }
    std::vector<std::int64_t> cuts;
    for (std::size_t i = 0; i < beat_frames.size(); ++i) {
        if (i > 0 && beat_frames[i] <= beat_frames[i - 1]) {
            invalid(nullptr, where, "beat " + std::to_string(i) + " at frame " + std::to_string(beat_frames[i]) +
                                        " does not follow beat " + std::to_string(i - 1) + " at frame " +
                                        std::to_string(beat_frames[i - 1]) + " (expected increasing frames)");
        }
        if (beat_frames[i] < 0 || beat_frames[i] > total_frames) {
            out_of_range(where, "beat " + std::to_string(i) + " at frame " + std::to_string(beat_frames[i]) +
                                    " lies outside [0, " + std::to_string(total_frames) + "]");
        }
        if (i % static_cast<std::size_t>(beats_per_slice) == 0) cuts.push_back(beat_frames[i]);
    }
    return slices_between(cuts, total_frames);
}

std::vector<Region> slice_by_silence(const ConstAudioBufferView& audio, double sample_rate, double threshold_db,
                                     double min_silence_seconds) {
    const std::vector<Region> silent = detect_silence(audio, sample_rate, threshold_db, min_silence_seconds);
    const auto total = static_cast<std::int64_t>(audio.frames());
    std::vector<Region> out;
    std::int64_t start = 0;
    for (const Region& s : silent) {
        if (s.start > start) out.push_back({start, s.start});
        start = std::max(start, s.end);
    }
    if (start < total) out.push_back({start, total});
    return out;
}

std::vector<Region> slice_by_regions(std::span<const Region> regions, std::int64_t total_frames) {
    constexpr const char* where = "slice_by_regions";
    check_total(total_frames, where);
    for (const Region& r : regions) check_region(r, total_frames, where);
    std::vector<Region> out(regions.begin(), regions.end());
    cm::detail::stable_sort(out.begin(), out.end(), [](const Region& a, const Region& b) {
        return a.start != b.start ? a.start < b.start : a.end < b.end;
    });
    return out;
}

std::int64_t nearest_zero_crossing(std::span<const float> mono, std::int64_t frame, std::int64_t radius) noexcept {
    const auto n = static_cast<std::int64_t>(mono.size());
    if (frame <= 0 || frame >= n || radius < 0) return frame;
    auto crossing = [&](std::int64_t p) {
        const float a = mono[static_cast<std::size_t>(p - 1)];
        const float b = mono[static_cast<std::size_t>(p)];
        return b == 0.0F || ((a < 0.0F) != (b < 0.0F));
    };
    // Outward from the frame: distance d before (earlier wins ties), then after.
    for (std::int64_t d = 0; d <= radius; ++d) {
        const std::int64_t before = frame - d;
        if (before >= 1 && crossing(before)) return before;
        const std::int64_t after = frame + d;
        if (d > 0 && after < n && crossing(after)) return after;
        if (before < 1 && after >= n) break;
    }
    return frame;
}

std::vector<Region> snap_to_zero_crossings(std::span<const Region> slices, const ConstAudioBufferView& audio,
                                           double sample_rate, double window_seconds) {
    constexpr const char* where = "snap_to_zero_crossings";
    detail::check_sample_rate(sample_rate, where, nullptr);
    if (!(window_seconds >= 0.0) || !std::isfinite(window_seconds)) {
        invalid(nullptr, where, "window_seconds is " + number(window_seconds) + " (expected >= 0)");
    }
    if (audio.frames() == 0) invalid(nullptr, where, "the audio is empty (expected at least one frame)");
    const auto total = static_cast<std::int64_t>(audio.frames());
    for (const Region& r : slices) check_region(r, total, where);
    const std::vector<float> mono = mix_down(audio);
    const auto radius = static_cast<std::int64_t>(std::llround(std::min(window_seconds * sample_rate, 1.0e15)));
    std::vector<Region> out;
    out.reserve(slices.size());
    for (const Region& r : slices) {
        const Region snapped{nearest_zero_crossing(mono, r.start, radius), nearest_zero_crossing(mono, r.end, radius)};
        out.push_back(snapped.empty() ? r : snapped);
    }
    return out;
}

AudioBuffer extract_slice(const ConstAudioBufferView& audio, const Region& region) {
    constexpr const char* where = "extract_slice";
    check_region(region, static_cast<std::int64_t>(audio.frames()), where);
    const auto start = static_cast<std::size_t>(region.start);
    const auto len = static_cast<std::size_t>(region.length());
    AudioBuffer out(len, audio.channels());
    for (std::size_t c = 0; c < audio.channels(); ++c) {
        const auto src = audio.channel(c).subspan(start, len);
        std::copy(src.begin(), src.end(), out.channel(c).begin());
    }
    return out;
}

std::vector<AudioBuffer> extract_slices(const ConstAudioBufferView& audio, std::span<const Region> regions) {
    std::vector<AudioBuffer> out;
    out.reserve(regions.size());
    for (const Region& r : regions) out.push_back(extract_slice(audio, r));
    return out;
}

AudioBuffer recombine(std::span<const AudioBuffer> slices, double sample_rate, double crossfade_seconds,
                      CrossfadeCurve curve) {
    constexpr const char* where = "recombine";
    detail::check_sample_rate(sample_rate, where, nullptr);
    if (!(crossfade_seconds >= 0.0) || !std::isfinite(crossfade_seconds)) {
        invalid(nullptr, where, "crossfade_seconds is " + number(crossfade_seconds) + " (expected >= 0)");
    }
    if (curve != CrossfadeCurve::Linear && curve != CrossfadeCurve::EqualPower) {
        invalid(nullptr, where, "curve " + std::to_string(static_cast<int>(curve)) + " is not a CrossfadeCurve");
    }
    if (slices.empty()) return {};
    const std::size_t channels = slices.front().channels();
    const auto fade = static_cast<std::size_t>(std::llround(std::min(crossfade_seconds * sample_rate, 1.0e15)));
    std::size_t total = 0;
    for (std::size_t k = 0; k < slices.size(); ++k) {
        if (slices[k].channels() != channels) {
            invalid(nullptr, where, "slice " + std::to_string(k) + " has " + std::to_string(slices[k].channels()) +
                                        " channels but slice 0 has " + std::to_string(channels));
        }
        if (slices.size() > 1 && slices[k].frames() < fade) {
            invalid(nullptr, where, "slice " + std::to_string(k) + " has " + std::to_string(slices[k].frames()) +
                                        " frames, fewer than the " + std::to_string(fade) + "-frame crossfade");
        }
        total += slices[k].frames();
    }
    total -= (slices.size() - 1) * fade;
    if (channels == 0 || total == 0) return {};

    std::vector<float> fade_in(fade);
    std::vector<float> fade_out(fade);
    for (std::size_t i = 0; i < fade; ++i) {
        const double t = (static_cast<double>(i) + 0.5) / static_cast<double>(fade);
        if (curve == CrossfadeCurve::Linear) {
            fade_in[i] = static_cast<float>(t);
            fade_out[i] = static_cast<float>(1.0 - t);
        } else {
            fade_in[i] = static_cast<float>(std::sin(0.5 * std::numbers::pi * t));
            fade_out[i] = static_cast<float>(std::cos(0.5 * std::numbers::pi * t));
        }
    }

    AudioBuffer out(total, channels);
    std::size_t pos = 0;
    for (std::size_t k = 0; k < slices.size(); ++k) {
        const std::size_t len = slices[k].frames();
        const bool first = k == 0;
        const bool last = k + 1 == slices.size();
        for (std::size_t c = 0; c < channels; ++c) {
            const auto src = slices[k].channel(c);
            const auto dst = out.channel(c);
            for (std::size_t i = 0; i < len; ++i) {
                float g = 1.0F;
                if (!first && i < fade) g *= fade_in[i];
                if (!last && i + fade >= len) g *= fade_out[i + fade - len];
                dst[pos + i] += g * src[i];
            }
        }
        pos += len - (last ? 0 : fade);
    }
    return out;
}

} // namespace cm::ca
