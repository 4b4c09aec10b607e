#nullable enable
using RealtimeOps.Engine.Probe;
using RealtimeOps.Engine.Transcription;
using Xunit;

namespace RealtimeOps.Engine.Tests.Transcription
{
    public class ProbeLiveArmTests
    {
        private static readonly ProbeClassification Healthy = new ProbeClassification(ProbeVerdict.Healthy, "Every request succeeded.", "Nothing to do.");

        private static RealtimeTranscriptionResult Live(string sessionType, TranscriptionVerdict verdict, string? deployment = null) => new RealtimeTranscriptionResult
        {
            SessionType = sessionType, Verdict = verdict, Deployment = deployment, Summary = verdict + " summary", Recommendation = verdict + " advice",
        };

        [Fact]
        public void A_200_from_client_secrets_with_a_failed_live_transcription_is_its_own_verdict()
        {
            var c = ProbeLiveArm.Classify(Healthy, new[] { Live("transcription", TranscriptionVerdict.TranscriptionFailed) });
            Assert.Equal(ProbeVerdict.LiveTranscriptionFailure, c.Verdict);
            Assert.Contains("TranscriptionFailed", c.Summary);
            Assert.Contains("TranscriptionFailed advice", c.Recommendation);
        }

        [Fact]
        public void A_failure_only_in_the_conversation_session_points_at_the_realtime_deployment()
        {
            var c = ProbeLiveArm.Classify(Healthy, new[]
            {
                Live("transcription", TranscriptionVerdict.Transcribed), Live("realtime", TranscriptionVerdict.TranscriptionNotEnabled, "gpt-realtime"),
            });
            Assert.Equal(ProbeVerdict.RealtimeDeploymentLiveFailure, c.Verdict);
            Assert.Contains("gpt-realtime", c.Recommendation);
        }

        [Fact]
        public void Both_sessions_failing_is_a_transcription_failure_not_the_realtime_deployment()
        {
            var c = ProbeLiveArm.Classify(Healthy, new[]
            {
                Live("transcription", TranscriptionVerdict.NoTranscription), Live("realtime", TranscriptionVerdict.NoTranscription, "gpt-realtime"),
            });
            Assert.Equal(ProbeVerdict.LiveTranscriptionFailure, c.Verdict);
        }

        [Fact]
        public void Healthy_stays_healthy_when_speech_is_transcribed_and_other_verdicts_are_kept()
        {
            var ok = ProbeLiveArm.Classify(Healthy, new[] { Live("transcription", TranscriptionVerdict.Transcribed) });
            Assert.Equal(ProbeVerdict.Healthy, ok.Verdict);
            Assert.Contains("transcribed at run time", ok.Summary);
            var fault = new ProbeClassification(ProbeVerdict.TranscriptionServiceFault, "500 with transcription.", "Open a case.");
            var kept = ProbeLiveArm.Classify(fault, new[] { Live("transcription", TranscriptionVerdict.TranscriptionFailed) });
            Assert.Equal(ProbeVerdict.TranscriptionServiceFault, kept.Verdict);
            Assert.Contains("TranscriptionFailed", kept.Summary);
        }
    }
}
