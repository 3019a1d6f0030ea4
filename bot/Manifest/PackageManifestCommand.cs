using System.Reflection;
using Chexs.Bot.Hosting;

namespace Chexs.Bot.Manifest;

/// <summary>
/// <c>package-manifest --bot-id GUID [--app-id GUID] [--version X.Y.Z] [--domain HOST]... [--out FILE] [--manifest-dir DIR]</c>:
/// writes the Teams app package zip to upload in Teams (Apps, Manage your apps, Upload an app).
/// </summary>
public static class PackageManifestCommand
{
    public const string Verb = "package-manifest";

    public const string Usage =
        "usage: package-manifest --bot-id GUID [--app-id GUID] [--version X.Y.Z] [--domain HOST]... [--out FILE] [--manifest-dir DIR]";

    public const string DefaultOutput = "chexs-teams-app.zip";

    /// <summary>The handler registered in <see cref="CommandLine"/>.</summary>
    public static Task<int> RunAsync(string[] args, IServiceProvider services) => Task.FromResult(Run(args, Console.Out));

    /// <exception cref="CommandLineException">Bad arguments, with a message that says what to type instead.</exception>
    public static int Run(string[] args, TextWriter output)
    {
        Guid? botId = null, appId = null;
        string? version = null, outFile = null, folder = null;
        var domains = new List<string>();
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
                default: throw new CommandLineException($"Unknown argument '{name}'.\n{Usage}");
            }
        }
        if (botId is null) throw new CommandLineException($"--bot-id is required: the bot's Microsoft App ID (a GUID).\n{Usage}");

        folder ??= Path.Combine(AppContext.BaseDirectory, "manifest");
        outFile = Path.GetFullPath(outFile ?? DefaultOutput);
        var options = new TeamsAppPackageOptions(botId.Value, appId, version ?? AssemblyVersion(), domains);
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
