using System;
using System.Globalization;
using RealtimeOps.Engine.Http;

namespace RealtimeOps.Engine.Probe
{
    /// <summary>
    /// One request of the probe and how it ended. It carries identifiers and the service's error fields,
    /// never the minted secret: the secret is discarded before an attempt is built.
    /// </summary>
    public sealed class ProbeAttempt
    {
        public ProbeAttempt(int sequence, string variant, int round, DateTimeOffset startedAtUtc, double durationMs,
            RealtimeServiceErrorKind outcome, int? statusCode = null, string? errorCode = null, string? errorType = null,
            string? errorParam = null, string? errorMessage = null, string? apimRequestId = null, string? requestId = null,
            string? clientRequestId = null, string? region = null, long? exchangeSequence = null)
        {
            Sequence = sequence;
            Variant = variant ?? throw new ArgumentNullException(nameof(variant));
            Round = round;
            StartedAtUtc = startedAtUtc.ToUniversalTime();
            DurationMs = durationMs;
            Outcome = outcome;
            StatusCode = statusCode;
            ErrorCode = errorCode;
            ErrorType = errorType;
            ErrorParam = errorParam;
            ErrorMessage = errorMessage;
            ApimRequestId = apimRequestId;
            RequestId = requestId;
            ClientRequestId = clientRequestId;
            Region = region;
            ExchangeSequence = exchangeSequence;
        }

        /// <summary>1-based order of the attempt within the probe.</summary>
        public int Sequence { get; }
        public string Variant { get; }
        /// <summary>1-based round.</summary>
        public int Round { get; }
        public DateTimeOffset StartedAtUtc { get; }
        public double DurationMs { get; }
        public RealtimeServiceErrorKind Outcome { get; }
        public bool Succeeded => Outcome == RealtimeServiceErrorKind.Success;
        /// <summary>The HTTP status, or null when no answer came (network, timeout, cancelled).</summary>
        public int? StatusCode { get; }
        /// <summary>error.code of the service's error body (unknown_parameter, server_error, DeploymentNotFound...).</summary>
        public string? ErrorCode { get; }
        public string? ErrorType { get; }
        /// <summary>error.param: the field the service objected to.</summary>
        public string? ErrorParam { get; }
        public string? ErrorMessage { get; }
        /// <summary>The apim-request-id header: the correlation id Azure support searches for.</summary>
        public string? ApimRequestId { get; }
        public string? RequestId { get; }
        public string? ClientRequestId { get; }
        /// <summary>The x-ms-region header, when the service sent it.</summary>
        public string? Region { get; }
        /// <summary>The recorded exchange of this attempt, when one was recorded.</summary>
        public long? ExchangeSequence { get; }

        public override string ToString() => $"{Variant} #{Round}: {(StatusCode?.ToString(CultureInfo.InvariantCulture) ?? Outcome.ToString())}";
    }
}
