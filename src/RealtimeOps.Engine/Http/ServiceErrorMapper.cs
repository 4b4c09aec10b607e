using System;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using RealtimeOps.Engine.Redaction;

namespace RealtimeOps.Engine.Http
{
    /// <summary>Turns a failed response into a <see cref="RealtimeServiceException"/> a user can act on.</summary>
    internal static class ServiceErrorMapper
    {
        private static readonly Regex s_htmlTitle = new Regex(@"<title[^>]*>(?<t>.*?)</title>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant);
        private static readonly Regex s_htmlH1 = new Regex(@"<h1[^>]*>(?<t>.*?)</h1>", RegexOptions.IgnoreCase | RegexOptions.Singleline | RegexOptions.CultureInvariant);
        private static readonly Regex s_tags = new Regex(@"<[^>]+>|\s+", RegexOptions.CultureInvariant);

        /// <summary>The parts of an error body: {"error":{"message","type","param","code"}} or a summary of anything else.</summary>
        public sealed class ServiceErrorBody
        {
            public string? Message { get; internal set; }
            public string? Type { get; internal set; }
            public string? Param { get; internal set; }
            public string? Code { get; internal set; }
            public bool IsJson { get; internal set; }
            public bool IsHtml { get; internal set; }
        }

        /// <param name="body">The response body, already redacted.</param>
        /// <param name="contentType">The Content-Type header, to recognise HTML.</param>
        public static ServiceErrorBody ParseBody(string? body, string? contentType = null)
        {
            var result = new ServiceErrorBody();
            if (string.IsNullOrWhiteSpace(body)) return result;
            var trimmed = body!.TrimStart();
            if (trimmed.StartsWith("{", StringComparison.Ordinal))
            {
                try
                {
                    using (var doc = JsonDocument.Parse(body))
                    {
                        result.IsJson = true;
                        var root = doc.RootElement;
                        var err = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var e) ? e : root;
                        if (err.ValueKind == JsonValueKind.Object)
                        {
                            result.Message = Str(err, "message");
                            result.Type = Str(err, "type");
                            result.Param = Str(err, "param");
                            result.Code = Str(err, "code");
                            if (result.Code == null && err.TryGetProperty("inner_error", out var inner) && inner.ValueKind == JsonValueKind.Object)
                                result.Code = Str(inner, "code");
                        }
                        else if (err.ValueKind == JsonValueKind.String)
                        {
                            result.Message = err.GetString();
                        }
                    }
                    return result;
                }
                catch (JsonException) { }
            }
            if (trimmed.StartsWith("<", StringComparison.Ordinal) || (contentType != null && contentType.IndexOf("html", StringComparison.OrdinalIgnoreCase) >= 0))
            {
                result.IsHtml = true;
                var title = s_htmlTitle.Match(body);
                var h1 = s_htmlH1.Match(body);
                var text = title.Success ? title.Groups["t"].Value : h1.Success ? h1.Groups["t"].Value : null;
                text = text == null ? null : WebUtility.HtmlDecode(s_tags.Replace(text, " ")).Trim();
                result.Message = string.IsNullOrEmpty(text)
                    ? $"The gateway answered with an HTML page ({body.Length} characters), not a JSON error."
                    : $"The gateway answered with an HTML page titled '{Truncate(text, 120)}', not a JSON error.";
                return result;
            }
            result.Message = "The service answered: " + Truncate(s_tags.Replace(body, " ").Trim(), 300);
            return result;
        }

        /// <summary>An exception for an error status; every text passed in must already be redacted.</summary>
        public static RealtimeServiceException FromResponse(int status, string? redactedBody, string? contentType, string? apimRequestId,
            string operationDescription, string? tokenScope = null)
        {
            var body = ParseBody(redactedBody, contentType);
            var kind = KindFor(status, body.Code);
            var what = operationDescription ?? "The request";
            var idText = apimRequestId != null ? $" (apim-request-id {apimRequestId})" : " (no apim-request-id was returned)";
            var detail = body.Message != null ? $": {body.Message}" : ".";
            if (body.Param != null && body.Message != null && body.Message.IndexOf(body.Param, StringComparison.Ordinal) < 0)
                detail += $" (param '{body.Param}')";
            var message = $"{what} failed with {status} {Reason(status)}{idText}{detail}";
            var ex = new RealtimeServiceException(kind, message, status, body.Code, body.Param, body.Message, apimRequestId)
            {
                ErrorType = body.Type,
                RecommendedAction = Recommendation(kind, body, tokenScope),
            };
            return ex;
        }

