// Prints one FNV-1a checksum per generator over everything it generates from
// fixed seeds (every field of every NoteEvent, doubles by their bits), plus
// the raw Random stream. meta.theory_generators_identical_across_toolchains
// builds this with several compilers, standard libraries and optimisation
// levels and requires identical output.
#include <coremusic/theory.hpp>

#include <bit>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <span>
#include <vector>

namespace {

using namespace cm::theory;

struct Fnv {
    std::uint64_t h = 0xcbf29ce484222325ull;
    void add(std::uint64_t v) {
        for (int i = 0; i < 8; ++i) {
            h ^= (v >> (8 * i)) & 0xFFu;
            h *= 0x100000001b3ull;
        }
    }
};

void print(const char* name, std::span<const NoteEvent> events) {
    Fnv f;
    for (const NoteEvent& e : events) {
        f.add(std::bit_cast<std::uint64_t>(e.start_beat));
        f.add(std::bit_cast<std::uint64_t>(e.duration_beats));
        f.add(static_cast<std::uint64_t>(e.note));
        f.add(static_cast<std::uint64_t>(e.velocity));
        f.add(static_cast<std::uint64_t>(e.channel));
    }
    std::printf("%-24s %6zu events  %016" PRIx64 "\n", name, events.size(), f.h);
}

} // namespace

int main() {
    {
        Random r{42};
        Fnv f;
        for (int i = 0; i < 10000; ++i) {
            f.add(r());
            f.add(r.below(7));
            f.add(std::bit_cast<std::uint64_t>(r.uniform()));
            f.add(r.chance(0.3) ? 1 : 0);
        }
        std::printf("%-24s %6d draws   %016" PRIx64 "\n", "Random", 10000, f.h);
    }

    const Scale c_major{Note::from_name("C4"), ScaleType::Major};
    const int chord[] = {60, 64, 67, 71};

    for (const ArpPattern p : {ArpPattern::Random, ArpPattern::RandomWalk, ArpPattern::UpDown}) {
        Arpeggiator::Options o;
        o.pattern = p;
        o.octaves = 3;
        o.swing = 0.3;
        o.gate = 0.8;
        o.seed = 7;
        print(("Arpeggiator " + std::string(to_string(p))).c_str(), Arpeggiator{chord, o}.generate(2000));
    }

    print("EuclideanGenerator", EuclideanGenerator{7, 12, 36, 0.25, 100, 9, 2}.generate(300));

    PolyrhythmGenerator poly{3.0};
    poly.add_layer(3, 60).add_layer(4, 64).add_layer(7, 67, 90, 1);
    print("PolyrhythmGenerator", poly.generate(200));

    print("BitShiftRegister", BitShiftRegister::maximal(13, 0x1234).generate(3000, c_major, 14, 0.25));

    const std::vector<std::vector<int>> melodies = {
        {60, 62, 64, 65, 67, 65, 64, 62, 60, 67, 72, 71, 69, 67, 65, 64, 62, 60},
        {64, 64, 65, 67, 67, 65, 64, 62, 60, 60, 62, 64, 64, 62, 62},
    };
    for (const double t : {1.0, 0.35, 2.5}) {
        MarkovGenerator m{2, 11};
        m.train_sequences(melodies);
        m.set_temperature(t);
        m.set_scale_constraint(c_major);
        print(t == 1.0 ? "Markov T=1" : (t < 1.0 ? "Markov T=0.35" : "Markov T=2.5"), m.generate(3000, {60, 62}));
    }

    {
        ProbabilisticGenerator g{5};
        const int pitches[] = {60, 62, 64, 67, 69};
        const std::uint64_t pw[] = {5, 1, 3, 4, 2};
        const double durations[] = {0.25, 0.5, 1.0 / 3.0};
        const std::uint64_t dw[] = {4, 2, 1};
        g.set_pitches(pitches, pw);
        g.set_durations(durations, dw);
        g.set_velocity_range(60, 110);
        g.set_rest_probability(0.15);
        print("ProbabilisticGenerator", g.generate(3000));
    }

    {
        SequenceGenerator s{16, 0.25, 3};
        for (std::size_t i = 0; i < 16; ++i) {
            SequenceGenerator::Step step;
            step.note = 36 + static_cast<int>(i % 5);
            step.probability = 0.2 + 0.05 * static_cast<double>(i);
            step.ratchet = 1 + static_cast<int>(i % 3);
            step.accent = i % 4 == 0;
            s.set_step(i, step);
        }
        print("SequenceGenerator", s.generate(200));
    }

    for (const Contour c : {Contour::Arch, Contour::Random, Contour::Wave}) {
        MelodyGenerator g{Scale{Note::from_name("D4"), ScaleType::Dorian}, 13};
        g.set_contour(c);
        g.set_max_leap(5);
        print(c == Contour::Arch ? "MelodyGenerator arch" : (c == Contour::Random ? "MelodyGenerator random"
                                                                                   : "MelodyGenerator wave"),
              g.generate(2000));
    }
    return 0;
}
