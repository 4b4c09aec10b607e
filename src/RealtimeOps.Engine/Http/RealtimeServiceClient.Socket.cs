#nullable enable
using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Azure.Core;
using RealtimeOps.Engine.Connection;

namespace RealtimeOps.Engine.Http
{
    internal sealed partial class RealtimeServiceClient
    {
        /// <summary>
        /// The authentication header for a realtime WebSocket: api-key, or Authorization: Bearer with a token from the
        /// connection's credential (the same credential the HTTP pipeline uses). The value is registered with the redactor.
        /// </summary>
        internal async Task<KeyValuePair<string, string>> SocketAuthorizationAsync(CancellationToken cancellationToken)
        {
            if (Connection.AuthMode == AuthMode.ApiKey)
                // The connection refuses ApiKey mode without a key, so the secret is there.
                return new KeyValuePair<string, string>("api-key", Connection.RevealSecret() ?? throw new InvalidOperationException("The connection has no api key."));
            try
            {
                // Every mode but ApiKey (answered above) has a credential.
                var token = await _credential.Value!.GetTokenAsync(new TokenRequestContext(new[] { Connection.TokenScope }), cancellationToken).ConfigureAwait(false);
                Redactor.RegisterSecret(token.Token);
                return new KeyValuePair<string, string>("Authorization", "Bearer " + token.Token);
            }
            catch (Exception ex) when (IsCredentialFailure(ex) || (!(ex is OperationCanceledException) && ex.GetType().Namespace?.StartsWith("Azure", StringComparison.Ordinal) == true))
            {
                throw new RealtimeServiceException(RealtimeServiceErrorKind.Unauthorized,
                    $"No token could be obtained with {Connection.AuthMode} for the realtime WebSocket ({Redactor.RedactText(FirstLine(ex.Message))}).")
                { RecommendedAction = CredentialHint(), Operation = "RealtimeHandshake" };
            }
        }
    }
}
