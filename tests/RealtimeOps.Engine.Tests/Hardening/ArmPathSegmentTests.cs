using System;
using RealtimeOps.Engine.Connection;
using RealtimeOps.Engine.Deployments;
using Xunit;

namespace RealtimeOps.Engine.Tests.Hardening
{
    public class ArmPathSegmentTests
    {
        [Theory]
        [InlineData("00000000-0000-0000-0000-0000000000aa", "rg", @"..\..\_emulator\config")]
        [InlineData("00000000-0000-0000-0000-0000000000aa", "rg", "..")]
        [InlineData("00000000-0000-0000-0000-0000000000aa", "rg", "acc%2F..%2Fx")]
        [InlineData("00000000-0000-0000-0000-0000000000aa", "rg", "-leading-hyphen")]
        [InlineData("00000000-0000-0000-0000-0000000000aa", "rg", "a")]
        [InlineData("00000000-0000-0000-0000-0000000000aa", "..", "acc")]
        [InlineData("00000000-0000-0000-0000-0000000000aa", @"rg\..", "acc")]
        [InlineData("00000000-0000-0000-0000-0000000000aa", "rg.", "acc")]
        [InlineData("..", "rg", "acc")]
        [InlineData(@"..\_emulator", "rg", "acc")]
        [InlineData("sub id", "rg", "acc")]
        public void EverySegmentOfTheArmPathFollowsTheResourceNameRules(string subscription, string group, string account)
        {
            var ex = Assert.Throws<ResourceNameException>(() => new AccountResourceId(subscription, group, account));
            Assert.Equal(ResourceNameException.Id, ex.ErrorId);
            Assert.Contains("letters", ex.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("00000000-0000-0000-0000-0000000000aa", "rg-realtime", "rtops-demo")]
        [InlineData("s1", "My_Group(1).prod", "acc")]
        [InlineData("00000000-0000-0000-0000-0000000000aa", "grupo-café", "a1")]
        public void ValidNamesAreAccepted(string subscription, string group, string account)
        {
            var id = new AccountResourceId(subscription, group, account);
            Assert.Equal($"/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.CognitiveServices/accounts/{account}", id.ToString());
        }

        [Fact]
        public void AResourceIdWithADotDotSegmentIsRefused()
        {
            Assert.False(AccountResourceId.TryParse("/subscriptions/s1/resourceGroups/../providers/Microsoft.CognitiveServices/accounts/acc", out _, out var problem));
            Assert.Contains("resource group", problem, StringComparison.Ordinal);
        }

        [Fact]
        public void ConnectRefusesAWalkingAccountNameWithTheSameId()
        {
            var ex = Assert.Throws<ConnectionConfigurationException>(() => ConnectionFactory.Create(new ConnectionRequest
            {
                Endpoint = "https://x.openai.azure.com", ApiKey = "k123456789".ToCharArray(), AccountName = @"..\..\_emulator\config",
            }, _ => null));
            Assert.Equal(ResourceNameException.Id, ex.ErrorId);
        }
    }
}
