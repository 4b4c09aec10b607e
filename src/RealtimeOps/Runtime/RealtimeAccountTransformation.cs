using System.Collections;
using RealtimeOps.Engine.Deployments;
using RealtimeOps.Engine.Fleet;

namespace RealtimeOps.Runtime
{
    /// <summary>
    /// Lets Get-RealtimeDeployment's -Account take account objects by their properties: a shard leg's file read back
    /// with ConvertFrom-Json, a Resource Graph row, an Az account object. An object is an account when its Id is an
    /// account's ARM id and it has no AccountResourceId (which a deployment has). Name, SubscriptionId and ResourceGroup
    /// default to the id's parts; Kind, Location, Endpoint, DisableLocalAuth and PublicNetworkAccess are copied when present.
    /// Anything else is left as it is, so the other parameter sets bind it as before (a deployment by its names).
    /// Binding by value this way, rather than -ResourceId by property name, keeps the account's Name away from -Name:
    /// with property-name binding the default parameter set takes an account's Name and SubscriptionId first.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    internal sealed class RealtimeAccountTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
        {
            var value = inputData is PSObject ps ? ps.BaseObject : inputData;
            if (value == null || value is string) return inputData;
            if (value is RealtimeAccount) return inputData;
            if (value is IEnumerable items && !(value is IDictionary))
            {
                var accounts = new List<RealtimeAccount>();
                foreach (var item in items)
                {
                    var account = item is RealtimeAccount typed ? typed : ToAccount(item);
                    if (account == null) return inputData;
                    accounts.Add(account);
                }
                return accounts.ToArray();
            }
            return (object?)ToAccount(inputData) ?? inputData;
        }

        /// <summary>The account an object describes by its properties, or null when it is not an account.</summary>
        internal static RealtimeAccount? ToAccount(object? item)
        {
            if (item == null) return null;
            var o = PSObject.AsPSObject(item);
            if (o.BaseObject is RealtimeAccount account) return account;
            if (o.Properties["AccountResourceId"] != null) return null;
            var id = Text(o, "Id");
            if (id == null || !AccountResourceId.TryParse(id, out var parsed, out _)) return null;
            bool? disableLocalAuth = null;
            if (o.Properties["DisableLocalAuth"]?.Value is object flag && LanguagePrimitives.TryConvertTo<bool>(flag, out var b)) disableLocalAuth = b;
            return new RealtimeAccount(id, Text(o, "Name") ?? parsed.AccountName, Text(o, "Kind") ?? string.Empty, Text(o, "Location") ?? string.Empty,
                Text(o, "SubscriptionId") ?? parsed.SubscriptionId, Text(o, "ResourceGroup") ?? Text(o, "ResourceGroupName") ?? parsed.ResourceGroupName,
                Text(o, "Endpoint"), disableLocalAuth, Text(o, "PublicNetworkAccess"));
        }

        private static string? Text(PSObject o, string name)
        {
            var value = o.Properties[name]?.Value;
            if (value is PSObject wrapped) value = wrapped.BaseObject;
            var text = value as string ?? (value == null ? null : Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
            return string.IsNullOrWhiteSpace(text) ? null : text;
        }
    }
}
