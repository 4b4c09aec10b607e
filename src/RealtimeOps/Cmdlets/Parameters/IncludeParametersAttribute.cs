namespace RealtimeOps.Cmdlets
{
    /// <summary>
    /// Gives a cmdlet class the parameters of a parameter group: a class in this folder that holds only [Parameter]
    /// properties. RealtimeOps.Generators copies the group's properties, attributes and doc comments into the marked
    /// class (which is top level and partial) at build time, so cmdlets of different base classes share one
    /// declaration. The group itself is never instantiated.
    /// </summary>
    [AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
    internal sealed class IncludeParametersAttribute : Attribute
    {
        public IncludeParametersAttribute(Type group)
        {
            Group = group;
        }

        /// <summary>The parameter group copied in.</summary>
        public Type Group { get; }

        /// <summary>False: copied without their Position, for a cmdlet whose first position is one of its own parameters.</summary>
        public bool Positional { get; set; } = true;
    }
}
