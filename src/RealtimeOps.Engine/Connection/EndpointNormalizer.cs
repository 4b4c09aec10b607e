using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Net;

namespace RealtimeOps.Engine.Connection
{
    /// <summary>What <see cref="EndpointNormalizer"/> made of an endpoint the user typed or pasted.</summary>
    internal sealed class EndpointNormalizationResult
    {
        internal EndpointNormalizationResult(Uri? endpoint, IReadOnlyList<string> notes, string? warning, string? error, bool isLoopback, bool isAzure)
        {
            Endpoint = endpoint; Notes = notes; Warning = warning; Error = error; IsLoopback = isLoopback; IsAzureHost = isAzure;
        }

        /// <summary>scheme://host[:port]/ with nothing else, or null when <see cref="Error"/> is set.</summary>
        public Uri? Endpoint { get; }
        /// <summary>What was changed and why (a pasted path or api-version removed, a scheme added).</summary>
        public IReadOnlyList<string> Notes { get; }
        /// <summary>Set when the host is not an Azure OpenAI host: shown before any key is sent there.</summary>
        public string? Warning { get; }
        /// <summary>Why the endpoint cannot be used.</summary>
        public string? Error { get; }
        public bool IsLoopback { get; }
        public bool IsAzureHost { get; }
        [MemberNotNullWhen(true, nameof(Endpoint))]
        [MemberNotNullWhen(false, nameof(Error))]
        public bool IsValid => Error == null;
    }

    /// <summary>
    /// Turns what users paste (a portal URL, a full client_secrets URL with ?api-version=..., a bare host)
    /// into the resource endpoint RealtimeOps appends its own paths to, and explains every change.
    /// </summary>
    internal static class EndpointNormalizer
    {
        // Host suffixes of Azure OpenAI / Foundry resources, public and sovereign clouds (Microsoft Learn, "How to use the GPT Realtime API via WebRTC";
        // azure.us is Azure Government, azure.cn is Azure operated by 21Vianet).
        private static readonly string[] s_azureHostSuffixes =
        {
            ".openai.azure.com", ".cognitiveservices.azure.com", ".services.ai.azure.com",
            ".openai.azure.us", ".cognitiveservices.azure.us", ".services.ai.azure.us",
            ".openai.azure.cn", ".cognitiveservices.azure.cn", ".services.ai.azure.cn",
        };

        public static IReadOnlyList<string> AzureHostSuffixes => s_azureHostSuffixes;

        public static EndpointNormalizationResult Normalize(string? endpoint)
        {
            var notes = new List<string>();
            if (string.IsNullOrWhiteSpace(endpoint))
                return Fail("No endpoint was given. Pass -Endpoint https://<resource>.openai.azure.com or set AZURE_OPENAI_ENDPOINT.");

            var text = endpoint!.Trim().Trim('"', '\'');
            if (text.IndexOf("://", StringComparison.Ordinal) < 0)
            {
                if (text.StartsWith("wss:", StringComparison.OrdinalIgnoreCase) || text.StartsWith("ws:", StringComparison.OrdinalIgnoreCase))
                    return Fail($"'{ShortForm(text)}' is not a URL RealtimeOps can use. Give the resource endpoint, e.g. https://<resource>.openai.azure.com.");
                text = "https://" + text;
                notes.Add("No scheme was given; https:// was assumed.");
            }

            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
                return Fail($"'{ShortForm(endpoint)}' is not a valid URL. Give the resource endpoint, e.g. https://<resource>.openai.azure.com.");

            var scheme = uri.Scheme.ToLowerInvariant();
            if (scheme == "wss" || scheme == "ws")
            {
                notes.Add($"The {scheme}:// WebSocket URL was turned into the resource's https:// endpoint; RealtimeOps calls the REST API.");
                scheme = scheme == "wss" ? "https" : "http";
            }
            if (scheme != "https" && scheme != "http")
                return Fail($"The endpoint must use https, not '{uri.Scheme}'. Give https://<resource>.openai.azure.com.");

            var loopback = IsLoopbackHost(uri.Host);
            if (scheme == "http" && !loopback)
                return Fail($"The endpoint '{uri.Scheme}://{uri.Authority}' uses plain http. Azure endpoints are https only, and a key sent over http can be read on the way; use https://{uri.Authority}.");

            if (!string.IsNullOrEmpty(uri.UserInfo))
                notes.Add("User information in the URL was removed; pass credentials with -ApiKey or -AccessToken.");

            var path = uri.AbsolutePath;
            if (!string.IsNullOrEmpty(path) && path != "/")
                notes.Add($"The path '{path}' was removed from the endpoint: RealtimeOps adds the API path (/openai/v1/realtime/client_secrets) itself.");

            if (!string.IsNullOrEmpty(uri.Query) && uri.Query != "?")
            {
                var names = uri.Query.TrimStart('?').Split(new[] { '&' }, StringSplitOptions.RemoveEmptyEntries)
                    .Select(p => Uri.UnescapeDataString(p.Split('=')[0])).ToArray();
                foreach (var name in names)
                {
                    if (name.Equals("api-version", StringComparison.OrdinalIgnoreCase))
                        notes.Add("The api-version was removed from the endpoint: the GA /openai/v1 path needs none, and a dated preview version there is answered with 401. Use -ApiVersion to send one deliberately.");
                    else if (name.Equals("api-key", StringComparison.OrdinalIgnoreCase) || name.Equals("key", StringComparison.OrdinalIgnoreCase))
                        notes.Add($"A '{name}' query parameter was removed from the endpoint and will not be sent; pass the key with -ApiKey.");
                    else
                        notes.Add($"The query parameter '{name}' was removed from the endpoint.");
                }
            }

            var host = uri.Host.ToLowerInvariant();
            var builder = new UriBuilder(scheme, uri.Host, uri.IsDefaultPort || (scheme == "https" && uri.Port == 443) ? -1 : uri.Port, "/");
            var normalized = builder.Uri;
            var isAzure = s_azureHostSuffixes.Any(s => host.EndsWith(s, StringComparison.Ordinal));
            string? warning = null;
            if (!isAzure && !loopback)
            {
                warning = $"'{normalized.Host}' is not an Azure OpenAI host (*.openai.azure.com, *.cognitiveservices.azure.com, *.services.ai.azure.com or a sovereign-cloud variant). " +
                          "Credentials will be sent to it; check the endpoint if you did not expect this.";
            }
            return new EndpointNormalizationResult(normalized, notes, warning, null, loopback, isAzure);
        }

