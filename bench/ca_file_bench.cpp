// Reading a 16-bit WAV to float: AudioFile::read_frames (coremusic's own
// codec over pread, interleaved and planar) and MMapAudioFile (conversion
// straight from the memory map) beside libsndfile's sf_readf_float on the
// same file, with a ratio table printed after the runs (frames/s; target
// >= 1.5x sf_readf_float).
//
// Input: 60 s of 16-bit stereo at 44.1 kHz (10.6 MB, a sine pair with a
// little noise), written at startup into a temporary directory that is
// deleted at exit; it is read once before timing so every reader works from
// the page cache. Each iteration reads the whole file, either in one call
// ("Whole") or in blocks of 4096 frames ("Blocks", what a player or an
// analysis loop does); the file stays open across iterations for all.
#include <coremusic/ca/audio_file.hpp>
#include <coremusic/ca/mmap_audio_file.hpp>

#include <benchmark/benchmark.h>

#include "support/rate_reporter.hpp"

#ifdef COREMUSIC_BENCH_HAVE_SNDFILE
#include <sndfile.h>
#endif

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

namespace {

using namespace cm::ca;

constexpr double rate = 44100.0;
constexpr std::size_t channels = 2;
constexpr std::int64_t frames = 60 * 44100;
constexpr std::size_t block = 4096;

// The test file, made once and removed at exit.
class TempWav {
public:
    TempWav() {
        dir_ = std::filesystem::temp_directory_path() / ("coremusic-file-bench-" + std::to_string(std::random_device{}()));
        std::filesystem::create_directories(dir_);
        path_ = dir_ / "sixty_seconds.wav";
        AudioFileSettings s;
        s.type = FileType::Wave;
        s.sample_rate = rate;
        s.channels = channels;
        s.sample_format = SampleFormat::Int16;
        AudioFile out = AudioFile::create(path_, s);
        std::vector<float> buf(block * channels);
        std::minstd_rand noise(1);
        for (std::int64_t at = 0; at < frames; at += static_cast<std::int64_t>(block)) {
            const auto n = static_cast<std::size_t>(std::min<std::int64_t>(static_cast<std::int64_t>(block), frames - at));
            for (std::size_t i = 0; i < n; ++i) {
                const double t = static_cast<double>(at + static_cast<std::int64_t>(i)) / rate;
                const double hiss = (static_cast<double>(noise()) / 2147483647.0 - 0.5) * 0.01;
                buf[2 * i] = static_cast<float>(0.5 * std::sin(2 * M_PI * 440 * t) + hiss);
                buf[2 * i + 1] = static_cast<float>(0.5 * std::sin(2 * M_PI * 660 * t) - hiss);
            }
            out.write_frames(cm::ConstInterleavedView(std::span<const float>(buf.data(), n * channels), channels));
        }
        out.close();
        // Warm the page cache.
        AudioFile in(path_);
        (void)in.read_all();
    }
    TempWav(const TempWav&) = delete;
    TempWav& operator=(const TempWav&) = delete;
    ~TempWav() {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    [[nodiscard]] const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path dir_;
    std::filesystem::path path_;
};

const TempWav& wav() {
    static const TempWav file;
    return file;
}

void set_rates(benchmark::State& state) {
    state.SetItemsProcessed(state.iterations() * frames);
    state.SetBytesProcessed(state.iterations() * frames * static_cast<std::int64_t>(channels * 2));
}

void BM_AudioFile_Interleaved_Whole(benchmark::State& state) {
    AudioFile f(wav().path());
    std::vector<float> out(static_cast<std::size_t>(frames) * channels);
    for (auto _ : state) {
        benchmark::DoNotOptimize(f.read_frames(0, cm::InterleavedView(std::span<float>(out), channels)));
        benchmark::ClobberMemory();
    }
    set_rates(state);
}
BENCHMARK(BM_AudioFile_Interleaved_Whole)->Unit(benchmark::kMillisecond);

void BM_AudioFile_Interleaved_Blocks(benchmark::State& state) {
    AudioFile f(wav().path());
    std::vector<float> out(block * channels);
    for (auto _ : state) {
        for (std::int64_t at = 0; at < frames; at += static_cast<std::int64_t>(block)) {
            benchmark::DoNotOptimize(f.read_frames(at, cm::InterleavedView(std::span<float>(out), channels)));
        }
        benchmark::ClobberMemory();
    }
    set_rates(state);
}
BENCHMARK(BM_AudioFile_Interleaved_Blocks)->Unit(benchmark::kMillisecond);

void BM_AudioFile_Planar_Whole(benchmark::State& state) {
    AudioFile f(wav().path());
    cm::AudioBuffer out(static_cast<std::size_t>(frames), channels);
    for (auto _ : state) {
        benchmark::DoNotOptimize(f.read_frames(0, out.view()));
        benchmark::ClobberMemory();
    }
    set_rates(state);
}
BENCHMARK(BM_AudioFile_Planar_Whole)->Unit(benchmark::kMillisecond);

void BM_AudioFile_Planar_Blocks(benchmark::State& state) {
    AudioFile f(wav().path());
    cm::AudioBuffer out(block, channels);
    for (auto _ : state) {
        for (std::int64_t at = 0; at < frames; at += static_cast<std::int64_t>(block)) {
            benchmark::DoNotOptimize(f.read_frames(at, out.view()));
        }
        benchmark::ClobberMemory();
    }
    set_rates(state);
}
BENCHMARK(BM_AudioFile_Planar_Blocks)->Unit(benchmark::kMillisecond);

void BM_MMap_Interleaved_Whole(benchmark::State& state) {
    MMapAudioFile f(wav().path());
    std::vector<float> out(static_cast<std::size_t>(frames) * channels);
    for (auto _ : state) {
        benchmark::DoNotOptimize(f.frames().to_float(cm::InterleavedView(std::span<float>(out), channels)));
        benchmark::ClobberMemory();
    }
    set_rates(state);
}
BENCHMARK(BM_MMap_Interleaved_Whole)->Unit(benchmark::kMillisecond);

void BM_MMap_Interleaved_Blocks(benchmark::State& state) {
    MMapAudioFile f(wav().path());
    std::vector<float> out(block * channels);
    for (auto _ : state) {
        for (const PcmFrameView chunk : f.iter_chunks(block)) {
            benchmark::DoNotOptimize(chunk.to_float(cm::InterleavedView(std::span<float>(out), channels)));
        }
        benchmark::ClobberMemory();
    }
    set_rates(state);
}
BENCHMARK(BM_MMap_Interleaved_Blocks)->Unit(benchmark::kMillisecond);

void BM_MMap_Planar_Blocks(benchmark::State& state) {
    MMapAudioFile f(wav().path());
    cm::AudioBuffer out(block, channels);
    for (auto _ : state) {
        for (const PcmFrameView chunk : f.iter_chunks(block)) {
            benchmark::DoNotOptimize(chunk.to_float(out.view()));
        }
        benchmark::ClobberMemory();
    }
    set_rates(state);
}
BENCHMARK(BM_MMap_Planar_Blocks)->Unit(benchmark::kMillisecond);

#ifdef COREMUSIC_BENCH_HAVE_SNDFILE
void BM_Sndfile_Whole(benchmark::State& state) {
    SF_INFO info{};
    SNDFILE* sf = sf_open(wav().path().c_str(), SFM_READ, &info);
    if (sf == nullptr || info.frames != frames) {
        state.SkipWithError("libsndfile cannot open the file");
        return;
    }
    std::vector<float> out(static_cast<std::size_t>(frames) * channels);
    for (auto _ : state) {
        sf_seek(sf, 0, SEEK_SET);
        benchmark::DoNotOptimize(sf_readf_float(sf, out.data(), frames));
        benchmark::ClobberMemory();
    }
    sf_close(sf);
    set_rates(state);
}
BENCHMARK(BM_Sndfile_Whole)->Unit(benchmark::kMillisecond);

void BM_Sndfile_Blocks(benchmark::State& state) {
    SF_INFO info{};
    SNDFILE* sf = sf_open(wav().path().c_str(), SFM_READ, &info);
    if (sf == nullptr) {
        state.SkipWithError("libsndfile cannot open the file");
        return;
    }
    std::vector<float> out(block * channels);
    for (auto _ : state) {
        sf_seek(sf, 0, SEEK_SET);
        for (std::int64_t at = 0; at < frames; at += static_cast<std::int64_t>(block)) {
            benchmark::DoNotOptimize(sf_readf_float(sf, out.data(), static_cast<sf_count_t>(block)));
        }
        benchmark::ClobberMemory();
    }
    sf_close(sf);
    set_rates(state);
}
BENCHMARK(BM_Sndfile_Blocks)->Unit(benchmark::kMillisecond);
#endif

void print_table(const cm::bench::RateReporter& r) {
    std::printf("\n16-bit stereo WAV (60 s) -> float, frames per second (x sf_readf_float, same pattern)\n");
    struct Row {
        const char* ours;
        const char* peer;
    };
    for (const Row& row : {Row{"BM_AudioFile_Interleaved_Whole", "BM_Sndfile_Whole"},
                           Row{"BM_AudioFile_Planar_Whole", "BM_Sndfile_Whole"},
                           Row{"BM_MMap_Interleaved_Whole", "BM_Sndfile_Whole"},
                           Row{"BM_AudioFile_Interleaved_Blocks", "BM_Sndfile_Blocks"},
                           Row{"BM_AudioFile_Planar_Blocks", "BM_Sndfile_Blocks"},
                           Row{"BM_MMap_Interleaved_Blocks", "BM_Sndfile_Blocks"},
                           Row{"BM_MMap_Planar_Blocks", "BM_Sndfile_Blocks"}}) {
        std::printf("  %-34s %8.1f Mframes/s   libsndfile %8.1f Mframes/s   %5.2fx\n", row.ours,
                    r.items(row.ours) / 1e6, r.items(row.peer) / 1e6, cm::bench::ratio(r.items(row.ours), r.items(row.peer)));
    }
}

} // namespace

int main(int argc, char** argv) {
    (void)wav();
    return cm::bench::run_benchmarks(argc, argv, print_table);
}
