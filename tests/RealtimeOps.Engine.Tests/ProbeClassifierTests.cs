using System;
using System.Collections.Generic;
using System.Linq;
using RealtimeOps.Engine.Probe;
using Xunit;
using RealtimeOps.Engine.Http;
using RealtimeOps.Engine.Validation;

namespace RealtimeOps.Engine.Tests
{
    public class ProbeClassifierTests
    {
        private static readonly ProbeVariant Without = new ProbeVariant(ProbeVariant.WithoutTranscriptionName, false, null, "{\"session\":{}}");
        private static readonly ProbeVariant With = new ProbeVariant(ProbeVariant.WithTranscriptionName, true, "gpt-4o-transcribe", "{\"session\":{}}");
        private static readonly ProbeVariant[] Both = { Without, With };
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

        private sealed class Script
        {
            private readonly List<ProbeAttempt> _attempts = new List<ProbeAttempt>();
            public Script Add(ProbeVariant v, RealtimeServiceErrorKind kind, int? status = null, string code = null, string param = null, string message = null)
            {
                var n = _attempts.Count + 1;
                _attempts.Add(new ProbeAttempt(n, v.Name, (n + 1) / 2, T0.AddSeconds(n), 100 + n, kind, status, code, null, param, message, "apim-" + n));
                return this;
            }
            public Script Rounds(int rounds, Func<ProbeVariant, int, (RealtimeServiceErrorKind, int?, string)> outcome, params ProbeVariant[] variants)
            {
                for (var r = 1; r <= rounds; r++)
                    foreach (var v in variants) { var (k, s, c) = outcome(v, r); Add(v, k, s, c); }
                return this;
            }
            public IReadOnlyList<ProbeAttempt> Attempts => _attempts;
        }

        private static (RealtimeServiceErrorKind, int?, string) Ok => (RealtimeServiceErrorKind.Success, 200, null);

        private static ProbeClassification Classify(Script s, ProbePrerequisites p = null, IReadOnlyList<ProbeVariant> variants = null) =>
            ProbeClassifier.Classify(variants ?? Both, s.Attempts, p);

        [Fact]
        public void AllSuccessesAreHealthy()
        {
            var c = Classify(new Script().Rounds(3, (v, r) => Ok, Without, With));
            Assert.Equal(ProbeVerdict.Healthy, c.Verdict);
            Assert.Contains("6 attempts", c.Summary);
        }

        [Fact]
        public void FiveHundredOnlyWithTranscriptionIsTheSeedCase()
        {
            var s = new Script().Rounds(3, (v, r) => v.TranscriptionEnabled ? (RealtimeServiceErrorKind.ServiceError, 500, "server_error") : Ok, Without, With);
            var c = Classify(s);
            Assert.Equal(ProbeVerdict.TranscriptionServiceFault, c.Verdict);
            Assert.Contains("No prerequisite is missing", c.Recommendation);
            Assert.Contains("support case", c.Recommendation);
            Assert.Contains("500 server_error x3", c.Summary);
            // The failing responses' ids are named, the successful ones are not.
            Assert.Contains("apim-2", c.Summary);
            Assert.DoesNotContain("apim-1,", c.Summary);
        }

        [Fact]
        public void TranscriptionFaultWithValidatorErrorsSaysFixThemFirst()
        {
            var s = new Script().Rounds(2, (v, r) => v.TranscriptionEnabled ? (RealtimeServiceErrorKind.ServiceError, 500, "server_error") : Ok, Without, With);
            var p = new ProbePrerequisites(new[] { new Diagnostic("RTC1200", DiagnosticSeverity.Error, "session.audio.input.transcription.language", null, null, "Use 'en'.", null, null) }, null);
            var c = Classify(s, p);
            Assert.Equal(ProbeVerdict.TranscriptionServiceFault, c.Verdict);
            Assert.DoesNotContain("No prerequisite is missing", c.Recommendation);
            Assert.Contains("RTC1200", c.Recommendation);
        }

        [Fact]
        public void FiveHundredInBothIsServiceFault()
        {
            var s = new Script().Rounds(3, (v, r) => (RealtimeServiceErrorKind.ServiceError, 503, null), Without, With);
            Assert.Equal(ProbeVerdict.ServiceFault, Classify(s).Verdict);
        }

        [Fact]
        public void GatewayHtml502InBothIsServiceFault()
        {
            var s = new Script().Rounds(2, (v, r) => (RealtimeServiceErrorKind.UnexpectedResponse, 502, null), Without, With);
            Assert.Equal(ProbeVerdict.ServiceFault, Classify(s).Verdict);
        }

