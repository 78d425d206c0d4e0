// Dumps what independent JavaScript readers see in Standard MIDI Files, as
// the JSON that tests/midi/smf_oracle_test.cpp compares coremusic's reader
// with. For each file given, writes <file>.json beside it:
//
//   header  midi-file's parseMidi header (format, numTracks, ticksPerBeat or
//           framesPerSecond + ticksPerFrame)
//   tracks  midi-file's parseMidi events, each with `tick` (absolute ticks
//           from the track's start) added and byte arrays as plain arrays
//   notes   note-on/note-off pairs (the earliest unmatched note-on of the
//           same channel and pitch; note-on with velocity 0 ends a note),
//           with start and end seconds from a tempo map computed here: 120
//           bpm until the first tempo event, tempo events of all tracks
//           (format 2: of the note's own track), SMPTE divisions as fixed
//           seconds per tick (29 = 30000/1001 frames per second)
//   tonejs  @tonejs/midi's notes per track (ticks, durationTicks, midi,
//           velocity, time, duration) for PPQ files, tonejs's own pairing
//           and tempo map
'use strict';
const fs = require('fs');
const { parseMidi } = require('midi-file');
const { Midi } = require('@tonejs/midi');

function plain(v) {
    if (v instanceof Uint8Array || Buffer.isBuffer(v)) return Array.from(v);
    if (Array.isArray(v)) return v.map(plain);
    if (v && typeof v === 'object') {
        const o = {};
        for (const k of Object.keys(v)) o[k] = plain(v[k]);
        return o;
    }
    return v;
}

// Seconds at each tick from sorted tempo changes [{tick, us}].
function tempoMap(header, changes) {
    if (header.framesPerSecond) {
        const rate = header.framesPerSecond === 29 ? 30000 / 1001 : header.framesPerSecond;
        const perTick = 1 / (rate * header.ticksPerFrame);
        return (tick) => tick * perTick;
    }
    const ppq = header.ticksPerBeat;
    const sorted = changes.slice().sort((a, b) => a.tick - b.tick);
    // Several changes at one tick: the last in file order wins.
    const segs = [{ tick: 0, us: 500000, at: 0 }];
    for (const c of sorted) {
        const last = segs[segs.length - 1];
        if (c.tick === last.tick) {
            last.us = c.us;
        } else {
            const at = last.at + (c.tick - last.tick) * last.us / (1e6 * ppq);
            segs.push({ tick: c.tick, us: c.us, at });
        }
    }
    return (tick) => {
        let s = segs[0];
        for (const x of segs) if (x.tick <= tick) s = x;
        return s.at + (tick - s.tick) * s.us / (1e6 * ppq);
    };
}

function dump(file) {
    const bytes = fs.readFileSync(file);
    const midi = parseMidi(bytes);
    const tracks = midi.tracks.map((events) => {
        let tick = 0;
        return events.map((e) => {
            tick += e.deltaTime;
            return Object.assign({ tick }, plain(e));
        });
    });
    const tempoChanges = (list) => list.filter((e) => e.type === 'setTempo').map((e) => ({ tick: e.tick, us: e.microsecondsPerBeat }));
    const allTempi = tracks.flatMap(tempoChanges);
    const notes = [];
    tracks.forEach((events, t) => {
        const seconds = tempoMap(midi.header, midi.header.format === 2 ? tempoChanges(events) : allTempi);
        const open = new Map();
        for (const e of events) {
            const key = e.channel * 128 + e.noteNumber;
            if (e.type === 'noteOn') {
                if (!open.has(key)) open.set(key, []);
                open.get(key).push(e);
            } else if (e.type === 'noteOff' && open.has(key) && open.get(key).length) {
                const s = open.get(key).shift();
                notes.push({ track: t, channel: e.channel, note: e.noteNumber, velocity: s.velocity, off_velocity: e.velocity,
                    tick: s.tick, end_tick: e.tick, seconds: seconds(s.tick), end_seconds: seconds(e.tick) });
            }
        }
    });
    notes.sort((a, b) => a.track - b.track || a.tick - b.tick || a.note - b.note || a.end_tick - b.end_tick);
    const out = { file: file.split('/').pop(), header: midi.header, tracks, notes };
    if (midi.header.ticksPerBeat) {
        const tone = new Midi(bytes);
        out.tonejs = tone.tracks.map((tr) => tr.notes.map((n) => ({
            midi: n.midi, ticks: n.ticks, durationTicks: n.durationTicks, velocity: n.velocity, time: n.time, duration: n.duration,
        })));
        // tonejs times the span before a file's first tempo event with that
        // tempo rather than 120 bpm; say whether its times can be compared.
        const first = allTempi.length ? Math.min(...allTempi.map((c) => c.tick)) : 0;
        out.tonejs_times_comparable = first === 0 && midi.header.format !== 2;
    }
    fs.writeFileSync(file + '.json', JSON.stringify(out, null, 1) + '\n');
}

for (const f of process.argv.slice(2)) dump(f);
