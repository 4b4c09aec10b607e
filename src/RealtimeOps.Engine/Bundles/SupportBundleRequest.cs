using System;
using System.Collections.Generic;
using RealtimeOps.Engine.Diagnostics;
using RealtimeOps.Engine.Probe;
using RealtimeOps.Engine.Http;

namespace RealtimeOps.Engine.Bundles
{
    /// <summary>Everything that goes into one support bundle. Exchanges are streamed: they may be many.</summary>
    internal sealed class SupportBundleRequest
    {
        /// <summary>The .zip to write.</summary>
        public string? Path { get; set; }
        /// <summary>Replace an existing file. Without it an existing file is an error before anything is written.</summary>
        public bool Overwrite { get; set; }
        /// <summary>The facts the user gave; the rest are resolved from the connection and the inputs as the bundle is written.</summary>
        public SupportCaseFacts Facts { get; set; } = new SupportCaseFacts();
        /// <summary>The runspace's connection, a source of case facts (never of secrets: only names and the endpoint are read).</summary>
        public RealtimeOps.Engine.Connection.RealtimeConnection? Connection { get; set; }
        public BundleHostInfo Host { get; set; } = new BundleHostInfo();
        public IReadOnlyList<RealtimeProbeResult> ProbeResults { get; set; } = Array.Empty<RealtimeProbeResult>();
        /// <summary>Test-RealtimeTranscription results: their verdicts and event timelines go into summary.md and transcription.json.</summary>
        public IReadOnlyList<Transcription.RealtimeTranscriptionResult> TranscriptionResults { get; set; } = Array.Empty<Transcription.RealtimeTranscriptionResult>();
        /// <summary>Read once, in order; each becomes exchanges/NNNNN.json.</summary>
        public IEnumerable<Exchange> Exchanges { get; set; } = Array.Empty<Exchange>();
        /// <summary>Test-TranscriptionConfig results (any JSON-serialisable objects).</summary>
        public IReadOnlyList<object> ValidationResults { get; set; } = Array.Empty<object>();
        /// <summary>Test-RealtimeDeployment / Get-RealtimeDeployment results (any JSON-serialisable objects).</summary>
        public IReadOnlyList<object> DeploymentChecks { get; set; } = Array.Empty<object>();
        public IReadOnlyList<BundleError> Errors { get; set; } = Array.Empty<BundleError>();
        /// <summary>The loaded assemblies (null: <see cref="AssemblyInventory.Snapshot"/> at write time).</summary>
        public IReadOnlyList<LoadedAssembly>? Assemblies { get; set; }
        /// <summary>What the service client removed when it recorded the exchanges, per rule.</summary>
        public IReadOnlyDictionary<string, long>? CaptureRedactionCounts { get; set; }
        /// <summary>The last guard every written text passes through (null: a <see cref="BundleSecretGuard"/>).</summary>
        public IBundleTextGuard? Guard { get; set; }
    }

    /// <summary>One file inside the bundle, as manifest.json lists it.</summary>
    internal sealed class BundleFile
    {
        public BundleFile(string path, long bytes, string sha256)
        {
            Path = path;
            Bytes = bytes;
            Sha256 = sha256;
        }

        public string Path { get; }
        public long Bytes { get; }
        public string Sha256 { get; }
    }

    /// <summary>What was written: the cmdlet adds these to the FileInfo it returns.</summary>
    internal sealed class SupportBundleInfo
    {
        public string? Path { get; set; }
        public string? Verdict { get; set; }
        public int ProbeCount { get; set; }
        public int ExchangeCount { get; set; }
        public int ValidationCount { get; set; }
        public int DeploymentCheckCount { get; set; }
        public int ErrorCount { get; set; }
        public IReadOnlyList<string> FillInBeforeSending { get; set; } = Array.Empty<string>();
        public IReadOnlyList<BundleFile>? Files { get; set; }
        public IReadOnlyDictionary<string, long> RedactionCounts { get; set; } = new Dictionary<string, long>();
        public DateTimeOffset CreatedAtUtc { get; set; }
    }
}
