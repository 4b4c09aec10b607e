using System;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using System.Threading;

namespace RealtimeOps.Engine.Connection
{
    /// <summary>
    /// Where and how to reach one Azure OpenAI resource. Immutable; the key or token it holds is kept
    /// privately and never appears in <see cref="ToString"/>, properties or serialisation.
    /// </summary>
    public sealed class RealtimeConnection
    {
        public const string DefaultTokenScope = "https://cognitiveservices.azure.com/.default";
        public const string ResourceManagerScope = "https://management.azure.com/.default";
        public static readonly Uri DefaultResourceManagerEndpoint = new Uri("https://management.azure.com/");
        public const int DefaultMaxRetries = 3;
        public const int DefaultTimeoutSec = 100;

        private static long s_nextId;
        private readonly char[]? _secret;

        internal RealtimeConnection(RealtimeConnectionSettings settings)
        {
            if (settings == null) throw new ArgumentNullException(nameof(settings));
            if (settings.Endpoint == null) throw new ArgumentException("An endpoint is required.", nameof(settings));
            var normalized = EndpointNormalizer.Normalize(settings.Endpoint.OriginalString);
            if (!normalized.IsValid) throw new ArgumentException(normalized.Error, nameof(settings));
            if (settings.MaxRetries < 0 || settings.MaxRetries > 10) throw new ArgumentOutOfRangeException(nameof(settings), "MaxRetries must be between 0 and 10.");
            if (settings.TimeoutSec < 1 || settings.TimeoutSec > 3600) throw new ArgumentOutOfRangeException(nameof(settings), "TimeoutSec must be between 1 and 3600.");
            var needsSecret = settings.AuthMode == AuthMode.ApiKey || settings.AuthMode == AuthMode.AccessToken;
            if (needsSecret && (settings.Secret == null || settings.Secret.Length == 0))
                throw new ArgumentException(settings.AuthMode == AuthMode.ApiKey ? "An api key is required." : "An access token is required.", nameof(settings));

            Endpoint = normalized.Endpoint;
            AuthMode = settings.AuthMode;
            ClientId = Blank(settings.ClientId);
            TenantId = Blank(settings.TenantId);
            ServiceConnectionId = Blank(settings.ServiceConnectionId);
            TokenScope = Blank(settings.TokenScope) ?? DefaultTokenScope;
            Deployment = Blank(settings.Deployment);
            SubscriptionId = Blank(settings.SubscriptionId);
            ResourceGroupName = Blank(settings.ResourceGroupName);
            AccountName = Blank(settings.AccountName);
            ResourceManagerEndpoint = settings.ResourceManagerEndpoint ?? DefaultResourceManagerEndpoint;
            MaxRetries = settings.MaxRetries;
            TimeoutSec = settings.TimeoutSec;
            _secret = settings.Secret == null ? null : (char[])settings.Secret.Clone();
            SecretFingerprint = _secret == null ? null : Fingerprint(_secret);
            Id = Interlocked.Increment(ref s_nextId);
            ConnectedAtUtc = DateTimeOffset.UtcNow;
        }

        /// <summary>scheme://host[:port]/ only (see <see cref="EndpointNormalizer"/>).</summary>
        public Uri Endpoint { get; }
        public AuthMode AuthMode { get; }
        /// <summary>User-assigned managed identity or workload identity client id; null for system-assigned.</summary>
        public string? ClientId { get; }
        public string? TenantId { get; }
        /// <summary>Azure Pipelines service connection id (AzurePipelines mode).</summary>
        public string? ServiceConnectionId { get; }
        public string TokenScope { get; }
        /// <summary>The deployment used when a command is given none.</summary>
        public string? Deployment { get; }
        public string? SubscriptionId { get; }
        public string? ResourceGroupName { get; }
        public string? AccountName { get; }
        public Uri ResourceManagerEndpoint { get; }
        public int MaxRetries { get; }
        public int TimeoutSec { get; }
        /// <summary>"sha256:" and the first 8 hex digits of the key or token's hash, to tell keys apart; null when none is held.</summary>
        public string? SecretFingerprint { get; }
        public DateTimeOffset ConnectedAtUtc { get; }
        internal long Id { get; }

        public bool HasSecret => _secret != null;

        /// <summary>Only the HTTP pipeline reads the secret, to put it in a header.</summary>
        internal string? RevealSecret() => _secret == null ? null : new string(_secret);

