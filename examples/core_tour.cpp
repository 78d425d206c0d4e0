// A tour of cm::core, run by ./scripts/demo: a control thread steers an audio
// thread through a wait-free queue, the audio thread renders blocks with the
// buffer ops and a preallocated pool, streams them back through a ring buffer
// and publishes meters through a triple buffer. Every figure printed is
// measured from the audio that was actually rendered.
#include <coremusic/core.hpp>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <thread>
#include <vector>

namespace {

constexpr double sample_rate = 48000.0;
constexpr std::size_t block = 256;
constexpr std::size_t seconds = 4;
constexpr std::size_t total_frames = static_cast<std::size_t>(sample_rate) * seconds;

struct Command {   // control -> audio
    float gain;
    float pan;
};

struct Meters {    // audio -> control, latest only
    std::size_t blocks = 0;
    float peak_left = 0.0F;
    float peak_right = 0.0F;
};

double to_db(double x) { return 20.0 * std::log10(x > 1e-12 ? x : 1e-12); }

} // namespace

int main() {
    std::printf("coremusic %s: cm::core tour\n\n", COREMUSIC_VERSION_STRING);

    // --- the material: a 220 Hz tone with its octave, made off the audio thread
    std::vector<float> source(total_frames);
    for (std::size_t n = 0; n < total_frames; ++n) {
        const double t = static_cast<double>(n) / sample_rate;
        source[n] = static_cast<float>(0.6 * std::sin(2.0 * std::numbers::pi * 220.0 * t) +
                                       0.3 * std::sin(2.0 * std::numbers::pi * 440.0 * t));
    }

    cm::SpscQueue<Command> commands(64);
    cm::SpscRingBuffer<float> output(1U << 12);               // interleaved stereo, 2048 frames
    cm::TripleBuffer<Meters> meters(Meters{});
    auto scratch = cm::AudioBufferPool::preallocated(4, block, 2);
    std::atomic<bool> done{false};

    // --- the audio thread: every call in its loop is realtime-safe, except the
    // yield while the ring is full (a device callback would never wait; here the
    // reader sets the pace so that nothing is dropped)
    std::thread audio([&] {
        float gain = 1.0F;
        float pan = 0.0F;
        Meters m;
        std::vector<float> interleaved(block * 2);            // sized before the loop
        for (std::size_t start = 0; start < total_frames; start += block) {
            while (auto c = commands.try_pop()) {
                gain = c->gain;
                pan = c->pan;
            }
            cm::PooledBuffer buf = scratch.acquire(block, 2);
            const std::span<const float> in(source.data() + start, block);
            std::span<float> mono = buf.channel(0);
            std::copy(in.begin(), in.end(), mono.begin());
            cm::apply_gain(mono, gain);
            cm::pan_mono_to_stereo(mono, buf.channel(0), buf.channel(1), pan, cm::PanLaw::EqualPower);
            if (start == 0) cm::apply_fade_in(buf.view(), block, cm::FadeCurve::EqualPower);
            if (start + block >= total_frames) cm::apply_fade_out(buf.view(), block, cm::FadeCurve::EqualPower);

            m.blocks += 1;
            m.peak_left = std::max(m.peak_left, cm::peak(buf.channel(0)));
            m.peak_right = std::max(m.peak_right, cm::peak(buf.channel(1)));
            meters.write(m);

            cm::interleave(buf.view(), cm::InterleavedView(std::span<float>(interleaved), 2));
            std::span<const float> pending(interleaved);
            while (!pending.empty()) {
                pending = pending.subspan(output.write(pending));
                if (!pending.empty()) std::this_thread::yield();
            }
        }
        done.store(true, std::memory_order_release);
    });

    // --- the control thread (this one): a pan sweep, then collect the output
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<float> rendered;
    rendered.reserve(total_frames * 2);
    std::vector<float> chunk(4096);
    std::size_t sent = 0;
    const float pans[] = {-1.0F, -0.5F, 0.0F, 0.5F, 1.0F};
    std::size_t sweep_step = 0;
    while (!done.load(std::memory_order_acquire) || output.available_read() > 0) {
        const std::size_t frames_out = rendered.size() / 2;
        if (sweep_step < 5 && frames_out >= sweep_step * total_frames / 5) {
            if (commands.try_push(Command{0.8F, pans[sweep_step]})) {
                ++sent;
                ++sweep_step;
            }
        }
        const std::size_t got = output.read(chunk);
        rendered.insert(rendered.end(), chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(got));
        if (got == 0) std::this_thread::yield();
    }
    audio.join();
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    // --- what came out
    std::vector<float> left(rendered.size() / 2), right(rendered.size() / 2);
    cm::AudioBufferView planar{std::span<float>(left), std::span<float>(right)};
    cm::deinterleave(cm::ConstInterleavedView(std::span<const float>(rendered), 2), planar);
    const Meters& final_meters = meters.read();

    std::printf("rendered      %zu frames (%.1f s at %.0f Hz) in %zu blocks of %zu, %.0fx real time\n",
                left.size(), static_cast<double>(left.size()) / sample_rate, sample_rate,
                final_meters.blocks, block, static_cast<double>(left.size()) / sample_rate / wall);
    std::printf("commands      %zu pan/gain commands through SpscQueue (capacity %zu)\n", sent,
                commands.capacity());
    std::printf("levels        left  peak %6.2f dBFS  rms %6.2f dBFS\n", to_db(cm::peak(left)),
                to_db(cm::rms(left)));
    std::printf("              right peak %6.2f dBFS  rms %6.2f dBFS\n", to_db(cm::peak(right)),
                to_db(cm::rms(right)));
    std::printf("meters        TripleBuffer's last snapshot: peak L %.4f R %.4f\n",
                static_cast<double>(final_meters.peak_left), static_cast<double>(final_meters.peak_right));

    // Equal-power pan at centre: each side gets 1/sqrt(2) of the mono signal.
    const std::size_t centre = total_frames / 2;              // inside the pan = 0 fifth
    const auto g = cm::pan_gains(0.0F, cm::PanLaw::EqualPower);
    std::printf("pan law       equal power at centre: L %.4f R %.4f (%.2f dB each)\n",
                static_cast<double>(g.left), static_cast<double>(g.right), to_db(g.left));
    std::printf("              measured L/R ratio in the centred segment: %.4f\n",
                static_cast<double>(cm::rms(std::span<const float>(left).subspan(centre, 4800)) /
                                    cm::rms(std::span<const float>(right).subspan(centre, 4800))));

    const auto stats = scratch.stats();
    std::printf("pool          %zu bytes preallocated, %llu leases served, %zu active now\n",
                stats.limit_bytes, static_cast<unsigned long long>(stats.hits + stats.misses),
                stats.active_leases);

    // Sample conversion: float -> int16 -> float loses at most half a step.
    std::vector<std::int16_t> pcm(left.size());
    std::vector<float> back(left.size());
    cm::float_to_int16(left, pcm);
    cm::int16_to_float(pcm, back);
    double err = 0.0;
    for (std::size_t i = 0; i < left.size(); ++i) err = std::max(err, std::abs(static_cast<double>(back[i] - left[i])));
    std::printf("int16         round trip max error %.3g (half an LSB is %.3g)\n", err, 0.5 / 32768.0);

    // Errors carry codes with names.
    std::error_code ec;
    (void)cm::FourCC::parse("lpcm!", ec);
    std::printf("FourCC        'lpcm' = 0x%08X; parse(\"lpcm!\") -> %s: %s\n",
                static_cast<unsigned>(cm::FourCC("lpcm").value()), ec.category().name(), ec.message().c_str());
    std::printf("OSStatus      %s\n", cm::os_status_code(-10879).message().c_str());
    return 0;
}
