using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using RealtimeOps.Engine.ClientSecrets;
using RealtimeOps.Engine.Connection;
using RealtimeOps.Engine.Diagnostics;
using RealtimeOps.Engine.Redaction;

namespace RealtimeOps.Engine.Http
{
    /// <summary>How a <see cref="RealtimeServiceClient"/> identifies itself and waits between retries.</summary>
    internal sealed class RealtimeServiceClientOptions
    {
        public string ModuleVersion { get; set; } = typeof(RealtimeServiceClientOptions).Assembly.GetName().Version?.ToString(3) ?? "0.0.0";
        /// <summary>$PSVersionTable.PSVersion, passed in by the cmdlets.</summary>
        public string? PowerShellVersion { get; set; }
        public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(0.8);
        public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
        /// <summary>
        /// The most one attempt may wait for the service before it is abandoned (and retried if retries are
        /// left). Null: the connection's TimeoutSec, so only the overall limit applies.
        /// </summary>
        public TimeSpan? NetworkTimeout { get; set; }
        /// <summary>Tests only: a transport instead of HttpClient.</summary>
        internal HttpPipelineTransport? Transport { get; set; }
        /// <summary>
        /// Tests only: starts the overall -TimeoutSec timer of a request, which must cancel the source when it runs out.
        /// Absent: <see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/>, the system clock.
        /// </summary>
        internal Action<CancellationTokenSource, TimeSpan>? StartOverallTimer { get; set; }

        public string UserAgent => $"RealtimeOps/{ModuleVersion}" + (string.IsNullOrWhiteSpace(PowerShellVersion) ? "" : $" PowerShell/{PowerShellVersion}");
    }

    /// <summary>One request through <see cref="RealtimeServiceClient.SendAsync(ServiceRequest, CancellationToken)"/>.</summary>
    internal sealed class ServiceRequest
    {
        public string Method { get; set; } = "GET";
        /// <summary>Absolute, or relative to <see cref="BaseAddress"/> (default: the connection's endpoint).</summary>
        public string? Uri { get; set; }
        public Uri? BaseAddress { get; set; }
        /// <summary>JSON body.</summary>
        public string? Body { get; set; }
        /// <summary>Token scope; null for the connection's <see cref="RealtimeConnection.TokenScope"/>.</summary>
        public string? Scope { get; set; }
        /// <summary>Recorded on every exchange (CreateClientSecret, GetDeployments...).</summary>
        public string? Operation { get; set; }
        /// <summary>A free label recorded on every exchange (a probe variant).</summary>
        public string? Variant { get; set; }
        /// <summary>Used in error messages: "Minting a client secret".</summary>
        public string? Description { get; set; }
        /// <summary>Throw <see cref="RealtimeServiceException"/> for a status of 400 or more (default).</summary>
        public bool ThrowOnError { get; set; } = true;
        public IOperationObserver? Observer { get; set; }
    }

    /// <summary>The final response of a request (after retries). <see cref="Content"/> is raw: it can hold a secret.</summary>
    internal sealed class ServiceResponse
    {
        public int Status { get; internal set; }
        public string? Content { get; internal set; }
        public string? ContentType { get; internal set; }
        public IReadOnlyDictionary<string, string>? Headers { get; internal set; }
        public string? ApimRequestId { get; internal set; }
        public string? RequestId { get; internal set; }
        public string? ClientRequestId { get; internal set; }
        public string? Region { get; internal set; }
        /// <summary>Sequence numbers of the exchanges (attempts) recorded for this request.</summary>
        public IReadOnlyList<int>? ExchangeSequences { get; internal set; }
        public bool IsSuccess => Status >= 200 && Status < 300;
    }

