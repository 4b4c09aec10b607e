using System.IO;
using System.Text.Json;

namespace RealtimeOps.Engine.Catalog
{
    /// <summary>Reads the catalogs shipped inside the engine, whose required strings are never JSON null.</summary>
    internal static class CatalogJson
    {
        /// <summary>The string value of a catalog field that must be present; a JSON null means the shipped data is broken.</summary>
        public static string RequiredString(this JsonElement element) =>
            element.GetString() ?? throw new InvalidDataException("A shipped catalog has a null where a string is required.");
    }
}
