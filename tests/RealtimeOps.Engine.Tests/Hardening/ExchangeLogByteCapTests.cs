using System.Collections.Generic;
using System.Linq;
using RealtimeOps.Engine.Http;
using Xunit;

namespace RealtimeOps.Engine.Tests.Hardening
{
    public class ExchangeLogByteCapTests
    {
        private static Exchange Big(int chars) => new Exchange
        {
            Method = "POST", Url = "https://x.openai.azure.com/openai/v1/realtime/client_secrets",
            RequestBody = new string('i', chars), ResponseBody = "{}",
            RequestHeaders = new Dictionary<string, string> { ["content-type"] = "application/json" },
        };

        [Fact]
        public void TheLogDropsTheOldestWhenItsBytesPassTheCapAndCountsThem()
        {
            var log = new ExchangeLog(capacity: 1000, maxBytes: 20_000);
            for (var i = 0; i < 50; i++) log.Add(Big(3_000));
            Assert.True(log.Bytes <= 20_000, $"{log.Bytes} bytes held");
            Assert.InRange(log.Count, 1, 4);
            Assert.Equal(50 - log.Count, log.Dropped);
            Assert.Equal(50, log.Snapshot().Last().Sequence);
            Assert.Equal(Enumerable.Range(51 - log.Count, log.Count), log.Snapshot().Select(e => e.Sequence));
        }

        [Fact]
        public void OneExchangeLargerThanTheCapIsStillKeptAlone()
        {
            var log = new ExchangeLog(capacity: 1000, maxBytes: 1_000);
            log.Add(Big(10));
            log.Add(Big(5_000));
            Assert.Equal(1, log.Count);
            Assert.Equal(2, log.Snapshot()[0].Sequence);
            Assert.Equal(1, log.Dropped);
        }

        [Fact]
        public void ClearingTheLogReleasesItsBytes()
        {
            var log = new ExchangeLog(capacity: 10, maxBytes: 1_000_000);
            log.Add(Big(1_000));
            Assert.True(log.Bytes >= 2_000);
            log.Clear();
            Assert.Equal(0, log.Bytes);
        }

        [Fact]
        public void TheDefaultCapFitsAnAutomationSandbox()
        {
            Assert.Equal(64L * 1024 * 1024, ExchangeLog.DefaultMaxBytes);
            Assert.Equal(ExchangeLog.DefaultMaxBytes, new ExchangeLog().MaxBytes);
        }
    }
}
