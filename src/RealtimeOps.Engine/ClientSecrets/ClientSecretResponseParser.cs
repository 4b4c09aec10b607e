using System;
using System.Text.Json;
using RealtimeOps.Engine.Http;

namespace RealtimeOps.Engine.ClientSecrets
{
    /// <summary>Reads a 200 answer from client_secrets: the GA shape, or the old preview shape (flagged).</summary>
    internal static class ClientSecretResponseParser
    {
        public const string PreviewNote =
            "The endpoint answered with the preview (beta) shape {client_secret:{value}}, not GA {value, session}. " +
            "Azure deprecates the preview protocol from 2026-04-30: use the GA path /openai/v1/realtime/client_secrets without a dated api-version.";

        /// <param name="body">The raw (unredacted) body: it holds the value.</param>
        /// <param name="apimRequestId">Named in the error when the body cannot be read.</param>
        public static RealtimeClientSecret Parse(string? body, string? apimRequestId)
        {
            JsonDocument doc;
            try { doc = JsonDocument.Parse(body ?? ""); }
            catch (JsonException)
            {
                throw Unexpected("was not JSON", apimRequestId);
            }
            using (doc)
            {
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object) throw Unexpected("was not a JSON object", apimRequestId);

                if (root.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.String)
                {
                    var secret = new RealtimeClientSecret((value.GetString() ?? string.Empty).ToCharArray())
                    {
                        Protocol = RealtimeProtocol.Ga,
                        ExpiresAt = ReadUnix(root, "expires_at"),
                    };
                    if (root.TryGetProperty("session", out var session) && session.ValueKind == JsonValueKind.Object)
                    {
                        secret.SessionId = Str(session, "id");
                        secret.SessionType = Str(session, "type") ?? TypeFromObject(Str(session, "object"));
                        secret.Deployment = Str(session, "model");
                    }
                    return secret;
                }

                if (root.TryGetProperty("client_secret", out var cs) && cs.ValueKind == JsonValueKind.Object
                    && cs.TryGetProperty("value", out var pv) && pv.ValueKind == JsonValueKind.String)
                {
                    return new RealtimeClientSecret((pv.GetString() ?? string.Empty).ToCharArray())
                    {
                        Protocol = RealtimeProtocol.Preview,
                        ExpiresAt = ReadUnix(cs, "expires_at"),
                        SessionId = Str(root, "id"),
                        SessionType = Str(root, "type") ?? TypeFromObject(Str(root, "object")),
                        Deployment = Str(root, "model"),
                        ProtocolNote = PreviewNote,
                    };
                }
                throw Unexpected("had neither 'value' (GA) nor 'client_secret.value' (preview)", apimRequestId);
            }
        }

        private static RealtimeServiceException Unexpected(string what, string? apimRequestId) =>
            new RealtimeServiceException(RealtimeServiceErrorKind.UnexpectedResponse,
                $"The client_secrets answer {what}{(apimRequestId != null ? $" (apim-request-id {apimRequestId})" : "")}; no secret could be read from it.",
                200, null, null, null, apimRequestId)
            { RecommendedAction = "Check that the endpoint is an Azure OpenAI resource; Get-RealtimeExchange -Last 1 shows the answer (secrets removed)." };

        private static string? TypeFromObject(string? obj)
        {
            if (obj == null) return null;
            if (obj.IndexOf("transcription", StringComparison.OrdinalIgnoreCase) >= 0) return "transcription";
            return obj.IndexOf("session", StringComparison.OrdinalIgnoreCase) >= 0 ? "realtime" : null;
        }

        private static DateTimeOffset? ReadUnix(JsonElement e, string name)
        {
            if (!e.TryGetProperty(name, out var v)) return null;
            if (v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var seconds)) return DateTimeOffset.FromUnixTimeSeconds(seconds);
            if (v.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(v.GetString(), out var dto)) return dto.ToUniversalTime();
            return null;
        }

        private static string? Str(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
    }
}
