namespace RealtimeOps
{
    /// <summary>Hooks dependency resolution on import and unhooks it on Remove-Module.</summary>
    public sealed class RealtimeOpsModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
    {
        public void OnImport() => DependencyIsolation.Register();

        public void OnRemove(PSModuleInfo psModuleInfo) => DependencyIsolation.Unregister();
    }
}
