// The audio half of ./scripts/demo: plays composition.mid (written by the
// compose example) through a small additive synth into audio files, then
// analyses what it rendered with cm::ca and checks the analysis against what
// the MIDI file says: tempo, the melody's pitches, the key. It draws the
// waveform and spectrogram as PNG and as a terminal sparkline.
//
//     audio_analysis [--midi FILE] [--out DIR]    (default: DIR/composition.mid, DIR = .)
//
// The synth is deliberately simple (the General MIDI synth comes with the
// engine): harmonic partials with an envelope per note, and drums made of a
// swept sine (kick) and noise bursts (snare, hats).
#include <coremusic/ca.hpp>
#include <coremusic/midi.hpp>
#include <coremusic/theory.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <numbers>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr double sample_rate = 48000.0;

double note_hz(int note) { return 440.0 * std::pow(2.0, (note - 69) / 12.0); }

// One pitched note: partials k = 1..6 at 1/k, a 5 ms attack, a decay to 70 %
// and a 60 ms release after the note's end.
void add_tone(std::span<float> out, double start_s, double length_s, int note, double gain) {
    const double f = note_hz(note);
    const auto first = static_cast<std::size_t>(start_s * sample_rate);
    const auto sustain_end = static_cast<std::size_t>((start_s + length_s) * sample_rate);
    const auto last = std::min(out.size(), sustain_end + static_cast<std::size_t>(0.06 * sample_rate));
    for (std::size_t i = first; i < last; ++i) {
        const double t = static_cast<double>(i - first) / sample_rate;
        double env = std::min(1.0, t / 0.005) * (0.7 + 0.3 * std::exp(-t / 0.15));
        if (i >= sustain_end) env *= std::exp(-static_cast<double>(i - sustain_end) / sample_rate / 0.015);
        double v = 0.0;
        for (int k = 1; k <= 6; ++k) {
            if (f * k < sample_rate / 2) v += std::sin(2.0 * std::numbers::pi * f * k * t) / k;
        }
        out[i] += static_cast<float>(gain * env * v);
    }
}

// General MIDI drums: 35/36 kick, 38/40 snare, everything else a hat.
void add_drum(std::span<float> out, double start_s, int note, double gain, cm::theory::Random& noise) {
    const auto first = static_cast<std::size_t>(start_s * sample_rate);
    const bool kick = note == 35 || note == 36;
    const bool snare = note == 38 || note == 40;
    const double decay = kick ? 0.18 : snare ? 0.12 : 0.04;
    const auto last = std::min(out.size(), first + static_cast<std::size_t>(decay * 6.0 * sample_rate));
    double phase = 0.0;
    double previous = 0.0;
    for (std::size_t i = first; i < last; ++i) {
        const double t = static_cast<double>(i - first) / sample_rate;
        const double env = std::exp(-t / decay);
        const double white = noise.uniform() * 2.0 - 1.0;
        double v = 0.0;
        if (kick) {
            phase += 2.0 * std::numbers::pi * (50.0 + 110.0 * std::exp(-t / 0.03)) / sample_rate;
            v = std::sin(phase);
        } else if (snare) {
            v = 0.6 * white + 0.4 * std::sin(2.0 * std::numbers::pi * 185.0 * t);
        } else {
            v = 0.5 * (white - previous);  // a first difference: noise tilted up, as hats are
        }
        previous = white;
        out[i] += static_cast<float>(gain * env * v);
    }
}

struct RenderedNote {
    double start_s;
    double length_s;
    int note;
};

} // namespace