        /// <summary>A copy with other retry and timeout settings (the same secret).</summary>
        public RealtimeConnection WithLimits(int? maxRetries, int? timeoutSec)
        {
            if (maxRetries == null && timeoutSec == null) return this;
            var s = ToSettings();
            if (maxRetries.HasValue) s.MaxRetries = maxRetries.Value;
            if (timeoutSec.HasValue) s.TimeoutSec = timeoutSec.Value;
            return new RealtimeConnection(s);
        }

        public RealtimeConnection WithDeployment(string deployment)
        {
            var s = ToSettings();
            s.Deployment = deployment;
            return new RealtimeConnection(s);
        }

        /// <summary>A copy that reads Azure Resource Manager for this account (the same secret).</summary>
        public RealtimeConnection WithAccount(string subscriptionId, string resourceGroupName, string accountName, Uri? resourceManagerEndpoint = null)
        {
            var s = ToSettings();
            s.SubscriptionId = subscriptionId;
            s.ResourceGroupName = resourceGroupName;
            s.AccountName = accountName;
            if (resourceManagerEndpoint != null) s.ResourceManagerEndpoint = resourceManagerEndpoint;
            return new RealtimeConnection(s);
        }

        /// <summary>
        /// The settings this connection was made from, including a copy of the secret. Internal: a script
        /// holding a connection must not be able to read its key back.
        /// </summary>
        internal RealtimeConnectionSettings ToSettings() => new RealtimeConnectionSettings
        {
            Endpoint = Endpoint, AuthMode = AuthMode, ClientId = ClientId, TenantId = TenantId, ServiceConnectionId = ServiceConnectionId,
            TokenScope = TokenScope, Deployment = Deployment, SubscriptionId = SubscriptionId, ResourceGroupName = ResourceGroupName,
            AccountName = AccountName, ResourceManagerEndpoint = ResourceManagerEndpoint, MaxRetries = MaxRetries, TimeoutSec = TimeoutSec,
            Secret = _secret == null ? null : (char[])_secret.Clone(),
        };

        public override string ToString() => $"{Endpoint} ({AuthMode}{(SecretFingerprint != null ? ", " + SecretFingerprint : "")})";

        private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s!.Trim();

        private static string Fingerprint(char[] secret)
        {
            using (var sha = SHA256.Create())
            {
                var bytes = Encoding.UTF8.GetBytes(secret);
                try
                {
                    var hash = sha.ComputeHash(bytes);
                    var sb = new StringBuilder("sha256:");
                    for (var i = 0; i < 4; i++) sb.Append(hash[i].ToString("x2", CultureInfo.InvariantCulture));
                    return sb.ToString();
                }
                finally { Array.Clear(bytes, 0, bytes.Length); }
            }
        }

        /// <summary>Copies a SecureString's characters (the cmdlets' input type) without making a string.</summary>
        public static char[]? ToChars(SecureString? secure)
        {
            if (secure == null) return null;
            var ptr = Marshal.SecureStringToGlobalAllocUnicode(secure);
            try
            {
                var chars = new char[secure.Length];
                Marshal.Copy(ptr, chars, 0, chars.Length);
                return chars;
            }
            finally { Marshal.ZeroFreeGlobalAllocUnicode(ptr); }
        }
    }

    /// <summary>Mutable input for <see cref="RealtimeConnection"/>.</summary>
    internal sealed class RealtimeConnectionSettings
    {
        public Uri? Endpoint { get; set; }
        public AuthMode AuthMode { get; set; }
        /// <summary>The api key or access token (ApiKey/AccessToken modes) or the Azure Pipelines system access token.</summary>
        public char[]? Secret { get; set; }
        public string? ClientId { get; set; }
        public string? TenantId { get; set; }
        public string? ServiceConnectionId { get; set; }
        public string? TokenScope { get; set; }
        public string? Deployment { get; set; }
        public string? SubscriptionId { get; set; }
        public string? ResourceGroupName { get; set; }
        public string? AccountName { get; set; }
        public Uri? ResourceManagerEndpoint { get; set; }
        public int MaxRetries { get; set; } = RealtimeConnection.DefaultMaxRetries;
        public int TimeoutSec { get; set; } = RealtimeConnection.DefaultTimeoutSec;

        public override string ToString() => $"{Endpoint} ({AuthMode})";
    }
}
