#nullable enable
using System;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace RealtimeOps.Engine.Transcription.Audio
{
    /// <summary>Mono PCM16 samples at a known rate: what the realtime session is sent (24 kHz, little-endian).</summary>
    internal sealed class PcmAudio
    {
        internal const int SessionSampleRate = 24000;

        internal PcmAudio(short[] samples, int sampleRate)
        {
            Samples = samples ?? throw new ArgumentNullException(nameof(samples));
            SampleRate = sampleRate;
        }

        internal short[] Samples { get; }
        internal int SampleRate { get; }
        internal double DurationMs => Samples.Length * 1000.0 / SampleRate;

        /// <summary>Little-endian bytes of samples [offset, offset+count).</summary>
        internal byte[] ToBytes(int offset, int count)
        {
            var bytes = new byte[count * 2];
            for (var i = 0; i < count; i++)
            {
                var s = Samples[offset + i];
                bytes[2 * i] = (byte)(s & 0xFF);
                bytes[2 * i + 1] = (byte)((s >> 8) & 0xFF);
            }
            return bytes;
        }

        /// <summary>This audio at the session rate (24 kHz); linear interpolation, which is ample for speech recognition.</summary>
        internal PcmAudio ToSessionRate() => SampleRate == SessionSampleRate ? this : Resample(SessionSampleRate);

        internal PcmAudio Resample(int targetRate)
        {
            if (targetRate <= 0) throw new ArgumentOutOfRangeException(nameof(targetRate));
            if (targetRate == SampleRate || Samples.Length == 0) return new PcmAudio(Samples, targetRate);
            var length = (int)((long)Samples.Length * targetRate / SampleRate);
            var output = new short[Math.Max(1, length)];
            var step = (double)SampleRate / targetRate;
            for (var i = 0; i < output.Length; i++)
            {
                var position = i * step;
                var index = (int)position;
                var fraction = position - index;
                var a = Samples[Math.Min(index, Samples.Length - 1)];
                var b = Samples[Math.Min(index + 1, Samples.Length - 1)];
                output[i] = (short)Math.Round(a + (b - a) * fraction);
            }
            return new PcmAudio(output, targetRate);
        }

        /// <summary>True when no sample rises above the threshold (pure or near silence gives an empty transcript).</summary>
        internal bool IsSilent(short threshold = 64)
        {
            foreach (var s in Samples) if (s > threshold || s < -threshold) return false;
            return true;
        }
    }

    /// <summary>Why a WAV file cannot be used; <see cref="ErrorId"/> is the error record id the cmdlet reports.</summary>
    internal sealed class AudioFormatException : Exception
    {
        internal AudioFormatException(string errorId, string message) : base(message) { ErrorId = errorId; }
        internal string ErrorId { get; }
    }

    /// <summary>
    /// Reads RIFF/WAVE files holding 16-bit integer PCM, mono or stereo (stereo is averaged to mono), any rate
    /// from 8 kHz to 192 kHz. Everything else (float, 8/24/32-bit, compressed, not RIFF) is refused with a reason.
    /// </summary>
    internal static class WavReader
    {
        internal const string UnsupportedId = "TranscriptionAudioFormatUnsupported";
        internal const string InvalidId = "TranscriptionAudioFileInvalid";
        /// <summary>Ten minutes at 48 kHz stereo: more than a smoke test needs, and memory stays bounded.</summary>
        internal const long MaxDataBytes = 10L * 60 * 48000 * 2 * 2;

        internal static PcmAudio Read(Stream stream)
        {
            if (stream == null) throw new ArgumentNullException(nameof(stream));
            using (var reader = new BinaryReader(stream, Encoding.ASCII, leaveOpen: true))
            {
                if (!TryTag(reader, out var riff) || riff != "RIFF")
                    throw new AudioFormatException(UnsupportedId, "The file is not a RIFF/WAVE file (no RIFF header). Convert it to a 16-bit PCM WAV file first, for example: sox input.mp3 -b 16 -e signed-integer output.wav");
                reader.ReadUInt32();
                if (!TryTag(reader, out var wave) || wave != "WAVE")
                    throw new AudioFormatException(UnsupportedId, "The file is a RIFF file but not WAVE audio.");

                int channels = 0, rate = 0, bits = 0, format = -1;
                while (true)
                {
                    if (!TryTag(reader, out var chunk))
                        throw new AudioFormatException(InvalidId, format < 0 ? "The WAV file has no 'fmt ' chunk." : "The WAV file has no 'data' chunk.");
                    if (stream.Length - stream.Position < 4) throw new AudioFormatException(InvalidId, $"The WAV file ends inside the '{chunk}' chunk header.");
                    var size = reader.ReadUInt32();
                    if (chunk == "fmt ")
                    {
                        if (size < 16 || size > 1024) throw new AudioFormatException(InvalidId, $"The WAV 'fmt ' chunk has an impossible size ({size} bytes).");
                        var fmt = reader.ReadBytes((int)size);
                        if (fmt.Length < size) throw new AudioFormatException(InvalidId, "The WAV file ends inside its 'fmt ' chunk.");
                        format = BitConverter.ToUInt16(fmt, 0);
                        channels = BitConverter.ToUInt16(fmt, 2);
                        rate = BitConverter.ToInt32(fmt, 4);
                        bits = BitConverter.ToUInt16(fmt, 14);
                        // WAVE_FORMAT_EXTENSIBLE: the real format is the first two bytes of the sub-format GUID.
                        if (format == 0xFFFE && fmt.Length >= 26) format = BitConverter.ToUInt16(fmt, 24);
                        if (size % 2 == 1) reader.ReadByte();
                        continue;
                    }
                    if (chunk != "data")
                    {
                        var skip = size + (size % 2);
                        if (stream.Position + skip > stream.Length) throw new AudioFormatException(InvalidId, $"The WAV file ends inside its '{chunk}' chunk.");
                        stream.Seek(skip, SeekOrigin.Current);
                        continue;
                    }
                    if (format < 0) throw new AudioFormatException(InvalidId, "The WAV 'data' chunk comes before its 'fmt ' chunk.");
                    Check(format, channels, rate, bits);
                    if (size > MaxDataBytes) throw new AudioFormatException(UnsupportedId, $"The audio is too long ({size} bytes of samples); use a clip of a few seconds to a minute.");
                    var available = stream.Length - stream.Position;
                    var data = reader.ReadBytes((int)Math.Min(size, available));
                    return ToMono(data, channels, rate);
                }
            }
        }

        private static void Check(int format, int channels, int rate, int bits)
        {
            string? what;
            switch (format)
            {
                case 1: what = null; break;
                case 3: what = "32-bit float samples"; break;
                case 6: what = "A-law (G.711) samples"; break;
                case 7: what = "mu-law (G.711) samples"; break;
                case 2: case 0x11: what = "ADPCM-compressed samples"; break;
                case 0x55: what = "MP3-compressed samples"; break;
                default: what = $"samples in WAV format code {format}"; break;
            }
            if (what == null && bits != 16) what = $"{bits}-bit samples";
            if (what != null)
                throw new AudioFormatException(UnsupportedId, $"The WAV file holds {what}; RealtimeOps reads 16-bit integer PCM. Convert it, for example: sox input.wav -b 16 -e signed-integer output.wav");
            if (channels < 1 || channels > 2)
                throw new AudioFormatException(UnsupportedId, $"The WAV file has {channels} channels; RealtimeOps reads mono or stereo. Convert it, for example: sox input.wav -c 1 output.wav");
            if (rate < 8000 || rate > 192000)
                throw new AudioFormatException(UnsupportedId, $"The WAV file's sample rate ({rate} Hz) is outside 8000..192000 Hz.");
        }

        private static PcmAudio ToMono(byte[] data, int channels, int rate)
        {
            var frames = data.Length / (2 * channels);
            var samples = new short[frames];
            for (var i = 0; i < frames; i++)
            {
                if (channels == 1)
                {
                    samples[i] = (short)(data[2 * i] | (data[2 * i + 1] << 8));
                }
                else
                {
                    var left = (short)(data[4 * i] | (data[4 * i + 1] << 8));
                    var right = (short)(data[4 * i + 2] | (data[4 * i + 3] << 8));
                    samples[i] = (short)((left + right) / 2);
                }
            }
            return new PcmAudio(samples, rate);
        }

        private static bool TryTag(BinaryReader reader, out string? tag)
        {
            var bytes = reader.ReadBytes(4);
            tag = bytes.Length == 4 ? Encoding.ASCII.GetString(bytes) : null;
            return tag != null;
        }

        /// <summary>"sha256:" and the hex hash: how recorded events name an audio payload instead of holding it.</summary>
        internal static string Sha256(byte[] bytes)
        {
            using (var sha = SHA256.Create())
            {
                var hash = sha.ComputeHash(bytes);
                var sb = new StringBuilder("sha256:", 7 + 64);
                foreach (var b in hash) sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
                return sb.ToString();
            }
        }
    }
}
