// Built against an installed coremusic by tests/package: links the compiled
// cm::ca (static by default), so its private libraries (libsndfile, FFTW...)
// must reach this link through the package files alone.
#include <coremusic/ca.hpp>

#include <complex>
#include <cstdio>
#include <filesystem>
#include <vector>

int main() {
    // FFTW through cm::ca::Fft: an impulse has a flat spectrum.
    cm::ca::Fft fft(8);
    std::vector<float> impulse(8, 0.0F);
    impulse[0] = 1.0F;
    std::vector<std::complex<float>> spectrum(fft.bins());
    fft.forward(impulse, spectrum);
    for (const auto& x : spectrum) {
        if (std::abs(x - std::complex<float>(1.0F, 0.0F)) > 1e-6F) return 1;
    }
    // The own WAV codec and libsndfile's FLAC, written and read back.
    const auto dir = std::filesystem::temp_directory_path();
    for (auto type : {cm::ca::FileType::Wave, cm::ca::FileType::Flac}) {
        if (!cm::ca::can_write(type)) continue;
        const auto path = dir / (std::string("coremusic-consumer.") + std::string(cm::ca::to_string(type)));
        {
            auto out = cm::ca::AudioFile::create(path, {.type = type, .sample_rate = 48000.0, .channels = 1});
            cm::AudioBuffer tone(480, 1);
            tone.channel(0)[10] = 0.5F;
            out.write_frames(tone.view());
            out.close();
        }
        cm::ca::AudioFile in(path);
        const cm::AudioBuffer back = in.read_all();
        std::filesystem::remove(path);
        if (back.frames() != 480 || back.channel(0)[10] != 0.5F) return 2;
    }
    std::printf("ca consumer: fft and files ok\n");
    return 0;
}
