using System;
using System.Collections.Generic;
using System.Globalization;

namespace RealtimeOps.Engine.Http
{
    /// <summary>
    /// One HTTP attempt as RealtimeOps saw it, with every secret already removed. Retries are separate
    /// exchanges with increasing <see cref="Attempt"/>.
    /// </summary>
    public sealed class Exchange
    {
        public int Sequence { get; internal set; }
        public string? Operation { get; internal set; }
        /// <summary>A label the caller chose (a probe variant such as WithTranscription).</summary>
        public string? Variant { get; internal set; }
        public DateTimeOffset StartedAtUtc { get; internal set; }
        public double DurationMs { get; internal set; }
        public string? Method { get; internal set; }
        public string? Url { get; internal set; }
        public IReadOnlyDictionary<string, string>? RequestHeaders { get; internal set; }
        public string? RequestBody { get; internal set; }
        public int? StatusCode { get; internal set; }
        public IReadOnlyDictionary<string, string>? ResponseHeaders { get; internal set; }
        public string? ResponseBody { get; internal set; }
        /// <summary>1 for the first try, 2 for the first retry, and so on.</summary>
        public int Attempt { get; internal set; }
        /// <summary>Why the attempt got no response (network error, timeout, cancellation).</summary>
        public string? Error { get; internal set; }
        public string? ApimRequestId { get; internal set; }
        public string? RequestId { get; internal set; }
        public string? ClientRequestId { get; internal set; }
        public string? Region { get; internal set; }

        public override string ToString() =>
            $"#{Sequence} {Method} {Url} attempt {Attempt} -> {(StatusCode.HasValue ? StatusCode.Value.ToString(CultureInfo.InvariantCulture) : Error ?? "no response")}";
    }
}
