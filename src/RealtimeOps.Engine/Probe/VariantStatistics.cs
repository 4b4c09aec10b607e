using System;
using System.Collections.Generic;
using System.Linq;
using RealtimeOps.Engine.Http;

namespace RealtimeOps.Engine.Probe
{
    /// <summary>What one variant's attempts add up to. Cancelled attempts are not counted: they say nothing about the service.</summary>
    public sealed class VariantStatistics
    {
        private VariantStatistics() { }

        public string Variant { get; private set; } = string.Empty;
        public bool TranscriptionEnabled { get; private set; }
        public string? TranscriptionModel { get; private set; }
        /// <summary>The exact client_secrets body of this variant.</summary>
        public string? RequestBody { get; private set; }
        public int Attempts { get; private set; }
        public int Successes { get; private set; }
        public int Failures => Attempts - Successes;
        /// <summary>Successes / Attempts, 0..1; 0 when nothing was measured.</summary>
        public double SuccessRate => Attempts == 0 ? 0 : (double)Successes / Attempts;
        /// <summary>HTTP status -> count. Attempts with no HTTP answer are in <see cref="Outcomes"/> only.</summary>
        public IReadOnlyDictionary<int, int>? StatusCodes { get; private set; }
        /// <summary>Outcome kind -> count.</summary>
        public IReadOnlyDictionary<RealtimeServiceErrorKind, int>? Outcomes { get; private set; }
        /// <summary>Distinct error.code values the service returned (server_error, unknown_parameter...).</summary>
        public IReadOnlyList<string> ServiceErrorCodes { get; private set; } = Array.Empty<string>();
        /// <summary>Distinct error.param values the service returned.</summary>
        public IReadOnlyList<string> ServiceErrorParams { get; private set; } = Array.Empty<string>();
        /// <summary>Distinct error messages the service returned.</summary>
        public IReadOnlyList<string> ServiceErrorMessages { get; private set; } = Array.Empty<string>();
        /// <summary>Every apim-request-id, in attempt order.</summary>
        public IReadOnlyList<string> ApimRequestIds { get; private set; } = Array.Empty<string>();
        /// <summary>The apim-request-ids of the failed attempts: what support asks for.</summary>
        public IReadOnlyList<string> FailedApimRequestIds { get; private set; } = Array.Empty<string>();
        public double? MedianLatencyMs { get; private set; }
        public DateTimeOffset? FirstAttemptUtc { get; private set; }
        public DateTimeOffset? LastAttemptUtc { get; private set; }

        internal static VariantStatistics From(ProbeVariant variant, IEnumerable<ProbeAttempt> attempts)
        {
            if (variant == null) throw new ArgumentNullException(nameof(variant));
            var counted = (attempts ?? Enumerable.Empty<ProbeAttempt>())
                .Where(a => string.Equals(a.Variant, variant.Name, StringComparison.Ordinal) && a.Outcome != RealtimeServiceErrorKind.Cancelled)
                .OrderBy(a => a.Sequence)
                .ToList();
            var failed = counted.Where(a => !a.Succeeded).ToList();
            return new VariantStatistics
            {
                Variant = variant.Name,
                TranscriptionEnabled = variant.TranscriptionEnabled,
                TranscriptionModel = variant.TranscriptionModel,
                RequestBody = variant.RequestBody,
                Attempts = counted.Count,
                Successes = counted.Count(a => a.Succeeded),
                StatusCodes = counted.Where(a => a.StatusCode.HasValue).GroupBy(a => a.StatusCode.GetValueOrDefault())
                    .OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count()),
                Outcomes = counted.GroupBy(a => a.Outcome).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count()),
                ServiceErrorCodes = Distinct(failed.Select(a => a.ErrorCode)),
                ServiceErrorParams = Distinct(failed.Select(a => a.ErrorParam)),
                ServiceErrorMessages = Distinct(failed.Select(a => a.ErrorMessage)),
                ApimRequestIds = counted.Select(a => a.ApimRequestId).OfType<string>().Where(id => id.Length > 0).ToList(),
                FailedApimRequestIds = failed.Select(a => a.ApimRequestId).OfType<string>().Where(id => id.Length > 0).ToList(),
                MedianLatencyMs = Median(counted.Select(a => a.DurationMs)),
                FirstAttemptUtc = counted.Count == 0 ? (DateTimeOffset?)null : counted.Min(a => a.StartedAtUtc),
                LastAttemptUtc = counted.Count == 0 ? (DateTimeOffset?)null : counted.Max(a => a.StartedAtUtc),
            };
        }

        /// <summary>The median, or null for no values. With an even count, the mean of the two middle values.</summary>
        public static double? Median(IEnumerable<double> values)
        {
            var sorted = values.OrderBy(v => v).ToArray();
            if (sorted.Length == 0) return null;
            var mid = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2.0;
        }

        private static IReadOnlyList<string> Distinct(IEnumerable<string?> values) =>
            values.OfType<string>().Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).ToList();

        public override string ToString() => $"{Variant}: {Successes}/{Attempts}";
    }
}
