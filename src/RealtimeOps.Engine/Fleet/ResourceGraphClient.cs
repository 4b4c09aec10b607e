#nullable enable
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Http;
using RealtimeOps.Engine.Diagnostics;

namespace RealtimeOps.Engine.Fleet
{
    /// <summary>One Resource Graph answer: status, body and the headers the client reads (quota, Retry-After, request id).</summary>
    internal sealed class ResourceGraphResponse
    {
        public ResourceGraphResponse(int status, string? body, IReadOnlyDictionary<string, string>? headers)
        {
            Status = status;
            Body = body ?? string.Empty;
            Headers = headers ?? new Dictionary<string, string>();
        }

        public int Status { get; }
        public string Body { get; }
        public IReadOnlyDictionary<string, string> Headers { get; }

        public string? Header(string name)
        {
            foreach (var pair in Headers)
                if (string.Equals(pair.Key, name, StringComparison.OrdinalIgnoreCase)) return pair.Value;
            return null;
        }
    }

    /// <summary>Sends an authenticated POST (Resource Manager scope) and returns every HTTP answer, errors included.</summary>
    internal interface IResourceGraphTransport
    {
        Task<ResourceGraphResponse> PostAsync(Uri url, string body, CancellationToken cancellationToken);
    }

    /// <summary>Where a query runs: subscriptions, management groups, or (neither) every subscription the caller can read.</summary>
    internal sealed class ResourceGraphScope
    {
        public ResourceGraphScope(IEnumerable<string>? subscriptions = null, IEnumerable<string>? managementGroups = null)
        {
            Subscriptions = Distinct(subscriptions);
            ManagementGroups = Distinct(managementGroups);
        }

        public IReadOnlyList<string> Subscriptions { get; }
        public IReadOnlyList<string> ManagementGroups { get; }
        public bool IsTenant => Subscriptions.Count == 0 && ManagementGroups.Count == 0;

        public override string ToString()
        {
            if (IsTenant) return "tenant (every subscription the identity can read)";
            var parts = new List<string>();
            if (ManagementGroups.Count > 0) parts.Add("management group(s) " + string.Join(", ", ManagementGroups));
            if (Subscriptions.Count > 0) parts.Add(Subscriptions.Count + " subscription(s)");
            return string.Join("; ", parts);
        }

