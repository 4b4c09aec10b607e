using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Threading;
using RealtimeOps.Engine.Diagnostics;
using RealtimeOps.Engine.Probe;
using RealtimeOps.Engine.Http;

namespace RealtimeOps.Engine.Bundles
{
    /// <summary>
    /// Writes a support bundle: a zip with summary.md (ticket-ready), manifest.json, exchanges/NNNNN.json,
    /// probe.json, validation.json, deployments.json, errors.json, environment.json and redaction.json.
    /// The zip is written to a temporary file next to the target and moved into place only when complete, so a
    /// failure or cancellation leaves neither a partial zip nor the temporary file. Entries are streamed: memory
    /// stays bounded however many exchanges there are. Every text written passes through the guard.
    /// </summary>
    internal static class SupportBundleWriter
    {
        public const string SchemaVersion = "1.0";
        /// <summary>Rows of the summary's timeline; the full list is in exchanges/.</summary>
        public const int MaxTimelineRows = 1000;

        private static readonly UTF8Encoding s_utf8 = new UTF8Encoding(false);

        internal static readonly JsonSerializerOptions JsonOptions = new JsonSerializerOptions
        {
            WriteIndented = true,
            // Readable in a ticket: quotes and non-ASCII stay as they are (the files are never embedded in HTML).
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            ReferenceHandler = ReferenceHandler.IgnoreCycles,
            MaxDepth = 64,
            Converters = { new JsonStringEnumConverter() },
        };

        /// <summary>
        /// The checked .zip path to write (a link followed to its target), or an <see cref="Output.OutputPathException"/>
        /// (exists without overwrite, a folder, a device or FIFO, no such folder, not .zip): call before any work.
        /// </summary>
        public static string CheckTarget(string? path, bool overwrite) => Output.OutputPath.Check(path, overwrite, ".zip");

        public static SupportBundleInfo Write(SupportBundleRequest request, CancellationToken cancellationToken = default)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var target = CheckTarget(request.Path, request.Overwrite);
            var temp = Output.AtomicFile.TempBeside(target, ".partial");
            var guard = request.Guard ?? new BundleSecretGuard();
            var created = DateTimeOffset.UtcNow;
            var info = new SupportBundleInfo { Path = target, CreatedAtUtc = created };
            using (Output.PartialFiles.Track(temp))
            {
                try
                {
                    using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                    {
                        using (var zip = new ZipArchive(file, ZipArchiveMode.Create, leaveOpen: true))
                        {
                            var writer = new EntryWriter(zip, guard, cancellationToken);
                            WriteAll(writer, request, info, created, cancellationToken);
                        }
                        file.Flush(true);
                    }
                    cancellationToken.ThrowIfCancellationRequested();
                    Output.AtomicFile.Commit(temp, target, request.Path, request.Overwrite);
                    return info;
                }
                finally
                {
                    Output.AtomicFile.TryDelete(temp);
                }
            }
        }

