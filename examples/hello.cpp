// docs/getting-started.md's first program: fade a tone in and measure it.
#include <coremusic/core.hpp>

#include <cstdio>
#include <vector>

int main() {
    std::vector<float> tone(48000);
    for (std::size_t n = 0; n < tone.size(); ++n)
        tone[n] = n % 100 < 50 ? 0.5F : -0.5F;          // 480 Hz square wave at 48 kHz
    cm::apply_fade_in(tone, 4800, cm::FadeCurve::EqualPower);
    std::printf("peak %.3f rms %.3f\n", static_cast<double>(cm::peak(tone)),
                static_cast<double>(cm::rms(tone)));
}
