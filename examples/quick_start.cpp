// The README's quick start, kept compiling: a control thread steers the audio
// thread through a wait-free queue; the audio thread never allocates or locks.
#include <coremusic/core.hpp>

#include <cstdio>
#include <vector>

// On the audio thread: no allocation, no lock, no throw.
void render(std::span<float> mono, std::span<float> left, std::span<float> right,
            cm::SpscQueue<float>& gains) noexcept {
    if (auto g = gains.try_pop()) cm::apply_gain(mono, *g);
    cm::pan_mono_to_stereo(mono, left, right, 0.0F, cm::PanLaw::EqualPower);
}

int main() {
    cm::SpscQueue<float> gains(1024);            // control -> audio
    (void)gains.try_push(0.5F);

    std::vector<float> mono(256, 1.0F), left(256), right(256);
    render(mono, left, right, gains);
    std::printf("left %.4f right %.4f\n", static_cast<double>(left[0]), static_cast<double>(right[0]));

    static_assert(cm::FourCC("lpcm").value() == 0x6C70636D); // FourCC codes as Apple spells them
}