        private static void WriteAll(EntryWriter writer, SupportBundleRequest request, SupportBundleInfo info, DateTimeOffset created, CancellationToken token)
        {
            var probes = request.ProbeResults ?? Array.Empty<RealtimeProbeResult>();
            var seen = new ExchangeDigest(writer.Guard);

            // Exchanges first: they are streamed, and the summary needs what they reveal (region, URLs, timeline).
            var number = 0;
            foreach (var exchange in request.Exchanges ?? Enumerable.Empty<Exchange>())
            {
                token.ThrowIfCancellationRequested();
                if (exchange == null) continue;
                number++;
                writer.WriteText($"exchanges/{number.ToString("D5", CultureInfo.InvariantCulture)}.json", JsonSerializer.Serialize(exchange, JsonOptions));
                seen.Add(exchange);
            }
            info.ExchangeCount = number;

            var facts = SupportCaseFactsResolver.Resolve(request.Facts, request.Connection, request.DeploymentChecks, probes, seen);
            TranscriptionBundleSection.FillFacts(facts, request.TranscriptionResults);
            if (string.IsNullOrWhiteSpace(facts.ResourceName)) facts.ResourceName = SupportCaseFacts.ResourceNameFromEndpoint(facts.Endpoint);

            info.ProbeCount = probes.Count;
            info.ValidationCount = request.ValidationResults?.Count ?? 0;
            info.DeploymentCheckCount = request.DeploymentChecks?.Count ?? 0;
            info.ErrorCount = request.Errors?.Count ?? 0;
            info.Verdict = probes.Count == 0 ? TranscriptionBundleSection.LastVerdict(request.TranscriptionResults) : probes[probes.Count - 1].Verdict.ToString();
            info.FillInBeforeSending = facts.Unknown();

            writer.WriteText("summary.md", SupportBundleSummary.Render(request, facts, probes, seen, info, created));
            writer.WriteText("probe.json", SerializeList(probes.Select(ProbeForBundle)));
            if (request.TranscriptionResults?.Count > 0) writer.WriteText("transcription.json", SerializeList(request.TranscriptionResults));
            writer.WriteText("validation.json", SerializeList(request.ValidationResults ?? Array.Empty<object>()));
            writer.WriteText("deployments.json", SerializeList(request.DeploymentChecks ?? Array.Empty<object>()));
            writer.WriteText("errors.json", SerializeList(request.Errors ?? Array.Empty<BundleError>()));
            var assemblies = request.Assemblies ?? AssemblyInventory.Snapshot();
            writer.WriteText("environment.json", JsonSerializer.Serialize(new
            {
                host = request.Host,
                boundAzureCore = SafeVersion(() => AssemblyInventory.BoundAzureCoreVersion),
                boundAzureIdentity = SafeVersion(() => AssemblyInventory.BoundAzureIdentityVersion),
                assemblies,
            }, JsonOptions));

            // Counted after every other file went through the guard, so the last-guard figures are complete.
            var lastGuard = writer.Guard.Counts;
            info.RedactionCounts = Merge(request.CaptureRedactionCounts, lastGuard);
            writer.WriteText("redaction.json", JsonSerializer.Serialize(new
            {
                note = "Counts of values removed, per rule. The values themselves are never kept.",
                atCapture = request.CaptureRedactionCounts ?? new Dictionary<string, long>(),
                lastGuard,
                total = info.RedactionCounts,
            }, JsonOptions));

            info.Files = writer.Files.ToList();
            writer.WriteText("manifest.json", JsonSerializer.Serialize(new
            {
                bundleSchemaVersion = SchemaVersion,
                createdAtUtc = created,
                module = new { name = "RealtimeOps", version = request.Host?.ModuleVersion },
                powerShell = new { version = request.Host?.PowerShellVersion, edition = request.Host?.PowerShellEdition },
                operatingSystem = request.Host?.OperatingSystem,
                runtime = request.Host?.Runtime,
                hostKind = (request.Host?.HostKind ?? HostKind.Interactive).ToString(),
                verdict = info.Verdict,
                firstAttemptUtc = seen.First,
                lastAttemptUtc = seen.Last,
                counts = new { probes = info.ProbeCount, exchanges = info.ExchangeCount, validation = info.ValidationCount, deploymentChecks = info.DeploymentCheckCount, errors = info.ErrorCount },
                fillInBeforeSending = info.FillInBeforeSending,
                files = info.Files,
            }, JsonOptions));
        }

        private static object ProbeForBundle(RealtimeProbeResult p) => new
        {
            p.Verdict,
            p.Summary,
            p.Recommendation,
            p.MatchingRuleId,
            p.Endpoint,
            p.Deployment,
            p.Region,
            p.StartedAtUtc,
            p.EndedAtUtc,
            p.Cancelled,
            p.Rounds,
            p.DelayMs,
            p.FailedApimRequestIds,
            Variants = p.Variants.Select(v => new
            {
                v.Variant,
                v.TranscriptionEnabled,
                v.TranscriptionModel,
                v.Attempts,
                v.Successes,
                v.SuccessRate,
                StatusCodes = v.StatusCodes.ToDictionary(k => k.Key.ToString(CultureInfo.InvariantCulture), k => k.Value),
                Outcomes = v.Outcomes.ToDictionary(k => k.Key.ToString(), k => k.Value),
                v.ServiceErrorCodes,
                v.ServiceErrorParams,
                v.ServiceErrorMessages,
                v.ApimRequestIds,
                v.FailedApimRequestIds,
                v.MedianLatencyMs,
                RequestBody = ParseOrText(v.RequestBody),
            }),
            p.Attempts,
            Validation = ForBundle(p.Validation),
            DeploymentChecks = p.DeploymentChecks,
        };

        /// <summary>What of an object goes into the bundle: a validation result without its parsed document.</summary>
        internal static object? ForBundle(object? item)
        {
            if (item is Validation.ValidationResult v)
            {
                return new
                {
                    v.Source, v.Kind, v.Shape, v.Target, v.IsValid, v.ErrorCount, v.WarningCount, v.InformationCount,
                    v.SessionModel, v.TranscriptionModel, v.TranscriptionEnabled,
                    Diagnostics = v.Diagnostics.Select(d => new { d.RuleId, d.Severity, d.Path, d.Line, d.Column, d.Message, d.Suggestion }),
                };
            }
            return item;
        }

        internal static JsonNode? ParseOrText(string? json)
        {
            if (string.IsNullOrEmpty(json)) return null;
            try { return JsonNode.Parse(json!); }
            catch (JsonException) { return JsonValue.Create(json); }
        }

        private static string SerializeList<T>(IEnumerable<T> items)
        {
            var array = new JsonArray();
            foreach (var item in items)
            {
                JsonNode? node;
                try
                {
                    var projected = ForBundle(item);
                    node = projected == null ? null : JsonSerializer.SerializeToNode(projected, projected.GetType(), JsonOptions);
                }
                catch (Exception ex) when (ex is NotSupportedException || ex is JsonException || ex is InvalidOperationException || ex is System.Reflection.TargetInvocationException)
                {
                    // One odd object must not cost the user the whole bundle: record that it could not be written.
                    node = new JsonObject { ["type"] = item!.GetType().FullName, ["notSerializable"] = ex.GetType().Name + ": " + ex.Message, ["text"] = SafeToString(item) };
                }
                array.Add(node);
            }
            return array.ToJsonString(JsonOptions);
        }

