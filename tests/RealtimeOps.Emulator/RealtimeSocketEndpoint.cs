using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace RealtimeOps.Emulator
{
    /// <summary>
    /// The GA realtime WebSocket, GET /openai/v1/realtime?intent=transcription or ?model={deployment}
    /// (Microsoft Learn, "Use the GPT Realtime API via WebSockets"): the upgrade's HTTP errors, api-key/Bearer/ek_ auth, session.created and
    /// session.updated with the effective configuration, error events carrying the client's event_id, and the
    /// committed/delta/completed/failed sequence with the configured transcript. It checks what the client sends
    /// (base64 PCM16 at 24 kHz, at least 100 ms per commit, not silence).
    /// </summary>
    public sealed class RealtimeSocketEndpoint
    {
        public const string Path = "/openai/v1/realtime";
        public const string DefaultTranscript = "Please transcribe this short sentence.";
        public const string OperationNotSupportedMessage = "The realtime operation does not work with the specified model.";
        public const string EphemeralMessage = "This operation requires ephemeral authentication.";
        private static readonly Regex DatedApiVersion = new Regex(@"^\d{4}-\d{2}-\d{2}", RegexOptions.CultureInvariant);

        private readonly EmulatorState _state;
        private readonly FaultInjector _faults;
        private string _transcript = DefaultTranscript;

        public RealtimeSocketEndpoint(EmulatorState state, FaultInjector faults)
        {
            _state = state;
            _faults = faults;
        }

        /// <summary>Program.cs calls this once: the WebSocket middleware, the endpoint and its control route.</summary>
        public static void Map(WebApplication app)
        {
            var endpoint = new RealtimeSocketEndpoint(app.Services.GetRequiredService<EmulatorState>(), app.Services.GetRequiredService<FaultInjector>());
            app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
            app.MapGet(Path, (Func<HttpContext, Task>)endpoint.HandleAsync);
            app.MapPost("/_emulator/transcript", (Func<HttpContext, Task>)(async context =>
            {
                var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
                endpoint._transcript = body?["text"]?.GetValue<string>() ?? DefaultTranscript;
                await ServiceResponses.WriteObjectAsync(context, 200, new { text = endpoint._transcript });
            }));
        }

        public async Task HandleAsync(HttpContext context)
        {
            var scenario = _state.Scenario;
            if (await _faults.TryInjectAsync(context, scenario, FaultInjector.Surface.DataPlane)) return;
            var bearer = Bearer(context);
            var ephemeral = bearer != null && bearer.StartsWith("ek_", StringComparison.Ordinal);
            if (!Authenticated(context, bearer, ephemeral))
            {
                await ServiceResponses.WriteJsonAsync(context, 401, ServiceResponses.AzureError("401",
                    bearer != null && !ephemeral ? ServiceResponses.AudienceMessage : ServiceResponses.InvalidKeyMessage));
                return;
            }
            if (scenario.Name == RealtimeSocketScenarios.EphemeralRequired && !ephemeral)
            {
                await ServiceResponses.WriteJsonAsync(context, 401, ServiceResponses.AzureError("401", EphemeralMessage));
                return;
            }
            var query = context.Request.Query;
            if (DatedApiVersion.IsMatch(query["api-version"].ToString()))
            {
                await ServiceResponses.WriteJsonAsync(context, 401, ServiceResponses.AzureError("401", "GA /openai/v1 URLs must not carry a dated api-version."));
                return;
            }
            var model = query["model"].ToString();
            var intent = query["intent"].ToString();
            string sessionType;
            if (!string.IsNullOrEmpty(model))
            {
                var deployment = Deployment(model);
                if (deployment == null)
                {
                    await ServiceResponses.WriteJsonAsync(context, 404, ServiceResponses.AzureError("DeploymentNotFound", ServiceResponses.DeploymentNotFoundMessage));
                    return;
                }
                if (scenario.Name == RealtimeSocketScenarios.Handshake400 || !IsRealtimeModel(deployment.Model))
                {
                    // Spelled as the service spells it (Microsoft Q&A report, 2026-06).
                    await ServiceResponses.WriteJsonAsync(context, 400, ServiceResponses.AzureError("OpperationNotSupported", OperationNotSupportedMessage));
                    return;
                }
                sessionType = "realtime";
            }
            else if (intent == "transcription")
            {
                if (scenario.Name == RealtimeSocketScenarios.Handshake400)
                {
                    await ServiceResponses.WriteJsonAsync(context, 400, ServiceResponses.AzureError("OpperationNotSupported", OperationNotSupportedMessage));
                    return;
                }
                sessionType = "transcription";
            }
            else
            {
                await ServiceResponses.WriteJsonAsync(context, 400, ServiceResponses.InvalidRequest("Missing required parameter: 'model' (or intent=transcription).", "model", "missing_required_parameter"));
                return;
            }
            if (!context.WebSockets.IsWebSocketRequest)
            {
                await ServiceResponses.WriteJsonAsync(context, 400, ServiceResponses.AzureError("BadRequest", "This endpoint takes WebSocket connections only."));
                return;
            }
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var session = new RealtimeSocketSession(this, socket, scenario, sessionType, model, context.RequestAborted);
            await session.RunAsync();
        }

        internal string Transcript => _transcript;

        internal DeploymentDefinition Deployment(string name) =>
            _state.Configuration.DataPlaneAccount.Deployments.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase));

        internal static bool IsRealtimeModel(string model) => model != null && model.Contains("realtime", StringComparison.OrdinalIgnoreCase);

        internal static bool IsTranscriptionModel(string model) =>
            model != null && (model.Contains("transcribe", StringComparison.OrdinalIgnoreCase) || model.Contains("whisper", StringComparison.OrdinalIgnoreCase));

        private bool Authenticated(HttpContext context, string bearer, bool ephemeral)
        {
            if (context.Request.Headers.ContainsKey("api-key")) return _state.Credentials.IsApiKey(context.Request.Headers["api-key"].ToString());
            if (bearer == null) return false;
            return ephemeral ? _state.Credentials.IsEphemeral(bearer) : _state.Credentials.Check(bearer, out _) == TokenAudience.DataPlane;
        }

        private static string Bearer(HttpContext context)
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization.Substring(7).Trim() : null;
        }
    }
}
