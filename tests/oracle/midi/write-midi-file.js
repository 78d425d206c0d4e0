// Writes Standard MIDI Files with the npm package midi-file (an independent
// writer) into the directory given as the only argument. Between them the
// files use every meta event, SysEx in the F0 and F7 (escape and
// continuation) forms, running status, note-on with velocity 0, SMPTE
// divisions, formats 0, 1 and 2, tempo and meter changes, overlapping
// notes of one pitch and 4-byte delta times.
'use strict';
const fs = require('fs');
const path = require('path');
const { writeMidi } = require('midi-file');

const out = process.argv[2];
if (!out) {
    console.error('usage: node write-midi-file.js <output dir>');
    process.exit(2);
}

const on = (dt, ch, n, v) => ({ deltaTime: dt, type: 'noteOn', channel: ch, noteNumber: n, velocity: v });
const off = (dt, ch, n, v = 64) => ({ deltaTime: dt, type: 'noteOff', channel: ch, noteNumber: n, velocity: v });
const off9 = (dt, ch, n) => ({ deltaTime: dt, type: 'noteOff', channel: ch, noteNumber: n, velocity: 0, byte9: true });
const tempo = (dt, us) => ({ deltaTime: dt, meta: true, type: 'setTempo', microsecondsPerBeat: us });
const meter = (dt, n, d, metronome = 24, thirtyseconds = 8) =>
    ({ deltaTime: dt, meta: true, type: 'timeSignature', numerator: n, denominator: d, metronome, thirtyseconds });
const text = (dt, type, t) => ({ deltaTime: dt, meta: true, type, text: t });
const eot = (dt = 0) => ({ deltaTime: dt, meta: true, type: 'endOfTrack' });

function save(name, data, opts) {
    fs.writeFileSync(path.join(out, name), Buffer.from(writeMidi(data, opts)));
}

// Format 1, 96 PPQ: every meta event in a conductor track, every channel
// voice message in a second track, tempo changes inside the music.
save('all_meta.mid', {
    header: { format: 1, ticksPerBeat: 96 },
    tracks: [
        [
            { deltaTime: 0, meta: true, type: 'sequenceNumber', number: 7 },
            text(0, 'text', 'coremusic fixture: every meta event'),
            text(0, 'copyrightNotice', '(c) nobody'),
            text(0, 'trackName', 'Conductor'),
            text(0, 'instrumentName', 'none'),
            text(0, 'lyrics', 'la'),
            text(0, 'marker', 'Intro'),
            text(0, 'cuePoint', 'lights'),
            { deltaTime: 0, meta: true, type: 'unknownMeta', metatypeByte: 0x08, data: [0x50, 0x72, 0x67] },  // program name
            { deltaTime: 0, meta: true, type: 'unknownMeta', metatypeByte: 0x09, data: [0x44, 0x65, 0x76] },  // device name
            { deltaTime: 0, meta: true, type: 'channelPrefix', channel: 3 },
            { deltaTime: 0, meta: true, type: 'portPrefix', port: 1 },
            { deltaTime: 0, meta: true, type: 'smpteOffset', frameRate: 25, hour: 1, min: 2, sec: 3, frame: 4, subFrame: 5 },
            tempo(0, 500000),
            meter(0, 6, 8, 36, 8),
            { deltaTime: 0, meta: true, type: 'keySignature', key: -3, scale: 1 },
            { deltaTime: 0, meta: true, type: 'sequencerSpecific', data: [0x00, 0x00, 0x41, 0x01, 0x02] },
            { deltaTime: 0, meta: true, type: 'unknownMeta', metatypeByte: 0x60, data: [] },
            text(288, 'marker', 'A'),
            tempo(0, 400000),
            meter(0, 3, 4),
            { deltaTime: 0, meta: true, type: 'keySignature', key: 4, scale: 0 },
            text(288, 'marker', 'B'),
            tempo(0, 750000),
            meter(0, 2, 2),
            text(96, 'lyrics', 'lo'),
            eot(96),
        ],
        [
            text(0, 'trackName', 'Messages'),
            { deltaTime: 0, type: 'programChange', channel: 0, programNumber: 19 },
            { deltaTime: 0, type: 'controller', channel: 0, controllerType: 7, value: 100 },
            { deltaTime: 0, type: 'controller', channel: 0, controllerType: 10, value: 32 },
            on(0, 0, 60, 100),
            { deltaTime: 24, type: 'noteAftertouch', channel: 0, noteNumber: 60, amount: 50 },
            { deltaTime: 24, type: 'channelAftertouch', channel: 0, amount: 70 },
            { deltaTime: 24, type: 'pitchBend', channel: 0, value: -8192 },
            { deltaTime: 12, type: 'pitchBend', channel: 0, value: 8191 },
            { deltaTime: 12, type: 'pitchBend', channel: 0, value: 0 },
            off(0, 0, 60, 40),
            on(0, 15, 64, 1),
            off9(96, 15, 64),
            on(0, 9, 36, 127),
            off(48, 9, 36, 0),
            { deltaTime: 0, type: 'controller', channel: 1, controllerType: 121, value: 0 },
            { deltaTime: 0, type: 'controller', channel: 1, controllerType: 123, value: 0 },
            on(0, 1, 67, 90), on(0, 1, 71, 90), on(96, 1, 74, 90),
            off(96, 1, 67), off(0, 1, 71), off(96, 1, 74),
            eot(0),
        ],
    ],
});