        private static string? SafeToString(object item)
        {
            try { return item.ToString(); }
            catch (Exception) { return null; }
        }

        private static string? SafeVersion(Func<string> read)
        {
            try { return read(); }
            catch (Exception) { return null; }
        }

        private static IReadOnlyDictionary<string, long> Merge(IReadOnlyDictionary<string, long>? a, IReadOnlyDictionary<string, long> b)
        {
            var total = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var source in new[] { a, b })
            {
                if (source == null) continue;
                foreach (var kv in source) total[kv.Key] = (total.TryGetValue(kv.Key, out var n) ? n : 0) + kv.Value;
            }
            return total;
        }

        /// <summary>Writes entries through the guard, hashing what lands in the zip.</summary>
        private sealed class EntryWriter
        {
            private readonly ZipArchive _zip;
            private readonly CancellationToken _token;
            private readonly List<BundleFile> _files = new List<BundleFile>();

            public EntryWriter(ZipArchive zip, IBundleTextGuard guard, CancellationToken token)
            {
                _zip = zip;
                Guard = guard;
                _token = token;
            }

            public IBundleTextGuard Guard { get; }
            public IReadOnlyList<BundleFile> Files => _files;

            public void WriteText(string name, string text)
            {
                _token.ThrowIfCancellationRequested();
                // JSON files are redacted by structure (they still parse afterwards); summary.md by the free-text rules.
                var json = name.EndsWith(".json", StringComparison.OrdinalIgnoreCase);
                var bytes = s_utf8.GetBytes(json ? Guard.RedactJson(text ?? string.Empty) : Guard.Redact(text ?? string.Empty));
                string hash;
                using (var sha = SHA256.Create())
                {
                    hash = ToHex(sha.ComputeHash(bytes));
                }
                var entry = _zip.CreateEntry(name, CompressionLevel.Fastest);
                using (var stream = entry.Open())
                {
                    stream.Write(bytes, 0, bytes.Length);
                }
                _files.Add(new BundleFile(name, bytes.Length, hash));
            }

            private static string ToHex(byte[] bytes)
            {
                var sb = new StringBuilder(bytes.Length * 2);
                foreach (var b in bytes) sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
                return sb.ToString();
            }
        }
    }

    /// <summary>What the summary needs from the streamed exchanges, kept small: capped timeline rows and firsts.</summary>
    internal sealed class ExchangeDigest
    {
        public List<Exchange> Timeline { get; } = new List<Exchange>();
        public int Total { get; private set; }
        public string? Region { get; private set; }
        /// <summary>scheme://host of the first data-plane exchange (ARM and token calls are not the resource).</summary>
        public string? Endpoint { get; private set; }
        public DateTimeOffset? First { get; private set; }
        public DateTimeOffset? Last { get; private set; }
        /// <summary>First URL per probe variant, for "the exact request".</summary>
        public Dictionary<string, Exchange> FirstByVariant { get; } = new Dictionary<string, Exchange>(StringComparer.Ordinal);

        // The summary shows these bodies inside markdown, where they are no longer JSON: redact them while they still are.
        private readonly IBundleTextGuard _guard;

        public ExchangeDigest(IBundleTextGuard guard) { _guard = guard; }

        public void Add(Exchange e)
        {
            Total++;
            if (Region == null && !string.IsNullOrEmpty(e.Region)) Region = e.Region;
            if (Endpoint == null && e.Url != null && e.Url.IndexOf("/openai/", StringComparison.OrdinalIgnoreCase) >= 0
                && Uri.TryCreate(e.Url, UriKind.Absolute, out var uri)) Endpoint = uri.GetLeftPart(UriPartial.Authority);
            if (First == null || e.StartedAtUtc < First) First = e.StartedAtUtc;
            if (Last == null || e.StartedAtUtc > Last) Last = e.StartedAtUtc;
            if (!string.IsNullOrEmpty(e.Variant) && !FirstByVariant.ContainsKey(e.Variant!))
                FirstByVariant[e.Variant!] = new Exchange { Method = e.Method, Url = e.Url, Variant = e.Variant, RequestBody = e.RequestBody == null ? null : _guard.Redact(e.RequestBody) };
            if (Timeline.Count < SupportBundleWriter.MaxTimelineRows)
            {
                // Bodies and headers are in exchanges/; the timeline keeps only its columns.
                Timeline.Add(new Exchange
                {
                    Sequence = e.Sequence, Operation = e.Operation, Variant = e.Variant, StartedAtUtc = e.StartedAtUtc, DurationMs = e.DurationMs,
                    Method = e.Method, StatusCode = e.StatusCode, Attempt = e.Attempt, Error = e.Error, ApimRequestId = e.ApimRequestId, Region = e.Region,
                });
            }
        }
    }
}