        private static IReadOnlyList<string> Distinct(IEnumerable<string>? values) =>
            (values ?? Enumerable.Empty<string>()).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim())
                .Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
    }

    /// <summary>
    /// Azure Resource Graph queries over raw REST (POST /providers/Microsoft.ResourceGraph/resources, api-version
    /// 2024-04-01; source: ARG, https://learn.microsoft.com/azure/governance/resource-graph/): pages with $skipToken,
    /// subscriptions in batches of fewer than 300, and the per-user quota honoured: when x-ms-user-quota-remaining
    /// reaches 0 the next page waits x-ms-user-quota-resets-after, and a 429 waits its Retry-After (or the reset time)
    /// and is retried, so throttling slows a sweep down but does not fail it.
    /// </summary>
    internal sealed class ResourceGraphClient
    {
        public const string ApiVersion = "2024-04-01";
        /// <summary>ARG advises fewer than 300 subscriptions per request.</summary>
        public const int MaxSubscriptionsPerRequest = 250;
        public const int MaxPageSize = 1000;
        private const int MaxPagesPerBatch = 10000;
        private static readonly TimeSpan DefaultThrottleWait = TimeSpan.FromSeconds(5);
        private static readonly TimeSpan MaxThrottleWait = TimeSpan.FromMinutes(5);

        private readonly IResourceGraphTransport _transport;
        private readonly Func<TimeSpan, CancellationToken, Task> _delay;

        public ResourceGraphClient(IResourceGraphTransport transport, Uri? resourceManagerEndpoint = null,
            Func<TimeSpan, CancellationToken, Task>? delay = null, int pageSize = MaxPageSize, int maxThrottleRetries = 6)
        {
            _transport = transport ?? throw new ArgumentNullException(nameof(transport));
            Endpoint = DeploymentClient.NormalizeEndpoint(resourceManagerEndpoint ?? DeploymentClient.DefaultResourceManagerEndpoint);
            _delay = delay ?? ((wait, token) => Task.Delay(wait, token));
            if (pageSize < 1 || pageSize > MaxPageSize) throw new ArgumentOutOfRangeException(nameof(pageSize), $"The page size must be 1..{MaxPageSize}.");
            PageSize = pageSize;
            MaxThrottleRetries = maxThrottleRetries;
        }

        public Uri Endpoint { get; }
        public int PageSize { get; }
        public int MaxThrottleRetries { get; }
        public Uri QueryUri => new Uri(Endpoint, "providers/Microsoft.ResourceGraph/resources?api-version=" + ApiVersion);

        /// <summary>Requests sent (pages and retries), for progress and tests.</summary>
        public int RequestCount => _requests;
        private int _requests;

        /// <summary>
        /// Runs <paramref name="query"/> over <paramref name="scope"/> and hands every row (an object) to <paramref name="onRow"/>
        /// as its page arrives; nothing is kept after a page is handed over.
        /// </summary>
        public async Task QueryAsync(string query, ResourceGraphScope scope, Action<JsonElement> onRow, IOperationObserver? observer, CancellationToken cancellationToken)
        {
            if (string.IsNullOrWhiteSpace(query)) throw new ArgumentException("The query is empty.", nameof(query));
            if (onRow == null) throw new ArgumentNullException(nameof(onRow));
            observer = observer ?? NullOperationObserver.Instance;
            foreach (var batch in Batches(scope))
            {
                string? skipToken = null;
                for (var page = 0; page < MaxPagesPerBatch; page++)
                {
                    var body = BuildBody(query, batch.Subscriptions, batch.ManagementGroups, skipToken);
                    var response = await SendWithQuotaAsync(body, observer, cancellationToken).ConfigureAwait(false);
                    skipToken = ReadPage(response, onRow);
                    if (skipToken == null) break;
                }
            }
        }

        /// <summary>The scope split into requests: subscriptions in batches under 300; management groups in one request.</summary>
        internal IEnumerable<ResourceGraphScope> Batches(ResourceGraphScope scope)
        {
            scope = scope ?? new ResourceGraphScope();
            if (scope.IsTenant) { yield return scope; yield break; }
            if (scope.ManagementGroups.Count > 0) yield return new ResourceGraphScope(null, scope.ManagementGroups);
            for (var i = 0; i < scope.Subscriptions.Count; i += MaxSubscriptionsPerRequest)
                yield return new ResourceGraphScope(scope.Subscriptions.Skip(i).Take(MaxSubscriptionsPerRequest), null);
        }

        internal string BuildBody(string query, IReadOnlyList<string> subscriptions, IReadOnlyList<string> managementGroups, string? skipToken)
        {
            using (var buffer = new MemoryStream())
            {
                using (var json = new Utf8JsonWriter(buffer))
                {
                    json.WriteStartObject();
                    if (subscriptions.Count > 0)
                    {
                        json.WriteStartArray("subscriptions");
                        foreach (var s in subscriptions) json.WriteStringValue(s);
                        json.WriteEndArray();
                    }
                    if (managementGroups.Count > 0)
                    {
                        json.WriteStartArray("managementGroups");
                        foreach (var m in managementGroups) json.WriteStringValue(m);
                        json.WriteEndArray();
                    }
                    json.WriteString("query", query);
                    json.WriteStartObject("options");
                    json.WriteNumber("$top", PageSize);
                    if (skipToken != null) json.WriteString("$skipToken", skipToken);
                    json.WriteString("resultFormat", "objectArray");
                    json.WriteEndObject();
                    json.WriteEndObject();
                }
                return Encoding.UTF8.GetString(buffer.ToArray());
            }
        }

        private TimeSpan? _waitBeforeNext;

        private async Task<ResourceGraphResponse> SendWithQuotaAsync(string body, IOperationObserver observer, CancellationToken cancellationToken)
        {
            for (var attempt = 0; ; attempt++)
            {
                if (_waitBeforeNext.HasValue)
                {
                    var wait = _waitBeforeNext.Value;
                    _waitBeforeNext = null;
                    observer.Verbose($"Resource Graph quota used up; waiting {wait} (x-ms-user-quota-resets-after) before the next page.");
                    await _delay(wait, cancellationToken).ConfigureAwait(false);
                }
                Interlocked.Increment(ref _requests);
                var response = await _transport.PostAsync(QueryUri, body, cancellationToken).ConfigureAwait(false);
                var resetsAfter = ParseResetsAfter(response.Header("x-ms-user-quota-resets-after"));
                if (response.Status == 429)
                {
                    if (attempt >= MaxThrottleRetries)
                        throw Error(response, $"Resource Graph throttled the query {attempt + 1} times in a row");
                    var wait = Clamp(ParseRetryAfter(response.Header("Retry-After")) ?? resetsAfter ?? DefaultThrottleWait);
                    observer.Verbose($"Resource Graph answered 429 (throttled); waiting {wait} and sending the page again.");
                    await _delay(wait, cancellationToken).ConfigureAwait(false);
                    continue;
                }
                if (response.Status != 200) throw Error(response, "Resource Graph rejected the query");
                if (int.TryParse(response.Header("x-ms-user-quota-remaining"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var remaining) && remaining <= 0)
                    _waitBeforeNext = Clamp(resetsAfter ?? DefaultThrottleWait);
                return response;
            }
        }

        /// <summary>Hands each row of one page over; returns the $skipToken, or null when this was the last page.</summary>
        internal static string? ReadPage(ResourceGraphResponse response, Action<JsonElement> onRow)
        {
            try
            {
                using (var doc = JsonDocument.Parse(response.Body))
                {
                    var root = doc.RootElement;
                    if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
                        throw new FormatException("The answer has no 'data' array (resultFormat objectArray).");
                    foreach (var row in data.EnumerateArray())
                        if (row.ValueKind == JsonValueKind.Object) onRow(row);
                    return root.TryGetProperty("$skipToken", out var token) && token.ValueKind == JsonValueKind.String && token.GetString()!.Length > 0
                        ? token.GetString() : null;
                }
            }
            catch (Exception ex) when (ex is JsonException || ex is FormatException)
            {
                throw ResourceManagerErrors.Create(RealtimeServiceErrorKind.UnexpectedResponse,
                    $"Resource Graph answered 200 but the body could not be read: {ex.Message}", response.Status, null, RequestId(response),
                    "Check -ResourceManagerEndpoint points at Azure Resource Manager.", ex);
            }
        }

        /// <summary>x-ms-user-quota-resets-after is hh:mm:ss.</summary>
        internal static TimeSpan? ParseResetsAfter(string? value) =>
            value != null && TimeSpan.TryParseExact(value.Trim(), @"hh\:mm\:ss", CultureInfo.InvariantCulture, out var t) ? t
            : value != null && TimeSpan.TryParse(value.Trim(), CultureInfo.InvariantCulture, out var u) && u >= TimeSpan.Zero ? u : (TimeSpan?)null;

        /// <summary>Retry-After in seconds (an HTTP date is also accepted).</summary>
        internal static TimeSpan? ParseRetryAfter(string? value)
        {
            if (string.IsNullOrWhiteSpace(value)) return null;
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0) return TimeSpan.FromSeconds(seconds);
            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                var wait = at - DateTimeOffset.UtcNow;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
            return null;
        }

        private static TimeSpan Clamp(TimeSpan wait) => wait < TimeSpan.Zero ? TimeSpan.Zero : (wait > MaxThrottleWait ? MaxThrottleWait : wait);

        private static string? RequestId(ResourceGraphResponse response) =>
            response.Header("x-ms-request-id") ?? response.Header("x-ms-correlation-request-id");

        private static RealtimeServiceException Error(ResourceGraphResponse response, string what)
        {
            var ex = ResourceManagerErrors.FromResponse(response.Status, response.Body, null, RequestId(response));
            var action = response.Status == 403 || response.Status == 401
                ? "Give the identity the Reader role on the subscriptions or management groups to sweep (Resource Graph lists only what the identity can read)."
                : ex.RecommendedAction;
            return ResourceManagerErrors.Create(ex.Kind, $"{what} ({response.Status}{(ex.ErrorCode == null ? "" : " " + ex.ErrorCode)}): {ex.Message}",
                ex.Status, ex.ErrorCode, ex.RequestId, action);
        }
    }
}
