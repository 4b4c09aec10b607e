using System;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace RealtimeOps.Emulator
{
    /// <summary>The error bodies Azure OpenAI and ARM answer with (Microsoft Learn, "Troubleshoot Azure OpenAI errors"), written as the service writes them.</summary>
    public static class ServiceResponses
    {
        public const string InvalidKeyMessage =
            "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.";

        public const string AudienceMessage =
            "Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.";

        public const string DeploymentNotFoundMessage =
            "The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.";

        public const string ServerErrorMessage = "The server had an error while processing your request. Sorry about that!";

        private static readonly JsonSerializerOptions Compact = new JsonSerializerOptions
        {
            WriteIndented = false,
            // The service writes quotes and apostrophes as they are; clients and tests compare messages literally.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };

        public static Task WriteJsonAsync(HttpContext context, int status, JsonNode body)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            var bytes = Encoding.UTF8.GetBytes(body.ToJsonString(Compact));
            context.Response.ContentLength = bytes.Length;
            return context.Response.Body.WriteAsync(bytes, 0, bytes.Length, context.RequestAborted);
        }

        public static Task WriteObjectAsync(HttpContext context, int status, object body) =>
            WriteJsonAsync(context, status, JsonSerializer.SerializeToNode(body));

        /// <summary>OpenAI-style 400: {"error":{"message","type":"invalid_request_error","param","code"}}.</summary>
        public static JsonObject InvalidRequest(string message, string param, string code) => new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["message"] = message,
                ["type"] = "invalid_request_error",
                ["param"] = param,
                ["code"] = code,
            },
        };

        public static JsonObject UnknownParameter(string path) => InvalidRequest($"Unknown parameter: '{path}'.", path, "unknown_parameter");

        public static JsonObject MissingParameter(string path) => InvalidRequest($"Missing required parameter: '{path}'.", path, "missing_required_parameter");

        public static JsonObject InvalidValue(string path, string message) => InvalidRequest(message, path, "invalid_value");

        public static JsonObject InvalidType(string path, string expected) =>
            InvalidRequest($"Invalid type for '{path}': expected {expected}.", path, "invalid_type");

        /// <summary>Azure gateway-style error: {"error":{"code","message"}}.</summary>
        public static JsonObject AzureError(string code, string message) => new JsonObject
        {
            ["error"] = new JsonObject { ["code"] = code, ["message"] = message },
        };

        public static JsonObject ServerError() => new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["message"] = ServerErrorMessage,
                ["type"] = "server_error",
                ["param"] = null,
                ["code"] = "server_error",
            },
        };

        public static string Quote(JsonNode node) => node == null ? "null" : node.ToJsonString(Compact);
    }
}
