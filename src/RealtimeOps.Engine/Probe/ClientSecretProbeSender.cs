using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.ClientSecrets;
using RealtimeOps.Engine.Diagnostics;
using RealtimeOps.Engine.Http;

namespace RealtimeOps.Engine.Probe
{
    /// <summary>
    /// Sends probe variants to POST /openai/v1/realtime/client_secrets through the service client. The client must
    /// be built on a connection with retries off, so each attempt is one exchange the probe can see.
    /// </summary>
    internal static class ClientSecretProbeSender
    {
        public const string Operation = "ProbeClientSecret";

        public static ProbeRequestSender Create(RealtimeServiceClient client, string? apiVersion = null, IOperationObserver? observer = null)
        {
            if (client == null) throw new ArgumentNullException(nameof(client));
            var relativeUri = new ClientSecretRequest { ApiVersion = apiVersion }.RelativeUri;
            return async (variant, cancellationToken) =>
            {
                ServiceResponse response;
                try
                {
                    response = await client.SendAsync(new ServiceRequest
                    {
                        Method = "POST",
                        Uri = relativeUri,
                        Body = variant.RequestBody,
                        Operation = Operation,
                        Variant = variant.Name,
                        Description = $"Probe request {variant.Name}",
                        Observer = observer,
                    }, cancellationToken).ConfigureAwait(false);
                }
                catch (RealtimeServiceException ex) when (ex.Kind == RealtimeServiceErrorKind.Cancelled || cancellationToken.IsCancellationRequested)
                {
                    throw new OperationCanceledException(ex.Message, cancellationToken);
                }
                catch (RealtimeServiceException ex)
                {
                    return new ProbeRequestOutcome
                    {
                        Outcome = Map(ex.Kind),
                        StatusCode = ex.Status,
                        ErrorCode = ex.ErrorCode,
                        ErrorType = ex.ErrorType,
                        ErrorParam = ex.Param,
                        ErrorMessage = ex.ServiceMessage ?? ex.Message,
                        ApimRequestId = ex.ApimRequestId,
                        ClientRequestId = ex.ClientRequestId,
                        Region = ex.Region,
                        ExchangeSequence = ex.ExchangeSequences?.LastOrDefault(),
                    };
                }

                var outcome = new ProbeRequestOutcome
                {
                    Outcome = RealtimeServiceErrorKind.Success,
                    StatusCode = response.Status,
                    ApimRequestId = response.ApimRequestId,
                    RequestId = response.RequestId,
                    ClientRequestId = response.ClientRequestId,
                    Region = response.Region,
                    ExchangeSequence = response.ExchangeSequences?.LastOrDefault(),
                };
                try
                {
                    // The answer is read only to tell a GA secret from anything else; the value is dropped here and
                    // registered with the redactor so it can never be recorded later.
                    var minted = ClientSecretResponseParser.Parse(response.Content, response.ApimRequestId);
                    client.Redactor.RegisterSecret(minted.GetPlainTextValue());
                    if (minted.Protocol != RealtimeProtocol.Ga)
                    {
                        outcome.Outcome = RealtimeServiceErrorKind.UnexpectedResponse;
                        outcome.ErrorMessage = minted.ProtocolNote;
                    }
                }
                catch (RealtimeServiceException ex)
                {
                    outcome.Outcome = RealtimeServiceErrorKind.UnexpectedResponse;
                    outcome.ErrorMessage = ex.Message;
                }
                return outcome;
            };
        }

        /// <summary>The outcome a failed call gives an attempt: a 404 that is not about a deployment counts as an invalid request.</summary>
        public static RealtimeServiceErrorKind Map(RealtimeServiceErrorKind kind) =>
            kind == RealtimeServiceErrorKind.NotFound ? RealtimeServiceErrorKind.InvalidRequest : kind;
    }
}