    /// <summary>
    /// The HTTP client for Azure OpenAI data-plane calls (and, with the ARM scope, management reads):
    /// Azure.Core's pipeline with its retry policy (Retry-After and retry-after-ms honoured), bearer-token
    /// or api-key authentication, client request ids, a per-attempt network timeout, an overall timeout,
    /// and an <see cref="ExchangeRecorder"/> that sees every attempt.
    /// </summary>
    internal sealed partial class RealtimeServiceClient
    {
        public const string CreateClientSecretOperation = "CreateClientSecret";
        private readonly RealtimeServiceClientOptions _options;
        private readonly ConcurrentDictionary<string, HttpPipeline> _pipelines = new ConcurrentDictionary<string, HttpPipeline>(StringComparer.OrdinalIgnoreCase);
        private readonly Lazy<TokenCredential?> _credential;

        public RealtimeServiceClient(RealtimeConnection connection, ExchangeLog exchanges, RealtimeServiceClientOptions? options = null)
        {
            Connection = connection ?? throw new ArgumentNullException(nameof(connection));
            Exchanges = exchanges ?? new ExchangeLog();
            _options = options ?? new RealtimeServiceClientOptions();
            Redactor = new SecretRedactor();
            if (connection.HasSecret) Redactor.RegisterSecret(connection.RevealSecret());
            _credential = new Lazy<TokenCredential?>(() => CredentialFactory.Create(connection), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        public RealtimeConnection Connection { get; }
        public ExchangeLog Exchanges { get; }
        /// <summary>The redactor every exchange goes through; register more literal secrets on it.</summary>
        public SecretRedactor Redactor { get; }
        public string UserAgent => _options.UserAgent;

        /// <summary>
        /// Builds the credential and the data-plane pipeline now (nothing is sent), so configuration
        /// problems surface at Connect-RealtimeOps and the first call does not pay for loading Azure.Core.
        /// </summary>
        public void Prepare() => GetPipeline(null);

        /// <summary>Mints an ephemeral client secret (POST /openai/v1/realtime/client_secrets).</summary>
        public async Task<RealtimeClientSecret> CreateClientSecretAsync(ClientSecretRequest request, IOperationObserver? observer, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var body = request.BuildBody();
            var requestedDeployment = request.EffectiveDeployment() ?? Connection.Deployment;
            var response = await SendAsync(new ServiceRequest
            {
                Method = "POST",
                Uri = request.RelativeUri,
                Body = body,
                Operation = CreateClientSecretOperation,
                Description = $"Minting a client secret for deployment '{requestedDeployment ?? "(none)"}'",
                Observer = observer,
            }, cancellationToken).ConfigureAwait(false);

            RealtimeClientSecret secret;
            try
            {
                secret = ClientSecretResponseParser.Parse(response.Content, response.ApimRequestId);
            }
            catch (RealtimeServiceException ex)
            {
                ex.ExchangeSequences = response.ExchangeSequences.ToArray();
                ex.Exchange = LastExchange(ex.ExchangeSequences);
                ex.Operation = CreateClientSecretOperation;
                throw;
            }
            // The minted value must never be recorded again, wherever it reappears (later bodies, errors).
            Redactor.RegisterSecret(secret.GetPlainTextValue());
            secret.Endpoint = Connection.Endpoint;
            secret.RequestId = response.ApimRequestId;
            secret.Region = response.Region;
            secret.ClientRequestId = response.ClientRequestId;
            if (secret.Deployment == null) secret.Deployment = requestedDeployment;
            if (secret.SessionType == null) secret.SessionType = request.EffectiveSessionType() == RealtimeSessionType.Transcription ? "transcription" : "realtime";
            if (secret.Protocol == RealtimeProtocol.Preview && secret.ProtocolNote != null) observer?.Warning(secret.ProtocolNote);
            return secret;
        }

        /// <summary>A request through the pipeline (ARM reads and probes use this too).</summary>
        public Task<ServiceResponse> SendAsync(string method, string relativeOrAbsoluteUri, string body, string? scope = null,
            string? operation = null, string? variant = null, bool throwOnError = true, IOperationObserver? observer = null, CancellationToken cancellationToken = default)
            => SendAsync(new ServiceRequest
            {
                Method = method, Uri = relativeOrAbsoluteUri, Body = body, Scope = scope, Operation = operation, Variant = variant,
                ThrowOnError = throwOnError, Observer = observer,
            }, cancellationToken);

        public async Task<ServiceResponse> SendAsync(ServiceRequest request, CancellationToken cancellationToken)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            var uri = ResolveUri(request);
            var description = request.Description ?? $"{request.Method} {Redactor.RedactUrl(uri.GetLeftPart(UriPartial.Path))}";
            var sequences = new List<int>();

            using (var overall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                var limit = TimeSpan.FromSeconds(Connection.TimeoutSec);
                if (_options.StartOverallTimer != null) _options.StartOverallTimer(overall, limit);
                else overall.CancelAfter(limit);
                HttpMessage? message = null;
                try
                {
                    var pipeline = GetPipeline(request.Scope);
                    message = pipeline.CreateMessage();
                    message.Request.Method = RequestMethod.Parse(request.Method.ToUpperInvariant());
                    message.Request.Uri.Reset(uri);
                    message.Request.Headers.SetValue("Accept", "application/json");
                    if (request.Body != null)
                    {
                        message.Request.Headers.SetValue("Content-Type", "application/json");
                        message.Request.Content = RequestContent.Create(BinaryData.FromString(request.Body));
                    }
                    message.SetProperty(MessageProperties.Operation, request.Operation!);
                    message.SetProperty(MessageProperties.Variant, request.Variant!);
                    message.SetProperty(MessageProperties.Body, request.Body!);
                    message.SetProperty(MessageProperties.Sequences, sequences);
                    message.SetProperty(MessageProperties.CallerCancellation, cancellationToken);
                    if (request.Observer != null) message.SetProperty(MessageProperties.Observer, request.Observer);

                    await pipeline.SendAsync(message, overall.Token).ConfigureAwait(false);

                    var response = message.Response;
                    var headers = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                    foreach (var h in response.Headers) headers[h.Name] = h.Value;
                    var result = new ServiceResponse
                    {
                        Status = response.Status,
                        Content = response.ContentStream == null ? "" : response.Content.ToString(),
                        Headers = headers,
                        ApimRequestId = Get(headers, "apim-request-id"),
                        RequestId = Get(headers, "x-request-id"),
                        ClientRequestId = Get(headers, "x-ms-client-request-id") ?? message.Request.ClientRequestId,
                        Region = Get(headers, "x-ms-region"),
                        ContentType = Get(headers, "Content-Type"),
                        ExchangeSequences = Snapshot(sequences),
                    };
                    if (!result.IsSuccess && request.ThrowOnError)
                    {
                        var redactedBody = Redactor.CreateScope().RedactResponseBody(result.Content);
                        var ex = ServiceErrorMapper.FromResponse(result.Status, redactedBody, result.ContentType, result.ApimRequestId, description,
                            request.Scope ?? Connection.TokenScope);
                        Decorate(ex, result, request);
                        throw ex;
                    }
                    return result;
                }
                catch (RealtimeServiceException) { throw; }
                catch (Exception ex) when (IsCancellation(ex))
                {
                    if (cancellationToken.IsCancellationRequested)
                        throw Failure(RealtimeServiceErrorKind.Cancelled, $"{description} was cancelled.", null, sequences, request, ex);
                    var byOverall = overall.IsCancellationRequested;
                    throw Failure(RealtimeServiceErrorKind.Timeout,
                        byOverall
                            ? $"{description} did not finish within {Connection.TimeoutSec} s (-TimeoutSec)."
                            : $"{description} timed out: the service sent no answer within the per-attempt limit of {Connection.TimeoutSec} s.",
                        ServiceErrorMapper.Recommendation(RealtimeServiceErrorKind.Timeout, null, null), sequences, request, ex);
                }
                catch (Exception ex) when (IsCredentialFailure(ex))
                {
                    throw Failure(RealtimeServiceErrorKind.Unauthorized,
                        $"{description} failed: no token could be obtained with {Connection.AuthMode} ({Redactor.RedactText(FirstLine(ex.Message))}).",
                        CredentialHint(), sequences, request, ex);
                }
                catch (Exception ex) when (IsNetwork(ex))
                {
                    var root = Root(ex);
                    throw Failure(RealtimeServiceErrorKind.Network,
                        $"{description} failed: no answer from {Connection.Endpoint.Host} ({root.GetType().Name}: {Redactor.RedactText(FirstLine(root.Message))}).",
                        ServiceErrorMapper.Recommendation(RealtimeServiceErrorKind.Network, null, null), sequences, request, ex);
                }
                finally
                {
                    message?.Dispose();
                }
            }
        }

        private RealtimeServiceException Failure(RealtimeServiceErrorKind kind, string message, string? recommendation, List<int> sequences, ServiceRequest request, Exception inner)
        {
            // The inner exception is not attached: Azure.Identity and HttpClient messages can carry URLs with secrets.
            var ex = new RealtimeServiceException(kind, message) { RecommendedAction = recommendation };
            ex.ExchangeSequences = Snapshot(sequences).ToArray();
            ex.Operation = request.Operation;
            var recorded = Recorded(ex.ExchangeSequences);
            ex.Exchange = recorded.LastOrDefault();
            var last = recorded.LastOrDefault(e => e.ApimRequestId != null);
            if (last != null) ex.ApimRequestId = last.ApimRequestId;
            return ex;
        }

        private IReadOnlyList<Exchange> Recorded(int[] sequences)
        {
            if (sequences == null || sequences.Length == 0) return Array.Empty<Exchange>();
            return Exchanges.Since(sequences.Min() - 1).Where(e => sequences.Contains(e.Sequence)).ToList();
        }

        private Exchange LastExchange(int[] sequences) => Recorded(sequences).LastOrDefault();

        private void Decorate(RealtimeServiceException ex, ServiceResponse response, ServiceRequest request)
        {
            ex.Region = response.Region;
            ex.ClientRequestId = response.ClientRequestId;
            ex.ExchangeSequences = response.ExchangeSequences.ToArray();
            ex.Exchange = LastExchange(ex.ExchangeSequences);
            ex.Operation = request.Operation;
        }

        private string CredentialHint()
        {
            switch (Connection.AuthMode)
            {
                case AuthMode.ManagedIdentity:
                    return "Check that the machine or Automation account has a managed identity enabled" + (Connection.ClientId != null ? $" and that client id {Connection.ClientId} is assigned to it" : "") + " (IDENTITY_ENDPOINT/IDENTITY_HEADER in Automation).";
                case AuthMode.AzurePipelines:
                    return "Check the service connection uses workload identity federation and that SYSTEM_ACCESSTOKEN is mapped into the step.";
                case AuthMode.AzureCli:
                    return "Run 'az login' (and 'az account set') in this environment.";
                default:
                    return "Check the credential chain's sources (environment, managed identity, Azure CLI); run with -Verbose for details.";
            }
        }

        private Uri ResolveUri(ServiceRequest request)
        {
            if (string.IsNullOrWhiteSpace(request.Uri)) throw new ArgumentException("A request URI is required.", nameof(request));
            if (System.Uri.TryCreate(request.Uri, UriKind.Absolute, out var absolute) && (absolute.Scheme == "https" || absolute.Scheme == "http")) return absolute;
            var baseAddress = request.BaseAddress
                ?? (string.Equals(request.Scope, RealtimeConnection.ResourceManagerScope, StringComparison.OrdinalIgnoreCase) ? Connection.ResourceManagerEndpoint : Connection.Endpoint);
            return new Uri(baseAddress, request.Uri!.TrimStart('/'));
        }

        private HttpPipeline GetPipeline(string? scope)
        {
            scope = string.IsNullOrWhiteSpace(scope) ? Connection.TokenScope : scope;
            return _pipelines.GetOrAdd(scope!, BuildPipeline);
        }

        private HttpPipeline BuildPipeline(string scope)
        {
            var clientOptions = new RealtimeOpsClientOptions();
            clientOptions.Retry.MaxRetries = Connection.MaxRetries;
            clientOptions.Retry.Mode = RetryMode.Exponential;
            clientOptions.Retry.Delay = _options.RetryDelay;
            clientOptions.Retry.MaxDelay = _options.MaxRetryDelay;
            clientOptions.Retry.NetworkTimeout = _options.NetworkTimeout ?? TimeSpan.FromSeconds(Connection.TimeoutSec);
            clientOptions.Diagnostics.IsTelemetryEnabled = false;
            clientOptions.Diagnostics.IsLoggingEnabled = false;
            clientOptions.Diagnostics.IsDistributedTracingEnabled = false;
            if (_options.Transport != null) clientOptions.Transport = _options.Transport;

            HttpPipelinePolicy auth;
            if (Connection.AuthMode == AuthMode.ApiKey)
            {
                if (!string.Equals(scope, Connection.TokenScope, StringComparison.OrdinalIgnoreCase))
                    throw new RealtimeServiceException(RealtimeServiceErrorKind.Unauthorized,
                        $"An api key only opens the resource's data plane; '{scope}' needs a Microsoft Entra identity.")
                    { RecommendedAction = "Connect with -Identity, -AzurePipelines, -AzureCli or -DefaultCredential (or -AccessToken with a token whose audience is that scope); data-plane keys do not grant Azure Resource Manager access." };
                // The connection refuses ApiKey mode without a key, so the secret is there.
                auth = new ApiKeyPolicy(Connection.RevealSecret() ?? throw new InvalidOperationException("The connection has no api key."));
            }
            else
            {
                TokenCredential? credential;
                try
                {
                    credential = _credential.Value;
                }
                catch (Exception ex) when (!(ex is RealtimeServiceException))
                {
                    throw new RealtimeServiceException(RealtimeServiceErrorKind.Unauthorized,
                        $"The {Connection.AuthMode} credential could not be set up: {Redactor.RedactText(FirstLine(ex.Message))}")
                    { RecommendedAction = CredentialHint() };
                }
                auth = new BearerTokenAuthenticationPolicy(credential!, scope);
            }
            var recorder = new ExchangeRecorder(Exchanges, Redactor);
            return HttpPipelineBuilder.Build(clientOptions,
                new HttpPipelinePolicy[] { new UserAgentPolicy(_options.UserAgent) },
                new[] { auth, recorder },
                new ResponseClassifier());
        }

        private static bool IsCancellation(Exception ex) =>
            ex is OperationCanceledException || (ex is AggregateException ag && ag.InnerExceptions.All(IsCancellation));

        private static bool IsCredentialFailure(Exception ex) =>
            ex is AuthenticationFailedException || ex is CredentialUnavailableException ||
            (ex is AggregateException ag && ag.InnerExceptions.Any(IsCredentialFailure));

        private static bool IsNetwork(Exception ex) =>
            (ex is RequestFailedException rfe && rfe.Status == 0) || ex is HttpRequestException || ex is IOException ||
            ex is System.Net.Sockets.SocketException || (ex is AggregateException ag && ag.InnerExceptions.All(IsNetworkOrCancel));

        private static bool IsNetworkOrCancel(Exception ex) => IsNetwork(ex) || IsCancellation(ex);

        private static Exception Root(Exception ex)
        {
            if (ex is AggregateException ag && ag.InnerExceptions.Count > 0) ex = ag.InnerExceptions[ag.InnerExceptions.Count - 1];
            while (ex.InnerException != null) ex = ex.InnerException;
            return ex;
        }

        private static string FirstLine(string s)
        {
            if (s == null) return "";
            var i = s.IndexOfAny(new[] { '\r', '\n' });
            s = i >= 0 ? s.Substring(0, i) : s;
            return s.Length > 300 ? s.Substring(0, 300) + "..." : s;
        }

        private static IReadOnlyList<int> Snapshot(List<int> sequences) { lock (sequences) return sequences.ToArray(); }

        private static string? Get(IReadOnlyDictionary<string, string> headers, string name) => headers.TryGetValue(name, out var v) ? v : null;

        private sealed class RealtimeOpsClientOptions : ClientOptions { }
    }
}
