using System;
using System.Runtime.InteropServices;
using System.Security;

namespace RealtimeOps.Engine.ClientSecrets
{
    /// <summary>Which protocol answered a client_secrets request.</summary>
    public enum RealtimeProtocol
    {
        /// <summary>GA: {value, expires_at, session}.</summary>
        Ga,
        /// <summary>The old preview/beta shape {client_secret:{value, expires_at}}, deprecated from 2026-04-30.</summary>
        Preview,
    }

    /// <summary>A minted ephemeral client secret. The value is a SecureString; ToString never shows it.</summary>
    public sealed class RealtimeClientSecret
    {
        private readonly char[] _value;

        internal RealtimeClientSecret(char[] value)
        {
            _value = value;
        }

        /// <summary>The ek_ value, for a browser or device to start a session with.</summary>
        public SecureString Value
        {
            get
            {
                var s = new SecureString();
                foreach (var c in _value) s.AppendChar(c);
                s.MakeReadOnly();
                return s;
            }
        }

        public DateTimeOffset? ExpiresAt { get; internal set; }
        public string? SessionId { get; internal set; }
        /// <summary>realtime or transcription, as the service reported it (or as requested).</summary>
        public string? SessionType { get; internal set; }
        public string? Deployment { get; internal set; }
        public Uri? Endpoint { get; internal set; }
        /// <summary>apim-request-id of the response.</summary>
        public string? RequestId { get; internal set; }
        /// <summary>x-ms-region of the response, when the service sent it.</summary>
        public string? Region { get; internal set; }
        public RealtimeProtocol Protocol { get; internal set; }
        public string? ClientRequestId { get; internal set; }
        /// <summary>Set when the answer was not the GA shape: what it means for the caller.</summary>
        public string? ProtocolNote { get; internal set; }

        /// <summary>The value as plain text: only for -AsPlainText and CI secret registration.</summary>
        public string GetPlainTextValue() => new string(_value);

        public override string ToString() => $"RealtimeClientSecret {SessionId} ({Deployment}, expires {ExpiresAt:u})";
    }
}