        [Fact]
        public void FourHundredOnlyWithTranscriptionIsClientConfigurationNamingParamAndRule()
        {
            var s = new Script();
            for (var r = 0; r < 3; r++)
            {
                s.Add(Without, RealtimeServiceErrorKind.Success, 200);
                s.Add(With, RealtimeServiceErrorKind.InvalidRequest, 400, "unknown_parameter", "session.input_audio_transcription", "Unknown parameter: 'session.input_audio_transcription'.");
            }
            var p = new ProbePrerequisites(new[]
            {
                new Diagnostic("RTC1100", DiagnosticSeverity.Warning, "session.instructions", null, null, "Something else.", null, null),
                new Diagnostic("RTC1301", DiagnosticSeverity.Error, "session.input_audio_transcription", null, null, "Beta field: use session.audio.input.transcription.", null, null),
            }, null);
            var c = Classify(s, p);
            Assert.Equal(ProbeVerdict.ClientConfiguration, c.Verdict);
            Assert.Equal("RTC1301", c.MatchingRuleId);
            Assert.Contains("session.input_audio_transcription", c.Summary);
            Assert.Contains("Unknown parameter", c.Recommendation);
            Assert.Contains("RTC1301", c.Recommendation);
        }

        [Fact]
        public void ClientConfigurationWithoutMatchingRuleSaysSo()
        {
            var s = new Script().Rounds(2, (v, r) => (RealtimeServiceErrorKind.InvalidRequest, 400, "invalid_value"), Without, With);
            var c = Classify(s);
            Assert.Equal(ProbeVerdict.ClientConfiguration, c.Verdict);
            Assert.Null(c.MatchingRuleId);
            Assert.Contains("no rule", c.Recommendation);
        }

        [Fact]
        public void UnauthorizedIsAuthenticationWithAudienceHint()
        {
            var s = new Script();
            for (var i = 0; i < 2; i++) { s.Add(Without, RealtimeServiceErrorKind.Unauthorized, 401, "401", message: "Access token is missing, invalid, audience is incorrect, or have expired."); s.Add(With, RealtimeServiceErrorKind.Unauthorized, 401); }
            var c = Classify(s);
            Assert.Equal(ProbeVerdict.Authentication, c.Verdict);
            Assert.Contains("https://cognitiveservices.azure.com/.default", c.Recommendation);
            Assert.Contains("Cognitive Services User", c.Recommendation);
            Assert.Contains("audience is wrong", c.Recommendation);
        }

        [Fact]
        public void ForbiddenIsAuthorization()
        {
            var s = new Script().Rounds(2, (v, r) => (RealtimeServiceErrorKind.Forbidden, 403, null), Without, With);
            Assert.Equal(ProbeVerdict.Authorization, Classify(s).Verdict);
        }

        [Fact]
        public void DeploymentNotFoundEverywhere()
        {
            var s = new Script().Rounds(2, (v, r) => (RealtimeServiceErrorKind.DeploymentNotFound, 404, "DeploymentNotFound"), Without, With);
            var c = Classify(s);
            Assert.Equal(ProbeVerdict.DeploymentNotFound, c.Verdict);
            Assert.Contains("deployment name", c.Recommendation);
        }

        [Fact]
        public void NotFoundOnlyWithTranscriptionPointsAtTheTranscriptionDeployment()
        {
            var s = new Script().Rounds(2, (v, r) => v.TranscriptionEnabled ? (RealtimeServiceErrorKind.UnexpectedResponse, 404, "DeploymentNotFound") : Ok, Without, With);
            var c = Classify(s);
            Assert.Equal(ProbeVerdict.DeploymentNotFound, c.Verdict);
            Assert.Contains("transcription deployment", c.Summary);
        }

        [Fact]
        public void OnlyThrottlingIsThrottledEvenWithSuccesses()
        {
            var s = new Script().Add(Without, RealtimeServiceErrorKind.Throttled, 429).Add(With, RealtimeServiceErrorKind.Success, 200)
                .Add(Without, RealtimeServiceErrorKind.Success, 200).Add(With, RealtimeServiceErrorKind.Throttled, 429);
            var c = Classify(s);
            Assert.Equal(ProbeVerdict.Throttled, c.Verdict);
            Assert.Contains("2 of 4", c.Summary);
        }

        [Theory]
        [InlineData(RealtimeServiceErrorKind.Network)]
        [InlineData(RealtimeServiceErrorKind.Timeout)]
        public void NoAnswerAtAllIsNetwork(RealtimeServiceErrorKind kind)
        {
            var s = new Script().Rounds(2, (v, r) => (kind, null, null), Without, With);
            Assert.Equal(ProbeVerdict.Network, Classify(s).Verdict);
        }