        public static RealtimeServiceErrorKind KindFor(int status, string? code)
        {
            if (status == 400 || status == 422 || status == 409 || status == 413 || status == 415) return RealtimeServiceErrorKind.InvalidRequest;
            if (status == 401) return RealtimeServiceErrorKind.Unauthorized;
            if (status == 403) return RealtimeServiceErrorKind.Forbidden;
            if (status == 404)
                return code == null || code.IndexOf("Deployment", StringComparison.OrdinalIgnoreCase) >= 0 || code.Equals("model_not_found", StringComparison.OrdinalIgnoreCase)
                    ? RealtimeServiceErrorKind.DeploymentNotFound : RealtimeServiceErrorKind.NotFound;
            if (status == 408) return RealtimeServiceErrorKind.Timeout;
            if (status == 429) return RealtimeServiceErrorKind.Throttled;
            if (status >= 500 && status <= 599) return RealtimeServiceErrorKind.ServiceError;
            return RealtimeServiceErrorKind.UnexpectedResponse;
        }

        public static string Recommendation(RealtimeServiceErrorKind kind, ServiceErrorBody? body, string? tokenScope)
        {
            switch (kind)
            {
                case RealtimeServiceErrorKind.InvalidRequest:
                    return body?.Param != null
                        ? $"Fix '{body.Param}' in the session configuration; Test-TranscriptionConfig explains GA and beta field names."
                        : "Check the session configuration with Test-TranscriptionConfig.";
                case RealtimeServiceErrorKind.Unauthorized:
                    return "With an api key: check it is a current key of this resource. With Entra ID: the token's audience must match the scope " +
                           $"'{tokenScope ?? "https://cognitiveservices.azure.com/.default"}' (try -TokenScope https://ai.azure.com/.default if your tenant needs it), " +
                           "and the identity needs the 'Cognitive Services User' role on the resource (Owner or Contributor alone does not grant data access; role changes take about 5 minutes). " +
                           "A dated api-version on the /openai/v1 path is also answered with 401: omit -ApiVersion.";
                case RealtimeServiceErrorKind.Forbidden:
                    return "The resource refused the caller: check its network rules (firewall, private endpoint) and that the resource is not disabled or blocked.";
                case RealtimeServiceErrorKind.DeploymentNotFound:
                    return "On Azure, session.model is the deployment name, not the model name. List the resource's deployments (Get-RealtimeDeployment or the portal) and pass -Deployment <name>.";
                case RealtimeServiceErrorKind.Throttled:
                    return "The resource is over its rate or quota limit. Wait and retry (increase -MaxRetries), or raise the deployment's capacity.";
                case RealtimeServiceErrorKind.ServiceError:
                    return "A service-side failure. Retry; if it persists, run Invoke-RealtimeProbe and open an Azure support case with the apim-request-id.";
                case RealtimeServiceErrorKind.Network:
                    return "Check the endpoint, DNS, proxy and firewall between this machine and the resource.";
                case RealtimeServiceErrorKind.Timeout:
                    return "The service did not answer in time. Retry, or raise -TimeoutSec.";
                default:
                    return "Run Get-RealtimeExchange -Last 1 to see the raw response (secrets removed).";
            }
        }

        private static string Reason(int status)
        {
            var name = Enum.IsDefined(typeof(HttpStatusCode), status) ? ((HttpStatusCode)status).ToString() : null;
            return name == null ? "" : "(" + Regex.Replace(name, "(?<=[a-z])(?=[A-Z])", " ") + ")";
        }

        private static string? Str(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) ? (v.ValueKind == JsonValueKind.String ? v.GetString() : v.ValueKind == JsonValueKind.Null || v.ValueKind == JsonValueKind.Undefined ? null : v.GetRawText()) : null;

        internal static string? Truncate(string? s, int max) => s == null || s.Length <= max ? s : s.Substring(0, max) + "...";
    }
}