// Format 0, 120 PPQ: SysEx as one packet, as a packet split into an F0
// start and F7 continuations, and F7 escapes carrying real-time and song
// position bytes; notes between them.
save('sysex.mid', {
    header: { format: 0, ticksPerBeat: 120 },
    tracks: [[
        text(0, 'trackName', 'SysEx'),
        { deltaTime: 0, type: 'sysEx', data: [0x7E, 0x7F, 0x09, 0x01, 0xF7] },  // GM system on
        { deltaTime: 10, type: 'sysEx', data: [0x41, 0x10, 0x42, 0x12, 0x40, 0x00, 0x7F, 0x00, 0x41, 0xF7] },
        on(110, 0, 60, 80),
        { deltaTime: 60, type: 'sysEx', data: [0x43, 0x12, 0x00] },            // no F7: continues
        { deltaTime: 30, type: 'endSysEx', data: [0x43, 0x12, 0x00, 0x07] },  // continuation
        { deltaTime: 30, type: 'endSysEx', data: [0xF7] },                    // last packet
        off(0, 0, 60),
        { deltaTime: 0, type: 'endSysEx', data: [0xF8] },                     // escape: clock
        { deltaTime: 0, type: 'endSysEx', data: [0xF2, 0x10, 0x00] },         // escape: song position
        { deltaTime: 0, type: 'sysEx', data: Array.from({ length: 300 }, (_, i) => i % 128).concat([0xF7]) },
        on(120, 0, 62, 80), off9(120, 0, 62),
        eot(0),
    ]],
});

// Format 1 written with running status throughout (midi-file cancels it at
// meta events, as the specification asks) and velocity-0 note-offs.
const melody = [];
const notes = [60, 62, 64, 65, 67, 69, 71, 72, 71, 69, 67, 65, 64, 62, 60];
notes.forEach((n, i) => {
    melody.push(on(i === 0 ? 0 : 0, 2, n, 64 + i));
    melody.push(off9(48, 2, n));
    if (i === 7) {
        melody.push(tempo(0, 300000));
        melody.push(meter(0, 7, 8));
    }
});
save('running_status.mid', {
    header: { format: 1, ticksPerBeat: 48 },
    tracks: [
        [tempo(0, 600000), meter(0, 4, 4), eot(0)],
        [text(0, 'trackName', 'Running'), { deltaTime: 0, type: 'programChange', channel: 2, programNumber: 5 }, ...melody,
            { deltaTime: 0, type: 'controller', channel: 2, controllerType: 64, value: 127 },
            { deltaTime: 10, type: 'controller', channel: 2, controllerType: 64, value: 0 },
            { deltaTime: 10, type: 'pitchBend', channel: 2, value: 100 },
            { deltaTime: 10, type: 'pitchBend', channel: 2, value: -100 }, eot(0)],
    ],
}, { running: true, useByte9ForNoteOff: true });

// SMPTE divisions: 25 fps x 40 ticks per frame (1 ms ticks), and 29.97
// drop-frame x 80; tempo events change beats only.
for (const [name, fps, tpf] of [['smpte25.mid', 25, 40], ['smpte2997.mid', 29, 80]]) {
    save(name, {
        header: { format: 1, framesPerSecond: fps, ticksPerFrame: tpf },
        tracks: [
            [tempo(0, 500000), { deltaTime: 0, meta: true, type: 'smpteOffset', frameRate: fps === 29 ? 29 : 25, hour: 0, min: 0, sec: 0, frame: 0, subFrame: 0 },
                tempo(1000, 250000), eot(0)],
            [on(0, 0, 60, 100), off(500, 0, 60), on(250, 0, 64, 100), off(1250, 0, 64),
                on(0, 0, 67, 100), on(1, 0, 67, 90), off(999, 0, 67), off(1000, 0, 67), eot(0)],
        ],
    });
}

// Format 2: three independent patterns, each with its own tempo and meter.
save('format2.mid', {
    header: { format: 2, ticksPerBeat: 240 },
    tracks: [0, 1, 2].map((k) => [
        text(0, 'trackName', 'Pattern ' + (k + 1)),
        tempo(0, [500000, 428571, 1000000][k]),
        meter(0, [4, 3, 5][k], 4),
        ...[0, 1, 2, 3].flatMap((i) => [on(i === 0 ? 0 : 0, k, 48 + 12 * k + i, 100), off(240, k, 48 + 12 * k + i)]),
        tempo(0, [250000, 600000, 800000][k]),
        on(0, k, 60, 90), off(480, k, 60),
        eot(120),
    ]),
});

// Format 0: overlapping notes of one pitch, chords, tempo changes at odd
// ticks, and delta times that need 3 and 4 bytes.
save('format0_long.mid', {
    header: { format: 0, ticksPerBeat: 960 },
    tracks: [[
        text(0, 'trackName', 'Long'), tempo(0, 480000), meter(0, 4, 4),
        on(0, 0, 60, 100), on(480, 0, 60, 80), off(480, 0, 60), off(480, 0, 60),
        on(0, 0, 60, 70), on(0, 0, 64, 70), on(0, 0, 67, 70),
        tempo(333, 600001), off(627, 0, 60), off(0, 0, 64), off(0, 0, 67),
        on(20000, 0, 72, 100), off(300000, 0, 72),
        tempo(0, 16777215),
        on(3000000, 0, 74, 60), off(0x0FFFFFF, 0, 74),
        tempo(1, 1), on(1, 0, 76, 50), off(960, 0, 76),
        eot(0),
    ]],
});
