using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using RealtimeOps.Engine.Http;

namespace RealtimeOps.Engine.Probe
{
    /// <summary>How one request of the probe ended, as the service client reports it. It has no place for a secret.</summary>
    internal sealed class ProbeRequestOutcome
    {
        public RealtimeServiceErrorKind Outcome { get; set; }
        public int? StatusCode { get; set; }
        public string? ErrorCode { get; set; }
        public string? ErrorType { get; set; }
        public string? ErrorParam { get; set; }
        public string? ErrorMessage { get; set; }
        public string? ApimRequestId { get; set; }
        public string? RequestId { get; set; }
        public string? ClientRequestId { get; set; }
        public string? Region { get; set; }
        /// <summary>The sequence of the exchange the client recorded for this request.</summary>
        public long? ExchangeSequence { get; set; }
    }

    /// <summary>
    /// Sends one variant's request once, with retries off, and reports how it ended. The implementation must discard a
    /// minted secret before returning. Cancellation may surface as an OperationCanceledException.
    /// </summary>
    internal delegate Task<ProbeRequestOutcome> ProbeRequestSender(ProbeVariant variant, CancellationToken cancellationToken);

    /// <summary>Where the probe is, for progress bars.</summary>
    internal sealed class ProbeProgress
    {
        public ProbeProgress(int completed, int total, ProbeVariant variant, int round, ProbeAttempt? lastAttempt)
        {
            Completed = completed;
            Total = total;
            Variant = variant;
            Round = round;
            LastAttempt = lastAttempt;
        }

        public int Completed { get; }
        public int Total { get; }
        public int PercentComplete => Total == 0 ? 100 : (int)(100L * Completed / Total);
        public ProbeVariant Variant { get; }
        public int Round { get; }
        /// <summary>The attempt just finished, or null when the progress announces the next one.</summary>
        public ProbeAttempt? LastAttempt { get; }
    }

    internal sealed class RealtimeProbeOptions
    {
        public const int MaxRounds = 100;
        public const int MaxDelayMs = 600000;

        public int Rounds { get; set; } = 3;
        /// <summary>Pause between two attempts, so the probe does not throttle itself.</summary>
        public int DelayMs { get; set; } = 500;

        public void Validate()
        {
            if (Rounds < 1 || Rounds > MaxRounds) throw new ArgumentOutOfRangeException(nameof(Rounds), Rounds, $"Rounds must be between 1 and {MaxRounds}.");
            if (DelayMs < 0 || DelayMs > MaxDelayMs) throw new ArgumentOutOfRangeException(nameof(DelayMs), DelayMs, $"DelayMs must be between 0 and {MaxDelayMs}.");
        }
    }

    /// <summary>What the probe measured, before it is joined with the context into a <see cref="RealtimeProbeResult"/>.</summary>
    internal sealed class ProbeRun
    {
        public ProbeRun(IReadOnlyList<ProbeVariant> variants, IReadOnlyList<ProbeAttempt> attempts, DateTimeOffset startedAtUtc, DateTimeOffset endedAtUtc, bool cancelled)
        {
            Variants = variants;
            Attempts = attempts;
            StartedAtUtc = startedAtUtc;
            EndedAtUtc = endedAtUtc;
            Cancelled = cancelled;
        }

        public IReadOnlyList<ProbeVariant> Variants { get; }
        public IReadOnlyList<ProbeAttempt> Attempts { get; }
        public DateTimeOffset StartedAtUtc { get; }
        public DateTimeOffset EndedAtUtc { get; }
        public bool Cancelled { get; }
    }

    /// <summary>
    /// Sends every variant once per round, interleaved (A, B, A, B...) so a change of service state over time
    /// affects all variants alike, with a pause between attempts. Cancellation ends the run and returns what was
    /// measured so far.
    /// </summary>
    internal sealed class RealtimeProbe
    {
        private readonly ProbeRequestSender _sender;
        private readonly RealtimeProbeOptions _options;
        private readonly Func<DateTimeOffset> _clock;
        private readonly Func<TimeSpan, CancellationToken, Task> _delay;

        /// <param name="sender">Sends one variant's request once.</param>
        /// <param name="options">Rounds and the pause between attempts; the defaults when absent.</param>
        /// <param name="clock">Where attempt start times come from; the system clock when absent.</param>
        /// <param name="delay">How the pause between attempts is waited (Task.Delay when absent); it must end early,
        /// with an OperationCanceledException, when its token is cancelled.</param>
        public RealtimeProbe(ProbeRequestSender sender, RealtimeProbeOptions? options = null, Func<DateTimeOffset>? clock = null,
            Func<TimeSpan, CancellationToken, Task>? delay = null)
        {
            _sender = sender ?? throw new ArgumentNullException(nameof(sender));
            _options = options ?? new RealtimeProbeOptions();
            _options.Validate();
            _clock = clock ?? (() => DateTimeOffset.UtcNow);
            _delay = delay ?? Task.Delay;
        }

        public async Task<ProbeRun> RunAsync(IReadOnlyList<ProbeVariant> variants, Action<ProbeProgress>? progress = null,
            CancellationToken cancellationToken = default)
        {
            if (variants == null || variants.Count == 0) throw new ArgumentException("The probe needs at least one variant.", nameof(variants));
            var attempts = new List<ProbeAttempt>();
            var started = _clock();
            var total = variants.Count * _options.Rounds;
            var cancelled = false;
            try
            {
                for (var round = 1; round <= _options.Rounds; round++)
                {
                    foreach (var variant in variants)
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        if (attempts.Count > 0 && _options.DelayMs > 0)
                        {
                            await _delay(TimeSpan.FromMilliseconds(_options.DelayMs), cancellationToken).ConfigureAwait(false);
                        }
                        progress?.Invoke(new ProbeProgress(attempts.Count, total, variant, round, null));
                        var attempt = await SendOnce(variant, round, attempts.Count + 1, cancellationToken).ConfigureAwait(false);
                        attempts.Add(attempt);
                        progress?.Invoke(new ProbeProgress(attempts.Count, total, variant, round, attempt));
                        if (attempt.Outcome == RealtimeServiceErrorKind.Cancelled) throw new OperationCanceledException(cancellationToken);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                cancelled = true;
            }
            return new ProbeRun(variants, attempts, started, _clock(), cancelled);
        }

        private async Task<ProbeAttempt> SendOnce(ProbeVariant variant, int round, int sequence, CancellationToken cancellationToken)
        {
            var startedAt = _clock();
            var watch = Stopwatch.StartNew();
            ProbeRequestOutcome outcome;
            try
            {
                outcome = await _sender(variant, cancellationToken).ConfigureAwait(false)
                          ?? new ProbeRequestOutcome { Outcome = RealtimeServiceErrorKind.UnexpectedResponse, ErrorMessage = "The request sender returned nothing." };
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                outcome = new ProbeRequestOutcome { Outcome = RealtimeServiceErrorKind.Cancelled, ErrorMessage = "Stopped by the user." };
            }
            watch.Stop();
            return new ProbeAttempt(sequence, variant.Name, round, startedAt, watch.Elapsed.TotalMilliseconds, outcome.Outcome,
                outcome.StatusCode, outcome.ErrorCode, outcome.ErrorType, outcome.ErrorParam, outcome.ErrorMessage,
                outcome.ApimRequestId, outcome.RequestId, outcome.ClientRequestId, outcome.Region, outcome.ExchangeSequence);
        }
    }
}
