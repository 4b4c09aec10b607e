#nullable enable
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Diagnostics;
using RealtimeOps.Engine.Http;

namespace RealtimeOps.Engine.Transcription
{
    /// <summary>
    /// The engine operation behind Test-RealtimeTranscription: authenticates (or mints an ek_ client secret first),
    /// opens the socket, runs <see cref="LiveTranscriptionCheck"/> and records everything in the client's exchanges.
    /// </summary>
    internal static class LiveTranscription
    {
        internal const string ClientSecretAuth = "ClientSecret";

        internal static async Task<RealtimeTranscriptionResult> RunAsync(RealtimeServiceClient client, LiveTranscriptionRequest request,
            IOperationObserver? observer, CancellationToken cancellationToken, Func<IRealtimeSocket>? socketFactory = null)
        {
            if (client == null) throw new ArgumentNullException(nameof(client));
            if (request == null) throw new ArgumentNullException(nameof(request));
            KeyValuePair<string, string> auth;
            string authMode;
            if (request.MintRequest != null)
            {
                var secret = await client.CreateClientSecretAsync(request.MintRequest, observer, cancellationToken).ConfigureAwait(false);
                observer?.Verbose($"Minted a client secret (session {secret.SessionId}, apim-request-id {secret.RequestId}); connecting with it.");
                auth = new KeyValuePair<string, string>("Authorization", "Bearer " + secret.GetPlainTextValue());
                authMode = ClientSecretAuth;
            }
            else
            {
                auth = await client.SocketAuthorizationAsync(cancellationToken).ConfigureAwait(false);
                authMode = client.Connection.AuthMode.ToString();
            }
            var clientRequestId = Guid.NewGuid().ToString();
            var headers = new List<KeyValuePair<string, string>> { auth, new KeyValuePair<string, string>("x-ms-client-request-id", clientRequestId) };
            var recorder = new SessionEventRecorder(client.Exchanges, client.Redactor, () => DateTimeOffset.UtcNow);
            using (var socket = socketFactory?.Invoke() ?? new ClientRealtimeSocket(client.UserAgent))
            {
                var check = new LiveTranscriptionCheck(request, socket, recorder, observer: observer);
                var result = await check.RunAsync(client.Connection.Endpoint, headers, cancellationToken).ConfigureAwait(false);
                result.AuthMode = authMode;
                if (result.ClientRequestId == null) result.ClientRequestId = clientRequestId;
                return result;
            }
        }
    }
}
