using Microsoft.Extensions.Options;

namespace Chexs.Bot.Hosting;

/// <summary>
/// What every folder's <c>services.AddChexsX(setup)</c> may look at while registering: configuration, the environment,
/// and whether this process is a command-line verb (no background workers) rather than the bot itself.
/// </summary>
public sealed record BotSetup(IConfiguration Config, IHostEnvironment Environment, bool ForCommandLine);

public static class OptionsRegistration
{
    /// <summary>Options bound from their section and checked when the host starts (a bad value stops the start, not a turn).</summary>
    public static OptionsBuilder<T> AddChexsOptions<T>(this IServiceCollection services, string section) where T : class =>
        services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
}
