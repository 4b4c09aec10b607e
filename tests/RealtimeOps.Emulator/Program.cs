using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RealtimeOps.Emulator
{
    /// <summary>
    /// dotnet RealtimeOps.Emulator.dll [--port 0] [--config file.json] [--scenario name] [--parent-pid pid]
    ///                                 [--https [--certificate-out file.pem]]
    /// Binds 127.0.0.1 only and prints exactly one line when ready:
    /// "RealtimeOps.Emulator listening on http://127.0.0.1:&lt;port&gt;" (https:// with --https).
    /// </summary>
    public static class Program
    {
        public const string ReadyLinePrefix = "RealtimeOps.Emulator listening on ";

        public static async Task<int> Main(string[] args)
        {
            CommandLine options;
            EmulatorConfiguration configuration;
            try
            {
                options = CommandLine.Parse(args);
                configuration = EmulatorConfiguration.Load(options.ConfigPath);
                if (!FaultScenario.IsKnown(options.Scenario))
                    throw new EmulatorStartupException($"Unknown scenario '{options.Scenario}'. Known scenarios: {string.Join(", ", FaultScenario.KnownNames)}.");
            }
            catch (EmulatorStartupException ex)
            {
                Console.Error.WriteLine("RealtimeOps.Emulator: " + ex.Message);
                Console.Error.WriteLine("Usage: dotnet RealtimeOps.Emulator.dll [--port 0] [--config <file.json>] [--scenario <name>] [--parent-pid <pid>] [--https [--certificate-out <file.pem>]]");
                return 2;
            }

            var state = new EmulatorState(configuration, new FaultScenario(options.Scenario));
            if (options.Https)
            {
                state.Certificate = LoopbackCertificate.Create();
                if (options.CertificateOut != null)
                {
                    try { LoopbackCertificate.WritePem(state.Certificate, options.CertificateOut); }
                    catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                    {
                        Console.Error.WriteLine($"RealtimeOps.Emulator: cannot write the certificate to '{options.CertificateOut}': {ex.Message}");
                        return 2;
                    }
                }
            }
            var app = BuildApplication(state, options.Port);

            try { await app.StartAsync(); }
            catch (IOException ex)
            {
                Console.Error.WriteLine($"RealtimeOps.Emulator: cannot listen on 127.0.0.1:{options.Port}: {ex.Message} Use --port 0 for a free port.");
                return 2;
            }
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>().Addresses.First();
            var port = new Uri(address).Port;
            var scheme = options.Https ? "https" : "http";
            state.BaseUri = $"{scheme}://127.0.0.1:{port}/";
            Console.Out.WriteLine($"{ReadyLinePrefix}{scheme}://127.0.0.1:{port}");
            Console.Out.Flush();

            if (options.ParentPid.HasValue) _ = WatchParentAsync(options.ParentPid.Value, app.Lifetime);
            await app.WaitForShutdownAsync();
            return 0;
        }

        private static WebApplication BuildApplication(EmulatorState state, int port)
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = Array.Empty<string>(), ContentRootPath = AppContext.BaseDirectory });
            builder.Logging.ClearProviders();
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
            builder.WebHost.ConfigureKestrel(k =>
            {
                k.AddServerHeader = false;
                k.Listen(IPAddress.Loopback, port, listen =>
                {
                    if (state.Certificate != null) listen.UseHttps(state.Certificate);
                });
            });
            builder.Services.AddSingleton(state);
            builder.Services.AddSingleton<FaultInjector>();
            builder.Services.AddSingleton<DataPlaneEndpoints>();
            builder.Services.AddSingleton<ManagedIdentityEndpoint>();
            builder.Services.AddSingleton<ResourceManagerEndpoints>();

            var app = builder.Build();
            app.UseMiddleware<RequestRecording>();
            MapControlEndpoints(app, state);
            ResourceGraphEndpoints.Map(app);

            var dataPlane = app.Services.GetRequiredService<DataPlaneEndpoints>();
            app.MapPost("/openai/v1/realtime/client_secrets", dataPlane.ClientSecretsAsync);
            app.MapPost("/openai/realtimeapi/sessions", dataPlane.PreviewSessionsAsync);
            RealtimeSocketEndpoint.Map(app);

            var identity = app.Services.GetRequiredService<ManagedIdentityEndpoint>();
            app.MapGet("/msi/token", identity.TokenAsync);
            app.MapGet("/metadata/identity/oauth2/token", identity.ImdsTokenAsync);

            var arm = app.Services.GetRequiredService<ResourceManagerEndpoints>();
            const string account = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroup}/providers/Microsoft.CognitiveServices/accounts/{accountName}";
            app.MapGet(account, (Func<HttpContext, string, string, string, Task>)arm.AccountAsync);
            app.MapGet(account + "/deployments", (Func<HttpContext, string, string, string, Task>)arm.DeploymentsAsync);
            app.MapGet(account + "/deployments/{deploymentName}", (Func<HttpContext, string, string, string, string, Task>)arm.DeploymentAsync);
            ModelEndpoints.Map(app);

            // Anything else answers the way the service's gateway does for a wrong URL, so a client gets JSON it can report.
            app.MapFallback((Func<HttpContext, Task>)(context =>
                ServiceResponses.WriteJsonAsync(context, 404, ServiceResponses.AzureError("404", "Resource not found"))));
            return app;
        }

        private static void MapControlEndpoints(WebApplication app, EmulatorState state)
        {
            app.MapGet("/_emulator/health", (Func<HttpContext, Task>)(context =>
                ServiceResponses.WriteObjectAsync(context, 200, new { status = "ok", scenario = state.Scenario.Name })));

            app.MapGet("/_emulator/scenario", (Func<HttpContext, Task>)(context =>
                ServiceResponses.WriteObjectAsync(context, 200, state.Scenario.Describe())));

            app.MapPost("/_emulator/scenario", (Func<HttpContext, Task>)(async context =>
            {
                var body = await ReadControlBodyAsync(context);
                var name = (body?["name"] as JsonValue)?.TryGetValue<string>(out var n) == true ? n : null;
                if (!FaultScenario.IsKnown(name))
                {
                    await ServiceResponses.WriteObjectAsync(context, 400, new
                    {
                        error = new { code = "UnknownScenario", message = $"Unknown scenario '{name}'. Known scenarios: {string.Join(", ", FaultScenario.KnownNames)}.", known = FaultScenario.KnownNames },
                    });
                    return;
                }
                double failureRate = FaultScenario.DefaultFailureRate;
                int count = FaultScenario.DefaultCount, seed = FaultScenario.DefaultSeed;
                string target = FaultScenario.TargetDataPlane;
                try
                {
                    if (body["failureRate"] != null) failureRate = body["failureRate"].GetValue<double>();
                    if (body["count"] != null) count = body["count"].GetValue<int>();
                    if (body["seed"] != null) seed = body["seed"].GetValue<int>();
                    if (body["target"] != null) target = body["target"].GetValue<string>();
                }
                catch (Exception ex) when (ex is InvalidOperationException || ex is FormatException)
                {
                    await ServiceResponses.WriteObjectAsync(context, 400, new { error = new { code = "InvalidScenarioParameter", message = "failureRate must be a number, count and seed integers, target a string." } });
                    return;
                }
                if (failureRate < 0 || failureRate > 1 || count < 0 || !FaultScenario.KnownTargets.Contains(target))
                {
                    await ServiceResponses.WriteObjectAsync(context, 400, new { error = new { code = "InvalidScenarioParameter", message = $"failureRate must be between 0 and 1, count must not be negative, and target one of: {string.Join(", ", FaultScenario.KnownTargets)}." } });
                    return;
                }
                state.Scenario = new FaultScenario(name, failureRate, count, seed, target);
                await ServiceResponses.WriteObjectAsync(context, 200, state.Scenario.Describe());
            }));

            app.MapGet("/_emulator/requests", (Func<HttpContext, Task>)(context =>
                ServiceResponses.WriteObjectAsync(context, 200, state.Requests.SnapshotForJson())));

            app.MapDelete("/_emulator/requests", (Func<HttpContext, Task>)(context =>
            {
                state.Requests.Clear();
                context.Response.StatusCode = 204;
                return Task.CompletedTask;
            }));

            app.MapPost("/_emulator/keys", (Func<HttpContext, Task>)(async context =>
            {
                var body = await ReadControlBodyAsync(context);
                var key = (body?["apiKey"] as JsonValue)?.TryGetValue<string>(out var k) == true ? k : null;
                if (string.IsNullOrEmpty(key))
                {
                    await ServiceResponses.WriteObjectAsync(context, 400, new { error = new { code = "MissingApiKey", message = "Send {\"apiKey\":\"<key>\"}." } });
                    return;
                }
                state.Credentials.AddApiKey(key);
                context.Response.StatusCode = 204;
            }));

            app.MapPost("/_emulator/tokens", (Func<HttpContext, Task>)(async context =>
            {
                var body = await ReadControlBodyAsync(context);
                string Read(string name) => (body?[name] as JsonValue)?.TryGetValue<string>(out var v) == true ? v : null;
                var resource = Read("resource") ?? Read("scope");
                if (string.IsNullOrWhiteSpace(resource))
                {
                    await ServiceResponses.WriteObjectAsync(context, 400, new { error = new { code = "MissingResource", message = "Send {\"resource\":\"https://cognitiveservices.azure.com\"} (or a scope ending in /.default)." } });
                    return;
                }
                var (token, expiresOn) = state.Credentials.Issue(resource, Read("clientId") ?? ManagedIdentityEndpoint.SystemAssignedClientId, Read("accessToken"));
                await ServiceResponses.WriteObjectAsync(context, 200, new { access_token = token, expires_on = expiresOn.ToUnixTimeSeconds(), resource = CredentialStore.NormalizeResource(resource) });
            }));

            app.MapGet("/_emulator/certificate", (Func<HttpContext, Task>)(async context =>
            {
                if (state.Certificate == null)
                {
                    await ServiceResponses.WriteObjectAsync(context, 404, new { error = new { code = "NoCertificate", message = "The emulator runs without --https." } });
                    return;
                }
                context.Response.ContentType = "application/x-pem-file";
                await context.Response.WriteAsync(LoopbackCertificate.ToPem(state.Certificate), context.RequestAborted);
            }));

            // What the emulator pretends to be, so tests need not repeat the defaults or parse the --config file.
            app.MapGet("/_emulator/config", (Func<HttpContext, Task>)(context =>
            {
                var c = state.Configuration;
                return ServiceResponses.WriteObjectAsync(context, 200, new
                {
                    baseUri = state.BaseUri,
                    apiKeys = c.ApiKeys,
                    region = c.Region,
                    regionDisplayName = c.RegionDisplayName,
                    identityEndpoint = state.BaseUri + "msi/token",
                    identityHeader = c.IdentityHeader,
                    subscriptionId = c.SubscriptionId,
                    accounts = c.Accounts,
                    scenarios = FaultScenario.KnownNames,
                });
            }));
        }

        private static async Task<JsonNode> ReadControlBodyAsync(HttpContext context)
        {
            try
            {
                using var reader = new StreamReader(context.Request.Body);
                var text = await reader.ReadToEndAsync(context.RequestAborted);
                return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                return null;
            }
        }

        /// <summary>Ends the emulator when the process that started it is gone, so test runs never leave orphans.</summary>
        private static async Task WatchParentAsync(int parentPid, IHostApplicationLifetime lifetime)
        {
            var startTime = ParentStartTime(parentPid, out var alive);
            if (!alive) { lifetime.StopApplication(); return; }

            while (!lifetime.ApplicationStopping.IsCancellationRequested)
            {
                try { await Task.Delay(TimeSpan.FromSeconds(1), lifetime.ApplicationStopping); }
                catch (OperationCanceledException) { return; }
                var now = ParentStartTime(parentPid, out alive);
                // A recycled pid belongs to a different process with a different start time.
                if (!alive || (startTime.HasValue && now.HasValue && now != startTime)) break;
            }
            lifetime.StopApplication();
        }

        private static DateTime? ParentStartTime(int pid, out bool alive)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                alive = !process.HasExited;
                try { return process.StartTime; }
                catch (Exception) { return null; }   // not readable here: fall back to "the pid exists"
            }
            catch (ArgumentException) { alive = false; return null; }
            catch (InvalidOperationException) { alive = false; return null; }
        }
    }

    internal sealed class CommandLine
    {
        public int Port { get; private set; }
        public string ConfigPath { get; private set; }
        public string Scenario { get; private set; } = FaultScenario.Healthy;
        public int? ParentPid { get; private set; }
        public bool Https { get; private set; }
        public string CertificateOut { get; private set; }

        public static CommandLine Parse(string[] args)
        {
            var result = new CommandLine();
            for (int i = 0; i < args.Length; i++)
            {
                string Value()
                {
                    if (i + 1 >= args.Length) throw new EmulatorStartupException($"{args[i]} needs a value.");
                    return args[++i];
                }
                switch (args[i].ToLowerInvariant())
                {
                    case "--port":
                        if (!int.TryParse(Value(), out var port) || port < 0 || port > 65535) throw new EmulatorStartupException("--port takes 0 (a free port) or 1..65535.");
                        result.Port = port;
                        break;
                    case "--config": result.ConfigPath = Value(); break;
                    case "--scenario": result.Scenario = Value(); break;
                    case "--parent-pid":
                        if (!int.TryParse(Value(), out var pid) || pid <= 0) throw new EmulatorStartupException("--parent-pid takes a process id.");
                        result.ParentPid = pid;
                        break;
                    case "--https": result.Https = true; break;
                    case "--certificate-out": result.CertificateOut = Value(); break;
                    default: throw new EmulatorStartupException($"Unknown argument '{args[i]}'.");
                }
            }
            if (result.CertificateOut != null && !result.Https) throw new EmulatorStartupException("--certificate-out needs --https.");
            return result;
        }
    }
}
