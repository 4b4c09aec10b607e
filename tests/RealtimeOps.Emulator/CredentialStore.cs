using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace RealtimeOps.Emulator
{
    /// <summary>What a bearer token presented to the emulator turned out to be.</summary>
    public enum TokenAudience { Unknown, Expired, DataPlane, ResourceManager, Other }

    /// <summary>
    /// The api keys the data plane accepts and the access tokens the emulator issued (from /msi/token or
    /// /_emulator/tokens), each remembered with the resource it was issued for.
    /// </summary>
    public sealed class CredentialStore
    {
        private sealed class IssuedToken
        {
            public string Resource;
            public DateTimeOffset ExpiresOn;
        }

        private readonly ConcurrentDictionary<string, byte> _apiKeys = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, IssuedToken> _tokens = new ConcurrentDictionary<string, IssuedToken>(StringComparer.Ordinal);

        public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(1);

        // Audiences as Entra ID writes them; a trailing slash or a "/.default" scope suffix names the same resource.
        private static readonly string[] DataPlaneResources = { "https://cognitiveservices.azure.com", "https://ai.azure.com" };
        private static readonly string[] ResourceManagerResources = { "https://management.azure.com", "https://management.core.windows.net" };

        public CredentialStore(IEnumerable<string> apiKeys)
        {
            foreach (var key in apiKeys) AddApiKey(key);
        }

        public void AddApiKey(string key) => _apiKeys.TryAdd(key, 0);

        public bool IsApiKey(string key) => !string.IsNullOrEmpty(key) && _apiKeys.ContainsKey(key);

        private readonly ConcurrentDictionary<string, byte> _ephemeral = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);

        /// <summary>Remembers a minted ek_ client secret, so the realtime WebSocket accepts it.</summary>
        public void AddEphemeral(string secret) => _ephemeral.TryAdd(secret, 0);

        public bool IsEphemeral(string secret) => !string.IsNullOrEmpty(secret) && _ephemeral.ContainsKey(secret);

        /// <summary>Turns a scope ("https://x/.default") or resource ("https://x/") into the canonical resource "https://x".</summary>
        public static string NormalizeResource(string resourceOrScope)
        {
            if (string.IsNullOrWhiteSpace(resourceOrScope)) return null;
            var value = resourceOrScope.Trim();
            if (value.EndsWith("/.default", StringComparison.OrdinalIgnoreCase)) value = value.Substring(0, value.Length - "/.default".Length);
            return value.TrimEnd('/');
        }

        public static TokenAudience ClassifyResource(string resource)
        {
            var normalized = NormalizeResource(resource);
            if (normalized == null) return TokenAudience.Unknown;
            foreach (var r in DataPlaneResources) if (string.Equals(r, normalized, StringComparison.OrdinalIgnoreCase)) return TokenAudience.DataPlane;
            foreach (var r in ResourceManagerResources) if (string.Equals(r, normalized, StringComparison.OrdinalIgnoreCase)) return TokenAudience.ResourceManager;
            return TokenAudience.Other;
        }

        /// <summary>
        /// Issues a JWT-shaped (unsigned) token whose payload carries the audience, so a client that
        /// decodes tokens for hints sees what it would see from Entra ID. The emulator itself only trusts
        /// its own table, never the payload.
        /// </summary>
        public (string Token, DateTimeOffset ExpiresOn) Issue(string resource, string clientId, string chosenToken = null)
        {
            if (!string.IsNullOrEmpty(chosenToken))
            {
                // A caller-chosen value (a canary a leak test searches for) is remembered like any other token.
                var until = DateTimeOffset.UtcNow + TokenLifetime;
                _tokens[chosenToken] = new IssuedToken { Resource = NormalizeResource(resource), ExpiresOn = until };
                return (chosenToken, until);
            }

            var now = DateTimeOffset.UtcNow;
            var expires = now + TokenLifetime;
            var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "none", typ = "JWT" }));
            var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new
            {
                aud = NormalizeResource(resource),
                iss = "https://sts.emulator.invalid/00000000-0000-0000-0000-0000000000ee/",
                iat = now.ToUnixTimeSeconds(),
                nbf = now.ToUnixTimeSeconds(),
                exp = expires.ToUnixTimeSeconds(),
                appid = clientId,
                oid = clientId,
                jti = Guid.NewGuid().ToString("N"),
            }));
            var token = header + "." + payload + "." + Base64Url(RandomNumberGenerator.GetBytes(32));
            _tokens[token] = new IssuedToken { Resource = NormalizeResource(resource), ExpiresOn = expires };
            return (token, expires);
        }

        public TokenAudience Check(string token, out string resource)
        {
            resource = null;
            if (string.IsNullOrEmpty(token) || !_tokens.TryGetValue(token, out var issued)) return TokenAudience.Unknown;
            resource = issued.Resource;
            if (issued.ExpiresOn <= DateTimeOffset.UtcNow) return TokenAudience.Expired;
            return ClassifyResource(issued.Resource);
        }

        private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static string RandomHex(int bytes) => Convert.ToHexString(RandomNumberGenerator.GetBytes(bytes)).ToLowerInvariant();

        public static string RandomToken(int length)
        {
            const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
            var sb = new StringBuilder(length);
            for (int i = 0; i < length; i++) sb.Append(alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]);
            return sb.ToString();
        }
    }
}
