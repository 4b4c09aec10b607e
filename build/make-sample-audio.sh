#!/bin/sh
# Makes the speech sample Test-RealtimeTranscription sends by default: a known sentence, 24 kHz, 16-bit, mono.
# Run once from the repository root; the WAV file and its text are committed.
#   apt-get install -y espeak-ng sox
set -eu
text="Please transcribe this short sentence."
out=src/RealtimeOps.Engine/Transcription/Audio
tmp=$(mktemp -d)
espeak-ng -v en-us -s 175 -w "$tmp/raw.wav" "$text"
# A fifth of a second of silence before and after: a microphone-like start and end for voice activity detection.
sox "$tmp/raw.wav" -r 24000 -b 16 -e signed-integer -c 1 "$out/sample.wav" pad 0.2 0.2 norm -3
printf '%s\n' "$text" > "$out/sample.txt"
rm -rf "$tmp"
