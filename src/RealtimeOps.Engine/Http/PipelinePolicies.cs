using System;
using System.Threading.Tasks;
using Azure.Core;
using Azure.Core.Pipeline;

namespace RealtimeOps.Engine.Http
{
    /// <summary>Adds the api-key header (Azure.Core's own key policy is internal).</summary>
    internal sealed class ApiKeyPolicy : HttpPipelineSynchronousPolicy
    {
        private readonly string _key;
        internal ApiKeyPolicy(string key) { _key = key; }
        public override void OnSendingRequest(HttpMessage message) => message.Request.Headers.SetValue("api-key", _key);
    }

    /// <summary>
    /// User-Agent: RealtimeOps/&lt;version&gt; PowerShell/&lt;version&gt;. Azure.Core's telemetry policy is off
    /// because its application id is limited to 24 characters and adds the SDK name we are not.
    /// </summary>
    internal sealed class UserAgentPolicy : HttpPipelineSynchronousPolicy
    {
        private readonly string _userAgent;
        internal UserAgentPolicy(string userAgent) { _userAgent = userAgent; }
        public override void OnSendingRequest(HttpMessage message) => message.Request.Headers.SetValue("User-Agent", _userAgent);
    }

    /// <summary>Names of the per-message properties the client sets and the recorder reads.</summary>
    internal static class MessageProperties
    {
        internal const string Operation = "RealtimeOps.Operation";
        internal const string Variant = "RealtimeOps.Variant";
        internal const string Body = "RealtimeOps.Body";
        internal const string Observer = "RealtimeOps.Observer";
        internal const string Attempts = "RealtimeOps.Attempts";
        internal const string Sequences = "RealtimeOps.Sequences";
        /// <summary>The caller's own token, to tell Ctrl+C from a timeout.</summary>
        internal const string CallerCancellation = "RealtimeOps.CallerCancellation";
    }
}
