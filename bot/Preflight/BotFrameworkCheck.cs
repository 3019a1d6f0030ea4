using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;

namespace Chexs.Bot.Preflight;

/// <summary>Gets the token the bot sends to the Bot Connector with. Its own interface so tests can stand in for Entra ID.</summary>
public interface IBotTokenSource
{
    Task<string> GetTokenAsync(CancellationToken ct);
}

/// <summary>
/// The SDK's own credential path (the same settings the adapter uses: MicrosoftAppType, -Id, -Password,
/// -TenantId), so a pass here means replies and proactive messages can authenticate.
/// </summary>
public sealed class SdkBotTokenSource(IConfiguration config, IHttpClientFactory http, ILogger<SdkBotTokenSource> log) : IBotTokenSource
{
    public async Task<string> GetTokenAsync(CancellationToken ct)
    {
        var appId = config["MicrosoftAppId"] ?? "";
        var tenant = config["MicrosoftAppTenantId"];
        var multiTenant = string.Equals(config["MicrosoftAppType"], "MultiTenant", StringComparison.OrdinalIgnoreCase);
        var loginEndpoint = config["ToChannelFromBotLoginUrl"] is { Length: > 0 } configured
            ? configured
            : multiTenant || string.IsNullOrWhiteSpace(tenant)
                ? AuthenticationConstants.ToChannelFromBotLoginUrl
                : string.Format(System.Globalization.CultureInfo.InvariantCulture, AuthenticationConstants.ToChannelFromBotLoginUrlTemplate, tenant);
        var scope = config["ToChannelFromBotOAuthScope"] is { Length: > 0 } s ? s : AuthenticationConstants.ToChannelFromBotOAuthScope;
        var factory = new ConfigurationServiceClientCredentialFactory(config, http.CreateClient(PreflightRegistration.HttpClientName), log);
        var credentials = await factory.CreateCredentialsAsync(appId, scope, loginEndpoint, validateAuthority: true, ct).ConfigureAwait(false);
        if (credentials is not AppCredentials app)
            throw new InvalidOperationException("the SDK gave no credentials (is MicrosoftAppId empty?)");
        return await app.GetTokenAsync().ConfigureAwait(false);
    }
}

public sealed class BotFrameworkCheck(IConfiguration config, IBotTokenSource tokens) : IPreflightCheck
{
    public string Area => "Bot Framework";

    public async Task<IReadOnlyList<CheckResult>> RunAsync(PreflightRun run, CancellationToken ct)
    {
        var appId = config["MicrosoftAppId"];
        if (string.IsNullOrWhiteSpace(appId))
            return [CheckResult.Fail(Area, "MicrosoftAppId is not set, so the bot would accept unsigned requests and could not reply", "set MicrosoftAppType, MicrosoftAppId and MicrosoftAppTenantId (docs/deploy.md, step 2)")];
        try
        {
            var token = await tokens.GetTokenAsync(ct);
            return string.IsNullOrEmpty(token)
                ? [CheckResult.Fail(Area, "Entra ID returned an empty token", "check MicrosoftAppId / MicrosoftAppTenantId")]
                : [CheckResult.Ok(Area, $"token acquired for app {appId} ({config["MicrosoftAppType"] ?? "MultiTenant"})")];
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            var fix = string.Equals(config["MicrosoftAppType"], "UserAssignedMSI", StringComparison.OrdinalIgnoreCase)
                ? "check that the user-assigned managed identity is attached to this host and its client id is MicrosoftAppId"
                : "check MicrosoftAppPassword (a current client secret of the app registration) and MicrosoftAppTenantId";
            return [CheckResult.Fail(Area, $"no Bot Connector token ({Short(e)})", fix)];
        }
    }

    internal static string Short(Exception e)
    {
        var message = e.Message.Split('\n')[0].Trim();
        return message.Length > 160 ? message[..160] + "…" : message;
    }
}