        // Azure Resource Manager of the public cloud, Azure Government and Azure operated by 21Vianet (Microsoft Learn,
        // "Azure Resource Manager endpoints of the Azure clouds", Get-AzEnvironment ResourceManagerUrl, read 2026-12).
        private static readonly string[] s_resourceManagerHosts = { "management.azure.com", "management.usgovcloudapi.net", "management.chinacloudapi.cn" };

        /// <summary>
        /// A warning when a Resource Manager endpoint is neither an Azure cloud's ARM host nor loopback (the emulator), or null.
        /// Entra tokens go there, so the user should know before anything is sent.
        /// </summary>
        public static string? ResourceManagerWarning(Uri? endpoint)
        {
            if (endpoint == null || IsLoopbackHost(endpoint.Host)) return null;
            var host = endpoint.Host.ToLowerInvariant();
            if (s_resourceManagerHosts.Any(h => host == h)) return null;
            return $"'{endpoint.Host}' is not an Azure Resource Manager host ({string.Join(", ", s_resourceManagerHosts)}). " +
                   "Resource Manager tokens will be requested for it and sent to it; check -ResourceManagerEndpoint if you did not expect this.";
        }

        public static bool IsLoopbackHost(string host)
        {
            if (string.IsNullOrEmpty(host)) return false;
            if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
            var h = host.Trim('[', ']');
            return IPAddress.TryParse(h, out var ip) && IPAddress.IsLoopback(ip);
        }

        private static EndpointNormalizationResult Fail(string error) =>
            new EndpointNormalizationResult(null, Array.Empty<string>(), null, error, false, false);

        /// <summary>
        /// An endpoint as it may be shown in a message or an ErrorRecord's target: no query string or fragment (a key may be
        /// there), no user information (a password may be there), at most 120 characters. Null stays null.
        /// </summary>
        [return: NotNullIfNotNull("endpoint")]
        public static string? SafeDisplay(string? endpoint) => endpoint == null ? null : ShortForm(endpoint);

        private static string ShortForm(string text)
        {
            var t = text.Trim();
            var q = t.IndexOfAny(new[] { '?', '#' });
            if (q >= 0) t = t.Substring(0, q) + "?...";
            var scheme = t.IndexOf("://", StringComparison.Ordinal);
            var authorityStart = scheme >= 0 ? scheme + 3 : 0;
            var slash = t.IndexOf('/', authorityStart);
            var at = t.LastIndexOf('@', slash >= 0 ? slash - 1 : t.Length - 1);
            if (at >= authorityStart) t = t.Substring(0, authorityStart) + t.Substring(at + 1);
            return t.Length > 120 ? t.Substring(0, 120) + "..." : t;
        }
    }
}
