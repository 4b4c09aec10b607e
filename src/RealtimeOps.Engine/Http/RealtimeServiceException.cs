using System;

namespace RealtimeOps.Engine.Http
{
    /// <summary>
    /// How a call to the service ended, as a user would act on it: why it failed, or Success. The probe's attempts
    /// (ProbeAttempt.Outcome) use the same values, so the probe classifies exactly what the client saw.
    /// </summary>
    public enum RealtimeServiceErrorKind
    {
        /// <summary>No failure (a probe attempt that was answered 2xx with a GA secret).</summary>
        Success,
        InvalidRequest,
        Unauthorized,
        Forbidden,
        DeploymentNotFound,
        Throttled,
        ServiceError,
        Network,
        Timeout,
        UnexpectedResponse,
        Cancelled,
        /// <summary>A 404 that is not about a deployment (an ARM account, a wrong path).</summary>
        NotFound,
        /// <summary>An Azure Resource Manager read on a connection that holds only an api key: keys grant no ARM access.</summary>
        NoResourceManagerCredential,
    }

    /// <summary>
    /// The one exception RealtimeOps throws for a failed call, to the realtime data plane or to Azure Resource Manager:
    /// the status, the service's error code, the request ids and the sequences of the recorded exchanges. Its message
    /// and properties never hold a secret: they are built from redacted text only.
    /// </summary>
    public sealed class RealtimeServiceException : Exception
    {
        public RealtimeServiceException(RealtimeServiceErrorKind kind, string message, int? status = null, string? errorCode = null,
            string? param = null, string? serviceMessage = null, string? apimRequestId = null, Exception? inner = null)
            : base(message, inner)
        {
            Kind = kind; Status = status; ErrorCode = errorCode; Param = param; ServiceMessage = serviceMessage; ApimRequestId = apimRequestId;
        }

        public RealtimeServiceErrorKind Kind { get; }
        /// <summary>The HTTP status, or null when no response arrived.</summary>
        public int? Status { get; }
        /// <summary>error.code from the service (unknown_parameter, DeploymentNotFound, server_error...).</summary>
        public string? ErrorCode { get; }
        /// <summary>error.param: the request field the service objected to.</summary>
        public string? Param { get; }
        /// <summary>error.message, or a summary of a non-JSON body.</summary>
        public string? ServiceMessage { get; }
        /// <summary>The apim-request-id support uses to find the request; null when no response arrived.</summary>
        public string? ApimRequestId { get; internal set; }
        public string? Region { get; internal set; }
        public string? ErrorType { get; internal set; }
        public string? ClientRequestId { get; internal set; }
        /// <summary>What the user can do about it.</summary>
        public string? RecommendedAction { get; internal set; }
        /// <summary>Sequence numbers of the exchanges this call recorded (see Get-RealtimeExchange).</summary>
        public int[]? ExchangeSequences { get; internal set; }
        /// <summary>The last recorded exchange (attempt) of the failing call, secrets removed at capture; null when none was recorded.</summary>
        public Exchange? Exchange { get; internal set; }
        public string? Operation { get; internal set; }
        /// <summary>x-ms-request-id (or the correlation id) of an Azure Resource Manager answer.</summary>
        public string? RequestId { get; internal set; }
        /// <summary>The Azure resource the call was about (an account's resource id), when known.</summary>
        public string? Resource { get; internal set; }

        /// <summary>True when the failure means "no Azure Resource Manager access" (so deployment checks can still run offline).</summary>
        public bool IsAccessDenied =>
            Kind == RealtimeServiceErrorKind.NoResourceManagerCredential || Kind == RealtimeServiceErrorKind.Unauthorized || Kind == RealtimeServiceErrorKind.Forbidden;
    }
}
