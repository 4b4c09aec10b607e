using System;

namespace RealtimeOps.Engine.Validation
{
    /// <summary>The endpoint rule: an absolute https URL, no dated api-version on /openai/v1.</summary>
    internal sealed partial class ValidationRun
    {
        private void CheckEndpoint()
        {
            var endpoint = _options.Endpoint;
            if (string.IsNullOrWhiteSpace(endpoint)) return;
            if (!Uri.TryCreate(endpoint!.Trim(), UriKind.Absolute, out var uri) ||
                !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
            {
                Report(RuleIds.EndpointInvalid, string.Empty, null, null, $"The endpoint '{endpoint}' is not an absolute https URL.",
                    "Give the resource URL, e.g. https://contoso.openai.azure.com/openai/v1/realtime/client_secrets.");
                return;
            }
            if (uri.AbsolutePath.IndexOf("/openai/v1", StringComparison.OrdinalIgnoreCase) < 0) return;
            foreach (var pair in uri.Query.TrimStart('?').Split('&'))
            {
                var eq = pair.IndexOf('=');
                if (eq < 0) continue;
                var key = Uri.UnescapeDataString(pair.Substring(0, eq));
                var value = Uri.UnescapeDataString(pair.Substring(eq + 1));
                if (!string.Equals(key, "api-version", StringComparison.OrdinalIgnoreCase)) continue;
                if (value == "v1" || value == "preview") continue;
                Report(RuleIds.DatedApiVersionOnGa, string.Empty, null, null, $"The GA endpoint carries api-version={value}; /openai/v1 URLs must not carry a dated version (it is tied to 401 errors).",
                    "Remove the api-version query (it defaults to v1).");
            }
        }
    }
}
