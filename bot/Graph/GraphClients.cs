using Azure.Core;
using Microsoft.Graph;
using Microsoft.Graph.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;

namespace Chexs.Bot.Graph;

/// <summary>
/// Builds the one <see cref="GraphServiceClient"/> the bot uses. Production and tests share this code;
/// only the <see cref="TokenCredential"/> differs (tests cannot reach a real Entra ID token endpoint,
/// which must be https, so they pass a fixed-token credential).
/// </summary>
public static class GraphClients
{
    /// <summary>Application permissions: the token carries whatever the app registration was granted.</summary>
    public static readonly string[] Scopes = ["https://graph.microsoft.com/.default"];

    /// <summary>Client secret, certificate or managed identity, as <see cref="GraphOptions.Auth"/> says (see <see cref="GraphCredentials"/>).</summary>
    public static TokenCredential CredentialFrom(GraphOptions options) => GraphCredentials.Create(options);

    /// <param name="finalHandler">Innermost handler; null for the platform default (sockets).</param>
    public static GraphServiceClient Create(GraphOptions options, TokenCredential credential, HttpMessageHandler? finalHandler = null)
    {
        var baseUrl = string.IsNullOrWhiteSpace(options.BaseUrl) ? GraphOptions.DefaultBaseUrl : options.BaseUrl.TrimEnd('/');

        // The SDK's RetryHandler waits out 429/5xx in-process with wall-clock delays, and its retries are
        // lost on restart. Our outboxes retry durably instead (next attempt stored in LiteDB, honouring
        // Retry-After, on the injected TimeProvider), and a role check that fails is simply reported,
        // so the SDK handler is left out of the pipeline.
        var handlers = GraphClientFactory.CreateDefaultHandlers().Where(h => h is not RetryHandler).ToList();
        handlers.Insert(0, new Telemetry.DependencyCallHandler("graph"));   // one redacted span per Graph call
        var http = GraphClientFactory.Create(handlers, finalHandler: finalHandler);

        // Tokens are only attached for the Graph host we were configured with.
        var auth = new AzureIdentityAuthenticationProvider(credential, [new Uri(baseUrl).Host], null, true, Scopes);
        return new GraphServiceClient(http, auth, baseUrl);
    }
}
