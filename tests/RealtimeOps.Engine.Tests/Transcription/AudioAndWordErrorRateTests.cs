#nullable enable
using System;
using System.IO;
using System.Linq;
using System.Text;
using RealtimeOps.Engine.Transcription;
using RealtimeOps.Engine.Transcription.Audio;
using Xunit;

namespace RealtimeOps.Engine.Tests.Transcription
{
    public class AudioAndWordErrorRateTests
    {
        private static byte[] Wav(int format, int channels, int rate, int bits, byte[] data, bool extraChunk = false)
        {
            using var ms = new MemoryStream();
            using var w = new BinaryWriter(ms, Encoding.ASCII);
            w.Write(Encoding.ASCII.GetBytes("RIFF")); w.Write(0); w.Write(Encoding.ASCII.GetBytes("WAVE"));
            w.Write(Encoding.ASCII.GetBytes("fmt ")); w.Write(16);
            w.Write((ushort)format); w.Write((ushort)channels); w.Write(rate); w.Write(rate * channels * bits / 8); w.Write((ushort)(channels * bits / 8)); w.Write((ushort)bits);
            if (extraChunk) { w.Write(Encoding.ASCII.GetBytes("LIST")); w.Write(3); w.Write(new byte[] { 1, 2, 3, 0 }); }
            w.Write(Encoding.ASCII.GetBytes("data")); w.Write(data.Length); w.Write(data);
            w.Flush();
            return ms.ToArray();
        }

        private static byte[] Pcm(params short[] samples) => samples.SelectMany(s => BitConverter.GetBytes(s)).ToArray();

        [Fact]
        public void Reads_mono_pcm16_and_skips_unknown_chunks()
        {
            var audio = WavReader.Read(new MemoryStream(Wav(1, 1, 16000, 16, Pcm(1, -2, 300, -400), extraChunk: true)));
            Assert.Equal(16000, audio.SampleRate);
            Assert.Equal(new short[] { 1, -2, 300, -400 }, audio.Samples);
        }

        [Fact]
        public void Averages_stereo_to_mono()
        {
            var audio = WavReader.Read(new MemoryStream(Wav(1, 2, 24000, 16, Pcm(100, 300, -1000, 0))));
            Assert.Equal(new short[] { 200, -500 }, audio.Samples);
        }

        [Theory]
        [InlineData(3, 1, 32, "32-bit float")]
        [InlineData(1, 1, 8, "8-bit")]
        [InlineData(7, 1, 8, "mu-law")]
        [InlineData(0x55, 1, 16, "MP3")]
        [InlineData(1, 6, 16, "6 channels")]
        public void Refuses_other_formats_with_a_reason(int format, int channels, int bits, string reason)
        {
            var ex = Assert.Throws<AudioFormatException>(() => WavReader.Read(new MemoryStream(Wav(format, channels, 24000, bits, new byte[64]))));
            Assert.Equal(WavReader.UnsupportedId, ex.ErrorId);
            Assert.Contains(reason, ex.Message);
        }

        [Fact]
        public void Refuses_files_that_are_not_riff()
        {
            var ex = Assert.Throws<AudioFormatException>(() => WavReader.Read(new MemoryStream(Encoding.ASCII.GetBytes("ID3\u0004 not a wav file at all"))));
            Assert.Equal(WavReader.UnsupportedId, ex.ErrorId);
            var truncated = Wav(1, 1, 24000, 16, Pcm(1, 2)).Take(30).ToArray();
            Assert.Equal(WavReader.InvalidId, Assert.Throws<AudioFormatException>(() => WavReader.Read(new MemoryStream(truncated))).ErrorId);
        }

        [Fact]
        public void Resamples_linearly_to_the_session_rate()
        {
            var audio = new PcmAudio(new short[] { 0, 1000, 2000, 3000 }, 12000).ToSessionRate();
            Assert.Equal(24000, audio.SampleRate);
            Assert.Equal(new short[] { 0, 500, 1000, 1500, 2000, 2500, 3000, 3000 }, audio.Samples);
            var down = new PcmAudio(Enumerable.Range(0, 480).Select(i => (short)i).ToArray(), 48000).ToSessionRate();
            Assert.Equal(240, down.Samples.Length);
            Assert.Equal(new short[] { 0, 2, 4 }, down.Samples.Take(3));
        }

        [Fact]
        public void The_shipped_sample_is_24khz_speech_of_a_few_seconds()
        {
            var audio = SampleAudio.Load();
            Assert.Equal(24000, audio.SampleRate);
            Assert.InRange(audio.DurationMs, 1500, 6000);
            Assert.False(audio.IsSilent());
            Assert.Equal("Please transcribe this short sentence.", SampleAudio.Text);
        }

        [Fact]
        public void Without_the_newer_runtime_api_the_handshake_status_is_read_from_the_exception_message()
        {
            // .NET Framework (Windows PowerShell 5.1) has no ClientWebSocket.HttpStatusCode; its message carries the status.
            var ex = new System.Net.WebSockets.WebSocketException("Unable to connect to the remote server",
                new InvalidOperationException("The server returned status code '401' when status code '101' was expected."));
            Assert.Equal(401, ClientRealtimeSocket.StatusFromMessage(ex));
            Assert.Null(ClientRealtimeSocket.StatusFromMessage(new System.Net.WebSockets.WebSocketException("Connection refused")));
        }

        [Theory]
        [InlineData("Hello, world.", "hello world", 0)]
        [InlineData("Please transcribe this short sentence.", "please transcribe the short sentence", 0.2)]
        [InlineData("one two three four", "one three four five", 0.5)]
        [InlineData("Don't stop", "dont stop", 0)]
        [InlineData("Café au lait", "cafe au lait", 0)]
        [InlineData("a b", "", 1)]
        public void Word_error_rate_folds_case_punctuation_and_accents(string expected, string actual, double wer)
        {
            Assert.Equal(wer, WordErrorRate.Compute(expected, actual));
        }
    }
}
