using System.Reflection;
using Chexs.Bot.Hosting;

namespace Chexs.Bot.Manifest;

/// <summary>
/// <c>package-manifest [--bot-id GUID] [--app-id GUID] [--version X.Y.Z] [--domain HOST]... [--website-url URL] [--privacy-url URL] [--terms-url URL] [--out FILE] [--manifest-dir DIR]</c>:
/// writes the Teams app package zip to upload in the Teams admin centre (Teams apps → Manage apps → Upload new app).
/// Every value can come from configuration instead, so the production settings that run the bot also build
/// its package: the bot id from <c>MicrosoftAppId</c>, the rest from the <c>TeamsApp</c> section
/// (<c>TeamsApp__AppId</c>, <c>TeamsApp__Domain</c>, <c>TeamsApp__WebsiteUrl</c>, <c>TeamsApp__PrivacyUrl</c>, <c>TeamsApp__TermsUrl</c>).
/// Arguments win over configuration.
/// </summary>
public static class PackageManifestCommand
{
    public const string Verb = "package-manifest";

    public const string Usage =
        "usage: package-manifest --bot-id GUID [--app-id GUID] [--version X.Y.Z] [--domain HOST]... --website-url URL --privacy-url URL --terms-url URL [--out FILE] [--manifest-dir DIR]\n" +
        "       (each can come from configuration instead: MicrosoftAppId, TeamsApp__AppId, TeamsApp__Version, TeamsApp__Domain, TeamsApp__WebsiteUrl, TeamsApp__PrivacyUrl, TeamsApp__TermsUrl)";

    public const string DefaultOutput = "chexs-teams-app.zip";

    /// <summary>The handler registered in <see cref="CommandLine"/>.</summary>
    public static Task<int> RunAsync(string[] args, IServiceProvider services) => Task.FromResult(Run(args, Console.Out, services.GetService<IConfiguration>()));

    /// <exception cref="CommandLineException">Bad arguments, with a message that says what to type instead.</exception>
    public static int Run(string[] args, TextWriter output, IConfiguration? config = null)
    {
        var app = config?.GetSection("TeamsApp");
        string? Configured(string key) => app?[key] is { Length: > 0 } v ? v : null;
        Guid? botId = config?["MicrosoftAppId"] is { Length: > 0 } configuredBot ? ParseGuid("MicrosoftAppId", configuredBot) : null;
        Guid? appId = Configured("AppId") is { } configuredApp ? ParseGuid("TeamsApp:AppId", configuredApp) : null;
        string? version = Configured("Version"), outFile = null, folder = null;
        string? website = Configured("WebsiteUrl"), privacy = Configured("PrivacyUrl"), terms = Configured("TermsUrl");
        var domains = (Configured("Domain") ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries).ToList();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                ? args[++i]
                : throw new CommandLineException($"{name} needs a value.\n{Usage}");
            switch (name)
            {
                case "--bot-id": botId = ParseGuid(name, Value()); break;
                case "--app-id": appId = ParseGuid(name, Value()); break;
                case "--version": version = Value(); break;
                case "--domain": domains.Add(Value()); break;
                case "--out": outFile = Value(); break;
                case "--manifest-dir": folder = Value(); break;
                case "--website-url": website = Value(); break;
                case "--privacy-url": privacy = Value(); break;
                case "--terms-url": terms = Value(); break;
                default: throw new CommandLineException($"Unknown argument '{name}'.\n{Usage}");
            }
        }
        if (botId is null) throw new CommandLineException($"--bot-id is required: the bot's Microsoft App ID (a GUID).\n{Usage}");
        foreach (var (name, url) in new[] { ("--website-url", website), ("--privacy-url", privacy), ("--terms-url", terms) })
        {
            if (TeamsAppLinks.Problem(name, url) is { } problem)
                throw new CommandLineException($"{problem}: Teams shows it to everyone who installs the app (or set {name switch { "--website-url" => "TeamsApp__WebsiteUrl", "--privacy-url" => "TeamsApp__PrivacyUrl", _ => "TeamsApp__TermsUrl" }}).\n{Usage}");
        }

        folder ??= Path.Combine(AppContext.BaseDirectory, "manifest");
        outFile = Path.GetFullPath(outFile ?? DefaultOutput);
        var options = new TeamsAppPackageOptions(botId.Value, appId, version ?? AssemblyVersion(), domains, new TeamsAppLinks(website!, privacy!, terms!));
        try
        {
            using var buffer = new MemoryStream();
            TeamsAppPackage.Write(folder, options, buffer);
            // Only a complete package reaches the disk.
            File.WriteAllBytes(outFile, buffer.ToArray());
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CommandLineException(e.Message);
        }
        output.WriteLine($"Wrote {outFile}: Teams app {options.AppId ?? options.BotId} version {options.Version} for bot {options.BotId}.");
        return 0;
    }

    private static Guid ParseGuid(string name, string value) =>
        Guid.TryParseExact(value, "D", out var guid) && guid != Guid.Empty
            ? guid
            : throw new CommandLineException($"{name} must be a GUID like 8f0c2a51-3b7e-4d1a-9c55-2e6f1d0b7a93 (the bot's Microsoft App ID), not '{value}'.");

    /// <summary>The bot assembly's version as x.y.z (the fourth part means nothing to Teams).</summary>
    public static string AssemblyVersion()
    {
        var v = typeof(PackageManifestCommand).Assembly.GetName().Version ?? new Version(1, 0, 0);
        return $"{v.Major}.{v.Minor}.{Math.Max(v.Build, 0)}";
    }
}