        [Fact]
        public void MixedResultsAreIntermittentWithRates()
        {
            var s = new Script()
                .Add(Without, RealtimeServiceErrorKind.Success, 200).Add(With, RealtimeServiceErrorKind.ServiceError, 503)
                .Add(Without, RealtimeServiceErrorKind.ServiceError, 503).Add(With, RealtimeServiceErrorKind.Success, 200)
                .Add(Without, RealtimeServiceErrorKind.Success, 200).Add(With, RealtimeServiceErrorKind.Success, 200);
            var c = Classify(s);
            Assert.Equal(ProbeVerdict.Intermittent, c.Verdict);
            Assert.Contains("WithoutTranscription 2/3 succeeded (67%)", c.Summary);
            Assert.Contains("WithTranscription 2/3 succeeded (67%)", c.Summary);
        }

        [Fact]
        public void TranscriptionFailingOnlySometimesIsIntermittentNotAServiceFault()
        {
            var s = new Script()
                .Add(Without, RealtimeServiceErrorKind.Success, 200).Add(With, RealtimeServiceErrorKind.ServiceError, 500)
                .Add(Without, RealtimeServiceErrorKind.Success, 200).Add(With, RealtimeServiceErrorKind.Success, 200);
            Assert.Equal(ProbeVerdict.Intermittent, Classify(s).Verdict);
        }

        [Fact]
        public void NothingMeasuredIsInconclusive()
        {
            var s = new Script().Add(Without, RealtimeServiceErrorKind.Cancelled);
            var c = Classify(s);
            Assert.Equal(ProbeVerdict.Inconclusive, c.Verdict);
            Assert.Contains("No attempt completed", c.Summary);
        }

        [Fact]
        public void FailingOnlyWithoutTranscriptionIsInconclusive()
        {
            var s = new Script().Rounds(2, (v, r) => v.TranscriptionEnabled ? Ok : (RealtimeServiceErrorKind.ServiceError, 500, null), Without, With);
            Assert.Equal(ProbeVerdict.Inconclusive, Classify(s).Verdict);
        }

        [Fact]
        public void UnexpectedSuccessShapeEverywhereIsInconclusive()
        {
            var s = new Script().Rounds(2, (v, r) => (RealtimeServiceErrorKind.UnexpectedResponse, 200, null), Without, With);
            Assert.Equal(ProbeVerdict.Inconclusive, Classify(s).Verdict);
        }

        [Fact]
        public void OneFailingModelAmongAllModelsIsATranscriptionFaultNamingIt()
        {
            var diarize = new ProbeVariant(ProbeVariant.ModelVariantPrefix + "gpt-4o-transcribe-diarize", true, "gpt-4o-transcribe-diarize", "{}");
            var whisper = new ProbeVariant(ProbeVariant.ModelVariantPrefix + "whisper-1", true, "whisper-1", "{}");
            var variants = new[] { Without, With, diarize, whisper };
            var s = new Script().Rounds(2, (v, r) => v == diarize ? (RealtimeServiceErrorKind.ServiceError, 500, "server_error") : Ok, variants);
            var c = Classify(s, variants: variants);
            Assert.Equal(ProbeVerdict.TranscriptionServiceFault, c.Verdict);
            Assert.Contains("Transcription:gpt-4o-transcribe-diarize", c.Summary);
            Assert.DoesNotContain("whisper-1", c.Summary);
        }

        [Fact]
        public void CancelledAttemptsAreNotCounted()
        {
            var s = new Script().Add(Without, RealtimeServiceErrorKind.Success, 200).Add(With, RealtimeServiceErrorKind.Success, 200).Add(Without, RealtimeServiceErrorKind.Cancelled);
            Assert.Equal(ProbeVerdict.Healthy, Classify(s).Verdict);
        }

        [Fact]
        public void EveryVerdictIsReachableFromTheseTests()
        {
            // Guards the enum: a new verdict needs a constructed case above.
            var covered = new[]
            {
                ProbeVerdict.Healthy, ProbeVerdict.ClientConfiguration, ProbeVerdict.TranscriptionServiceFault, ProbeVerdict.ServiceFault,
                ProbeVerdict.Authentication, ProbeVerdict.Authorization, ProbeVerdict.DeploymentNotFound, ProbeVerdict.Throttled,
                ProbeVerdict.Network, ProbeVerdict.Intermittent, ProbeVerdict.Inconclusive,
                // The -Live verdicts: constructed cases in Transcription/ProbeLiveArmTests.
                ProbeVerdict.LiveTranscriptionFailure, ProbeVerdict.RealtimeDeploymentLiveFailure,
            };
            Assert.Equal(Enum.GetValues(typeof(ProbeVerdict)).Cast<ProbeVerdict>().OrderBy(v => v), covered.OrderBy(v => v));
        }
    }
}