int main(int argc, char** argv) {
    std::filesystem::path out_dir = ".";
    std::filesystem::path midi_path;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string_view flag = argv[i];
        if (flag == "--out") {
            out_dir = argv[i + 1];
        } else if (flag == "--midi") {
            midi_path = argv[i + 1];
        } else {
            std::fprintf(stderr, "usage: audio_analysis [--midi FILE] [--out DIR]\n");
            return 2;
        }
    }
    if (midi_path.empty()) midi_path = out_dir / "composition.mid";
    std::filesystem::create_directories(out_dir);

    // --- render the MIDI file: a stereo mix and a melody stem
    const auto sequence = cm::midi::MidiSequence::load(midi_path);
    const cm::midi::TempoMap tempo = sequence.tempo_map();
    const double file_bpm = 60e6 / static_cast<double>(tempo.tempo_changes().front().us_per_quarter);
    const double seconds = sequence.duration_seconds() + 1.0;
    const auto frames = static_cast<std::size_t>(seconds * sample_rate);
    cm::AudioBuffer mix(frames, 2);
    std::vector<float> melody_stem(frames, 0.0F);
    std::vector<RenderedNote> melody;
    std::vector<float> part(frames);
    cm::theory::Random noise(7);
    auto to_seconds = [&](double beats) { return tempo.tick_to_seconds(beats * sequence.ppq()); };
    for (const cm::midi::MidiTrack& track : sequence.tracks()) {
        const auto events = track.to_note_events();
        if (events.empty()) continue;
        std::fill(part.begin(), part.end(), 0.0F);
        const bool drums = events.front().channel == 9;
        for (const cm::theory::NoteEvent& e : events) {
            const double start = to_seconds(e.start_beat);
            const double gain = e.velocity / 127.0;
            if (drums) {
                add_drum(part, start, e.note, 0.5 * gain, noise);
            } else {
                const double length = to_seconds(e.end_beat()) - start;
                add_tone(part, start, length, e.note, 0.12 * gain);
                if (track.name() == "Melody") melody.push_back({start, length, e.note});
            }
        }
        if (track.name() == "Melody") std::copy(part.begin(), part.end(), melody_stem.begin());
        // A little stereo: the arpeggio left, the pads right, the rest centred.
        const double pan = track.name() == "Arpeggio" ? -0.4 : track.name() == "Pads" ? 0.4 : 0.0;
        const auto left = static_cast<float>(std::cos((pan + 1.0) * std::numbers::pi / 4.0) * std::numbers::sqrt2);
        const auto right = static_cast<float>(std::sin((pan + 1.0) * std::numbers::pi / 4.0) * std::numbers::sqrt2);
        for (std::size_t i = 0; i < frames; ++i) {
            mix.channel(0)[i] += left * part[i];
            mix.channel(1)[i] += right * part[i];
        }
    }
    // Peak-normalise to -1 dBFS.
    float peak = 0.0F;
    for (std::size_t c = 0; c < 2; ++c) {
        for (float x : mix.channel(c)) peak = std::max(peak, std::abs(x));
    }
    const float scale = peak > 0.0F ? static_cast<float>(std::pow(10.0, -1.0 / 20.0)) / peak : 1.0F;
    for (std::size_t c = 0; c < 2; ++c) {
        for (float& x : mix.channel(c)) x *= scale;
    }

    const std::filesystem::path wav = out_dir / "composition.wav";
    const std::filesystem::path flac = out_dir / "composition.flac";
    {
        auto out = cm::ca::AudioFile::create(wav, {.type = cm::ca::FileType::Wave, .sample_rate = sample_rate,
                                                   .channels = 2, .sample_format = cm::ca::SampleFormat::Int24});
        out.write_frames(mix.view());
        out.close();
    }
    if (cm::ca::can_write(cm::ca::FileType::Flac)) {
        auto out = cm::ca::AudioFile::create(flac, {.type = cm::ca::FileType::Flac, .sample_rate = sample_rate,
                                                    .channels = 2, .sample_format = cm::ca::SampleFormat::Int24});
        out.write_frames(mix.view());
        out.close();
    }

    // --- analyse what is on disk, as a user would
    cm::ca::AudioFile file(wav);
    const cm::AudioBuffer audio = file.read_all();
    std::printf("coremusic %s: rendered %s through a small additive synth\n", COREMUSIC_VERSION_STRING,
                midi_path.string().c_str());
    std::printf("  %s: %s, %.2f s (%s backend)\n", wav.string().c_str(), file.format().describe().c_str(),
                file.duration(), std::string(file.backend()).c_str());
    if (std::filesystem::exists(flac)) {
        cm::ca::AudioFile f(flac);
        std::printf("  %s: %s, %.2f s, %.0f %% of the WAV's size\n", flac.string().c_str(),
                    f.format().describe().c_str(), f.duration(),
                    100.0 * static_cast<double>(std::filesystem::file_size(flac)) /
                        static_cast<double>(std::filesystem::file_size(wav)));
    }
    std::printf("  %s\n\n", cm::ca::waveform_sparkline(audio.view(), 72).c_str());

    const cm::ca::Levels levels = cm::ca::measure_levels(audio.view());
    std::printf("levels:\n");
    for (std::size_t c = 0; c < levels.channels.size(); ++c) {
        const auto& l = levels.channels[c];
        std::printf("  %-5s peak %6.2f dBFS, true peak %6.2f dBTP, RMS %6.2f dBFS, crest %5.2f dB, DC %+.5f\n",
                    c == 0 ? "left" : "right", cm::ca::amplitude_to_db(l.peak), cm::ca::amplitude_to_db(l.true_peak),
                    cm::ca::amplitude_to_db(l.rms), cm::ca::amplitude_to_db(l.peak / l.rms), l.dc_offset);
    }
    const cm::ca::LoudnessResult loudness = cm::ca::measure_loudness(audio.view(), file.sample_rate());
    std::printf("loudness (EBU R128): integrated %.1f LUFS, range %.1f LU, max momentary %.1f LUFS, "
                "max short-term %.1f LUFS, true peak %.2f dBTP\n",
                loudness.integrated_lufs, loudness.loudness_range_lu, loudness.max_momentary_lufs,
                loudness.max_short_term_lufs, loudness.true_peak_dbtp);

    std::vector<float> mono(audio.frames());
    for (std::size_t i = 0; i < mono.size(); ++i) mono[i] = 0.5F * (audio.channel(0)[i] + audio.channel(1)[i]);
    const cm::ca::TempoEstimate bpm = cm::ca::estimate_tempo(mono, file.sample_rate());
    const auto beats = cm::ca::track_beats(mono, file.sample_rate());
    std::printf("tempo: %.1f bpm (the file says %.1f), %zu beats tracked\n", bpm.bpm, file_bpm, beats.size());

    const cm::ca::KeyEstimate key = cm::ca::detect_key(mono, file.sample_rate());
    // The key signature meta event: sf = sharps (> 0) or flats (< 0), mi = minor.
    std::string file_key = "?";
    for (const cm::midi::MidiEvent& e : sequence.tracks().front().events()) {
        if (e.is_meta(cm::midi::meta::key_signature) && e.data.size() >= 2) {
            static constexpr std::array<const char*, 15> major{"Cb", "Gb", "Db", "Ab", "Eb", "Bb", "F", "C",
                                                               "G",  "D",  "A",  "E",  "B",  "F#", "C#"};
            static constexpr std::array<const char*, 15> minor{"Ab", "Eb", "Bb", "F",  "C",  "G",  "D", "A",
                                                               "E",  "B",  "F#", "C#", "G#", "D#", "A#"};
            const int sf = std::clamp(static_cast<int>(static_cast<std::int8_t>(e.data[0])), -7, 7);
            const auto index = static_cast<std::size_t>(sf + 7);
            file_key = e.data[1] != 0 ? std::string(minor[index]) + " minor" : std::string(major[index]) + " major";
        }
    }
    std::printf("key: %s (correlation %.2f; the file says %s)\n", key.name().c_str(), key.correlation,
                file_key.c_str());

    // The melody stem's pitch, note by note, against the notes the file says.
    cm::ca::PitchDetector detector(file.sample_rate());
    const std::size_t window = detector.frame_size();
    double worst = 0.0;
    double sum = 0.0;
    std::size_t measured = 0;
    for (const RenderedNote& n : melody) {
        const auto at = static_cast<std::size_t>((n.start_s + 0.03) * sample_rate);
        if (n.length_s < 0.1 || at + window > melody_stem.size()) continue;
        const auto estimate = detector.detect(std::span<const float>(melody_stem).subspan(at, window));
        if (!estimate) continue;
        const double cents = std::abs(cm::ca::cents_between(note_hz(n.note), estimate->frequency_hz));
        worst = std::max(worst, cents);
        sum += cents;
        ++measured;
    }
    std::printf("pitch (YIN) of the melody stem: %zu of %zu notes measured, mean error %.2f cents, worst %.2f\n",
                measured, melody.size(), measured ? sum / static_cast<double>(measured) : 0.0, worst);

    // --- pictures
    const auto summary = cm::ca::summarize_waveform(audio.view(), file.sample_rate(), 1200);
    cm::ca::WaveformStyle wstyle;
    wstyle.title = "composition.wav";
    const std::filesystem::path waveform_png = out_dir / "waveform.png";
    cm::ca::write_png(cm::ca::render_waveform_image(summary, wstyle), waveform_png);
    const cm::ca::Spectrogram spec = cm::ca::spectrogram(mono, file.sample_rate(), {.frame_size = 4096, .hop_size = 1024});
    const std::filesystem::path spectrogram_png = out_dir / "spectrogram.png";
    cm::ca::write_png(cm::ca::render_spectrogram_image(spec), spectrogram_png);
    std::printf("\npictures: %s, %s\n", waveform_png.string().c_str(), spectrogram_png.string().c_str());

    // The analysis heard what the file says: the exit status tells (CTest runs this).
    const bool tempo_ok = std::abs(bpm.bpm - file_bpm) <= 1.0;
    const bool key_ok = key.name() == file_key;
    const bool pitch_ok = measured > 0 && worst <= 5.0;
    std::printf("analysis %s the MIDI file (tempo %s, key %s, pitch %s)\n",
                tempo_ok && key_ok && pitch_ok ? "agrees with" : "DISAGREES with", tempo_ok ? "ok" : "off",
                key_ok ? "ok" : "off", pitch_ok ? "ok" : "off");
    return tempo_ok && key_ok && pitch_ok ? 0 : 1;
}
