#nullable enable
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.ClientSecrets;
using RealtimeOps.Engine.Diagnostics;
using RealtimeOps.Engine.Http;

namespace RealtimeOps.Engine.Probe
{
    /// <summary>What Invoke-RealtimeProbe was asked: the bound session request and the probe's options.</summary>
    internal sealed class ProbeRequest
    {
        public ProbeRequest(ClientSecretRequest session) => Session = session ?? throw new ArgumentNullException(nameof(session));

        /// <summary>The client_secrets request as bound from the session input and the parameters.</summary>
        public ClientSecretRequest Session { get; }
        /// <summary>Adds one variant per documented transcription model.</summary>
        public bool AllTranscriptionModels { get; set; }
        /// <summary>The region for the validator's and the offline deployment checks' availability rules.</summary>
        public string? Region { get; set; }
        public bool SkipDeploymentCheck { get; set; }
        /// <summary>After the A/B run, open live sessions and check that speech is transcribed (<see cref="LiveTranscriptionStage"/>).</summary>
        public bool Live { get; set; }
        public RealtimeProbeOptions Options { get; set; } = new RealtimeProbeOptions();
    }

    internal enum ProbeInputFailure
    {
        /// <summary>A realtime session with no deployment anywhere (parameter, session.model, connection default).</summary>
        DeploymentMissing,
        /// <summary>The session configuration cannot be turned into a request.</summary>
        SessionInvalid,
    }

    /// <summary>The probe cannot start: bad input, found before anything was sent.</summary>
    internal sealed class ProbeInputException : Exception
    {
        public ProbeInputException(ProbeInputFailure failure, string message, string recommendedAction, Exception? inner = null) : base(message, inner)
        {
            Failure = failure;
            RecommendedAction = recommendedAction;
        }

        public ProbeInputFailure Failure { get; }
        public string RecommendedAction { get; }
    }

    /// <summary>A probe ready to run: the body, its variants and how many requests it will send.</summary>
    internal sealed class ProbePlan
    {
        internal ProbePlan(ProbeRequest request, System.Text.Json.Nodes.JsonObject body, IReadOnlyList<ProbeVariant> variants)
        {
            Request = request;
            BodyNode = body;
            Body = body.ToJsonString();
            Variants = variants;
        }

        public ProbeRequest Request { get; }
        /// <summary>The client_secrets body as built from the parsed configuration (not to be changed).</summary>
        public System.Text.Json.Nodes.JsonObject BodyNode { get; }
        public string Body { get; }
        public IReadOnlyList<ProbeVariant> Variants { get; }
        public string? Deployment => Request.Session.Deployment;
        public int TotalRequests => Variants.Count * Request.Options.Rounds;

        /// <summary>For ShouldProcess: what will be sent.</summary>
        public string Description =>
            $"Send {TotalRequests} client_secrets request(s) ({string.Join(", ", Variants.Select(v => v.Name))} x {Request.Options.Rounds} round(s)); every minted secret is discarded at once" +
            (Request.Live ? "; then open billable live sessions to check that speech is transcribed" : "");
    }

    /// <summary>
    /// Invoke-RealtimeProbe as one engine operation: the configuration is validated, the deployments checked, the
    /// same request sent with and without transcription (retries off), and the attempts classified, with the
    /// validator's and the deployment checks' findings weighing in the verdict. <see cref="Stages"/> run in order;
    /// a new check is one more stage.
    /// </summary>
    internal sealed class ProbeRunner
    {
        public const string Activity = "Invoke-RealtimeProbe";

        private readonly RealtimeServiceClient _client;
        private readonly Func<DateTimeOffset>? _clock;

        /// <param name="client">A client on a connection with retries off, so each attempt is one recorded exchange.</param>
        /// <param name="clock">The probe's clock (attempt times); the system clock when null.</param>
        public ProbeRunner(RealtimeServiceClient client, Func<DateTimeOffset>? clock = null)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            _clock = clock;
            Stages = new List<IProbeStage> { new ValidationStage(), new DeploymentCheckStage(), new AbRunStage(), new LiveTranscriptionStage() };
        }

        /// <summary>What runs before classification, in order: validation, deployment checks, the A/B run, the live sessions (-Live).</summary>
        public IList<IProbeStage> Stages { get; }

        /// <summary>Builds the body and the variants; throws <see cref="ProbeInputException"/> on bad input. Sends nothing.</summary>
        public ProbePlan Prepare(ProbeRequest request)
        {
            if (request == null) throw new ArgumentNullException(nameof(request));
            request.Options.Validate();
            var session = request.Session;
            System.Text.Json.Nodes.JsonObject body;
            try
            {
                if (!session.ApplyDefaultDeployment(_client.Connection.Deployment))
                    throw new ProbeInputException(ProbeInputFailure.DeploymentMissing,
                        "No deployment was given for the realtime session.", "Pass -Deployment, or Connect-RealtimeOps -Deployment <name>.");
                // Built once from the parsed configuration: validation, deployment names and variants read this tree.
                body = session.BuildBodyNode();
            }
            catch (ArgumentException ex)
            {
                throw new ProbeInputException(ProbeInputFailure.SessionInvalid, ex.Message,
                    "Fix the session configuration (Test-TranscriptionConfig explains each field) and try again.", ex);
            }
            try
            {
                return new ProbePlan(request, body, ProbeVariantBuilder.Build(body, null, request.AllTranscriptionModels));
            }
            catch (ArgumentException ex)
            {
                throw new ProbeInputException(ProbeInputFailure.SessionInvalid, ex.Message, "Fix the session configuration and try again.", ex);
            }
        }

        public async Task<RealtimeProbeResult> RunAsync(ProbePlan plan, IOperationReporter? reporter, CancellationToken cancellationToken)
        {
            if (plan == null) throw new ArgumentNullException(nameof(plan));
            var before = _client.Exchanges.LastSequence;
            var context = new ProbeContext(plan, _client, reporter ?? NullOperationReporter.Instance, _clock);
            foreach (var stage in Stages)
            {
                if (context.Run == null) cancellationToken.ThrowIfCancellationRequested();
                await stage.RunAsync(context, cancellationToken).ConfigureAwait(false);
            }
            var run = context.Run ?? throw new InvalidOperationException("No stage ran the probe.");
            var classification = ProbeLiveArm.Classify(
                ProbeClassifier.Classify(run.Variants, run.Attempts, ProbePreflight.ToPrerequisites(context.Validation, context.DeploymentChecks)), context.LiveChecks);
            var sequences = new HashSet<int>(run.Attempts.Where(a => a.ExchangeSequence.HasValue).Select(a => (int)a.ExchangeSequence!.Value));
            var exchanges = _client.Exchanges.Since(before).Where(e => sequences.Contains(e.Sequence) || e.Operation == ClientSecretProbeSender.Operation)
                .Concat(context.LiveChecks.SelectMany(l => l.Exchanges)).ToList();
            var region = context.DeploymentChecks?.Region is string r && r.Length > 0 ? r : null;
            return new RealtimeProbeResult(run, classification, _client.Connection.Endpoint.ToString(), plan.Deployment, region,
                exchanges, context.Validation, context.DeploymentChecks, plan.Request.Options.Rounds, plan.Request.Options.DelayMs)
            { LiveChecks = context.LiveChecks };
        }
    }
}
