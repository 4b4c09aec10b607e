using System;
using System.Collections.Generic;
using System.Linq;
using RealtimeOps.Engine.Diagnostics;

namespace RealtimeOps.Engine.Bundles
{
    /// <summary>
    /// One recorded HTTP attempt as the bundle stores it in exchanges/NNN.json. The service client records
    /// exchanges with secrets removed at capture; the bundle writer still passes every text through its guard.
    /// </summary>
    public sealed class BundleExchange
    {
        public long Sequence { get; set; }
        /// <summary>What the call was for (ClientSecret, Deployments...).</summary>
        public string Operation { get; set; }
        /// <summary>The probe variant, when the exchange belongs to a probe.</summary>
        public string Variant { get; set; }
        public DateTimeOffset StartedAtUtc { get; set; }
        public double DurationMs { get; set; }
        public string Method { get; set; }
        public string Url { get; set; }
        public IDictionary<string, string> RequestHeaders { get; set; }
        public string RequestBody { get; set; }
        public int? StatusCode { get; set; }
        public IDictionary<string, string> ResponseHeaders { get; set; }
        public string ResponseBody { get; set; }
        /// <summary>0 for the first try, 1.. for retries.</summary>
        public int Attempt { get; set; }
        public string Error { get; set; }
        public string ApimRequestId { get; set; }
        public string RequestId { get; set; }
        public string ClientRequestId { get; set; }
        /// <summary>The x-ms-region response header.</summary>
        public string Region { get; set; }

        /// <summary>The bundle's copy of an exchange the service client recorded (already redacted at capture).</summary>
        public static BundleExchange From(Http.Exchange e)
        {
            if (e == null) throw new ArgumentNullException(nameof(e));
            return new BundleExchange
            {
                Sequence = e.Sequence, Operation = e.Operation, Variant = e.Variant, StartedAtUtc = e.StartedAtUtc, DurationMs = e.DurationMs,
                Method = e.Method, Url = e.Url,
                RequestHeaders = e.RequestHeaders == null ? null : new SortedDictionary<string, string>(e.RequestHeaders.ToDictionary(k => k.Key, k => k.Value), StringComparer.OrdinalIgnoreCase),
                RequestBody = e.RequestBody, StatusCode = e.StatusCode,
                ResponseHeaders = e.ResponseHeaders == null ? null : new SortedDictionary<string, string>(e.ResponseHeaders.ToDictionary(k => k.Key, k => k.Value), StringComparer.OrdinalIgnoreCase),
                ResponseBody = e.ResponseBody, Attempt = e.Attempt, Error = e.Error, ApimRequestId = e.ApimRequestId, RequestId = e.RequestId,
                ClientRequestId = e.ClientRequestId, Region = e.Region,
            };
        }
    }

    /// <summary>An error the user hit, as the bundle stores it (from a PowerShell ErrorRecord).</summary>
    public sealed class BundleError
    {
        public string ErrorId { get; set; }
        public string Category { get; set; }
        public string Message { get; set; }
        public string RecommendedAction { get; set; }
        public string TargetName { get; set; }
        public string ExceptionType { get; set; }
        public string InvocationInfo { get; set; }
        public DateTimeOffset? RecordedAtUtc { get; set; }
    }

    /// <summary>Where the bundle was made: versions and the kind of host, for manifest.json.</summary>
    public sealed class BundleHostInfo
    {
        public string ModuleVersion { get; set; }
        public string PowerShellVersion { get; set; }
        public string PowerShellEdition { get; set; }
        public string OperatingSystem { get; set; }
        public string Runtime { get; set; }
        public HostKind HostKind { get; set; }
    }
}
