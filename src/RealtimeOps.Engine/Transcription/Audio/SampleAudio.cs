#nullable enable
using System.IO;

namespace RealtimeOps.Engine.Transcription.Audio
{
    /// <summary>
    /// The speech sample shipped in the module (made by build/make-sample-audio.sh with espeak-ng and sox):
    /// 24 kHz 16-bit mono, under three seconds, with its known text.
    /// </summary>
    internal static class SampleAudio
    {
        private const string Prefix = "RealtimeOps.Engine.Transcription.";

        internal static PcmAudio Load()
        {
            using (var stream = Open("sample.wav")) return WavReader.Read(stream);
        }

        internal static string Text
        {
            get
            {
                using (var reader = new StreamReader(Open("sample.txt"))) return reader.ReadToEnd().Trim();
            }
        }

        private static Stream Open(string name) =>
            typeof(SampleAudio).Assembly.GetManifestResourceStream(Prefix + name)
            ?? throw new FileNotFoundException("The speech sample is missing from the RealtimeOps engine assembly.", name);
    }
}
