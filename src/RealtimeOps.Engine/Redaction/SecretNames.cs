#nullable enable
using System;
using System.Collections.Generic;

namespace RealtimeOps.Engine.Redaction
{
    /// <summary>
    /// The names under which credentials travel: HTTP headers, JSON properties and query parameters. Names are compared
    /// case-insensitively with '-' and '_' ignored, so api-key, api_key, apiKey and API-KEY are one name.
    /// </summary>
    internal static class SecretNames
    {
        // Headers: Azure keys, Entra tokens, other tools' schemes (Basic, SharedKey), the managed-identity endpoint's
        // secret (App Service / Automation: X-IDENTITY-HEADER, Azure Arc: x-ms-identity-header), cookies.
        private static readonly HashSet<string> s_headers = Set(
            "api-key", "x-api-key", "Authorization", "Proxy-Authorization", "Ocp-Apim-Subscription-Key", "x-ms-identity-header",
            "X-IDENTITY-HEADER", "Metadata-Secret", "Cookie", "Set-Cookie", "x-functions-key", "aeg-sas-key");

        // JSON properties and form fields of token, key and login payloads.
        private static readonly HashSet<string> s_fields = Set(
            "access_token", "refresh_token", "id_token", "client_secret", "client_assertion", "assertion", "password", "secret",
            "api_key", "token", "key1", "key2", "primaryKey", "secondaryKey", "accountKey", "sharedAccessKey", "connectionString",
            "subscription-key", "sas_token", "sasToken");

        // Query parameters: the fields above plus SAS signatures, function codes and bare keys.
        private static readonly HashSet<string> s_query = Set("key", "apikey", "sig", "code");

        private static readonly HashSet<string> s_schemeHeaders = Set("Authorization", "Proxy-Authorization");

        /// <summary>A header, JSON property or form field whose value is a credential.</summary>
        internal static bool IsSecretField(string? name) => name != null && (s_headers.Contains(Normalize(name)) || s_fields.Contains(Normalize(name)));

        internal static bool IsSecretHeader(string? name) => name != null && s_headers.Contains(Normalize(name));

        internal static bool IsSecretQueryName(string? name) =>
            name != null && (s_query.Contains(Normalize(name)) || s_fields.Contains(Normalize(name)) || s_headers.Contains(Normalize(name)));

        /// <summary>Headers whose value is "scheme credential": the scheme is kept readable, the credential masked.</summary>
        internal static bool HasScheme(string? name) => name != null && s_schemeHeaders.Contains(Normalize(name));

        private static HashSet<string> Set(params string[] names)
        {
            var set = new HashSet<string>(StringComparer.Ordinal);
            foreach (var n in names) set.Add(Normalize(n));
            return set;
        }

        private static string Normalize(string name)
        {
            var chars = new char[name.Length];
            var n = 0;
            foreach (var c in name)
            {
                if (c == '-' || c == '_') continue;
                chars[n++] = char.ToLowerInvariant(c);
            }
            return new string(chars, 0, n);
        }
    }
}
